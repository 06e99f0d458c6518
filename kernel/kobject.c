// SPDX-License-Identifier: BSD-2-Clause
/* Kernel object life cycle and per-type dispatch tables. */
#include "factory.h"
#include "gate.h"
#include "irq.h"
#include "kobject.h"
#include "panic.h"
#include "task.h"
#include "sched.h"
#include "slab.h"
#include "thread.h"
#include "vcon.h"

struct kobject_type_ops {
	kobject_invoke_fn invoke;
	void (*destroy)(struct kobject *o); /* on deletion: stop, detach, tell waiters */
	void (*free)(struct kobject *o);    /* when the last reference goes */
};

static void no_destroy(struct kobject *o)
{
	(void)o;
}

static const struct kobject_type_ops type_ops[KOBJ_TYPES] = {
	[KOBJ_TASK] = {task_invoke, task_destroy, task_free},
	[KOBJ_THREAD] = {thread_invoke, thread_destroy, thread_free},
	[KOBJ_FACTORY] = {factory_invoke, no_destroy, factory_free},
	[KOBJ_GATE] = {gate_invoke, gate_destroy, gate_free},
	[KOBJ_IRQ] = {irq_invoke, irq_destroy, irq_free},
	[KOBJ_VCON] = {vcon_invoke, no_destroy, NULL},
	[KOBJ_SCHEDULER] = {scheduler_invoke, no_destroy, scheduler_free},
	[KOBJ_ICU] = {icu_invoke, no_destroy, NULL},
	[KOBJ_VM] = {task_invoke, task_destroy, task_free},
};

void kobject_init(struct kobject *o, enum kobject_type type, struct factory *f, u64 charge)
{
	o->type = (u8)type;
	o->refs = 1;
	o->factory = f;
	o->charge = charge;
	if (f)
		kobject_get(&f->obj);
}

void *kobject_alloc(enum kobject_type type, struct factory *f, size_t size, u64 extra)
{
	u64 charge = slab_size(size) + extra;

	if (quota_charge(f, charge) != 0)
		return NULL;
	struct kobject *o = slab_alloc(size);
	if (!o) {
		quota_credit(f, charge);
		return NULL;
	}
	kobject_init(o, type, f, charge);
	return o;
}

void kobject_put(struct kobject *o)
{
	CHECK(o->refs > 0);
	if (--o->refs || o->permanent)
		return;
	struct factory *f = o->factory;
	u64 charge = o->charge;
	type_ops[o->type].free(o);
	quota_credit(f, charge);
	if (f)
		kobject_put(&f->obj);
}

void kobject_delete(struct kobject *o)
{
	if (o->deleted || o->permanent)
		return;
	o->deleted = true;
	kobject_get(o); /* teardown may drop other references */
	type_ops[o->type].destroy(o);
	kobject_put(o);
	kobject_put(o); /* the object's own: it is no longer alive */
}

u64 kobject_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	return type_ops[obj->type].invoke(obj, rights, caller, tag);
}
