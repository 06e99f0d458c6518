// SPDX-License-Identifier: BSD-2-Clause
/*
 * Threads of a program (l4re/thread.h): two threads play IPC ping-pong
 * through their gates while a third and the main thread hammer malloc; then
 * the C library's lock under contention, the UTCB-slot limit, and that
 * nothing leaks. "threads crash": a thread writes to address 0 and moe must
 * report the program as crashed; "threads overflow" ("overflow-main"): a
 * thread's (the main thread's) stack overflows into its guard page. Only
 * the main thread prints (stdout has no lock).
 */
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/lock.h>

#include <l4/sys/factory.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4re/cap_alloc.h>
#include <l4re/thread.h>

#define ROUNDS	     1000
#define PING_LABEL   0x7e57L
#define MALLOC_STEPS 40000
#define MALLOC_SLOTS 64

static int failures;

static void check(bool ok, const char *what, long got)
{
	if (ok)
		return;
	failures++;
	printf("threads: FAIL %s (got %ld)\n", what, got);
}

static void sleep_us(unsigned us)
{
	/* A closed wait on oneself: nothing can come but the timeout. */
	l4_ipc_receive(l4re_thread_self(), L4_TIMEOUTS(0, us));
}

/* What each thread saw of itself. */
static __thread int tls_probe = 7;
struct seen {
	uintptr_t utcb, kernel_utcb;
	l4_cap_idx_t self;
	bool tls_ok;
};

static void look_at_self(struct seen *s, int id)
{
	struct l4_thread_stats st = {0};

	s->utcb = (uintptr_t)l4_utcb();
	s->self = l4re_thread_self();
	l4_thread_stats(s->self, &st);
	s->kernel_utcb = st.utcb;
	/* The TLS template's value, then our own, which other threads do not see. */
	s->tls_ok = tls_probe == 7;
	tls_probe = id;
	sleep_us(200);
	s->tls_ok = s->tls_ok && tls_probe == id;
}

/* ---- ping-pong through the threads' gates ----------------------------------------- */

static struct l4re_thread ping_t, pong_t, heap_t;
static struct seen ping_seen, pong_seen, heap_seen;
static long ping_sum, pong_sum, ping_err, pong_err;

static void ping(void *arg)
{
	struct l4_utcb *u = l4_utcb();

	look_at_self(&ping_seen, 1);
	for (long i = 1; i <= ROUNDS; i++) {
		u->mr[0] = (l4_umword_t)i;
		l4_msgtag_t tag = l4_ipc_call(l4re_thread_gate(&pong_t),
					      L4_MSGTAG(PING_LABEL, 1, 0, 0), L4_IPC_NEVER);
		if (l4_ipc_error(tag) || L4_MSGTAG_WORDS(tag) != 1 ||
		    u->mr[0] != (l4_umword_t)(3 * i + 1)) {
			ping_err = l4_ipc_error(tag) ? -1000 - l4_ipc_error(tag) : i;
			return;
		}
		ping_sum += (long)u->mr[0];
	}
}

static void pong(void *arg)
{
	struct l4_utcb *u = l4_utcb();
	l4_umword_t label;

	look_at_self(&pong_seen, 2);
	/* The first call openly (ping may not exist yet), then only from ping's thread. */
	l4_msgtag_t tag = l4_ipc_wait(&label, L4_IPC_NEVER);
	for (long i = 1;; i++) {
		if (l4_ipc_error(tag) || L4_MSGTAG_LABEL(tag) != PING_LABEL ||
		    (label & ~3UL) != (l4_umword_t)&pong_t || u->mr[0] != (l4_umword_t)i) {
			pong_err = l4_ipc_error(tag) ? -1000 - l4_ipc_error(tag) : i;
			return;
		}
		pong_sum += (long)u->mr[0];
		u->mr[0] = 3 * u->mr[0] + 1;
		if (l4_ipc_error(l4_ipc_reply(L4_MSGTAG(0, 1, 0, 0)))) {
			pong_err = -i;
			return;
		}
		if (i == ROUNDS)
			return;
		tag = l4_ipc(l4re_thread_cap(&ping_t), L4_SYSF_RECV, 0, L4_IPC_NEVER, &label);
	}
}

/* ---- malloc from two threads at once ------------------------------------------------ */

struct stress {
	unsigned seed;
	long bad, steps;
};
static struct stress heap_stress, main_stress;

static unsigned next_rand(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* Blocks filled with a pattern of their own, checked before each free and realloc. */
static void malloc_stress(struct stress *st)
{
	unsigned char *p[MALLOC_SLOTS] = {0};
	size_t len[MALLOC_SLOTS] = {0};
	unsigned tag = st->seed & 0xff;

	for (long n = 0; n < MALLOC_STEPS; n++) {
		unsigned k = next_rand(&st->seed) % MALLOC_SLOTS;
		size_t want = 1 + next_rand(&st->seed) % 2000;
		unsigned char v = (unsigned char)(tag ^ k);
		if (p[k]) {
			for (size_t i = 0; i < len[k]; i++)
				st->bad += p[k][i] != v;
			if (n % 3 == 0) {
				unsigned char *q = realloc(p[k], want);
				if (!q) {
					st->bad++;
					continue;
				}
				p[k] = q;
				memset(q, v, want);
				len[k] = want;
				continue;
			}
			free(p[k]);
			p[k] = NULL;
			continue;
		}
		p[k] = malloc(want);
		if (!p[k]) {
			st->bad++;
			continue;
		}
		memset(p[k], v, want);
		len[k] = want;
		st->steps++;
	}
	for (unsigned k = 0; k < MALLOC_SLOTS; k++)
		free(p[k]);
}

static void heap_thread(void *arg)
{
	look_at_self(&heap_seen, 3);
	malloc_stress(arg);
}

static unsigned own_prio(unsigned *limit)
{
	struct l4_thread_stats s = {0};
	unsigned base = 0;

	*limit = L4_SCHED_MAX_PRIO;
	l4_thread_stats(L4_BASE_THREAD_CAP, &s);
	if (l4_scheduler_range(L4_BASE_SCHEDULER_CAP, &base, limit) != 0)
		base = 0;
	*limit -= base;
	return s.prio > base ? (unsigned)(s.prio - base) : 0;
}

/* cap: what l4re_thread_cap() said while the thread existed. */
static void check_seen(const struct seen *s, l4_cap_idx_t cap, const char *who)
{
	char what[80];

	snprintf(what, sizeof(what), "%s: l4_utcb() is its own UTCB page", who);
	check(s->utcb == s->kernel_utcb && s->utcb != (uintptr_t)l4_utcb() &&
		      s->utcb > L4RE_UTCB_AREA &&
		      s->utcb < L4RE_UTCB_AREA + (1UL << L4RE_UTCB_ORDER),
	      what, (long)s->utcb);
	snprintf(what, sizeof(what), "%s: l4re_thread_self() is its capability", who);
	check(s->self == cap, what, (long)s->self);
	snprintf(what, sizeof(what), "%s: thread-local data of its own", who);
	check(s->tls_ok, what, 0);
}

static void concurrency(void)
{
	unsigned limit, prio = own_prio(&limit);
	struct l4re_thread_attr short_slices = {.prio = -1, .slice_us = 1000};
	int r;

	heap_stress.seed = 0x1234567;
	main_stress.seed = 0x89abcde;
	r = l4re_thread_create(&pong_t, pong, NULL, 0);
	check(r == 0, "create pong", r);
	r = l4re_thread_create(&ping_t, ping, NULL, 8192);
	check(r == 0, "create ping", r);
	/* 1 ms slices: the heap thread is often preempted, inside malloc too. */
	r = l4re_thread_create_attr(&heap_t, heap_thread, &heap_stress, &short_slices);
	check(r == 0, "create heap thread", r);
	l4_cap_idx_t caps[3] = {l4re_thread_cap(&ping_t), l4re_thread_cap(&pong_t),
				l4re_thread_cap(&heap_t)};
	printf("threads: 3 threads started at priority %u (the main thread's)\n", prio);
	malloc_stress(&main_stress);

	check(l4re_thread_join(&ping_t) == 0, "join ping", 0);
	check(l4re_thread_join(&pong_t) == 0, "join pong", 0);
	check(l4re_thread_join(&heap_t) == 0, "join heap thread", 0);
	check(ping_err == 0 && pong_err == 0, "ping-pong without errors",
	      ping_err ? ping_err : pong_err);
	check(ping_sum == 3L * ROUNDS * (ROUNDS + 1) / 2 + ROUNDS, "ping's sum", ping_sum);
	check(pong_sum == (long)ROUNDS * (ROUNDS + 1) / 2, "pong's sum", pong_sum);
	printf("threads: ping-pong: %d calls, sums %ld and %ld\n", ROUNDS, ping_sum, pong_sum);
	check(heap_stress.bad == 0 && main_stress.bad == 0, "heap blocks intact",
	      heap_stress.bad + main_stress.bad);
	printf("threads: malloc from two threads: %ld + %ld allocations, %ld damaged, lock waited "
	       "for %lu times\n",
	       heap_stress.steps, main_stress.steps, heap_stress.bad + main_stress.bad,
	       l4re_libc_lock_contentions());
	check_seen(&ping_seen, caps[0], "ping");
	check_seen(&pong_seen, caps[1], "pong");
	check_seen(&heap_seen, caps[2], "heap thread");
	check(l4re_thread_cap(&ping_t) == L4_INVALID_CAP, "joined: no capability left", 0);
	check(ping_seen.utcb != pong_seen.utcb && pong_seen.utcb != heap_seen.utcb &&
		      ping_seen.utcb != heap_seen.utcb,
	      "three different UTCBs", 0);
	check(tls_probe == 7, "main thread's thread-local data untouched", tls_probe);
}

/* ---- the C library's lock, held by a lower-priority thread ------------------------- */

static volatile int got_memory;

static void wants_memory(void *arg)
{
	void *p = malloc(100); /* waits: the main thread holds the lock */
	got_memory = p ? 1 : -1;
	free(p);
}

static void lock_contention(void)
{
	unsigned limit, prio = own_prio(&limit);
	struct l4re_thread_attr higher = {.prio = (int)(prio < limit ? prio + 1 : prio)};
	struct l4re_thread t;
	unsigned long before = l4re_libc_lock_contentions();

	__LIBC_LOCK();
	int r = l4re_thread_create_attr(&t, wants_memory, NULL, &higher);
	check(r == 0, "create a higher-priority thread while holding malloc's lock", r);
	sleep_us(5000); /* it runs, finds the lock taken, waits */
	int early = got_memory;
	unsigned long waits = l4re_libc_lock_contentions() - before;
	__LIBC_UNLOCK();
	check(r != 0 || l4re_thread_join(&t) == 0, "join it", 0);
	check(early == 0, "no memory while the lock is held", early);
	check(waits == 1, "it waited for the lock once", (long)waits);
	check(got_memory == 1, "memory once the lock was let go", got_memory);
	printf("threads: malloc waited at priority %u while priority %u held the lock: %s\n",
	       higher.prio, prio, early == 0 && got_memory == 1 ? "ok" : "wrong");
}

/* ---- limits: UTCB slots, and nothing leaks --------------------------------------- */

static volatile int ran;

static void quick(void *arg)
{
	__atomic_add_fetch(&ran, 1, __ATOMIC_RELAXED);
}

/* Bytes left in the factory's quota (a probe object's charge included, the same every time). */
static long quota_left(void)
{
	l4_cap_idx_t c = l4re_cap_alloc();
	long r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, c);
	long left = r == 0 ? (long)l4_utcb()->mr[0] : r;

	l4_task_delete_obj(L4_BASE_TASK_CAP, c);
	l4re_cap_free(c);
	return left;
}

static void limits(void)
{
	struct l4re_thread t[L4RE_THREAD_MAX + 1];
	long quota = quota_left();
	size_t heap = mallinfo().uordblks;
	int r, expected_ran = 0;
	unsigned made = 0;

	check(l4re_thread_create(&t[0], NULL, NULL, 0) == -L4_EINVAL, "no function: -L4_EINVAL", 0);
	check(l4re_thread_create(&t[0], quick, NULL, 64) == -L4_EINVAL, "a tiny stack: -L4_EINVAL",
	      0);
	r = l4re_thread_create(&t[0], quick, NULL, 256UL << 20);
	check(r == -L4_ENOMEM, "a 256 MiB stack: -L4_ENOMEM", r);
	check(l4re_thread_join(&t[0]) == -L4_EINVAL, "join a thread that failed: -L4_EINVAL", 0);

	for (int round = 0; round < 5; round++) {
		unsigned n = 0;
		while ((r = l4re_thread_create(&t[n], quick, NULL, 0)) == 0 && n < L4RE_THREAD_MAX)
			n++;
		if (round == 0)
			made = n;
		check(n == L4RE_THREAD_MAX && r == -L4_EBUSY,
		      "threads until the UTCB area is full, then -L4_EBUSY", r);
		for (unsigned i = 0; i < n; i++)
			check(l4re_thread_join(&t[i]) == 0, "join", (long)i);
		expected_ran += (int)n;
	}
	check(ran == expected_ran, "every thread ran", ran);
	check(quota_left() == quota, "factory quota back", quota_left() - quota);
	check(mallinfo().uordblks == heap, "heap back", (long)(mallinfo().uordblks - heap));
	l4_cap_idx_t c = l4re_cap_alloc();
	check(c == L4RE_CAP_ALLOC_FIRST << L4_CAP_SHIFT, "capability slots back", (long)c);
	l4re_cap_free(c);
	printf("threads: %u threads fit beside the main one, the next gets %d (-L4_EBUSY); "
	       "5 rounds of that leave nothing behind\n",
	       made, r);

	/* The allocator itself: every slot once, then the first one again. */
	unsigned long slots = 0;
	while (l4re_cap_alloc() != L4_INVALID_CAP)
		slots++;
	check(slots == L4RE_CAP_ALLOC_END - L4RE_CAP_ALLOC_FIRST, "capability slots", (long)slots);
	for (unsigned long s = L4RE_CAP_ALLOC_FIRST; s < L4RE_CAP_ALLOC_END; s++)
		l4re_cap_free(s << L4_CAP_SHIFT);
	check(l4re_cap_alloc() == L4RE_CAP_ALLOC_FIRST << L4_CAP_SHIFT, "first slot again", 0);
	l4re_cap_free(L4RE_CAP_ALLOC_FIRST << L4_CAP_SHIFT);
	printf("threads: capability allocator: %lu slots\n", slots);
}

/* ---- a thread that crashes --------------------------------------------------------- */

static void write_null(void *arg)
{
	*(volatile int *)arg = 1; /* arg is NULL */
}

/* ---- stack overflow: the guard page below each stack ------------------------------ */

static volatile unsigned long depth_limit = ~0UL; /* never reached: the guard page comes first */

static unsigned long recurse(unsigned long n)
{
	volatile char frame[512];

	frame[0] = (char)n;
	if (n == depth_limit)
		return 0;
	return recurse(n + 1) + (unsigned long)frame[0]; /* not a tail call: each frame stays */
}

static void overflow(void *arg)
{
	recurse(0);
}

/* "overflow": another thread's stack overflows; "overflow-main": the main thread's. */
static int overflow_test(bool main_thread)
{
	struct l4re_thread t;

	printf("threads: %s recurses until its stack overflows\n",
	       main_thread ? "the main thread" : "a thread");
	if (main_thread)
		overflow(NULL);
	else if (l4re_thread_create(&t, overflow, NULL, 0) == 0)
		l4re_thread_join(&t);
	printf("threads: still here after a stack overflow?!\n");
	return 1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strncmp(argv[1], "overflow", 8) == 0)
		return overflow_test(strcmp(argv[1], "overflow-main") == 0);
	if (argc > 1 && strcmp(argv[1], "crash") == 0) {
		struct l4re_thread t;
		printf("threads: a thread writes to address 0\n");
		int r = l4re_thread_create(&t, write_null, NULL, 0);
		printf("threads: created: %d\n", r);
		r = l4re_thread_join(&t);
		printf("threads: joined a crashed thread?! (%d)\n", r);
		return 1;
	}
	concurrency();
	lock_contention();
	limits();
	printf("threads: %s\n", failures ? "FAILED" : "all checks passed");
	return failures ? 1 : 0;
}
