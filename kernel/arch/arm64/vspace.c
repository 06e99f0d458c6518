// SPDX-License-Identifier: BSD-2-Clause
/* User address spaces: 4-level, 4 KiB-granule translation tables under TTBR0_EL2. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/pte.h"
#include "arch/sysreg.h"
#include "arch/vspace.h"
#include "factory.h"
#include "page_alloc.h"
#include "panic.h"

/* 16-bit ASIDs when ID_AA64MMFR0_EL1.ASIDBits says so (head.S sets TCR_EL2.AS then). */
#define ASID_MAX 65536
static u8 asid_used[ASID_MAX / 8];
static unsigned asid_count;

/* A last-level table and its shadow of node pointers: one order-1 block. */
#define L3_BLOCK_ORDER 1

static int asid_alloc(u16 *asid)
{
	if (!asid_count)
		asid_count = ((sysreg_read(id_aa64mmfr0_el1) >> 4) & 0xf) == 2 ? ASID_MAX : 256;
	for (unsigned a = 1; a < asid_count; a++) {
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

static paddr_t table_alloc(struct vspace *vs, unsigned order)
{
	if (quota_charge(vs->quota, PAGE_SIZE << order) != 0)
		return PADDR_INVALID;
	paddr_t pa = page_alloc_get(&kernel_pages, order);
	if (pa == PADDR_INVALID) {
		quota_credit(vs->quota, PAGE_SIZE << order);
		return PADDR_INVALID;
	}
	memset(pa_to_kva(pa), 0, PAGE_SIZE << order);
	return pa;
}

static void table_free(struct vspace *vs, paddr_t pa, unsigned order)
{
	page_alloc_put(&kernel_pages, pa, order);
	quota_credit(vs->quota, PAGE_SIZE << order);
}

int vspace_init(struct vspace *vs, struct factory *quota)
{
	vs->quota = quota;
	if (asid_alloc(&vs->asid) != 0)
		return -L4_ENOMEM;
	vs->root = table_alloc(vs, 0);
	if (vs->root == PADDR_INVALID) {
		asid_free(vs->asid);
		return -L4_ENOMEM;
	}
	return 0;
}

/* The last-level entry for va (creating tables when create), or NULL. */
static u64 *pte_walk(const struct vspace *vs, uaddr_t va, bool create, struct mapnode ***shadow)
{
	u64 *table = pa_to_kva(vs->root);

	if (va >= USER_VA_END)
		return NULL;
	for (int level = 0; level < 3; level++) {
		u64 *e = &table[PT_INDEX(va, level)];
		if (!(*e & PTE_VALID)) {
			if (!create)
				return NULL;
			paddr_t t =
				table_alloc((struct vspace *)vs, level == 2 ? L3_BLOCK_ORDER : 0);
			if (t == PADDR_INVALID)
				return NULL;
			*e = t | PTE_VALID | PTE_TABLE;
		}
		table = pa_to_kva(*e & PTE_ADDR_MASK);
	}
	if (shadow)
		*shadow = (struct mapnode **)((u8 *)table + PAGE_SIZE) + PT_INDEX(va, 3);
	return &table[PT_INDEX(va, 3)];
}

static u64 pte_attrs(unsigned perms, bool device)
{
	u64 a = PTE_VALID | PTE_PAGE | PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN;
	a |= device ? PTE_ATTR(MAIR_IDX_DEVICE_nGnRE) : PTE_ATTR(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(perms & VSPACE_W))
		a |= PTE_AP_RO;
	if (!(perms & VSPACE_X) || device)
		a |= PTE_UXN;
	return a;
}

static unsigned pte_perms(u64 pte)
{
	return VSPACE_R | (pte & PTE_AP_RO ? 0 : VSPACE_W) | (pte & PTE_UXN ? 0 : VSPACE_X);
}

static void tlb_flush_page(const struct vspace *vs, uaddr_t va)
{
	dsb_ishst();
	/* With E2H and TGE set, the EL1 TLBI operations act on the EL2&0 regime. */
	__asm__ volatile("tlbi vae1is, %0" ::"r"((u64)vs->asid << 48 | (va >> PAGE_SHIFT)));
	dsb_ish();
	isb();
}

int vspace_map_page(struct vspace *vs, uaddr_t va, paddr_t pa, unsigned perms, bool device,
		    struct mapnode *node)
{
	struct mapnode **shadow;

	if (!IS_ALIGNED(va, PAGE_SIZE) || !IS_ALIGNED(pa, PAGE_SIZE) || va >= USER_VA_END)
		return -L4_EINVAL;
	u64 *pte = pte_walk(vs, va, true, &shadow);
	if (!pte)
		return -L4_ENOMEM;
	if (*pte & PTE_VALID)
		return -L4_EEXIST;
	*shadow = node;
	dsb_ishst();
	*pte = pa | pte_attrs(perms, device);
	dsb_ishst();
	return 0;
}

bool vspace_lookup(const struct vspace *vs, uaddr_t va, paddr_t *pa, unsigned *perms,
		   struct mapnode **node)
{
	struct mapnode **shadow;
	u64 *pte = pte_walk(vs, va, false, &shadow);

	if (!pte || !(*pte & PTE_VALID))
		return false;
	if (pa)
		*pa = *pte & PTE_ADDR_MASK;
	if (perms)
		*perms = pte_perms(*pte);
	if (node)
		*node = *shadow;
	return true;
}

uaddr_t vspace_next_mapped(const struct vspace *vs, uaddr_t va, uaddr_t end)
{
	end = MIN(end, USER_VA_END);
	while (va < end) {
		u64 *table = pa_to_kva(vs->root);
		int level;
		for (level = 0; level <= 3; level++) {
			u64 e = table[PT_INDEX(va, level)];
			if (!(e & PTE_VALID))
				break;
			if (level == 3)
				return va;
			table = pa_to_kva(e & PTE_ADDR_MASK);
		}
		/* Skip the whole hole this level's entry covers. */
		u64 size = 1UL << PT_LEVEL_SHIFT(level);
		u64 next = ALIGN_DOWN(va, size) + size;
		if (next <= va)
			break;
		va = next;
	}
	return end;
}

void vspace_unmap_page(struct vspace *vs, uaddr_t va)
{
	struct mapnode **shadow;
	u64 *pte = pte_walk(vs, va, false, &shadow);

	if (!pte || !(*pte & PTE_VALID))
		return;
	*pte = 0;
	*shadow = NULL;
	tlb_flush_page(vs, va);
}

void vspace_protect_page(struct vspace *vs, uaddr_t va, unsigned perms)
{
	u64 *pte = pte_walk(vs, va, false, NULL);

	if (!pte || !(*pte & PTE_VALID))
		return;
	bool device = (*pte & PTE_ATTR(7)) == PTE_ATTR(MAIR_IDX_DEVICE_nGnRE);
	*pte = (*pte & PTE_ADDR_MASK) | pte_attrs(perms, device);
	tlb_flush_page(vs, va);
}

/*
 * Visit the tree below table_pa: call fn for every page that has a node
 * (fn may remove the page), and with free_tables release the tables too.
 */
static void tables_walk(struct vspace *vs, paddr_t table_pa, int level,
			void (*fn)(struct mapnode *n), bool free_tables)
{
	u64 *table = pa_to_kva(table_pa);
	struct mapnode **shadow = (struct mapnode **)((u8 *)table + PAGE_SIZE);

	for (int i = 0; i < PT_ENTRIES; i++) {
		if (!(table[i] & PTE_VALID))
			continue;
		if (level < 3)
			tables_walk(vs, table[i] & PTE_ADDR_MASK, level + 1, fn, free_tables);
		else if (fn && shadow[i])
			fn(shadow[i]);
	}
	if (free_tables)
		table_free(vs, table_pa, level == 3 ? L3_BLOCK_ORDER : 0);
}

void vspace_destroy(struct vspace *vs, void (*fn)(struct mapnode *n))
{
	/* A task deleting itself still runs on these tables: leave them first. */
	if ((sysreg_read(ttbr0_el2) & PTE_ADDR_MASK) == vs->root)
		vspace_deactivate();
	/* Let the owner revoke every mapping, then free the empty tree. */
	tables_walk(vs, vs->root, 0, fn, false);
	dsb_ishst();
	__asm__ volatile("tlbi aside1is, %0" ::"r"((u64)vs->asid << 48));
	dsb_ish();
	isb();
	tables_walk(vs, vs->root, 0, NULL, true);
	asid_free(vs->asid);
	vs->root = 0;
}
