// SPDX-License-Identifier: BSD-2-Clause
/*
 * Object spaces. Slots live in 4 KiB leaves of 512 node pointers, allocated
 * on first use and charged to the task's factory; every capability is a
 * mapping-database node, so revocation follows derivation to any depth.
 */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/page_zero.h"
#include "cap.h"
#include "factory.h"
#include "page_alloc.h"
#include "task.h"

static bool cap_sel_valid(u64 sel)
{
	return (sel >> L4_CAP_SHIFT) < L4_CAP_SLOTS;
}

static struct mapnode **cap_slot(struct task *t, u64 slot, bool create)
{
	struct mapnode ***leaf = &t->caps.leaf[slot / CAP_LEAF_SLOTS];

	if (!*leaf) {
		if (!create || quota_charge(t->obj.factory, PAGE_SIZE) != 0)
			return NULL;
		paddr_t pa = page_alloc_get(&kernel_pages, 0);
		if (pa == PADDR_INVALID) {
			quota_credit(t->obj.factory, PAGE_SIZE);
			return NULL;
		}
		*leaf = pa_to_kva(pa);
		page_zero(*leaf, PAGE_SIZE);
	}
	return &(*leaf)[slot % CAP_LEAF_SLOTS];
}

long cap_slot_check_empty(struct task *t, u64 sel)
{
	if (!cap_sel_valid(sel))
		return -L4_EINVAL;
	return cap_lookup(t, sel) ? -L4_EEXIST : 0;
}

/* Fill an empty slot with node n naming o. */
static long cap_place(struct task *t, u64 slot, struct mapnode *n, struct kobject *o, u8 rights)
{
	struct mapnode **s = cap_slot(t, slot, true);

	if (!s)
		return -L4_ENOMEM;
	n->kind = MAPNODE_CAP;
	n->space = t;
	n->addr = slot;
	n->obj = o;
	n->rights = rights;
	*s = n;
	o->caps++;
	return 0;
}

long cap_insert_root(struct task *t, u64 sel, struct kobject *o, u8 rights)
{
	if (cap_slot_check_empty(t, sel) != 0)
		return -L4_EINVAL;
	struct mapnode *n = mapnode_alloc(t);
	if (!n)
		return -L4_ENOMEM;
	n->space = t;
	long err = cap_place(t, sel >> L4_CAP_SHIFT, n, o, rights);
	if (err) {
		mapnode_free(n);
		return err;
	}
	if (!o->cap_root)
		o->cap_root = n;
	return 0;
}

static void cap_node_remove(struct mapnode *n)
{
	struct kobject *o = n->obj;
	struct mapnode **s = cap_slot(n->space, n->addr, false);

	*s = NULL;
	if (o->cap_root == n)
		o->cap_root = NULL;
	if (--o->caps == 0)
		kobject_delete(o);
}

static void cap_node_reduce(struct mapnode *n, u8 rights)
{
	n->rights = rights;
}

static const struct mapdb_ops cap_ops = {cap_node_remove, cap_node_reduce};

long cap_map(struct task *src, u64 fp, struct task *dst, u64 dst_sel, bool grant)
{
	unsigned order = L4_FPAGE_ORDER(fp);
	u64 base = L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT, dbase = dst_sel >> L4_CAP_SHIFT;
	u8 rights = (u8)L4_FPAGE_RIGHTS(fp);

	if (order > 16 || base + (1UL << order) > L4_CAP_SLOTS ||
	    dbase + (1UL << order) > L4_CAP_SLOTS || !IS_ALIGNED(base, 1UL << order))
		return -L4_EINVAL;
	for (u64 i = 0; i < (1UL << order); i++) {
		struct mapnode **ss = cap_slot(src, base + i, false);
		struct mapnode *from = ss ? *ss : NULL;
		if (!from || from->obj->deleted)
			continue;
		if (src == dst && base + i == dbase + i)
			continue; /* onto itself */
		/* Whatever was in the destination slot goes first. */
		struct mapnode *old = cap_lookup(dst, (dbase + i) << L4_CAP_SHIFT);
		if (old == from)
			continue;
		if (old)
			mapdb_revoke(old, true, CAP_ALL, &cap_ops);
		struct mapnode *n = mapnode_alloc(dst);
		if (!n)
			return -L4_ENOMEM;
		struct kobject *o = from->obj;
		if (cap_place(dst, dbase + i, n, o, from->rights & rights) != 0) {
			mapnode_free(n);
			return -L4_ENOMEM;
		}
		if (grant) {
			/* The new slot takes the old one's place in the tree; the old slot empties.
			 */
			mapdb_replace(from, n);
			n->rights = from->rights & rights;
			if (o->cap_root == from)
				o->cap_root = n;
			*cap_slot(src, from->addr, false) = NULL;
			o->caps--;
			mapnode_free(from);
		} else {
			mapdb_add_child(from, n);
		}
	}
	return 0;
}

long cap_unmap(struct task *t, u64 fp, u64 flags)
{
	unsigned order = MIN(L4_FPAGE_ORDER(fp), 16U);
	u64 base = L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT;
	u64 end = MIN(base + (1UL << order), (u64)L4_CAP_SLOTS);
	u8 rights = (u8)L4_FPAGE_RIGHTS(fp);

	/* Deleting objects needs the D right on every capability named: check first. */
	if (flags & L4_FP_DELETE_OBJ) {
		for (u64 i = base; i < end; i++) {
			struct mapnode *n = cap_lookup(t, i << L4_CAP_SHIFT);
			if (n && !(n->rights & CAP_D))
				return -L4_EPERM;
		}
	}
	for (u64 i = base; i < end; i++) {
		struct mapnode *n = cap_lookup(t, i << L4_CAP_SHIFT);
		if (!n)
			continue;
		if (flags & L4_FP_DELETE_OBJ)
			cap_revoke_object(n->obj);
		else
			mapdb_revoke(n, flags & L4_FP_ALL_SPACES, rights, &cap_ops);
	}
	return 0;
}

void cap_revoke_object(struct kobject *o)
{
	kobject_get(o);
	while (o->cap_root)
		mapdb_revoke(o->cap_root, true, CAP_ALL, &cap_ops);
	kobject_delete(o); /* also when no capability was left to remove */
	kobject_put(o);
}

void cap_space_destroy(struct task *t)
{
	for (unsigned l = 0; l < CAP_DIR_SIZE; l++) {
		if (!t->caps.leaf[l])
			continue;
		for (unsigned i = 0; i < CAP_LEAF_SLOTS; i++) {
			struct mapnode *n = t->caps.leaf[l][i];
			if (n)
				mapdb_revoke(n, true, CAP_ALL, &cap_ops);
		}
		page_alloc_put(&kernel_pages, kva_to_pa(t->caps.leaf[l]), 0);
		quota_credit(t->obj.factory, PAGE_SIZE);
		t->caps.leaf[l] = NULL;
	}
}
