// SPDX-License-Identifier: BSD-2-Clause
/*
 * IRQ objects: a thread attaches to one and receives each trigger as a
 * message (label L4_PROTO_IRQ). Triggers while pending coalesce. Hardware
 * lines are bound through the ICU and stay masked from delivery to unmask.
 */
#include "arch/gic.h"
#include "cap.h"
#include "factory.h"
#include "ipc.h"
#include "irq.h"
#include "slab.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

#define IRQ_LINES 1024

static struct irq *hw_irqs[IRQ_LINES];
static u8 reserved_lines[IRQ_LINES / 8];

struct kobject icu_object = {.type = KOBJ_ICU, .refs = 1, .permanent = true};

void irq_reserve_line(unsigned intid)
{
	if (intid < IRQ_LINES)
		reserved_lines[intid / 8] |= (u8)(1U << (intid % 8));
}

static bool line_reserved(unsigned intid)
{
	return reserved_lines[intid / 8] & (1U << (intid % 8));
}

struct irq *irq_create(struct factory *f)
{
	struct irq *q = kobject_alloc(KOBJ_IRQ, f, sizeof(*q), 0);

	if (!q)
		return NULL;
	list_init(&q->pending_link);
	return q;
}

static void irq_unqueue(struct irq *q)
{
	if (list_linked(&q->pending_link))
		list_del(&q->pending_link);
}

void irq_trigger(struct irq *q)
{
	struct thread *t = q->target;

	q->pending = true;
	if (!t || !thread_alive(t))
		return;
	if (ipc_deliver_irq(t, q)) {
		irq_delivered(q);
		return;
	}
	if (!list_linked(&q->pending_link))
		list_add_tail(&t->irqs_pending, &q->pending_link);
	if (t->vcpu)
		vcpu_notify(t); /* a vCPU in WFI wakes up to exit to its VMM */
}

void irq_delivered(struct irq *q)
{
	q->pending = false;
	irq_unqueue(q);
}

static void irq_attach(struct irq *q, struct thread *t, u64 label)
{
	irq_unqueue(q);
	if (t)
		kobject_get(&t->obj);
	if (q->target)
		kobject_put(&q->target->obj);
	q->target = t;
	q->label = label;
	/* A trigger that came while detached is delivered now. */
	if (t && q->pending)
		irq_trigger(q);
}

bool irq_handle_hw(unsigned intid)
{
	struct irq *q = intid < IRQ_LINES ? hw_irqs[intid] : NULL;

	if (!q)
		return false;
	gic_mask(intid); /* until the driver has served the device and unmasks */
	irq_trigger(q);
	return true;
}

u64 irq_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct irq *q = (struct irq *)obj;
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_IRQ)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	switch (u->mr[0]) {
	case L4_IRQ_ATTACH_OP: {
		if (words < 3 || (u->mr[2] & 3))
			return kobject_reply(-L4_EINVAL, 0);
		struct thread *t = NULL;
		if (u->mr[1] != L4_INVALID_CAP) {
			struct kobject *o = cap_object(caller->task, u->mr[1], NULL);
			if (!o || o->type != KOBJ_THREAD)
				return kobject_reply(-L4_EINVAL, 0);
			t = (struct thread *)o;
		}
		irq_attach(q, t, u->mr[2]);
		return kobject_reply(0, 0);
	}
	case L4_IRQ_TRIGGER_OP: irq_trigger(q); return kobject_reply(0, 0);
	case L4_IRQ_UNMASK_OP:
		if (q->intid)
			gic_unmask(q->intid);
		return kobject_reply(0, 0);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}

static void icu_unbind_line(unsigned intid)
{
	struct irq *q = hw_irqs[intid];

	gic_mask(intid);
	hw_irqs[intid] = NULL;
	q->intid = 0;
	kobject_put(&q->obj);
}

u64 icu_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);
	unsigned lines = 32 + gic_spi_count();

	(void)obj;
	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_ICU)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	if (u->mr[0] == L4_ICU_INFO_OP) {
		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		u->mr[0] = gic_spi_count();
		return kobject_reply(0, 1);
	}
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	if (words < 2 || u->mr[1] < 32 || u->mr[1] >= MIN(lines, IRQ_LINES))
		return kobject_reply(u->mr[0] > L4_ICU_UNBIND_OP ? -L4_ENOSYS : -L4_EINVAL, 0);
	unsigned intid = (unsigned)u->mr[1];
	switch (u->mr[0]) {
	case L4_ICU_BIND_OP: {
		if (words < 3)
			return kobject_reply(-L4_EINVAL, 0);
		struct kobject *o = cap_object(caller->task, u->mr[2], NULL);
		if (!o || o->type != KOBJ_IRQ)
			return kobject_reply(-L4_EINVAL, 0);
		struct irq *q = (struct irq *)o;
		if (line_reserved(intid) || (hw_irqs[intid] && hw_irqs[intid] != q) ||
		    (q->intid && q->intid != intid))
			return kobject_reply(-L4_EBUSY, 0);
		if (!hw_irqs[intid]) {
			kobject_get(&q->obj);
			hw_irqs[intid] = q;
			q->intid = intid;
			gic_configure_spi(intid);
		}
		gic_unmask(intid);
		return kobject_reply(0, 0);
	}
	case L4_ICU_UNBIND_OP:
		if (!hw_irqs[intid])
			return kobject_reply(-L4_ENOENT, 0);
		icu_unbind_line(intid);
		return kobject_reply(0, 0);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}

void irq_destroy(struct kobject *obj)
{
	struct irq *q = (struct irq *)obj;

	/* A thread waiting for exactly this IRQ learns that it is gone. */
	if (q->target && q->target->state == THREAD_RECEIVING && q->target->wait_irq == q)
		thread_cancel_ipc(q->target, L4_IPC_ENOT_EXISTENT, L4_IPC_ENOT_EXISTENT);
	/* The ICU's reference keeps q until the line is unbound here. */
	if (q->intid)
		icu_unbind_line(q->intid);
	irq_attach(q, NULL, 0);
	q->pending = false;
}

void irq_free(struct kobject *obj)
{
	slab_free(obj, sizeof(struct irq));
}
