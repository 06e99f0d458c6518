/* SPDX-License-Identifier: BSD-2-Clause */
/* The one system call: invoke an object through a capability (docs/abi.md). */
#pragma once

#include <stdint.h>
#include <tern/syscall.h>
#include <tern/utcb.h>

typedef uint64_t l4_cap_idx_t;
typedef uint64_t l4_msgtag_t;

static inline struct l4_utcb *l4_utcb(void)
{
	struct l4_utcb *u;
	__asm__("mrs %0, tpidrro_el0" : "=r"(u));
	return u;
}

/* Raw invocation: returns the reply tag. */
static inline l4_msgtag_t l4_invoke(l4_cap_idx_t dest, unsigned flags, l4_msgtag_t tag)
{
	register uint64_t x0 __asm__("x0") = dest | flags;
	register uint64_t x1 __asm__("x1") = tag;
	register uint64_t x2 __asm__("x2") = 0;
	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : : "memory", "x3");
	return x0;
}

static inline l4_msgtag_t l4_ipc_call(l4_cap_idx_t dest, l4_msgtag_t tag)
{
	return l4_invoke(dest, L4_SYSF_CALL, tag);
}

/* 0 when the IPC itself worked; else an enum l4_ipc_error. */
static inline long l4_ipc_error(l4_msgtag_t tag)
{
	return (tag & L4_MSGTAG_ERROR) ? (long)l4_utcb()->tcr[L4_UTCB_TCR_ERROR] : 0;
}

/* The result of a kernel-object operation: 0 or -L4_E*, or the IPC error negated. */
static inline long l4_result(l4_msgtag_t tag)
{
	return (tag & L4_MSGTAG_ERROR) ? -1000 - l4_ipc_error(tag) : L4_MSGTAG_LABEL(tag);
}
