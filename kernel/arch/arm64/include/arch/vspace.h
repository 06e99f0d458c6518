/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A user address space: a TTBR0_EL2 translation table tree and its ASID.
 * Each last-level table has a shadow page beside it holding, per page, the
 * mapping-database node of that mapping (NULL for kernel-managed pages such
 * as UTCBs, which users can neither unmap nor map over).
 */
#pragma once

#include "arch/memlayout.h"
#include "arch/pte.h"
#include "types.h"

#define VSPACE_R 4 /* = L4_FPAGE_R */
#define VSPACE_W 2 /* = L4_FPAGE_W */
#define VSPACE_X 1 /* = L4_FPAGE_X */

struct mapnode;
struct factory;

#define L3_SPAN (1UL << PT_LEVEL_SHIFT(2)) /* what one last-level table maps: 2 MiB */

struct vspace {
	paddr_t root;
	u16 asid;	       /* stage 2: the VMID */
	bool stage2;	       /* a guest-physical space (VTTBR_EL2), not a task's (TTBR0_EL2) */
	struct factory *quota; /* translation tables are charged here */
	/*
	 * The last-level table walked last and the 2 MiB it covers (l3_va has
	 * bit 0 set while empty): map, lookup and next_mapped over consecutive
	 * pages walk the tree once per table. Tables are freed only with the
	 * space, so the cache never points at a freed one.
	 */
	uaddr_t l3_va;
	u64 *l3;
};

/*
 * A task's space with its ASID, or (stage2) a Vm's guest-physical space with
 * its VMID; -L4_ENOMEM when tables or ids are spent.
 */
int vspace_init(struct vspace *vs, struct factory *quota, bool stage2) __must_check;
/* Set up VTCR_EL2; false if the CPU cannot run guests as Tern builds them. */
bool vspace_stage2_setup(void);
/* VTTBR_EL2 value of a stage-2 space. */
static inline u64 vspace_vttbr(const struct vspace *vs)
{
	return vs->root | (u64)vs->asid << 48;
}

/*
 * Map one page. node NULL: a kernel-managed page. device: Device-nGnRE.
 * Returns 0, -L4_ENOMEM, -L4_EINVAL (bad address) or -L4_EEXIST.
 */
int vspace_map_page(struct vspace *vs, uaddr_t va, paddr_t pa, unsigned perms, bool device,
		    struct mapnode *node) __must_check;

/* Is va mapped? Gives its frame, permissions and node (any may be NULL). */
bool vspace_lookup(const struct vspace *vs, uaddr_t va, paddr_t *pa, unsigned *perms,
		   struct mapnode **node);
/* vspace_lookup for the node alone: in line while va's last-level table is the cached one. */
static inline bool vspace_lookup_node(const struct vspace *vs, uaddr_t va, struct mapnode **node)
{
	if ((va & ~(L3_SPAN - 1)) == vs->l3_va) {
		unsigned i = PT_INDEX(va, 3);
		if (!(vs->l3[i] & PTE_VALID))
			return false;
		*node = ((struct mapnode **)((u8 *)vs->l3 + PAGE_SIZE))[i];
		return true;
	}
	return vspace_lookup(vs, va, NULL, NULL, node);
}

/* The page table entry for pa with perms in vs (what vspace_map_page would write). */
u64 vspace_pte(const struct vspace *vs, paddr_t pa, unsigned perms, bool device);

/*
 * vspace_map_page in line for an empty entry of the cached last-level table
 * (false: anything else; call vspace_map_page). The caller makes the entries
 * visible with vspace_sync before the space runs again.
 */
static inline bool vspace_map_cached(struct vspace *vs, uaddr_t va, u64 pte, struct mapnode *node)
{
	if ((va & ~(L3_SPAN - 1)) != vs->l3_va)
		return false;
	unsigned i = PT_INDEX(va, 3);
	if (vs->l3[i] & PTE_VALID)
		return false;
	((struct mapnode **)((u8 *)vs->l3 + PAGE_SIZE))[i] = node;
	vs->l3[i] = pte;
	return true;
}

/* Entries written by vspace_map_cached become visible to the table walkers. */
void vspace_sync(void);

/* The first mapped page at or after va and below end; end when there is none. */
uaddr_t vspace_next_mapped(const struct vspace *vs, uaddr_t va, uaddr_t end);
void vspace_unmap_page(struct vspace *vs, uaddr_t va);
void vspace_protect_page(struct vspace *vs, uaddr_t va, unsigned perms);

/* Call fn for every page that has a node, then free all tables. */
void vspace_destroy(struct vspace *vs, void (*fn)(struct mapnode *n));

/* Switch TTBR0_EL2 to vs (on every thread switch between tasks: inline). */
static inline void vspace_activate(const struct vspace *vs)
{
	__asm__ volatile("msr ttbr0_el2, %0; isb" ::"r"(vs->root | (u64)vs->asid << 48) : "memory");
}
/* Leave no user address space active (the idle loop runs like this). */
void vspace_deactivate(void);
