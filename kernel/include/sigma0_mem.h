/* SPDX-License-Identifier: BSD-2-Clause */
/* RAM handed to sigma0: everything but the kernel's reserve, mapped to it 1:1 on fault. */
#pragma once

#include "platform.h"

/* The kernel keeps a quarter of RAM, at least this much, for its objects. */
#define KERNEL_RESERVE_MIN (48UL << 20)

/* Take sigma0's share out of the page allocator (once, before sigma0 starts). */
void sigma0_mem_init(void);
bool sigma0_mem_contains(paddr_t pa);
/* The share as merged ranges; returns how many (at most max). */
unsigned sigma0_mem_ranges(struct mem_region *out, unsigned max);
