// SPDX-License-Identifier: BSD-2-Clause
/*
 * moe's objects are IPC gates bound to its server thread; a gate's label
 * names a slot of this table (label = index << 4; the low bits carry the
 * client's rights), so a message leads straight to its object.
 */
#include <l4/sys/factory.h>
#include <l4/sys/task.h>

#include "moe.h"

#define MAX_OBJECTS 1024
#define LABEL_SHIFT 4

struct object {
	enum obj_type type;
	struct app *app;
	void *ptr;
	l4_cap_idx_t gate;
};

static struct object objects[MAX_OBJECTS];
l4_cap_idx_t moe_server_thread = L4_BASE_THREAD_CAP;

l4_cap_idx_t obj_gate(enum obj_type type, struct app *app, void *ptr)
{
	for (unsigned i = 1; i < MAX_OBJECTS; i++) {
		if (objects[i].type != OBJ_NONE)
			continue;
		l4_cap_idx_t g = moe_slot();
		if (l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, moe_server_thread,
					   (l4_umword_t)i << LABEL_SHIFT) != 0) {
			moe_slot_free(g);
			return L4_INVALID_CAP;
		}
		objects[i] = (struct object){type, app, ptr, g};
		return g;
	}
	return L4_INVALID_CAP;
}

bool obj_lookup(l4_umword_t label, enum obj_type *type, struct app **app, void **ptr)
{
	l4_umword_t i = label >> LABEL_SHIFT;

	if (i == 0 || i >= MAX_OBJECTS || objects[i].type == OBJ_NONE)
		return false;
	*type = objects[i].type;
	*app = objects[i].app;
	*ptr = objects[i].ptr;
	return true;
}

l4_cap_idx_t obj_gate_of(l4_umword_t label)
{
	l4_umword_t i = label >> LABEL_SHIFT;

	if (i == 0 || i >= MAX_OBJECTS || objects[i].type == OBJ_NONE)
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
	for (unsigned i = 1; i < MAX_OBJECTS; i++) {
		if (objects[i].type != OBJ_NONE && objects[i].gate == gate) {
			l4_task_delete_obj(L4_BASE_TASK_CAP, gate);
			moe_slot_free(gate);
			objects[i].type = OBJ_NONE;
			return;
		}
	}
}
