/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-CPU scheduling: a round-robin run queue of ready threads and an idle loop. */
#pragma once

#include "thread.h"

struct cpu {
	struct thread *current;	    /* NULL while the CPU idles */
	struct thread rq;	    /* run-queue head (a dummy thread) */
	struct thread idle;	    /* context of the idle loop */
	struct thread *zombies[16]; /* dead threads whose stacks are freed by idle */
	unsigned nzombies;
	bool need_resched;
	unsigned user_threads; /* threads alive on this CPU */
	unsigned id;
};

struct cpu *this_cpu(void);
void sched_init(void);
void sched_enqueue(struct thread *t);
void sched_tick(void);
/* Switch to the next ready thread (or idle). The caller's thread stays ready. */
void sched_yield(void);
/* Called on the way back to EL0: switch if the tick asked for it. */
void sched_preempt_point(void);
/* The current thread is dead: switch away for good. */
__noreturn void sched_exit_current(void);
/* The boot CPU becomes the idle loop; powers off when no user thread is left. */
__noreturn void sched_run_idle(void);
