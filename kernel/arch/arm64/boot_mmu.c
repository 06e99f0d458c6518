// SPDX-License-Identifier: BSD-2-Clause
/*
 * Early translation tables, built with the MMU off.
 *
 * This file runs at the physical load address before the MMU is on: it is
 * built with -mstrict-align (Device-memory rules apply to every access) and
 * reaches its data only through PC-relative addressing (adrp), so it works
 * wherever the boot loader put the image.
 */
#include "arch/memlayout.h"
#include "arch/pte.h"
#include "types.h"

#define KIMG_L3_TABLES (KIMAGE_MAX_SIZE >> 21)

/* Nine pages of tables; see boot_mmu_build for what each holds. */
static u64 boot_ttbr0_l0[PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");
static u64 boot_ttbr1_l0[PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");
u64 boot_physmap_l1[PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");
static u64 boot_kimg_l1[PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");
static u64 boot_kimg_l2[PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");
static u64 boot_kimg_l3[KIMG_L3_TABLES][PT_ENTRIES] __aligned(PAGE_SIZE) __section(".bss.pt");

/* Called and read by head.S. */
void boot_mmu_build(void);
u64 boot_ttbr0, boot_ttbr1;
extern u64 boot_physmap_l1[PT_ENTRIES];

/* Section boundaries from kernel.ld (seen here as physical addresses). */
extern char __image_start[], __text_end[], __rodata_end[], __image_end[];

static u64 kimg_page_attrs(const char *p)
{
	if (p < __text_end)
		return PTE_VALID | PTE_PAGE | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF |
		       PTE_AP_RO | PTE_UXN;
	if (p < __rodata_end)
		return PTE_KERNEL_NORMAL | PTE_PAGE | PTE_AP_RO | PTE_PXN;
	return PTE_KERNEL_NORMAL | PTE_PAGE | PTE_PXN;
}

void boot_mmu_build(void)
{
	/*
	 * Physical map: 1 GiB blocks for all of the first 512 GiB. The same L1
	 * table serves the identity map in TTBR0 (needed only for the few
	 * instructions between turning the MMU on and jumping high) and the
	 * PHYSMAP_BASE window in TTBR1.
	 */
	for (u64 i = 0; i < PT_ENTRIES; i++) {
		u64 attrs = i == 0 ? PTE_KERNEL_DEVICE : PTE_KERNEL_NORMAL;
		boot_physmap_l1[i] = (i << 30) | attrs;
	}
	boot_ttbr0_l0[0] = (u64)boot_physmap_l1 | PTE_VALID | PTE_TABLE;
	boot_ttbr1_l0[PT_INDEX(PHYSMAP_BASE, 0)] = (u64)boot_physmap_l1 | PTE_VALID | PTE_TABLE;

	/* Kernel image at KIMAGE_VA, page by page with W^X permissions. */
	boot_ttbr1_l0[PT_INDEX(KIMAGE_VA, 0)] = (u64)boot_kimg_l1 | PTE_VALID | PTE_TABLE;
	boot_kimg_l1[PT_INDEX(KIMAGE_VA, 1)] = (u64)boot_kimg_l2 | PTE_VALID | PTE_TABLE;
	for (u64 t = 0; t < KIMG_L3_TABLES; t++)
		boot_kimg_l2[PT_INDEX(KIMAGE_VA, 2) + t] =
			(u64)boot_kimg_l3[t] | PTE_VALID | PTE_TABLE;
	for (const char *p = __image_start; p < __image_end; p += PAGE_SIZE) {
		u64 off = (u64)(p - __image_start) >> PAGE_SHIFT;
		boot_kimg_l3[off / PT_ENTRIES][off % PT_ENTRIES] = (u64)p | kimg_page_attrs(p);
	}

	boot_ttbr0 = (u64)boot_ttbr0_l0;
	boot_ttbr1 = (u64)boot_ttbr1_l0;
}
