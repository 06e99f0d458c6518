// SPDX-License-Identifier: BSD-2-Clause
/* IPC gates: creation, binding, and what deletion does to senders in flight. */
#include "cap.h"
#include "factory.h"
#include "gate.h"
#include "ipc.h"
#include "slab.h"
#include "task.h"
#include "thread.h"

/* The thread named by sel in the caller's space, or NULL; invalid selector = unbound. */
static long gate_thread_arg(struct thread *caller, u64 sel, struct thread **out)
{
	*out = NULL;
	if (sel == L4_INVALID_CAP)
		return 0;
	struct kobject *o = cap_object(caller->task, sel, NULL);
	if (!o || o->type != KOBJ_THREAD)
		return -L4_EINVAL;
	*out = (struct thread *)o;
	return 0;
}

static void gate_set_thread(struct ipc_gate *g, struct thread *t)
{
	if (t)
		kobject_get(&t->obj);
	if (g->thread)
		kobject_put(&g->thread->obj);
	g->thread = t;
}

struct ipc_gate *gate_create(struct factory *f, struct thread *caller, u64 thread_sel, u64 label,
			     long *err)
{
	struct thread *t;

	if ((label & 3) || (*err = gate_thread_arg(caller, thread_sel, &t)) != 0) {
		*err = -L4_EINVAL;
		return NULL;
	}
	*err = -L4_ENOMEM;
	struct ipc_gate *g = kobject_alloc(KOBJ_GATE, f, sizeof(*g), 0);
	if (!g)
		return NULL;
	g->label = label;
	gate_set_thread(g, t);
	*err = 0;
	return g;
}

struct ipc_gate *gate_create_kernel(struct thread *t, u64 label)
{
	struct ipc_gate *g = kobject_alloc(KOBJ_GATE, NULL, sizeof(*g), 0);

	if (g) {
		g->label = label;
		gate_set_thread(g, t);
	}
	return g;
}

u64 gate_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct ipc_gate *g = (struct ipc_gate *)obj;
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct thread *t;

	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_S))
		return kobject_reply(-L4_EPERM, 0);
	switch (u->mr[0]) {
	case L4_GATE_BIND_OP:
		if (words < 3 || (u->mr[2] & 3) || gate_thread_arg(caller, u->mr[1], &t) != 0)
			return kobject_reply(-L4_EINVAL, 0);
		g->label = u->mr[2];
		gate_set_thread(g, t);
		return kobject_reply(0, 0);
	case L4_GATE_GET_INFO_OP: u->mr[0] = g->label; return kobject_reply(0, 1);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}

void gate_destroy(struct kobject *obj)
{
	struct ipc_gate *g = (struct ipc_gate *)obj;
	struct thread *r = g->thread;

	/* Senders still queued through this gate learn that it is gone. */
	if (r) {
		for (struct list *p = r->senders.next; p != &r->senders;) {
			struct thread *s = list_entry(p, struct thread, wait_link);
			p = p->next;
			if (s->send_gate == g)
				thread_cancel_ipc(s, L4_IPC_ENOT_EXISTENT, L4_IPC_ENOT_EXISTENT);
		}
	}
	gate_set_thread(g, NULL);
}

void gate_free(struct kobject *obj)
{
	slab_free(obj, sizeof(struct ipc_gate));
}
