/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Per-CPU scheduling: fixed priorities 0..255 (higher first), round-robin
 * with time slices within a priority, timeouts, CPU time accounting.
 */
#pragma once

#include "thread.h"

#define SCHED_PRIOS 256

struct cpu {
	struct thread *current; /* NULL while the CPU idles */
	struct thread idle;	/* context of the idle loop */
	struct list rq[SCHED_PRIOS];
	u64 rq_bitmap[SCHED_PRIOS / 64];
	struct list timeouts;	    /* blocked threads by deadline */
	struct list zombies;	    /* dead threads whose memory the idle loop frees */
	struct fp_state *fpu_owner; /* whose FP/SIMD registers the CPU holds */
	struct thread *handoff;	    /* woken by IPC, READY but not queued: run it next if it may */
	bool need_resched;
	struct vcpu *vcpu_loaded; /* whose EL1, timer and GIC state the CPU holds */
	struct task *vm_loaded;	  /* whose stage 2 (VTTBR_EL2) and CNTVOFF_EL2 */
	unsigned live_threads;	  /* threads not dead, on this CPU */
	u64 idle_time, idle_since;
	u64 last_tick;
	unsigned id;
};

/* One CPU runs for now; per-CPU state lives in struct cpu all the same. */
extern struct cpu boot_cpu;
static inline struct cpu *this_cpu(void)
{
	return &boot_cpu;
}
void sched_init(void);

/* Put t on the run queue (state READY); preempts the current thread if t outranks it. */
void sched_ready(struct thread *t);
/* Take t off the run queue. */
void sched_unready(struct thread *t);
/* Give the CPU to the best ready thread; the current one must have left RUNNING. */
void schedule(void);
/* The highest priority with a ready thread, -1 if none. */
int sched_highest_ready_prio(const struct cpu *c);
/* IPC fast path: the current thread has blocked; run next (blocked until now) at once. */
void sched_switch_direct(struct cpu *c, struct thread *next);
/* Current thread stays ready but lets equal priorities run (end of slice, yield). */
void sched_yield(void);
/*
 * Block the current thread in state st until someone wakes it or the timeout
 * (counter value, 0 = none) passes; the waker fills result_tag/label.
 */
void sched_block(u8 st, u64 deadline);
/* (Re)arm t's timeout at deadline (counter value; 0 = none). */
void sched_set_timeout(struct thread *t, u64 deadline);
/* Wake a blocked thread t with a result (removes its timeout). */
void sched_wake(struct thread *t, u64 tag, u64 label);

/*
 * Like sched_wake, for the partner of an IPC whose current thread is about to
 * block: it runs next, without passing through the run queue, unless a
 * higher-priority thread is ready (or it is flushed to the queue at the next
 * preemption point).
 */
void sched_wake_handoff(struct thread *t, u64 tag, u64 label);

/* Timer tick and timeout handling, from the timer interrupt. */
void sched_tick(u64 now);
void sched_expire_timeouts(u64 now);
u64 sched_next_timeout(void);

/* On the way back to EL0: switch if needed, never return to a dead thread. */
void sched_preempt_slow(void);
static inline void sched_preempt_point(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;

	/* The common case, kept short: nothing to do. */
	if (c->handoff || c->need_resched || !cur || cur->state != THREAD_RUNNING ||
	    !list_empty(&c->zombies))
		sched_preempt_slow();
}
__noreturn void sched_run_idle(void);

/*
 * Scheduler objects (sched_obj.c). The permanent boot-time one
 * (scheduler_object) has the whole range 0..L4_SCHED_MAX_PRIO; a derived one,
 * made by a factory, maps a requested priority p to min(p + base, limit),
 * flattened over all its ancestors, so it keeps no reference to its parent.
 */
struct scheduler {
	struct kobject obj;
	u8 base, limit;
};

u64 scheduler_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag);
/* Unix time in seconds when the counter read 0 (from the RTC at boot); 0: unknown. */
extern u64 sched_epoch;
/* A scheduler derived from the one caller's selector parent names; NULL with *err set. */
struct scheduler *scheduler_create(struct factory *f, struct thread *caller, u64 parent, u64 limit,
				   u64 base, long *err);
void scheduler_free(struct kobject *obj);

/* Counter value of now + us microseconds; 0 for L4_TIMEOUT_NEVER. */
u64 sched_deadline(u32 us);
