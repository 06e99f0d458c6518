// SPDX-License-Identifier: BSD-2-Clause
/* Threads: creation, binding to a task, the thread protocol, deletion. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "cap.h"
#include "factory.h"
#include "fpu.h"
#include "ipc.h"
#include "irq.h"
#include "page_alloc.h"
#include "panic.h"
#include "sched.h"
#include "slab.h"
#include "task.h"
#include "vcpu.h"

_Static_assert(sizeof(struct thread) <= SLAB_MAX_SIZE, "a thread fits a slab object");

extern char arch_thread_start[];
static u32 thread_next_id = 1;

struct thread *thread_create(struct factory *f)
{
	paddr_t stack = page_alloc_get(&kernel_pages, THREAD_KSTACK_ORDER);
	if (stack == PADDR_INVALID)
		return NULL;
	struct thread *t =
		kobject_alloc(KOBJ_THREAD, f, sizeof(*t), PAGE_SIZE << THREAD_KSTACK_ORDER);
	if (!t) {
		page_alloc_put(&kernel_pages, stack, THREAD_KSTACK_ORDER);
		return NULL;
	}
	t->id = thread_next_id++;
	list_init(&t->task_link);
	list_init(&t->rq_link);
	list_init(&t->senders);
	list_init(&t->closed_waiters);
	list_init(&t->wait_link);
	list_init(&t->timeout_link);
	list_init(&t->irqs_pending);
	t->pager_sel = t->exc_sel = L4_INVALID_CAP;
	t->prio = THREAD_DEFAULT_PRIO;
	t->slice_us = t->slice_left_us = THREAD_DEFAULT_SLICE_US;
	t->state = THREAD_INACTIVE;
	t->kstack = pa_to_kva(stack);
	t->uframe = (struct trap_frame *)(t->kstack + (PAGE_SIZE << THREAD_KSTACK_ORDER)) - 1;
	memset(t->uframe, 0, sizeof(*t->uframe));
	t->uframe->spsr = SPSR_MODE_EL0T; /* all interrupts unmasked at EL0 */
	/* The first switch to t "returns" into arch_thread_start with sp at its frame. */
	t->ctx.lr = (u64)arch_thread_start;
	t->ctx.sp = (u64)t->uframe;
	this_cpu()->live_threads++;
	return t;
}

long thread_bind(struct thread *t, struct task *task, uaddr_t utcb_uva)
{
	if (t->task || !thread_alive(t))
		return -L4_EBUSY;
	struct l4_utcb *u = task_utcb_claim(task, utcb_uva);
	if (!u)
		return -L4_EINVAL;
	t->task = task;
	kobject_get(&task->obj);
	list_add_tail(&task->threads, &t->task_link);
	t->utcb = u;
	t->utcb_uva = utcb_uva;
	t->ctx.tpidrro_el0 = utcb_uva;
	return 0;
}

void thread_set_user_entry(struct thread *t, u64 pc, u64 sp, u64 x0, u64 x1)
{
	t->uframe->elr = pc;
	t->uframe->sp_el0 = sp;
	t->uframe->x[0] = x0;
	t->uframe->x[1] = x1;
	t->started = true;
}

/* Stop t for good: out of every queue, its partners told, its resources released. */
static void thread_stop(struct thread *t)
{
	if (!thread_alive(t))
		return;
	if (t->state == THREAD_READY)
		sched_unready(t);
	thread_cancel_ipc(t, L4_IPC_SECANCELED, L4_IPC_RECANCELED);
	if (t->state == THREAD_READY) /* cancel made it ready */
		sched_unready(t);
	sched_set_timeout(t, 0);
	/* Whoever waits on t learns that it is gone. */
	while (!list_empty(&t->senders))
		thread_cancel_ipc(list_entry(t->senders.next, struct thread, wait_link),
				  L4_IPC_ENOT_EXISTENT, L4_IPC_ENOT_EXISTENT);
	while (!list_empty(&t->closed_waiters))
		thread_cancel_ipc(list_entry(t->closed_waiters.next, struct thread, wait_link),
				  L4_IPC_ENOT_EXISTENT, L4_IPC_ENOT_EXISTENT);
	while (!list_empty(&t->irqs_pending))
		list_del(t->irqs_pending.next);
	if (t->reply_to) {
		kobject_put(&t->reply_to->obj);
		t->reply_to = NULL;
	}
	t->state = THREAD_DEAD;
	this_cpu()->live_threads--;
}

void thread_kill(struct thread *t)
{
	thread_stop(t);
}

void thread_unbind(struct thread *t)
{
	thread_stop(t);
	if (!t->task)
		return;
	struct task *task = t->task;
	vcpu_destroy(t);
	list_del(&t->task_link);
	task_utcb_release(task, t->utcb_uva);
	t->task = NULL;
	t->utcb = NULL;
	kobject_put(&task->obj);
}

void thread_destroy(struct kobject *obj)
{
	thread_unbind((struct thread *)obj);
}

void thread_free(struct kobject *obj)
{
	/* t may be the thread running now, on its own stack: the idle loop frees it. */
	list_add_tail(&this_cpu()->zombies, &((struct thread *)obj)->rq_link);
}

void thread_reap(struct thread *t)
{
	fpu_forget(t);
	page_alloc_put(&kernel_pages, kva_to_pa(t->kstack), THREAD_KSTACK_ORDER);
	slab_free(t, sizeof(*t));
}

/* ---- the thread protocol -------------------------------------------------------- */

static u64 thread_op_control(struct thread *t, struct thread *caller, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	u64 flags = u->mr[1];

	if (words < 6 ||
	    (flags & ~(L4_THREAD_CTL_PAGER | L4_THREAD_CTL_EXC_HANDLER | L4_THREAD_CTL_BIND)))
		return kobject_reply(-L4_EINVAL, 0);
	if (flags & L4_THREAD_CTL_BIND) {
		struct kobject *o = cap_object(caller->task, u->mr[4], NULL);
		if (!o || o->type != KOBJ_TASK)
			return kobject_reply(-L4_EINVAL, 0);
		long err = thread_bind(t, (struct task *)o, u->mr[5]);
		if (err)
			return kobject_reply(err, 0);
	}
	if (flags & L4_THREAD_CTL_PAGER)
		t->pager_sel = u->mr[2] & L4_CAP_MASK;
	if (flags & L4_THREAD_CTL_EXC_HANDLER)
		t->exc_sel = u->mr[3] & L4_CAP_MASK;
	return kobject_reply(0, 0);
}

static u64 thread_op_ex_regs(struct thread *t, struct thread *caller, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	u64 pc = u->mr[1], sp = u->mr[2], flags = u->mr[3];

	if (words < 4 || (flags & ~L4_THREAD_EX_REGS_CANCEL))
		return kobject_reply(-L4_EINVAL, 0);
	if (!t->task || !thread_alive(t))
		return kobject_reply(-L4_EINVAL, 0);
	u->mr[0] = t->uframe->elr;
	u->mr[1] = t->uframe->sp_el0;
	u->mr[2] = 0;
	if (pc != L4_THREAD_KEEP) {
		t->uframe->elr = pc;
		t->started = true;
	}
	if (sp != L4_THREAD_KEEP)
		t->uframe->sp_el0 = sp;
	if (flags & L4_THREAD_EX_REGS_CANCEL)
		thread_cancel_ipc(t, L4_IPC_SECANCELED, L4_IPC_RECANCELED);
	return kobject_reply(0, 3);
}

static u64 thread_op_stats(struct thread *t, struct thread *caller)
{
	struct l4_utcb *u = caller->utcb;
	static const u8 states[] = {
		[THREAD_INACTIVE] = L4_THREAD_STATE_INACTIVE,
		[THREAD_READY] = L4_THREAD_STATE_READY,
		[THREAD_RUNNING] = L4_THREAD_STATE_READY,
		[THREAD_SENDING] = L4_THREAD_STATE_SENDING,
		[THREAD_RECEIVING] = L4_THREAD_STATE_RECEIVING,
		[THREAD_DEAD] = L4_THREAD_STATE_DEAD,
		[THREAD_VCPU_WFI] = L4_THREAD_STATE_RECEIVING,
	};
	u64 cpu = t->cpu_time;

	if (t == this_cpu()->current)
		cpu += timer_count() - t->run_start;
	u->mr[0] = states[t->state];
	u->mr[1] = timer_ticks_to_ns(cpu);
	u->mr[2] = t->utcb_uva;
	u->mr[3] = t->prio;
	return kobject_reply(0, 4);
}

u64 thread_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct thread *t = (struct thread *)obj;
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_THREAD)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	u64 op = caller->utcb->mr[0];
	if (op == L4_THREAD_STATS_OP)
		return rights & CAP_R ? thread_op_stats(t, caller) : kobject_reply(-L4_EPERM, 0);
	if (op > L4_THREAD_VCPU_KICK_OP)
		return kobject_reply(-L4_ENOSYS, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	switch (op) {
	case L4_THREAD_CONTROL_OP: return thread_op_control(t, caller, words);
	case L4_THREAD_EX_REGS_OP: return thread_op_ex_regs(t, caller, words);
	case L4_THREAD_VCPU_CONTROL_OP: return vcpu_op_control(t, caller, words);
	case L4_THREAD_VCPU_RESUME_OP: return vcpu_op_resume(t, caller, words);
	case L4_THREAD_VCPU_IRQ_OP: return vcpu_op_irq(t, caller, words);
	default: return vcpu_op_kick(t);
	}
}
