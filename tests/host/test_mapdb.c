// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the mapping database (kernel/mapdb.c): derivation trees,
 * recursive revocation to any depth, rights reduction, grant, quota charges,
 * and of flexpage placement (kernel/include/fpage.h).
 */
#include <string.h>

#include "factory.h"
#include "fpage.h"
#include "mapdb.h"
#include "slab.h"
#include "tap.h"
#include "task.h"

extern long fake_live_objects;

static int removed, reduced;
static struct mapnode *removed_nodes[100000];

static void on_remove(struct mapnode *n)
{
	removed_nodes[removed++] = n;
}

static void on_reduce(struct mapnode *n, u8 r)
{
	n->rights = r;
	reduced++;
}

static const struct mapdb_ops ops = {on_remove, on_reduce};

static struct mapnode *node(struct task *t, u8 rights)
{
	struct mapnode *n = mapnode_alloc(t);
	n->kind = MAPNODE_MEM;
	n->space = t;
	n->rights = rights;
	return n;
}

static bool was_removed(const struct mapnode *n)
{
	for (int i = 0; i < removed; i++)
		if (removed_nodes[i] == n)
			return true;
	return false;
}

static void reset(void)
{
	removed = reduced = 0;
}

int main(void)
{
	static struct factory f;
	static struct task t;
	f.limit = 1 << 24;
	t.obj.factory = &f;

	/* root -> a -> b -> c, and root -> d */
	struct mapnode *root = node(&t, L4_FPAGE_RWX), *a = node(&t, L4_FPAGE_RW),
		       *b = node(&t, L4_FPAGE_RW), *c = node(&t, L4_FPAGE_R),
		       *d = node(&t, L4_FPAGE_RX);
	ok(f.used == 5 * slab_size(sizeof(struct mapnode)),
	   "nodes are charged to the task's factory");
	mapdb_add_child(root, a);
	mapdb_add_child(a, b);
	mapdb_add_child(b, c);
	mapdb_add_child(root, d);
	ok(root->child && a->parent == root && c->parent == b, "a chain and a sibling");

	reset();
	mapdb_revoke(a, false, L4_FPAGE_RWX, &ops);
	ok(removed == 2 && was_removed(b) && was_removed(c) && !was_removed(a),
	   "revoking a's descendants removes b and c, keeps a");
	ok(a->child == NULL && root->child != NULL, "a has no children left");
	ok(removed_nodes[0] == c && removed_nodes[1] == b, "removal goes leaf first");

	b = node(&t, L4_FPAGE_RW);
	c = node(&t, L4_FPAGE_RW);
	mapdb_add_child(a, b);
	mapdb_add_child(b, c);
	reset();
	mapdb_revoke(root, false, L4_FPAGE_W, &ops);
	ok(removed == 0 && reduced == 3,
	   "taking W away reduces the three descendants that had it (%d)", reduced);
	ok(a->rights == L4_FPAGE_R && c->rights == L4_FPAGE_R && d->rights == L4_FPAGE_RX &&
		   root->rights == L4_FPAGE_RWX,
	   "only W is gone, and not from the root itself");

	/* A node with W only loses everything when W is taken. */
	struct mapnode *w = node(&t, L4_FPAGE_W);
	mapdb_add_child(a, w);
	reset();
	mapdb_revoke(root, false, L4_FPAGE_W, &ops);
	ok(removed == 1 && was_removed(w), "a node left with no rights is removed");

	/* Grant: a new node takes b's place, with b's children. */
	struct mapnode *g = node(&t, L4_FPAGE_R);
	mapdb_replace(b, g);
	ok(g->parent == a && a->child == g && c->parent == g && b->parent == NULL &&
		   b->child == NULL,
	   "replace moves the parent and children links");
	mapnode_free(b);

	reset();
	mapdb_revoke(root, true, L4_FPAGE_RWX, &ops);
	ok(removed == 5 && was_removed(root), "revoking the root with self removes all five");
	ok(f.used == 0 && fake_live_objects == 0, "every node freed, every charge returned");

	/* Depth: a chain of 50000 costs no recursion. */
	struct mapnode *top = node(&t, L4_FPAGE_RW), *p = top;
	for (int i = 0; i < 50000; i++) {
		struct mapnode *n = node(&t, L4_FPAGE_RW);
		mapdb_add_child(p, n);
		p = n;
	}
	reset();
	mapdb_revoke(top, true, L4_FPAGE_R, &ops);
	ok(removed == 50001 && fake_live_objects == 0, "a 50000-deep chain is revoked");

	/* Quota: node allocation fails cleanly when the factory is spent. */
	f.limit = slab_size(sizeof(struct mapnode));
	struct mapnode *one = mapnode_alloc(&t);
	ok(one && mapnode_alloc(&t) == NULL, "mapnode_alloc fails when the quota is spent");
	mapnode_free(one);

	/* Flexpage placement (L4 map semantics). */
	u64 src, dst;
	unsigned order;
	fpage_place(0x10000, 12, 0x3000, 0x40000, 16, &src, &dst, &order);
	ok(src == 0x10000 && dst == 0x43000 && order == 12, "small into big: at base + hot spot");
	fpage_place(0x10000, 12, 0x13fff, 0x40000, 16, &src, &dst, &order);
	ok(dst == 0x43000, "hot spot taken modulo the window and rounded down");
	fpage_place(0x10000, 13, 0x1000, 0x40000, 12, &src, &dst, &order);
	ok(src == 0x11000 && dst == 0x40000 && order == 12,
	   "big into small: the part the hot spot selects");
	fpage_place(0, 48, 0x7000, 0x5000, 12, &src, &dst, &order);
	ok(src == 0x7000 && dst == 0x5000 && order == 12, "whole space into one page");
	fpage_place(64, 0, 5, 64, 3, &src, &dst, &order);
	ok(src == 64 && dst == 69 && order == 0, "one slot into an 8-slot window");
	return tap_done();
}
