/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: kernel stack, user registers, UTCB, scheduling and IPC state. */
#pragma once

#include "arch/frame.h"
#include "kobject.h"
#include "list.h"
#include "tern/utcb.h"

struct task;
struct ipc_gate;
struct irq;
struct factory;
struct vcpu;

enum thread_state {
	THREAD_INACTIVE,  /* created, not (yet) run by the scheduler */
	THREAD_READY,	  /* on a run queue */
	THREAD_RUNNING,	  /* current on its CPU */
	THREAD_SENDING,	  /* blocked in a send phase, queued at partner */
	THREAD_RECEIVING, /* blocked in a receive phase */
	THREAD_DEAD,
	THREAD_VCPU_WFI, /* a vCPU blocked in the guest's WFI */
};

#define THREAD_KSTACK_ORDER	2 /* 16 KiB */
#define THREAD_DEFAULT_PRIO	100
#define THREAD_DEFAULT_SLICE_US 10000

struct thread {
	struct kobject obj;
	struct arch_context ctx;
	struct task *task; /* bound task (a reference) or NULL */
	struct list task_link;
	u8 *kstack;
	struct trap_frame *uframe; /* user registers, at the top of kstack */
	uaddr_t utcb_uva;
	struct l4_utcb *utcb; /* kernel view; a scratch UTCB while unbound */
	u64 pager_sel, exc_sel;

	/* Scheduling. */
	u8 state;
	u8 prio;
	bool started; /* ex_regs gave it a pc */
	u32 slice_us, slice_left_us;
	struct list rq_link;
	u64 cpu_time, run_start; /* counter ticks */

	/* IPC. */
	struct list senders;	    /* threads blocked sending to me */
	struct list closed_waiters; /* threads in a closed receive on me */
	struct list wait_link;	    /* my place in one of the two lists above */
	struct thread *partner;	    /* SENDING: receiver; RECEIVING closed: the awaited sender */
	struct irq *wait_irq;	    /* RECEIVING closed on an IRQ */
	bool open_wait;
	bool in_call;		    /* SENDING/RECEIVING as part of a call */
	struct ipc_gate *send_gate; /* SENDING through this gate (a reference) */
	u64 send_tag, send_label;
	u64 send_rcv_timeout;	      /* a call's receive timeout, for after the send */
	struct thread *reply_to;      /* the caller awaiting my reply (a reference) */
	u64 result_tag, result_label; /* filled in by whoever completes my IPC */
	u64 timeout_at;		      /* counter value; 0 = none */
	struct list timeout_link;
	struct list irqs_pending; /* IRQs attached to me awaiting delivery */

	struct vcpu *vcpu; /* vCPU mode: the guest state (docs/vm.md) */
	u32 id;
};

struct thread *thread_create(struct factory *f) __must_check;
/* Bind t to task with its UTCB at utcb_uva (a free UTCB page of task). */
long thread_bind(struct thread *t, struct task *task, uaddr_t utcb_uva) __must_check;
/* Stop t for good (an unresolved fault); it stays bound, dead. */
void thread_kill(struct thread *t);
/* Stop t for good and detach it from its task (task deletion). */
void thread_unbind(struct thread *t);
/* Make t runnable at pc/sp (first start) with x0, x1. */
void thread_set_user_entry(struct thread *t, u64 pc, u64 sp, u64 x0, u64 x1);
/* End any IPC t is blocked in, with error e (an enum l4_ipc_error; send or receive variant). */
void thread_cancel_ipc(struct thread *t, unsigned send_err, unsigned recv_err);

u64 thread_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
void thread_destroy(struct kobject *obj);
void thread_free(struct kobject *obj);
/* Free the memory of a dead thread (from the idle loop, never on its own stack). */
void thread_reap(struct thread *t);

static inline bool thread_alive(const struct thread *t)
{
	return t->state != THREAD_DEAD;
}
