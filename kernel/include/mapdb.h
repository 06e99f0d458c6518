/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The mapping database: every page mapping and every capability is a node in
 * a derivation tree. Mapping from A to B makes B's node a child of A's;
 * revoking a node removes (or reduces the rights of) everything derived from
 * it, recursively, to any depth.
 */
#pragma once

#include "types.h"

struct task;
struct kobject;

enum mapnode_kind { MAPNODE_MEM, MAPNODE_CAP };

#define MAPNODE_OWNED  0x1 /* memory root whose frame is freed with it */
#define MAPNODE_DEVICE 0x2 /* memory: map as Device-nGnRE */

struct mapnode {
	struct mapnode *parent, *child, *next, *prev; /* prev/next: siblings */
	struct task *space;
	u64 addr; /* page address, or capability slot index */
	union {
		paddr_t pa;
		struct kobject *obj;
	};
	u8 kind;
	u8 rights; /* memory: L4_FPAGE_R/W/X; capability: CAP_* */
	u8 flags;
};

/* Hooks the owner of a node supplies: remove it from its space, or lower its rights. */
struct mapdb_ops {
	void (*remove)(struct mapnode *n);
	void (*reduce)(struct mapnode *n, u8 new_rights);
};

struct mapnode *mapnode_alloc(struct task *charge_to) __must_check;
void mapnode_free(struct mapnode *n);

/* In line: a mapping adds one per page. */
static inline void mapdb_add_child(struct mapnode *parent, struct mapnode *child)
{
	child->parent = parent;
	child->prev = NULL;
	child->next = parent->child;
	if (parent->child)
		parent->child->prev = child;
	parent->child = child;
}
/* Let 'to' take 'from's place in the tree (grant); 'from' is left detached. */
void mapdb_replace(struct mapnode *from, struct mapnode *to);

/*
 * Revoke n's descendants (and n itself when self): nodes are removed when
 * rights contains every right they have, else only 'rights' are taken away.
 * Removed nodes are unlinked, passed to ops->remove, then freed.
 */
void mapdb_revoke(struct mapnode *n, bool self, u8 rights, const struct mapdb_ops *ops);
