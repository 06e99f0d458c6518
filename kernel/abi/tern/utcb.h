/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The user thread control block: one page per thread, mapped into its task;
 * TPIDRRO_EL0 holds its user address (docs/abi.md).
 */
#pragma once

#include <stdint.h>

#define L4_UTCB_MRS 64 /* message registers */
/* A message tag counts at most 63 words (6 bits): with items, words + 2 * items <= 64. */
#define L4_MSG_WORDS_MAX  63
#define L4_UTCB_BRS	  32 /* buffer registers (receive windows) */
#define L4_UTCB_TCRS	  8  /* thread control registers */
#define L4_UTCB_TCR_ERROR 0

struct l4_utcb {
	uint64_t mr[L4_UTCB_MRS];
	uint64_t br[L4_UTCB_BRS];
	uint64_t tcr[L4_UTCB_TCRS];
};
_Static_assert(sizeof(struct l4_utcb) == 832, "UTCB layout is ABI");
