// SPDX-License-Identifier: BSD-2-Clause
/*
 * Mapping database trees. Traversals are iterative, so a derivation chain of
 * any depth costs no kernel stack.
 */
#include "factory.h"
#include "mapdb.h"
#include "slab.h"
#include "task.h"

struct mapnode *mapnode_alloc(struct task *charge_to)
{
	struct factory *f = charge_to ? charge_to->obj.factory : NULL;

	if (quota_charge(f, slab_size(sizeof(struct mapnode))) != 0)
		return NULL;
	struct mapnode *n = slab_alloc(sizeof(*n));
	if (!n)
		quota_credit(f, slab_size(sizeof(struct mapnode)));
	return n;
}

void mapnode_free(struct mapnode *n)
{
	struct factory *f = n->space ? n->space->obj.factory : NULL;

	slab_free(n, sizeof(*n));
	quota_credit(f, slab_size(sizeof(struct mapnode)));
}

static void mapdb_unlink(struct mapnode *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->parent = n->next = n->prev = NULL;
}

void mapdb_replace(struct mapnode *from, struct mapnode *to)
{
	to->parent = from->parent;
	to->prev = from->prev;
	to->next = from->next;
	to->child = from->child;
	if (to->prev)
		to->prev->next = to;
	else if (to->parent)
		to->parent->child = to;
	if (to->next)
		to->next->prev = to;
	for (struct mapnode *c = to->child; c; c = c->next)
		c->parent = to;
	from->parent = from->child = from->next = from->prev = NULL;
}

/* Pre-order successor of n within the subtree rooted at root, skipping n's children. */
static struct mapnode *next_skip_children(struct mapnode *n, struct mapnode *root)
{
	while (n != root) {
		if (n->next)
			return n->next;
		n = n->parent;
	}
	return NULL;
}

static void remove_node(struct mapnode *n, const struct mapdb_ops *ops)
{
	mapdb_unlink(n);
	ops->remove(n);
	mapnode_free(n);
}

/* Remove n and everything below it, leaf by leaf (no recursion). */
static void remove_subtree(struct mapnode *n, bool self, const struct mapdb_ops *ops)
{
	for (;;) {
		struct mapnode *d = n;
		while (d->child)
			d = d->child;
		if (d == n)
			break;
		remove_node(d, ops);
	}
	if (self)
		remove_node(n, ops);
}

static bool loses_everything(const struct mapnode *n, u8 rights)
{
	/* Without read access nothing is left of a page or a capability. */
	u8 read = n->kind == MAPNODE_MEM ? L4_FPAGE_R : CAP_R;
	return (rights & read) || (n->rights & (u8)~rights) == 0;
}

void mapdb_revoke(struct mapnode *n, bool self, u8 rights, const struct mapdb_ops *ops)
{
	if (loses_everything(n, rights)) {
		remove_subtree(n, self, ops);
		return;
	}
	if (self)
		ops->reduce(n, n->rights & (u8)~rights);
	/* Children have no more rights than their parents, but may lose all of theirs. */
	struct mapnode *d = n->child;
	while (d) {
		struct mapnode *next;
		if (loses_everything(d, rights)) {
			next = next_skip_children(d, n);
			remove_subtree(d, true, ops);
		} else {
			if (d->rights & rights)
				ops->reduce(d, d->rights & (u8)~rights);
			next = d->child ? d->child : next_skip_children(d, n);
		}
		d = next;
	}
}
