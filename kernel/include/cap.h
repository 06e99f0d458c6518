/* SPDX-License-Identifier: BSD-2-Clause */
/* Object spaces: capability slots of a task, and mapping capabilities between tasks. */
#pragma once

#include "kobject.h"
#include "mapdb.h"

#define CAP_LEAF_SLOTS 512
#define CAP_DIR_SIZE   (L4_CAP_SLOTS / CAP_LEAF_SLOTS)

struct task;

struct cap_space {
	struct mapnode **leaf[CAP_DIR_SIZE];
};

/* The node in slot sel of a space (sel: a selector; flag bits ignored), or NULL. */
static inline struct mapnode *cap_space_lookup(const struct cap_space *cs, u64 sel)
{
	u64 slot = sel >> L4_CAP_SHIFT;
	if (slot >= L4_CAP_SLOTS)
		return NULL;
	struct mapnode **leaf = cs->leaf[slot / CAP_LEAF_SLOTS];
	return leaf ? leaf[slot % CAP_LEAF_SLOTS] : NULL;
}
/* 0 if sel names an empty slot; -L4_EINVAL for a bad selector, -L4_EEXIST if used. */
long cap_slot_check_empty(struct task *t, u64 sel);
/* Put a new (root) capability to o into the empty slot sel. */
long cap_insert_root(struct task *t, u64 sel, struct kobject *o, u8 rights) __must_check;

/*
 * Map (or grant) the capabilities of src's object flexpage fp to dst, the
 * first landing at selector dst_sel (aligned to the flexpage size by the
 * caller). Rights are fp's rights and the source's. Returns 0 or -L4_E*.
 */
long cap_map(struct task *src, u64 fp, struct task *dst, u64 dst_sel, bool grant) __must_check;
/* Revoke an object flexpage of t (flags: L4_FP_*); -L4_EPERM: deletion without D. */
long cap_unmap(struct task *t, u64 fp, u64 flags) __must_check;
/* Remove every capability to o from every space (object deletion). */
void cap_revoke_object(struct kobject *o);
/* Empty t's whole object space (task deletion). */
void cap_space_destroy(struct task *t);
