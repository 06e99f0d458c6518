// SPDX-License-Identifier: BSD-2-Clause
/* User address spaces: 4-level, 4 KiB-granule translation tables under TTBR0_EL2. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/page_zero.h"
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
/* VMIDs likewise: 16 bits when ID_AA64MMFR1_EL1.VMIDBits says so (VTCR_EL2.VS). */
static u8 vmid_used[ASID_MAX / 8];
static unsigned vmid_count;

/* Stage-2 descriptor bits (Arm ARM D8.3.2, 4 KiB granule). */
#define S2_MEMATTR_NORMAL (0xfUL << 2) /* outer and inner write-back */
#define S2_MEMATTR_DEVICE (0x1UL << 2) /* Device-nGnRE */
#define S2_MEMATTR_MASK	  (0xfUL << 2)
#define S2_AP_R		  (1UL << 6)
#define S2_AP_W		  (1UL << 7)
#define S2_XN		  (2UL << 53) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */

/* VTCR_EL2: 48-bit IPA, walks from level 0, 4 KiB granule, write-back inner-shareable walks. */
#define VTCR_T0SZ_48   16UL
#define VTCR_SL0_L0    (2UL << 6)
#define VTCR_IRGN0_WB  (1UL << 8)
#define VTCR_ORGN0_WB  (1UL << 10)
#define VTCR_SH0_INNER (3UL << 12)
#define VTCR_PS_SHIFT  16
#define VTCR_VS_16     (1UL << 19)
#define VTCR_RES1      (1UL << 31)

bool vspace_stage2_setup(void)
{
	u64 mmfr0 = sysreg_read(id_aa64mmfr0_el1), mmfr1 = sysreg_read(id_aa64mmfr1_el1);
	u64 parange = mmfr0 & 0xf;

	/* Tern's tables start at level 0 and cover 48 bits: the CPU needs 48-bit PAs. */
	if (parange < 5)
		return false;
	vmid_count = ((mmfr1 >> 4) & 0xf) == 2 ? ASID_MAX : 256;
	sysreg_write(vtcr_el2, VTCR_RES1 | VTCR_T0SZ_48 | VTCR_SL0_L0 | VTCR_IRGN0_WB |
				       VTCR_ORGN0_WB | VTCR_SH0_INNER | 5UL << VTCR_PS_SHIFT |
				       (vmid_count == ASID_MAX ? VTCR_VS_16 : 0));
	isb();
	return true;
}

/* Lowest free id of a bitmap of count ids (id 0 is never handed out). */
static int id_alloc(u8 *used, unsigned count, u16 *id)
{
	for (unsigned a = 1; a < count; a++) {
		if (!(used[a / 8] & (1U << (a % 8)))) {
			used[a / 8] |= (u8)(1U << (a % 8));
			*id = (u16)a;
			return 0;
		}
	}
	return -L4_ENOMEM;
}

/* A last-level table and its shadow of node pointers: one order-1 block. */
#define L3_BLOCK_ORDER 1

static int asid_alloc(u16 *asid)
{
	if (!asid_count)
		asid_count = ((sysreg_read(id_aa64mmfr0_el1) >> 4) & 0xf) == 2 ? ASID_MAX : 256;
	return id_alloc(asid_used, asid_count, asid);
}

static void id_free(u8 *used, u16 id)
{
	used[id / 8] &= (u8) ~(1U << (id % 8));
}

/*
 * Stage-2 TLB maintenance for one VMID (ipa, or all with ~0). The EL1 TLBI
 * operations act on the guest's EL1&0 regime only while TGE is clear, and on
 * the VMID in VTTBR_EL2: both are switched around the operation (as KVM's VHE
 * code does). Interrupts are masked in the kernel.
 */
static void s2_tlb_flush(const struct vspace *vs, u64 ipa)
{
	u64 hcr = sysreg_read(hcr_el2), vttbr = sysreg_read(vttbr_el2);

	dsb_ishst();
	sysreg_write(vttbr_el2, vspace_vttbr(vs));
	sysreg_write(hcr_el2, hcr & ~HCR_TGE);
	isb();
	if (ipa == ~0UL) {
		__asm__ volatile("tlbi vmalls12e1is");
	} else {
		__asm__ volatile("tlbi ipas2e1is, %0" ::"r"(ipa >> PAGE_SHIFT));
		dsb_ish();
		__asm__ volatile("tlbi vmalle1is");
	}
	dsb_ish();
	sysreg_write(hcr_el2, hcr);
	sysreg_write(vttbr_el2, vttbr);
	isb();
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
	page_zero(pa_to_kva(pa), PAGE_SIZE << order);
	return pa;
}

static void table_free(struct vspace *vs, paddr_t pa, unsigned order)
{
	page_alloc_put(&kernel_pages, pa, order);
	quota_credit(vs->quota, PAGE_SIZE << order);
}

/* The ids a space draws from: ASIDs for tasks, VMIDs for Vms. */
static u8 *id_pool(const struct vspace *vs)
{
	return vs->stage2 ? vmid_used : asid_used;
}

int vspace_init(struct vspace *vs, struct factory *quota, bool stage2)
{
	vs->quota = quota;
	vs->stage2 = stage2;
	vs->l3_va = 1; /* nothing cached */
	if (stage2 ? !vmid_count || id_alloc(vmid_used, vmid_count, &vs->asid) != 0
		   : asid_alloc(&vs->asid) != 0)
		return -L4_ENOMEM;
	vs->root = table_alloc(vs, 0);
	if (vs->root == PADDR_INVALID) {
		id_free(id_pool(vs), vs->asid);
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
	if (ALIGN_DOWN(va, L3_SPAN) == vs->l3_va) {
		table = vs->l3;
		goto found;
	}
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
	((struct vspace *)vs)->l3_va = ALIGN_DOWN(va, L3_SPAN);
	((struct vspace *)vs)->l3 = table;
found:
	if (shadow)
		*shadow = (struct mapnode **)((u8 *)table + PAGE_SIZE) + PT_INDEX(va, 3);
	return &table[PT_INDEX(va, 3)];
}

static u64 pte_attrs_s2(unsigned perms, bool device)
{
	u64 a = PTE_VALID | PTE_PAGE | PTE_AF | PTE_SH_INNER;
	a |= device ? S2_MEMATTR_DEVICE : S2_MEMATTR_NORMAL;
	if (perms & VSPACE_R)
		a |= S2_AP_R;
	if (perms & VSPACE_W)
		a |= S2_AP_W;
	if (!(perms & VSPACE_X) || device)
		a |= S2_XN;
	return a;
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

static unsigned pte_perms(const struct vspace *vs, u64 pte)
{
	if (vs->stage2)
		return (pte & S2_AP_R ? VSPACE_R : 0) | (pte & S2_AP_W ? VSPACE_W : 0) |
		       (pte & S2_XN ? 0 : VSPACE_X);
	return VSPACE_R | (pte & PTE_AP_RO ? 0 : VSPACE_W) | (pte & PTE_UXN ? 0 : VSPACE_X);
}

static bool pte_device(const struct vspace *vs, u64 pte)
{
	if (vs->stage2)
		return (pte & S2_MEMATTR_MASK) == S2_MEMATTR_DEVICE;
	return (pte & PTE_ATTR(7)) == PTE_ATTR(MAIR_IDX_DEVICE_nGnRE);
}

static void tlb_flush_page(const struct vspace *vs, uaddr_t va)
{
	if (vs->stage2) {
		s2_tlb_flush(vs, va);
		return;
	}
	dsb_ishst();
	/* With E2H and TGE set, the EL1 TLBI operations act on the EL2&0 regime. */
	__asm__ volatile("tlbi vae1is, %0" ::"r"((u64)vs->asid << 48 | (va >> PAGE_SHIFT)));
	dsb_ish();
	isb();
}

u64 vspace_pte(const struct vspace *vs, paddr_t pa, unsigned perms, bool device)
{
	return pa | (vs->stage2 ? pte_attrs_s2(perms, device) : pte_attrs(perms, device));
}

void vspace_sync(void)
{
	dsb_ishst();
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
	*pte = pa | (vs->stage2 ? pte_attrs_s2(perms, device) : pte_attrs(perms, device));
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
		*perms = pte_perms(vs, *pte);
	if (node)
		*node = *shadow;
	return true;
}

uaddr_t vspace_next_mapped(const struct vspace *vs, uaddr_t va, uaddr_t end)
{
	end = MIN(end, USER_VA_END);
	/* The common case, the next page of a range just walked: its table is cached. */
	if (va < end && ALIGN_DOWN(va, L3_SPAN) == vs->l3_va &&
	    (vs->l3[PT_INDEX(va, 3)] & PTE_VALID))
		return va;
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
	bool device = pte_device(vs, *pte);
	*pte = (*pte & PTE_ADDR_MASK) |
	       (vs->stage2 ? pte_attrs_s2(perms, device) : pte_attrs(perms, device));
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
	if (!vs->stage2 && (sysreg_read(ttbr0_el2) & PTE_ADDR_MASK) == vs->root)
		vspace_deactivate();
	/* Let the owner revoke every mapping, then free the empty tree. */
	tables_walk(vs, vs->root, 0, fn, false);
	if (vs->stage2) {
		/* The VMID is recycled: nothing of this VM may stay in any TLB. */
		s2_tlb_flush(vs, ~0UL);
		if ((sysreg_read(vttbr_el2) & PTE_ADDR_MASK) == vs->root)
			sysreg_write(vttbr_el2, 0);
	} else {
		dsb_ishst();
		__asm__ volatile("tlbi aside1is, %0" ::"r"((u64)vs->asid << 48));
		dsb_ish();
		isb();
	}
	tables_walk(vs, vs->root, 0, NULL, true);
	id_free(id_pool(vs), vs->asid);
	vs->root = 0;
	vs->l3_va = 1;
}
