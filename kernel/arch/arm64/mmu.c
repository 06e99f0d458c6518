// SPDX-License-Identifier: BSD-2-Clause
/* Kernel translation tables after boot. */
#include "arch/pte.h"
#include "arch/sysreg.h"
#include "arch/memlayout.h"
#include "arch/vspace.h"
#include "page_alloc.h"
#include "panic.h"
#include "types.h"

void mmu_harden_physmap(void);

/* An empty TTBR0 table for when no task runs (ASID 0 is never a task's). */
static paddr_t empty_ttbr0;

extern u64 boot_physmap_l1[PT_ENTRIES];

/*
 * The physical map needed execute permission only for the identity-mapped
 * instructions that turned the MMU on. From here on it is data only.
 */
void mmu_harden_physmap(void)
{
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		boot_physmap_l1[i] |= PTE_PXN | PTE_UXN;
	empty_ttbr0 = page_alloc_get(&kernel_pages, 0);
	CHECK(empty_ttbr0 != PADDR_INVALID);
	for (unsigned i = 0; i < PT_ENTRIES; i++)
		((u64 *)pa_to_kva(empty_ttbr0))[i] = 0;
	sysreg_write(ttbr0_el2, empty_ttbr0);
	dsb_ishst();
	__asm__ volatile("tlbi alle2is");
	dsb_ish();
	isb();
}

void vspace_deactivate(void)
{
	sysreg_write(ttbr0_el2, empty_ttbr0);
	isb();
}
