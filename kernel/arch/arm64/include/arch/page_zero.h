/* SPDX-License-Identifier: BSD-2-Clause */
/* Zeroing whole pages of Normal memory with DC ZVA, with the MMU on. */
#pragma once

#include <string.h>

#include "arch/sysreg.h"
#include "types.h"

#define DCZID_DZP (1UL << 4) /* DC ZVA prohibited (Arm ARM D19.2 DCZID_EL0) */
#define DCZID_BS  0xfUL	     /* log2 of the block size in words */

/*
 * A task's UTCB area, page tables and capability leaves are fresh pages
 * zeroed at creation: DC ZVA clears a block (64 bytes on QEMU's max CPU)
 * per instruction where memset stores a word, about 60 instead of 1,800
 * instructions a page. kva and size are page-aligned.
 */
static inline void page_zero(void *kva, size_t size)
{
	u64 dczid = sysreg_read(dczid_el0);

	if (dczid & DCZID_DZP) {
		memset(kva, 0, size);
		return;
	}
	size_t block = 4UL << (dczid & DCZID_BS);
	for (char *p = kva, *end = p + size; p < end; p += block)
		__asm__ volatile("dc zva, %0" ::"r"(p) : "memory");
}
