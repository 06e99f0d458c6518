// SPDX-License-Identifier: BSD-2-Clause
/*
 * Synchronous rendezvous IPC (docs/abi.md). A sender either finds its
 * receiver waiting and hands the message over, or queues at the receiver and
 * blocks; a receiver takes the first acceptable queued sender or pending IRQ,
 * or blocks. A call adds a closed wait for the reply; the receiver remembers
 * the caller (reply_to) until it replies. Every wait can end by timeout, by
 * cancellation (ex_regs) or because the partner was deleted.
 */
#include <string.h>

#include "arch/frame.h"
#include "cap.h"
#include "fpage.h"
#include "gate.h"
#include "ipc.h"
#include "irq.h"
#include "mem_space.h"
#include "panic.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

void ipc_set_error(struct thread *t, unsigned err)
{
	if (t->utcb)
		t->utcb->tcr[L4_UTCB_TCR_ERROR] = err;
	t->result_tag = L4_MSGTAG_ERROR;
	t->result_label = 0;
}

/* ---- message transfer ------------------------------------------------------ */

static unsigned msg_words(u64 tag)
{
	return L4_MSGTAG_WORDS(tag) + L4_ITEM_WORDS * L4_MSGTAG_ITEMS(tag);
}

static bool obj_fpage_valid(u64 fp)
{
	unsigned order = L4_FPAGE_ORDER(fp);
	u64 base = L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT;

	return L4_FPAGE_TYPE(fp) == L4_FPAGE_OBJ && order <= 16 && IS_ALIGNED(base, 1UL << order) &&
	       base + (1UL << order) <= L4_CAP_SLOTS;
}

/* The sender's items are well formed (checked before anything is delivered). */
static unsigned items_check(const struct thread *s, u64 tag)
{
	const u64 *mr = s->utcb->mr + L4_MSGTAG_WORDS(tag);

	for (unsigned i = 0; i < L4_MSGTAG_ITEMS(tag); i++, mr += L4_ITEM_WORDS) {
		if (!(mr[0] & L4_ITEM_MAP))
			return L4_IPC_EBADFPAGE;
		if (!mem_fpage_valid(mr[1]) && !obj_fpage_valid(mr[1]))
			return L4_IPC_EBADFPAGE;
	}
	return 0;
}

/* The receiver has a window for every item. */
/*
 * Local ids (as Fiasco's): a receiver that asks for them gets, for a
 * capability to a gate bound to one of its own task's threads, the gate's
 * label and the sender's W/S rights instead of a capability. That is how a
 * server recognises its own objects in what clients send it.
 */
static struct ipc_gate *local_id_gate(const struct thread *s, const struct thread *r, u64 fp,
				      u8 *rights)
{
	if (!(r->utcb->br[L4_BR_FLAGS] & L4_RCV_LOCAL_ID) || L4_FPAGE_TYPE(fp) != L4_FPAGE_OBJ ||
	    L4_FPAGE_ORDER(fp) != 0)
		return NULL;
	struct kobject *o = cap_object(s->task, L4_FPAGE_BASE(fp), rights);
	if (!o || o->type != KOBJ_GATE)
		return NULL;
	struct ipc_gate *g = (struct ipc_gate *)o;
	*rights &= (u8)L4_FPAGE_RIGHTS(fp); /* what the sender passes on, as for a mapping */
	return g->thread && g->thread->task == r->task ? g : NULL;
}

static unsigned items_fit(const struct thread *s, const struct thread *r, u64 tag)
{
	const u64 *mr = s->utcb->mr + L4_MSGTAG_WORDS(tag);
	u8 rights;

	for (unsigned i = 0; i < L4_MSGTAG_ITEMS(tag); i++, mr += L4_ITEM_WORDS) {
		if (local_id_gate(s, r, mr[1], &rights))
			continue;
		bool mem = L4_FPAGE_TYPE(mr[1]) == L4_FPAGE_MEMORY;
		u64 w = r->utcb->br[mem ? L4_BR_MEM : L4_BR_OBJ];
		if (mem ? !mem_fpage_valid(w) : !obj_fpage_valid(w))
			return L4_IPC_EMAPFAILED;
	}
	return 0;
}

static long item_map(struct thread *s, struct thread *r, u64 w0, u64 fp)
{
	bool grant = w0 & L4_ITEM_GRANT;
	u64 src, dst;
	unsigned order;

	if (L4_FPAGE_TYPE(fp) == L4_FPAGE_MEMORY) {
		u64 w = r->utcb->br[L4_BR_MEM];
		fpage_place(L4_FPAGE_BASE(fp), L4_FPAGE_ORDER(fp), w0 & L4_CAP_MASK,
			    L4_FPAGE_BASE(w), L4_FPAGE_ORDER(w), &src, &dst, &order);
		return mem_map(s->task, src, order, L4_FPAGE_RIGHTS(fp) & L4_FPAGE_RIGHTS(w),
			       r->task, dst, grant);
	}
	u64 w = r->utcb->br[L4_BR_OBJ];
	fpage_place(L4_FPAGE_BASE(fp) >> L4_CAP_SHIFT, L4_FPAGE_ORDER(fp), w0 >> L4_CAP_SHIFT,
		    L4_FPAGE_BASE(w) >> L4_CAP_SHIFT, L4_FPAGE_ORDER(w), &src, &dst, &order);
	u64 sfp = L4_OBJ_FPAGE(src << L4_CAP_SHIFT, order, L4_FPAGE_RIGHTS(fp));
	return cap_map(s->task, sfp, r->task, dst << L4_CAP_SHIFT, grant);
}

/*
 * Copy the message from s to r and carry out its items. Returns 0 or an IPC
 * error; on EMAPFAILED nothing has been delivered to r.
 */
static unsigned ipc_transfer(struct thread *s, struct thread *r, u64 tag)
{
	unsigned words = L4_MSGTAG_WORDS(tag);
	const u64 *mr = s->utcb->mr + words;

	u64 *rmr = r->utcb->mr + words;
	u8 rights;

	if (items_fit(s, r, tag))
		return L4_IPC_EMAPFAILED;
	for (unsigned i = 0; i < L4_MSGTAG_ITEMS(tag); i++, mr += L4_ITEM_WORDS) {
		struct ipc_gate *g = local_id_gate(s, r, mr[1], &rights);
		if (g) {
			rmr[L4_ITEM_WORDS * i] = L4_ITEM_MAP | L4_ITEM_LOCAL_ID;
			rmr[L4_ITEM_WORDS * i + 1] = g->label | (rights & (CAP_W | CAP_S));
		} else {
			if (item_map(s, r, mr[0], mr[1]) != 0)
				return L4_IPC_EMAPFAILED; /* out of memory or quota */
			rmr[L4_ITEM_WORDS * i] = mr[0] & ~L4_ITEM_LOCAL_ID;
			rmr[L4_ITEM_WORDS * i + 1] = mr[1];
		}
	}
	memcpy(r->utcb->mr, s->utcb->mr, words * sizeof(u64));
	return 0;
}

/* ---- wait-state bookkeeping -------------------------------------------------- */

/* Leave whatever queue t waits in (it stays blocked). */
static void ipc_dequeue(struct thread *t)
{
	/* A caller that stops waiting for a reply is no longer the partner's to answer. */
	struct thread *p = t->partner;
	if (t->in_call && p && p->reply_to == t) {
		p->reply_to = NULL;
		kobject_put(&t->obj);
	}
	if (list_linked(&t->wait_link))
		list_del(&t->wait_link);
	if (t->send_gate) {
		kobject_put(&t->send_gate->obj);
		t->send_gate = NULL;
	}
	t->partner = NULL;
	t->wait_irq = NULL;
	t->open_wait = false;
	t->in_call = false;
}

void thread_cancel_ipc(struct thread *t, unsigned send_err, unsigned recv_err)
{
	if (t->state != THREAD_SENDING && t->state != THREAD_RECEIVING)
		return;
	unsigned err = t->state == THREAD_SENDING ? send_err : recv_err;
	ipc_dequeue(t);
	ipc_set_error(t, err);
	sched_wake(t, t->result_tag, 0);
}

void ipc_timeout(struct thread *t)
{
	if (t->state == THREAD_VCPU_WFI) {
		sched_wake(t, 0, 0); /* the guest's timer deadline */
		return;
	}
	thread_cancel_ipc(t, L4_IPC_SETIMEOUT, L4_IPC_RETIMEOUT);
}

/* t, whose call message was just taken by r, now waits for r's reply. */
static void await_reply(struct thread *t, struct thread *r)
{
	t->state = THREAD_RECEIVING;
	t->in_call = true;
	t->partner = r;
	list_add_tail(&r->closed_waiters, &t->wait_link);
	if (r->reply_to)
		kobject_put(&r->reply_to->obj);
	r->reply_to = t;
	kobject_get(&t->obj);
}

/* Does r, blocked receiving, take a message from s now? */
static bool accepts(const struct thread *r, const struct thread *s)
{
	return r->state == THREAD_RECEIVING && !r->in_call && !r->wait_irq &&
	       (r->open_wait || r->partner == s);
}

/* ---- send --------------------------------------------------------------------- */

void ipc_send(struct thread *self, struct ipc_gate *g, u8 rights, u64 tag, u64 timeouts, bool call)
{
	struct thread *r = g->thread;
	u64 label = g->label | (rights & (CAP_W | CAP_S));
	unsigned err;

	if (!r || !thread_alive(r) || !r->task) {
		ipc_set_error(self, L4_IPC_ENOT_EXISTENT);
		return;
	}
	if ((err = items_check(self, tag))) {
		ipc_set_error(self, err);
		return;
	}
	if (accepts(r, self)) {
		if ((err = ipc_transfer(self, r, tag))) {
			ipc_set_error(self, err);
			return;
		}
		ipc_dequeue(r);
		sched_wake_handoff(r, tag & ~L4_MSGTAG_ERROR, label);
		if (!call) {
			self->result_tag = 0;
			return;
		}
		u64 deadline = sched_deadline(L4_TIMEOUT_RCV(timeouts));
		if (L4_TIMEOUT_RCV(timeouts) == 0) {
			ipc_set_error(self, L4_IPC_RETIMEOUT);
			return;
		}
		await_reply(self, r);
		sched_block(THREAD_RECEIVING, deadline);
		return;
	}
	if (L4_TIMEOUT_SND(timeouts) == 0) {
		ipc_set_error(self, L4_IPC_SETIMEOUT);
		return;
	}
	self->partner = r;
	self->send_gate = g;
	kobject_get(&g->obj);
	self->send_tag = tag;
	self->send_label = label;
	self->in_call = call;
	self->send_rcv_timeout = L4_TIMEOUT_RCV(timeouts);
	list_add_tail(&r->senders, &self->wait_link);
	sched_block(THREAD_SENDING, sched_deadline(L4_TIMEOUT_SND(timeouts)));
}

/* ---- receive -------------------------------------------------------------------- */

/* Take a queued sender s: deliver its message to self. */
static bool take_sender(struct thread *self, struct thread *s)
{
	u64 tag = s->send_tag, label = s->send_label;
	bool call = s->in_call;
	unsigned err = ipc_transfer(s, self, tag);

	ipc_dequeue(s);
	if (err) {
		ipc_set_error(s, err);
		sched_wake(s, s->result_tag, 0);
		return false;
	}
	self->result_tag = tag & ~L4_MSGTAG_ERROR;
	self->result_label = label;
	if (call && s->send_rcv_timeout == 0) {
		ipc_set_error(s, L4_IPC_RETIMEOUT);
		sched_wake(s, s->result_tag, 0);
	} else if (call) {
		/* s stays blocked, now waiting for the reply, under its receive timeout. */
		await_reply(s, self);
		sched_set_timeout(s, sched_deadline(s->send_rcv_timeout));
	} else {
		sched_wake(s, 0, 0);
	}
	return true;
}

static void ipc_receive(struct thread *self, struct thread *from, struct irq *irq, u32 timeout_us)
{
	/* Pending IRQs first: they cannot wait. */
	if (!list_empty(&self->irqs_pending) && !from) {
		struct irq *q = irq;
		if (!q)
			q = list_entry(self->irqs_pending.next, struct irq, pending_link);
		if (q->pending) {
			self->result_tag = L4_MSGTAG(L4_PROTO_IRQ, 0, 0, 0);
			self->result_label = q->label;
			irq_delivered(q);
			return;
		}
	}
	if (!irq) {
		for (struct list *p = self->senders.next; p != &self->senders;) {
			struct thread *s = list_entry(p, struct thread, wait_link);
			p = p->next;
			if (from && s != from)
				continue;
			if (take_sender(self, s))
				return;
		}
	}
	if (timeout_us == 0) {
		ipc_set_error(self, L4_IPC_RETIMEOUT);
		return;
	}
	self->open_wait = !from && !irq;
	self->partner = from;
	self->wait_irq = irq;
	self->in_call = false;
	if (from)
		list_add_tail(&from->closed_waiters, &self->wait_link);
	sched_block(THREAD_RECEIVING, sched_deadline(timeout_us));
}

bool ipc_deliver_irq(struct thread *t, struct irq *q)
{
	if (t->state != THREAD_RECEIVING || t->in_call || t->partner)
		return false;
	if (!t->open_wait && t->wait_irq != q)
		return false;
	ipc_dequeue(t);
	sched_wake(t, L4_MSGTAG(L4_PROTO_IRQ, 0, 0, 0), q->label);
	return true;
}

/* ---- reply ---------------------------------------------------------------------- */

static unsigned ipc_reply(struct thread *self, u64 tag)
{
	struct thread *c = self->reply_to;
	unsigned err;

	self->reply_to = NULL;
	if (!c)
		return L4_IPC_ENOREPLY;
	if (c->state != THREAD_RECEIVING || !c->in_call || c->partner != self) {
		kobject_put(&c->obj);
		return L4_IPC_ENOREPLY;
	}
	err = items_check(self, tag);
	if (!err)
		err = ipc_transfer(self, c, tag);
	ipc_dequeue(c);
	if (err)
		ipc_set_error(c, L4_IPC_EMAPFAILED);
	sched_wake_handoff(c, err ? c->result_tag : tag & ~L4_MSGTAG_ERROR, 0);
	kobject_put(&c->obj);
	return err;
}

/* ---- the system call -------------------------------------------------------------- */

static void ipc_closed_receive(struct thread *self, u64 sel, u32 timeout_us)
{
	u8 rights;
	struct kobject *o = cap_object(self->task, sel, &rights);

	if (o && o->type == KOBJ_THREAD && thread_alive((struct thread *)o))
		ipc_receive(self, (struct thread *)o, NULL, timeout_us);
	else if (o && o->type == KOBJ_IRQ && ((struct irq *)o)->target == self)
		ipc_receive(self, NULL, (struct irq *)o, timeout_us);
	else
		ipc_set_error(self, L4_IPC_ENOT_EXISTENT);
}

static void ipc_invoke(struct thread *self, u64 sel, unsigned flags, u64 tag, u64 timeouts)
{
	u8 rights;
	struct kobject *o = cap_object(self->task, sel, &rights);

	if (!o) {
		ipc_set_error(self, L4_IPC_ENOT_EXISTENT);
		return;
	}
	if (o->type == KOBJ_GATE && L4_MSGTAG_LABEL(tag) != L4_PROTO_KOBJECT) {
		if (flags & ~L4_SYSF_CALL) {
			ipc_set_error(self, L4_IPC_EBADFLAGS);
			return;
		}
		ipc_send(self, (struct ipc_gate *)o, rights, tag, timeouts, flags & L4_SYSF_RECV);
		return;
	}
	/* Kernel objects answer calls, at once. */
	if (flags != L4_SYSF_CALL) {
		ipc_set_error(self, L4_IPC_EBADFLAGS);
		return;
	}
	/*
	 * The object stays while the call runs. A thread invoking itself needs no
	 * reference: a vCPU resume can be deleted while it waits in the guest's
	 * WFI or is preempted, and its stack is then abandoned, not unwound.
	 */
	bool self_call = o == &self->obj;
	if (!self_call)
		kobject_get(o);
	self->result_tag = kobject_invoke(o, rights, self, tag);
	self->result_label = 0;
	if (!self_call)
		kobject_put(o);
}

/*
 * A vCPU resuming its guest through its own thread capability: the thread
 * protocol's checks, without the general invocation path (every VM exit that
 * the VMM handles comes back through here).
 */
static bool vcpu_resume_fastpath(struct thread *self, struct trap_frame *f, u8 rights)
{
	if (f->x[1] != L4_MSGTAG(L4_PROTO_THREAD, 2, 0, 0) ||
	    self->utcb->mr[0] != L4_THREAD_VCPU_RESUME_OP || !(rights & CAP_W))
		return false;
	f->x[0] = vcpu_op_resume(self, self, 2);
	f->x[1] = 0;
	return true;
}

/*
 * The common cases of a client-server exchange, decided from a few fields and
 * done without the general machinery: a call to a gate whose thread waits
 * openly, and a reply-and-wait to a caller that waits for it, when nothing
 * else is queued, no items travel, no timeout needs arming, and the partner
 * may run right away. Anything else takes the general path, which gives the
 * same results.
 */
static bool ipc_fastpath(struct thread *self, struct trap_frame *f)
{
	u64 tag = f->x[1];
	unsigned flags = (unsigned)(f->x[0] & ~L4_CAP_MASK);
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct cpu *c = this_cpu();
	struct thread *r;

	if ((flags != L4_SYSF_CALL && flags != L4_SYSF_REPLY_AND_WAIT) || L4_MSGTAG_ITEMS(tag) ||
	    L4_TIMEOUT_RCV(f->x[2]) != L4_TIMEOUT_NEVER || c->handoff)
		return false;
	if (flags == L4_SYSF_CALL) {
		u8 rights;
		struct kobject *o = cap_object(self->task, f->x[0] & L4_CAP_MASK, &rights);
		if (!o || o->type != KOBJ_GATE || L4_MSGTAG_LABEL(tag) == L4_PROTO_KOBJECT)
			return o == &self->obj && self->vcpu &&
			       vcpu_resume_fastpath(self, f, rights);
		struct ipc_gate *g = (struct ipc_gate *)o;
		r = g->thread;
		if (!r || r->state != THREAD_RECEIVING || !r->open_wait || r->timeout_at ||
		    !r->task || r->prio < sched_highest_ready_prio(c))
			return false;
		memcpy(r->utcb->mr, self->utcb->mr, words * sizeof(u64));
		r->open_wait = false;
		r->result_tag = tag;
		r->result_label = g->label | (rights & (CAP_W | CAP_S));
		await_reply(self, r);
		self->state = THREAD_RECEIVING;
	} else if (flags == L4_SYSF_REPLY_AND_WAIT) {
		r = self->reply_to;
		if (!r || r->state != THREAD_RECEIVING || !r->in_call || r->partner != self ||
		    r->timeout_at || !list_empty(&self->senders) ||
		    !list_empty(&self->irqs_pending) || r->prio < sched_highest_ready_prio(c))
			return false;
		memcpy(r->utcb->mr, self->utcb->mr, words * sizeof(u64));
		list_del(&r->wait_link);
		r->in_call = false;
		r->partner = NULL;
		r->result_tag = tag;
		r->result_label = 0;
		self->reply_to = NULL;
		kobject_put(&r->obj); /* still referenced: r waits */
		self->open_wait = true;
		self->state = THREAD_RECEIVING;
	} else {
		return false;
	}
	/* self is blocked; its results arrive with whoever wakes it. */
	sched_switch_direct(c, r);
	f->x[0] = self->result_tag;
	f->x[1] = self->result_label;
	return true;
}

void ipc_syscall(struct thread *self, struct trap_frame *f)
{
	if (ipc_fastpath(self, f))
		return;

	u64 sel = f->x[0] & L4_CAP_MASK, tag = f->x[1], timeouts = f->x[2];
	unsigned flags = (unsigned)(f->x[0] & ~L4_CAP_MASK);

	self->result_tag = 0;
	self->result_label = 0;
	if (flags & ~(unsigned)L4_SYSF_REPLY_AND_WAIT) {
		ipc_set_error(self, L4_IPC_EBADFLAGS);
	} else if ((flags & (L4_SYSF_SEND | L4_SYSF_REPLY)) && msg_words(tag) > L4_UTCB_MRS) {
		ipc_set_error(self, L4_IPC_EMSGTOOLONG);
	} else if (flags & L4_SYSF_REPLY) {
		unsigned err = ipc_reply(self, tag);
		if (flags & L4_SYSF_RECV)
			ipc_receive(self, NULL, NULL, L4_TIMEOUT_RCV(timeouts));
		else if (err)
			ipc_set_error(self, err);
	} else if (flags & L4_SYSF_SEND) {
		ipc_invoke(self, sel, flags, tag, timeouts);
	} else if (flags & L4_SYSF_RECV) {
		if (flags & L4_SYSF_OPEN_WAIT)
			ipc_receive(self, NULL, NULL, L4_TIMEOUT_RCV(timeouts));
		else
			ipc_closed_receive(self, sel, L4_TIMEOUT_RCV(timeouts));
	} else {
		ipc_set_error(self, L4_IPC_EBADFLAGS);
	}
	f->x[0] = self->result_tag;
	f->x[1] = self->result_label;
}
