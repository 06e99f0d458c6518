// SPDX-License-Identifier: BSD-2-Clause
/*
 * moe's objects are IPC gates bound to its server thread; a gate's label
 * names a slot of this table (label = index << 4; the low bits carry the
 * client's rights), so a message leads straight to its object. The table
 * grows as programs make objects (each program's are bounded: moe.h).
 */
#include <stdlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/task.h>

#include "moe.h"

#define MAX_OBJECTS (1UL << 20) /* a bound on the table, far beyond the programs' limits */
#define LABEL_SHIFT 4

struct object {
	enum obj_type type;
	struct app *app;
	void *ptr;
	l4_cap_idx_t gate;
};

static struct object *objects;
static unsigned nobjects, live, hint = 1; /* table size; objects in use; where to look first */
/* The index of the object whose gate is in moe's slot n: obj_drop without a search. */
static unsigned *index_of_slot;
static uint64_t nindex;

static bool remember_slot(l4_cap_idx_t gate, unsigned i)
{
	uint64_t n = gate >> L4_CAP_SHIFT;

	if (n >= nindex) {
		uint64_t size = nindex ? nindex : 256;
		while (size <= n)
			size *= 2;
		unsigned *v = realloc(index_of_slot, size * sizeof(*v));
		if (!v)
			return false;
		for (uint64_t k = nindex; k < size; k++)
			v[k] = 0;
		index_of_slot = v;
		nindex = size;
	}
	index_of_slot[n] = i;
	return true;
}
l4_cap_idx_t moe_server_thread = L4_BASE_THREAD_CAP;

/* A free index, growing the table when none is left; 0 if it cannot grow. */
static unsigned obj_free_index(void)
{
	/* From the hint to the end, then from 1 (index 0 is no object) up to the hint. */
	for (unsigned i = hint; i < nobjects; i++)
		if (objects[i].type == OBJ_NONE)
			return i;
	for (unsigned i = 1; i < hint && i < nobjects; i++)
		if (objects[i].type == OBJ_NONE)
			return i;
	unsigned n = nobjects ? nobjects * 2 : 256;
	struct object *v = n <= MAX_OBJECTS ? realloc(objects, n * sizeof(*v)) : NULL;
	if (!v)
		return 0;
	for (unsigned i = nobjects; i < n; i++)
		v[i] = (struct object){OBJ_NONE, NULL, NULL, L4_INVALID_CAP};
	objects = v;
	unsigned i = nobjects ? nobjects : 1;
	nobjects = n;
	return i;
}

unsigned obj_count(void)
{
	return live;
}

l4_cap_idx_t obj_gate(enum obj_type type, struct app *app, void *ptr)
{
	unsigned i = obj_free_index();
	if (i) {
		l4_cap_idx_t g = moe_slot();
		if (g == L4_INVALID_CAP || !remember_slot(g, i) ||
		    l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, moe_server_thread,
					   (l4_umword_t)i << LABEL_SHIFT) != 0) {
			moe_slot_free(g);
			return L4_INVALID_CAP;
		}
		objects[i] = (struct object){type, app, ptr, g};
		live++;
		hint = i + 1 < nobjects ? i + 1 : 1;
		return g;
	}
	return L4_INVALID_CAP;
}

bool obj_lookup(l4_umword_t label, enum obj_type *type, struct app **app, void **ptr)
{
	l4_umword_t i = label >> LABEL_SHIFT;

	if (i == 0 || i >= nobjects || objects[i].type == OBJ_NONE)
		return false;
	*type = objects[i].type;
	*app = objects[i].app;
	*ptr = objects[i].ptr;
	return true;
}

l4_cap_idx_t obj_gate_of(l4_umword_t label)
{
	l4_umword_t i = label >> LABEL_SHIFT;

	if (i == 0 || i >= nobjects || objects[i].type == OBJ_NONE)
		return L4_INVALID_CAP;
	return objects[i].gate;
}

l4_msgtag_t moe_reply_cap(l4_cap_idx_t cap, unsigned rights, bool grant)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_ITEM_MAP | (grant ? L4_ITEM_GRANT : 0);
	u->mr[1] = L4_OBJ_FPAGE(cap, 0, rights);
	return L4_MSGTAG(0, 0, 1, 0);
}

void obj_drop(l4_cap_idx_t gate)
{
	if (gate == L4_INVALID_CAP || (gate >> L4_CAP_SHIFT) >= nindex)
		return;
	unsigned i = index_of_slot[gate >> L4_CAP_SHIFT];
	if (i && i < nobjects && objects[i].type != OBJ_NONE && objects[i].gate == gate) {
		l4_task_delete_obj(L4_BASE_TASK_CAP, gate);
		moe_slot_free(gate);
		objects[i].type = OBJ_NONE;
		index_of_slot[gate >> L4_CAP_SHIFT] = 0;
		live--;
	}
}
