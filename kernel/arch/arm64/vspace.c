// SPDX-License-Identifier: BSD-2-Clause
/* User address spaces: 4-level, 4 KiB-granule translation tables under TTBR0_EL2. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/pte.h"
#include "arch/sysreg.h"
#include "arch/vspace.h"
#include "page_alloc.h"
#include "panic.h"
#include "tern/syscall.h"

/* Software bit (Arm ARM D8.3.2: bits 58:55 are ignored by hardware). */
#define PTE_SW_OWNED (1UL << 55)

#define ASID_COUNT 256 /* the 8-bit minimum every CPU has */
static u8 asid_used[ASID_COUNT / 8];

static int asid_alloc(u16 *asid)
{
	for (unsigned a = 1; a < ASID_COUNT; a++) {
		if (!(asid_used[a / 8] & (1U << (a % 8)))) {
			asid_used[a / 8] |= (u8)(1U << (a % 8));
			*asid = (u16)a;
			return 0;
		}
	}
	return -L4_ENOMEM;
}

static void asid_free(u16 asid)
{
	asid_used[asid / 8] &= (u8) ~(1U << (asid % 8));
}

static paddr_t table_alloc(void)
{
	paddr_t pa = page_alloc_get(&kernel_pages, 0);
	if (pa != PADDR_INVALID)
		memset(pa_to_kva(pa), 0, PAGE_SIZE);
	return pa;
}

int vspace_init(struct vspace *vs)
{
	if (asid_alloc(&vs->asid) != 0)
		return -L4_ENOMEM;
	vs->root = table_alloc();
	if (vs->root == PADDR_INVALID) {
		asid_free(vs->asid);
		return -L4_ENOMEM;
	}
	return 0;
}

int vspace_map_page(struct vspace *vs, uaddr_t va, paddr_t pa, unsigned perms, bool owned)
{
	if (!IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(pa, PAGE_SIZE) || va >= USER_VA_END)
		return -L4_EINVAL;

	u64 *table = pa_to_kva(vs->root);
	for (int level = 0; level < 3; level++) {
		u64 *e = &table[PT_INDEX(va, level)];
		if (!(*e & PTE_VALID)) {
			paddr_t t = table_alloc();
			if (t == PADDR_INVALID)
				return -L4_ENOMEM;
			*e = t | PTE_VALID | PTE_TABLE;
		}
		table = pa_to_kva(*e & PTE_ADDR_MASK);
	}
	u64 *pte = &table[PT_INDEX(va, 3)];
	if (*pte & PTE_VALID)
		return -L4_EINVAL;

	u64 attrs = PTE_VALID | PTE_PAGE | PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF |
		    PTE_NG | PTE_AP_EL0 | PTE_PXN;
	if (!(perms & VSPACE_W))
		attrs |= PTE_AP_RO;
	if (!(perms & VSPACE_X))
		attrs |= PTE_UXN;
	if (owned)
		attrs |= PTE_SW_OWNED;
	dsb_ishst();
	*pte = pa | attrs;
	dsb_ishst();
	return 0;
}

static void table_free(u64 *table, int level)
{
	for (int i = 0; i < PT_ENTRIES; i++) {
		u64 e = table[i];
		if (!(e & PTE_VALID))
			continue;
		if (level < 3)
			table_free(pa_to_kva(e & PTE_ADDR_MASK), level + 1);
		else if (e & PTE_SW_OWNED)
			page_alloc_put(&kernel_pages, e & PTE_ADDR_MASK, 0);
	}
	page_alloc_put(&kernel_pages, kva_to_pa(table), 0);
}

void vspace_destroy(struct vspace *vs)
{
	/* Nothing may use the translations once the tables are gone. */
	dsb_ishst();
	__asm__ volatile("tlbi aside1is, %0" ::"r"((u64)vs->asid << 48));
	dsb_ish();
	isb();
	table_free(pa_to_kva(vs->root), 0);
	asid_free(vs->asid);
	vs->root = 0;
}

void vspace_activate(const struct vspace *vs)
{
	sysreg_write(ttbr0_el2, vs->root | (u64)vs->asid << 48);
	isb();
}
