// SPDX-License-Identifier: BSD-2-Clause
/* Memory mapping between tasks, page by page, with every mapping in the mapping database. */
#include "arch/memlayout.h"
#include "mapdb.h"
#include "mem_space.h"
#include "page_alloc.h"
#include "task.h"

bool mem_fpage_valid(u64 fp)
{
	unsigned order = L4_FPAGE_ORDER(fp);
	u64 base = L4_FPAGE_BASE(fp);

	return L4_FPAGE_TYPE(fp) == L4_FPAGE_MEMORY && order >= PAGE_SHIFT &&
	       order <= L4_WHOLE_SPACE_ORDER && IS_ALIGNED(base, 1UL << order) &&
	       base < USER_VA_END && (1UL << order) <= USER_VA_END - base;
}

static void mem_node_remove(struct mapnode *n)
{
	vspace_unmap_page(&n->space->vs, n->addr);
	if (n->flags & MAPNODE_OWNED)
		page_alloc_put(&kernel_pages, n->pa, 0);
}

static void mem_node_reduce(struct mapnode *n, u8 rights)
{
	n->rights = rights;
	vspace_protect_page(&n->space->vs, n->addr, rights);
}

static const struct mapdb_ops mem_ops = {mem_node_remove, mem_node_reduce};

long mem_insert_root(struct task *t, uaddr_t va, paddr_t pa, unsigned perms, bool owned,
		     bool device)
{
	struct mapnode *n = mapnode_alloc(t);

	if (!n)
		return -L4_ENOMEM;
	n->kind = MAPNODE_MEM;
	n->space = t;
	n->addr = va;
	n->pa = pa;
	n->rights = (u8)perms;
	n->flags = (owned ? MAPNODE_OWNED : 0) | (device ? MAPNODE_DEVICE : 0);
	long err = vspace_map_page(&t->vs, va, pa, perms, device, n);
	if (err) {
		mapnode_free(n);
		return err;
	}
	return 0;
}

static bool is_ancestor(const struct mapnode *a, const struct mapnode *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

/* Map one page from node 'from' to dst at va. */
/* The attributes of an entry with rights r (device or not) in dst, remembered across pages. */
struct pte_memo {
	int key; /* rights | device << 8; -1: none yet */
	u64 attrs;
};

static u64 memo_attrs(struct pte_memo *m, struct task *dst, unsigned r, bool device)
{
	int key = (int)(r | (unsigned)device << 8);
	if (m->key != key) {
		m->key = key;
		m->attrs = vspace_pte(&dst->vs, 0, r, device);
	}
	return m->attrs;
}

static long mem_map_page(struct mapnode *from, struct task *dst, uaddr_t va, unsigned rights,
			 bool grant, struct pte_memo *memo)
{
	struct mapnode *n = mapnode_alloc(dst);
	if (!n)
		return -L4_ENOMEM;
	n->kind = MAPNODE_MEM;
	n->space = dst;
	n->addr = va;
	n->pa = from->pa;
	n->rights = from->rights & (u8)rights;
	n->flags = from->flags & MAPNODE_DEVICE;
	/* The cached table first, then one walk: the page is nearly always free. */
	bool device = n->flags & MAPNODE_DEVICE;
	if (!vspace_map_cached(&dst->vs, va, n->pa | memo_attrs(memo, dst, n->rights, device), n)) {
		long err = vspace_map_page(&dst->vs, va, n->pa, n->rights, device, n);
		if (err == -L4_EEXIST) {
			struct mapnode *old = NULL;
			bool mapped = vspace_lookup(&dst->vs, va, NULL, NULL, &old);
			if (!mapped || !old || old == from || is_ancestor(old, from)) {
				mapnode_free(n);
				return 0; /* a UTCB, the page itself, or where it came from: leave
					     it */
			}
			mapdb_revoke(old, true, L4_FPAGE_RWX, &mem_ops);
			err = vspace_map_page(&dst->vs, va, n->pa, n->rights, device, n);
		}
		if (err) {
			mapnode_free(n);
			return err;
		}
	}
	if (grant) {
		/* n takes from's place, frame ownership included; from's page goes. */
		n->flags |= from->flags & MAPNODE_OWNED;
		mapdb_replace(from, n);
		vspace_unmap_page(&from->space->vs, from->addr);
		mapnode_free(from);
	} else {
		mapdb_add_child(from, n);
	}
	return 0;
}

long mem_map(struct task *src, uaddr_t src_va, unsigned order, unsigned rights, struct task *dst,
	     uaddr_t dst_va, bool grant)
{
	uaddr_t end = src_va + (1UL << order);
	struct pte_memo memo = {.key = -1};

	/* One walk per mapped page (the last-level table is cached); holes are skipped. */
	for (uaddr_t va = src_va; va < end; va += PAGE_SIZE) {
		struct mapnode *from;
		if (!vspace_lookup_node(&src->vs, va, &from)) {
			va = vspace_next_mapped(&src->vs, va, end);
			if (va >= end || !vspace_lookup_node(&src->vs, va, &from))
				break;
		}
		if (!from)
			continue; /* kernel-managed pages are not the task's to pass on */
		long err = mem_map_page(from, dst, dst_va + (va - src_va), rights, grant, &memo);
		if (err) {
			vspace_sync();
			return err;
		}
	}
	vspace_sync();
	return 0;
}

void mem_unmap(struct task *t, u64 fp, u64 flags)
{
	uaddr_t base = L4_FPAGE_BASE(fp);
	uaddr_t end = base + (1UL << L4_FPAGE_ORDER(fp));
	u8 rights = (u8)L4_FPAGE_RIGHTS(fp);

	for (uaddr_t va = vspace_next_mapped(&t->vs, base, end); va < end;
	     va = vspace_next_mapped(&t->vs, va + PAGE_SIZE, end)) {
		struct mapnode *n;
		if (vspace_lookup(&t->vs, va, NULL, NULL, &n) && n)
			mapdb_revoke(n, flags & L4_FP_ALL_SPACES, rights, &mem_ops);
	}
}

static void mem_revoke_all(struct mapnode *n)
{
	mapdb_revoke(n, true, L4_FPAGE_RWX, &mem_ops);
}

void mem_space_destroy(struct task *t)
{
	vspace_destroy(&t->vs, mem_revoke_all);
}
