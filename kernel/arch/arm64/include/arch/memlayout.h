/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's virtual memory layout (see docs/boot.md). */
#pragma once

/*
 * Upper half (TTBR1_EL2, 48-bit VA):
 *   PHYSMAP_BASE + pa   every physical address below 512 GiB (1 GiB blocks;
 *                       the first GiB, where QEMU virt has its devices, as
 *                       Device-nGnRE, the rest Normal write-back)
 *   KIMAGE_VA           the kernel image (4 KiB pages, W^X)
 * Lower half (TTBR0_EL2): the current task's user address space (EL0).
 */
#define PHYSMAP_BASE	0xffff000000000000UL
#define PHYSMAP_SIZE	(512UL << 30)
#define KIMAGE_VA	0xffffff8000000000UL
#define KIMAGE_MAX_SIZE (8UL << 20)

/* User addresses are below this (48-bit TTBR0 range). */
#define USER_VA_END (1UL << 48)

#ifndef __ASSEMBLER__
#include "types.h"

static inline void *pa_to_kva(paddr_t pa)
{
	return (void *)(pa + PHYSMAP_BASE);
}
static inline paddr_t kva_to_pa(const void *va)
{
	return (u64)va - PHYSMAP_BASE;
}
#endif
