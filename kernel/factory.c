// SPDX-License-Identifier: BSD-2-Clause
/* Factories: object creation into an empty slot of the caller, quota accounting. */
#include "cap.h"
#include "factory.h"
#include "gate.h"
#include "irq.h"
#include "sched.h"
#include "slab.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

static struct factory *factory_new(struct factory *parent, u64 limit)
{
	if (limit > (1UL << 48))
		return NULL;
	/* The whole quota is charged to the parent and comes back when f is freed. */
	struct factory *f = kobject_alloc(KOBJ_FACTORY, parent, sizeof(*f), limit);
	if (!f)
		return NULL;
	f->limit = limit;
	return f;
}

struct factory *factory_create_root(void)
{
	return factory_new(NULL, ROOT_FACTORY_QUOTA);
}

void factory_free(struct kobject *obj)
{
	slab_free(obj, sizeof(struct factory));
}

/* Message words a create request for proto carries. */
static unsigned factory_words(long proto)
{
	switch (proto) {
	case L4_PROTO_SCHEDULER: return 5;
	case L4_PROTO_KOBJECT: return 4;
	case L4_PROTO_TASK:
	case L4_PROTO_FACTORY: return 3;
	default: return 2;
	}
}

/* Create the object protocol names; returns it or NULL with *err set. */
static struct kobject *factory_make(struct factory *f, struct thread *caller, long proto,
				    const u64 *mr, long *err)
{
	switch (proto) {
	case L4_PROTO_TASK: {
		struct task *t = task_create_from_factory(f, mr[2], err);
		return t ? &t->obj : NULL;
	}
	case L4_PROTO_THREAD: {
		struct thread *t = thread_create(f);
		*err = -L4_ENOMEM;
		return t ? &t->obj : NULL;
	}
	case L4_PROTO_KOBJECT: {
		struct ipc_gate *g = gate_create(f, caller, mr[2], mr[3], err);
		return g ? &g->obj : NULL;
	}
	case L4_PROTO_IRQ: {
		struct irq *q = irq_create(f);
		*err = -L4_ENOMEM;
		return q ? &q->obj : NULL;
	}
	case L4_PROTO_FACTORY: {
		struct factory *n = factory_new(f, mr[2]);
		*err = -L4_ENOMEM;
		return n ? &n->obj : NULL;
	}
	case L4_PROTO_VM: {
		struct task *vm = vm_create(f, err);
		return vm ? &vm->obj : NULL;
	}
	case L4_PROTO_SCHEDULER: {
		struct scheduler *s = scheduler_create(f, caller, mr[2], mr[3], mr[4], err);
		return s ? &s->obj : NULL;
	}
	default: *err = -L4_ENOSYS; return NULL;
	}
}

u64 factory_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct factory *f = (struct factory *)obj;
	struct l4_utcb *u = caller->utcb;
	struct task *space = caller->task;
	long err = 0;

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_FACTORY)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (L4_MSGTAG_WORDS(tag) < 2)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	u64 mr[5] = {u->mr[0], u->mr[1], u->mr[2], u->mr[3], u->mr[4]};
	if (L4_MSGTAG_WORDS(tag) < factory_words((long)mr[0]))
		return kobject_reply(-L4_EINVAL, 0);

	/* Decode the destination first: nothing is created for a slot that cannot take it. */
	long slot_ok = cap_slot_check_empty(space, mr[1]);
	if (slot_ok != 0)
		return kobject_reply(slot_ok, 0);

	struct kobject *o = factory_make(f, caller, (long)mr[0], mr, &err);
	if (!o)
		return kobject_reply(err, 0);
	err = cap_insert_root(space, mr[1], o, CAP_ALL);
	if (err != 0) {
		/* Only an out-of-memory for the slot table can fail here. */
		kobject_delete(o);
		return kobject_reply(err, 0);
	}
	u->mr[0] = f->limit - f->used;
	return kobject_reply(0, 1);
}
