// SPDX-License-Identifier: BSD-2-Clause
/* Threads: start state, stats, ex_regs, control and run errors, deletion, task exit. */
#include "ktest.h"

/* The root's last UTCB page: no helper thread uses it (threads.c). */
#define LAST_UTCB (KT_ROOT_UTCB + (KT_ROOT_UTCBS - 1) * KT_PAGE)

static void nothing(void *arg) {}

static void start_state(void)
{
	struct kt_thread t;
	bool zero = true;

	if (!ok(kt_thread_spawn(&t, nothing, NULL, KT_PRIO_HIGH) == 0,
		"start: spawn a root thread"))
		return;
	const struct kt_start_regs *r = kt_thread_start_regs(&t);
	for (unsigned i = 0; i < 31; i++)
		zero &= r->x[i] == 0;
	ok(zero, "start: a new thread starts with x0..x30 all zero");
	ok(r->tpidr == 0, "start: TPIDR_EL0 is 0");
	ok(r->tpidrro == kt_thread_utcb(&t), "start: TPIDRRO_EL0 is its UTCB address (%#lx)",
	   (unsigned long)r->tpidrro);
	kt_thread_del(&t);
}

static volatile uint64_t spin_count;

static void spin(void *arg)
{
	for (;;)
		spin_count++;
}

static volatile int redirected;

static void redirect_target(void *arg)
{
	redirected = (int)(uintptr_t)arg;
}

static void stats(void)
{
	struct l4_thread_stats s = {0};
	l4_cap_idx_t fresh = kt_slot();
	struct kt_thread t;
	struct l4_utcb *u = l4_utcb();

	long r = l4_thread_stats(L4_BASE_THREAD_CAP, &s);
	ok(r == 0 && s.state == L4_THREAD_STATE_READY && s.utcb == KT_ROOT_UTCB &&
		   s.prio == KT_PRIO_MAIN,
	   "stats: main is READY, UTCB %#lx, prio %lu", s.utcb, s.prio);
	l4_factory_create_thread(L4_BASE_FACTORY_CAP, fresh);
	ok(l4_thread_stats(fresh, &s) == 0 && s.state == L4_THREAD_STATE_INACTIVE,
	   "stats: a new thread is INACTIVE");
	ok(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, fresh, 10, 0, 0) < 0,
	   "run_thread: a thread bound to no task is refused");
	ok(l4_thread_control(fresh, L4_THREAD_CTL_BIND, 0, 0, L4_BASE_TASK_CAP,
			     KT_ROOT_UTCB + KT_ROOT_UTCBS * KT_PAGE) == -L4_EINVAL,
	   "control: binding a UTCB outside the task's UTCB area -> EINVAL");
	ok(l4_thread_control(fresh, L4_THREAD_CTL_BIND, 0, 0, L4_BASE_TASK_CAP, KT_ROOT_UTCB + 8) ==
		   -L4_EINVAL,
	   "control: binding an unaligned UTCB address -> EINVAL");
	ok(l4_thread_control(fresh, L4_THREAD_CTL_BIND, 0, 0, L4_BASE_TASK_CAP, KT_ROOT_UTCB) < 0,
	   "control: binding to the UTCB page main uses is refused");
	ok(l4_thread_control(fresh, L4_THREAD_CTL_BIND, 0, 0, L4_BASE_LOG_CAP, LAST_UTCB) ==
		   -L4_EINVAL,
	   "control: binding to a Vcon instead of a task -> EINVAL");
	ok(l4_thread_control(fresh, L4_THREAD_CTL_BIND, 0, 0, L4_BASE_TASK_CAP, LAST_UTCB) == 0 &&
		   l4_thread_stats(fresh, &s) == 0 && s.utcb == LAST_UTCB,
	   "control: bound to the last UTCB page, stats report it");
	r = l4_thread_ex_regs(fresh, 0x400000, 0x1230, 0);
	if (r == 0)
		r = l4_thread_ex_regs(fresh, L4_THREAD_KEEP, L4_THREAD_KEEP, 0);
	l4_umword_t old_pc = u->mr[0], old_sp = u->mr[1];
	ok(r == 0 && old_pc == 0x400000 && old_sp == 0x1230,
	   "ex_regs: returns the pc and sp set before (%#lx, %#lx)", (unsigned long)old_pc,
	   (unsigned long)old_sp);
	ok(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, fresh, L4_SCHED_MAX_PRIO + 1, 0, 0) ==
		   -L4_EINVAL,
	   "run_thread: priority 256 -> EINVAL");
	ok(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, fresh, 10, 1, 0) < 0,
	   "run_thread: CPU 1 on a one-CPU system is refused");
	ok(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_LOG_CAP, 10, 0, 0) == -L4_EINVAL,
	   "run_thread: a Vcon is not a thread -> EINVAL");
	kt_drop(fresh);

	/* A spinning thread below main is READY; ex_regs moves it elsewhere. */
	spin_count = 0;
	redirected = 0;
	kt_thread_spawn(&t, spin, NULL, KT_PRIO_LOW);
	ok(l4_thread_stats(t.cap, &s) == 0 && s.state == L4_THREAD_STATE_READY &&
		   s.prio == KT_PRIO_LOW,
	   "stats: a runnable thread is READY with prio %d", KT_PRIO_LOW);
	kt_sleep_ms(20);
	ok(spin_count > 0, "stats: it ran while main slept (%llu spins)",
	   (unsigned long long)spin_count);
	ok(kt_thread_restart(&t, redirect_target, (void *)7) == 0,
	   "ex_regs: redirect a running thread");
	kt_sleep_ms(5);
	uint64_t c1 = spin_count;
	kt_sleep_ms(5);
	ok(redirected == 7 && spin_count == c1,
	   "ex_regs: the thread left its loop and ran the new function");
	ok(kt_thread_state(t.cap, L4_THREAD_STATE_RECEIVING, 10) == L4_THREAD_STATE_RECEIVING,
	   "stats: afterwards it blocks in open wait: RECEIVING");
	kt_thread_del(&t);
}

struct self_del {
	l4_cap_idx_t cap;
	volatile int before, after;
};

static void delete_self(void *arg)
{
	struct self_del *d = arg;

	d->before = 1;
	l4_task_delete_obj(L4_BASE_TASK_CAP, d->cap);
	d->after = 1;
}

static void deletion(void)
{
	struct kt_thread t;
	struct self_del d = {0};

	spin_count = 0;
	kt_thread_spawn(&t, spin, NULL, KT_PRIO_LOW);
	kt_sleep_ms(2);
	l4_cap_idx_t cap = t.cap;
	ok(l4_task_delete_obj(L4_BASE_TASK_CAP, cap) == 0, "delete: a READY thread -> 0");
	uint64_t c1 = spin_count;
	kt_sleep_ms(10);
	ok(spin_count == c1 && kt_cap_type(L4_BASE_TASK_CAP, cap, NULL) == 0,
	   "delete: it runs no more and its slot is empty");
	kt_thread_del(&t);

	kt_thread_new(&t, delete_self, &d);
	d.cap = t.cap;
	kt_thread_go(&t, KT_PRIO_HIGH);
	kt_sleep_ms(1);
	ok(d.before == 1 && d.after == 0 && kt_cap_type(L4_BASE_TASK_CAP, d.cap, NULL) == 0,
	   "delete: a thread deleting itself never returns from the call");
	kt_thread_del(&t);
}

/* Deleting a task stops its threads; a task exit does the same from inside. */
static void task_end(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (!ok(kt_child_new(&c, 0) == 0, "task end: a child task with a spinning thread"))
		return;
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] = (struct kt_op){KT_SPIN, 0, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_LOW);
	kt_sleep_ms(20);
	uint64_t s1 = p->spins;
	ok(s1 > 0, "task end: the child's thread runs (%llu spins)", (unsigned long long)s1);
	ok(l4_task_delete_obj(L4_BASE_TASK_CAP, c.task) == 0, "task end: delete the task -> 0");
	uint64_t s2 = p->spins;
	kt_sleep_ms(10);
	ok(p->spins == s2, "task end: its thread stopped with it");
	ok(kt_thread_state(c.thread, L4_THREAD_STATE_DEAD, 0) == L4_THREAD_STATE_DEAD,
	   "task end: the thread is DEAD");
	ok(l4_thread_ex_regs(c.thread, 0x400000, 0, 0) < 0 ||
		   l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, c.thread, 10, 0, 0) < 0,
	   "task end: a dead thread cannot be run again");
	kt_child_del(&c);

	if (!ok(kt_child_new(&c, 0) == 0, "task exit: a child task with its own task cap"))
		return;
	p = kt_child_probe(&c);
	kt_cap_copy(c.task, L4_BASE_TASK_CAP, c.task, L4_CAP_FPAGE_RWSD);
	p->op[0] = (struct kt_op){KT_SYNC, 0, 0};
	p->op[1] = (struct kt_op){KT_EXIT, 5, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);
	ok(kt_report(&m, 0), "task exit: the child runs");
	ok(kt_thread_state(c.thread, L4_THREAD_STATE_DEAD, 100) == L4_THREAD_STATE_DEAD,
	   "task exit: after l4_task_exit its thread is DEAD");
	ok(kt_cap_type(L4_BASE_TASK_CAP, c.task, NULL) == 0,
	   "task exit: the task is gone from the root's space");
	ok(kt_wait(&m, 0) == L4_IPC_RETIMEOUT, "task exit: the exit call did not return");
	kt_child_del(&c);
}

void thread_tests(void)
{
	start_state();
	stats();
	deletion();
	task_end();
}
