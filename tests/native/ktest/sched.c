// SPDX-License-Identifier: BSD-2-Clause
/* Scheduling: priority preemption, round robin, CPU and idle time accounting. */
#include <string.h>

#include "ktest.h"

/* Events in the order they happened, one letter each. */
static volatile char order[16];
static volatile unsigned order_n;

static void note(char c)
{
	if (order_n < sizeof(order) - 1)
		order[order_n++] = c;
}

static void order_reset(void)
{
	memset((void *)order, 0, sizeof(order));
	order_n = 0;
}

static bool order_is(const char *want)
{
	return strcmp((const char *)order, want) == 0;
}

struct waker {
	l4_cap_idx_t irq;
	char letter;
};

/* Notes its letter for each IRQ it receives. */
static void irq_waiter(void *arg)
{
	struct waker *w = arg;

	for (;;) {
		l4_msgtag_t t = l4_irq_receive(w->irq, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
		if (l4_ipc_error(t))
			return;
		note(w->letter);
	}
}

/* Notes its letter for each message it receives (and replies, for calls). */
static void msg_waiter(void *arg)
{
	struct waker *w = arg;
	l4_umword_t label;

	for (;;) {
		l4_msgtag_t t = l4_ipc_wait(&label, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
		if (l4_ipc_error(t))
			return;
		note(w->letter);
	}
}

static void note_once(void *arg)
{
	note(*(const char *)arg);
}

static void preemption(void)
{
	struct waker hi = {kt_slot(), 'H'}, lo = {kt_slot(), 'L'}, gw = {0, 'G'};
	struct kt_thread th, tl, tg, tr;
	l4_cap_idx_t gate = kt_slot();
	static const char r = 'R';

	l4_factory_create_irq(L4_BASE_FACTORY_CAP, hi.irq);
	l4_factory_create_irq(L4_BASE_FACTORY_CAP, lo.irq);
	kt_thread_new(&th, irq_waiter, &hi);
	kt_thread_new(&tl, irq_waiter, &lo);
	l4_irq_attach(hi.irq, th.cap, 0x100);
	l4_irq_attach(lo.irq, tl.cap, 0x100);
	kt_thread_go(&th, 150);
	kt_thread_go(&tl, KT_PRIO_LOW);
	kt_sleep_ms(2); /* both reach their receive */

	order_reset();
	note('a');
	l4_irq_trigger(hi.irq);
	note('b');
	ok(order_is("aHb"),
	   "preempt: an IRQ for a higher-priority thread runs it before the "
	   "trigger returns (%s)",
	   (const char *)order);

	order_reset();
	note('a');
	l4_irq_trigger(lo.irq);
	note('b');
	kt_sleep_ms(2);
	note('c');
	ok(order_is("abLc"),
	   "preempt: an IRQ for a lower-priority thread waits until main blocks "
	   "(%s)",
	   (const char *)order);

	kt_thread_spawn(&tg, msg_waiter, &gw, 150);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, tg.cap, 0x100);
	order_reset();
	note('a');
	l4_msgtag_t t = l4_ipc_send(gate, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	note('b');
	ok(!l4_ipc_error(t) && order_is("aGb"),
	   "preempt: a send to a waiting higher-priority thread switches to it at once (%s)",
	   (const char *)order);

	order_reset();
	note('a');
	kt_thread_spawn(&tr, note_once, (void *)&r, 150);
	note('b');
	ok(order_is("aRb"), "preempt: run_thread of a higher-priority thread runs it at once (%s)",
	   (const char *)order);

	kt_thread_del(&tr);
	kt_drop(gate);
	kt_thread_del(&tg);
	kt_thread_del(&tl);
	kt_thread_del(&th);
	kt_drop(lo.irq);
	kt_drop(hi.irq);
}

struct spinner {
	volatile uint64_t count;
	uint64_t until;
};

static void spin_until(void *arg)
{
	struct spinner *s = arg;

	while (kt_now_ns() < s->until)
		s->count++;
}

/* Two threads at main's priority share the CPU while main sleeps. */
static void round_robin(void)
{
	struct spinner a = {0}, b = {0};
	struct kt_thread ta, tb;

	a.until = b.until = kt_now_ns() + 100000000ULL;
	kt_thread_spawn(&ta, spin_until, &a, KT_PRIO_MAIN);
	kt_thread_spawn(&tb, spin_until, &b, KT_PRIO_MAIN);
	kt_sleep_ms(150);
	uint64_t total = a.count + b.count;
	ok(a.count > 0 && b.count > 0 && a.count > total / 5 && b.count > total / 5,
	   "round robin: two equal-priority spinners both progress within 100 ms (%llu, %llu)",
	   (unsigned long long)a.count, (unsigned long long)b.count);
	kt_thread_del(&tb);
	kt_thread_del(&ta);
}

static void accounting(void)
{
	struct spinner s = {0};
	struct kt_thread t;
	struct l4_thread_stats st = {0};
	unsigned long idle0 = 0, idle1 = 0;
	unsigned cpus = 0, max = 0;

	long r = l4_scheduler_info(L4_BASE_SCHEDULER_CAP, &cpus, &max);
	ok(r == 0 && cpus == 1 && max == L4_SCHED_MAX_PRIO,
	   "scheduler info: %u CPU, highest priority %u", cpus, max);
	ok(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, 7, &idle0) < 0,
	   "scheduler: idle time of CPU 7 is refused");

	/* Spins 30 ms above main, then blocks. */
	s.until = kt_now_ns() + 30000000ULL;
	kt_thread_spawn(&t, spin_until, &s, 120);
	r = l4_thread_stats(t.cap, &st);
	ok(r == 0 && st.cpu_time_ns >= 20000000UL && st.cpu_time_ns < 1000000000UL,
	   "cpu time: a thread that spun 30 ms was charged %lu us", st.cpu_time_ns / 1000);
	unsigned long before = st.cpu_time_ns;
	kt_sleep_ms(10);
	l4_thread_stats(t.cap, &st);
	ok(st.cpu_time_ns - before < 2000000UL, "cpu time: a blocked thread gains (almost) none");
	kt_thread_del(&t);

	l4_thread_stats(L4_BASE_THREAD_CAP, &st);
	before = st.cpu_time_ns;
	kt_spin_ms(10);
	l4_thread_stats(L4_BASE_THREAD_CAP, &st);
	ok(st.cpu_time_ns - before >= 5000000UL, "cpu time: main's own grows while it spins");

	l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, 0, &idle0);
	uint64_t t0 = kt_now_ns();
	kt_sleep_ms(30);
	uint64_t dt = kt_now_ns() - t0;
	r = l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, 0, &idle1);
	ok(r == 0 && idle1 - idle0 >= 20000000UL && idle1 - idle0 <= dt + 1000000UL,
	   "idle time: grows by %lu us while every thread sleeps %llu us", (idle1 - idle0) / 1000,
	   (unsigned long long)(dt / 1000));
}

void sched_tests(void)
{
	preemption();
	round_robin();
	accounting();
}
