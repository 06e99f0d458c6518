/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads: a kernel stack, saved user registers, a UTCB, and a place in the run queue. */
#pragma once

#include "arch/frame.h"
#include "kobject.h"
#include "tern/utcb.h"

struct task;

enum thread_state { THREAD_READY, THREAD_RUNNING, THREAD_DEAD };

#define THREAD_KSTACK_ORDER 2 /* 16 KiB */

struct thread {
	struct kobject obj;
	struct arch_context ctx;
	struct task *task;
	u8 *kstack;
	struct trap_frame *uframe; /* user registers, at the top of kstack */
	uaddr_t utcb_uva;
	struct l4_utcb *utcb;
	enum thread_state state;
	struct thread *rq_next, *rq_prev;
	u32 id;
};

/* A thread of task that will start at EL0 at pc with sp and x0, x1. */
struct thread *thread_create(struct task *task, uaddr_t utcb_uva, paddr_t utcb_pa) __must_check;
void thread_set_user_entry(struct thread *t, u64 pc, u64 sp, u64 x0, u64 x1);
/* Stop t for good; if t is running, does not return. */
void thread_kill(struct thread *t);
void thread_free(struct thread *t);

static inline struct l4_utcb *thread_utcb(struct thread *t)
{
	return t->utcb;
}
