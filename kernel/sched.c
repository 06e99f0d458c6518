// SPDX-License-Identifier: BSD-2-Clause
/* Priority round-robin scheduling on one CPU, timeouts, and the idle loop. */
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "arch/vspace.h"
#include "console.h"
#include "fpu.h"
#include "ipc.h"
#include "panic.h"
#include "sched.h"
#include "task.h"

struct cpu boot_cpu;

void sched_init(void)
{
	struct cpu *c = &boot_cpu;

	for (unsigned p = 0; p < SCHED_PRIOS; p++)
		list_init(&c->rq[p]);
	list_init(&c->timeouts);
	list_init(&c->zombies);
	c->idle_since = timer_count();
}

u64 sched_deadline(u32 us)
{
	if (us == L4_TIMEOUT_NEVER)
		return 0;
	/* At least one counter tick later, so a deadline is never "now". */
	return timer_count() + (u64)us * timer_frequency() / 1000000 + 1;
}

void sched_ready(struct thread *t)
{
	struct cpu *c = this_cpu();

	t->state = THREAD_READY;
	list_add_tail(&c->rq[t->prio], &t->rq_link);
	c->rq_bitmap[t->prio / 64] |= 1UL << (t->prio % 64);
	if (!c->current || t->prio > c->current->prio)
		c->need_resched = true;
}

void sched_unready(struct thread *t)
{
	struct cpu *c = this_cpu();

	if (c->handoff == t) {
		c->handoff = NULL;
		return;
	}
	list_del(&t->rq_link);
	if (list_empty(&c->rq[t->prio]))
		c->rq_bitmap[t->prio / 64] &= ~(1UL << (t->prio % 64));
}

int sched_highest_ready_prio(const struct cpu *c)
{
	for (int w = SCHED_PRIOS / 64 - 1; w >= 0; w--)
		if (c->rq_bitmap[w])
			return w * 64 + 63 - __builtin_clzl(c->rq_bitmap[w]);
	return -1;
}

static struct thread *pick_next(struct cpu *c)
{
	int p = sched_highest_ready_prio(c);
	if (p < 0)
		return NULL;
	struct thread *t = list_entry(c->rq[p].next, struct thread, rq_link);
	sched_unready(t);
	return t;
}

static void account(struct cpu *c, struct thread *prev, u64 now)
{
	if (prev)
		prev->cpu_time += now - prev->run_start;
	else
		c->idle_time += now - c->idle_since;
}

static void switch_to(struct cpu *c, struct thread *next)
{
	struct thread *prev = c->current;
	u64 now = timer_count();

	c->need_resched = false;
	if (next == prev) {
		if (next)
			next->state = THREAD_RUNNING;
		return;
	}
	account(c, prev, now);
	if (next) {
		next->state = THREAD_RUNNING;
		next->run_start = now;
		if (!prev || prev->task != next->task)
			vspace_activate(&next->task->vs);
	} else {
		c->idle_since = now;
		vspace_deactivate();
	}
	c->current = next;
	fpu_switch_to(c, next);
	arch_context_switch(prev ? &prev->ctx : &c->idle.ctx, next ? &next->ctx : &c->idle.ctx);
}

/* Put a pending handoff thread on the run queue after all. */
static void handoff_flush(struct cpu *c)
{
	struct thread *h = c->handoff;

	if (h) {
		c->handoff = NULL;
		sched_ready(h);
	}
}

void sched_switch_direct(struct cpu *c, struct thread *next)
{
	switch_to(c, next);
}

void schedule(void)
{
	struct cpu *c = this_cpu();
	struct thread *h = c->handoff;

	/* IPC fast path: the partner just woken runs next, without the run queue. */
	if (h && h->prio >= sched_highest_ready_prio(c)) {
		c->handoff = NULL;
		switch_to(c, h);
		return;
	}
	handoff_flush(c);
	switch_to(c, pick_next(c));
}

void sched_yield(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;

	if (cur && cur->state == THREAD_RUNNING)
		sched_ready(cur);
	schedule();
}

static void timeout_remove(struct thread *t)
{
	if (list_linked(&t->timeout_link))
		list_del(&t->timeout_link);
	t->timeout_at = 0;
}

void sched_set_timeout(struct thread *t, u64 deadline)
{
	struct cpu *c = this_cpu();

	timeout_remove(t);
	t->timeout_at = deadline;
	if (!deadline)
		return;
	/* Keep the list sorted by deadline. */
	struct list *pos = c->timeouts.next;
	while (pos != &c->timeouts &&
	       list_entry(pos, struct thread, timeout_link)->timeout_at <= deadline)
		pos = pos->next;
	list_add_tail(pos, &t->timeout_link);
	timer_reprogram();
}

void sched_block(u8 st, u64 deadline)
{
	struct thread *t = this_cpu()->current;

	t->state = st;
	sched_set_timeout(t, deadline);
	schedule();
}

void sched_wake(struct thread *t, u64 tag, u64 label)
{
	timeout_remove(t);
	t->result_tag = tag;
	t->result_label = label;
	sched_ready(t);
}

void sched_wake_handoff(struct thread *t, u64 tag, u64 label)
{
	struct cpu *c = this_cpu();

	if (c->handoff) {
		sched_wake(t, tag, label);
		return;
	}
	timeout_remove(t);
	t->result_tag = tag;
	t->result_label = label;
	t->state = THREAD_READY;
	c->handoff = t;
}

void sched_tick(u64 now)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;
	u64 us = (now - c->last_tick) * 1000000 / timer_frequency();

	c->last_tick = now;
	if (!cur)
		return;
	if (cur->slice_left_us > us) {
		cur->slice_left_us -= (u32)us;
		return;
	}
	cur->slice_left_us = cur->slice_us;
	if (!list_empty(&c->rq[cur->prio]))
		c->need_resched = true; /* round-robin among equals */
}

void sched_expire_timeouts(u64 now)
{
	struct cpu *c = this_cpu();

	while (!list_empty(&c->timeouts)) {
		struct thread *t = list_entry(c->timeouts.next, struct thread, timeout_link);
		if (t->timeout_at > now)
			break;
		ipc_timeout(t);
	}
}

u64 sched_next_timeout(void)
{
	struct cpu *c = this_cpu();

	if (list_empty(&c->timeouts))
		return 0;
	return list_entry(c->timeouts.next, struct thread, timeout_link)->timeout_at;
}

static void sched_reap(struct cpu *c)
{
	while (!list_empty(&c->zombies)) {
		struct thread *t = list_entry(c->zombies.next, struct thread, rq_link);
		list_del(&t->rq_link);
		thread_reap(t);
	}
}

void sched_preempt_slow(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;

	handoff_flush(c);
	if (cur && cur->state != THREAD_RUNNING) {
		/* Dead (deleted during the system call) or otherwise off the CPU. */
		schedule();
		CHECK(false); /* a thread that is not running is never switched back to here */
	}
	/* Dead threads' stacks can go now: none of them is the one running. */
	sched_reap(c);
	if (c->need_resched) {
		int p = sched_highest_ready_prio(c);
		if (p >= 0 && (!cur || p >= cur->prio))
			sched_yield();
		c->need_resched = false;
	}
}

void sched_run_idle(void)
{
	struct cpu *c = this_cpu();

	for (;;) {
		sched_reap(c);
		if (sched_highest_ready_prio(c) >= 0) {
			schedule();
			continue;
		}
		if (c->live_threads == 0) {
			kprintf("[kernel] no user threads left after %lu timer ticks; powering "
				"off\n",
				timer_ticks());
			psci_system_off();
		}
		/* Wait for an interrupt with IRQs open only here. */
		__asm__ volatile("msr daifclr, #2; wfi; msr daifset, #2" ::: "memory");
	}
}
