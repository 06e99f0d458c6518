// SPDX-License-Identifier: BSD-2-Clause
/*
 * The system-call fuzzer's driver: a child task makes random invocations
 * (fuzz_gen.c) against a handful of objects made for it. Faults reach main
 * through the pager and exception gates and are never answered; main then
 * replaces the child with a fresh one that goes on with the next index.
 */
#include <stdio.h>

#include "fuzz.h"
#include "ktest.h"

#define FZ_PRIO_CHILD  90 /* below the server and main: main's polls preempt it */
#define FZ_PRIO_SERVER 95
#define FZ_QUOTA       (48 * 1024)
#define FZ_STALL_NS    20000000ULL    /* no progress for this long: replace the child */
#define FZ_BUDGET_NS   40000000000ULL /* keep the whole run well under a minute */
#define SLOT(n)	       ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)

static void fz_server(void *arg)
{
	volatile uint64_t *served = arg;
	struct l4_utcb *u = l4_utcb();
	l4_umword_t label;

	for (;;) {
		u->br[L4_BR_MEM] = L4_FPAGE_NIL;
		u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
		if (l4_ipc_error(l4_ipc_wait(&label, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER))))
			continue;
		(*served)++;
		l4_ipc_reply(L4_MSGTAG(0, 0, 0, 0));
	}
}

/* Objects made for one child, held in root slots too so they can be deleted. */
struct fz_child {
	struct kt_child c;
	l4_cap_idx_t factory, irq, gate_a, gate_b, extra;
	struct fz_shared *sh;
};

static long fz_child_new(struct fz_child *f, l4_cap_idx_t server, uint64_t start, uint64_t end,
			 uint64_t seed)
{
	l4_cap_idx_t t;
	long r;

	f->factory = kt_slot();
	f->irq = kt_slot();
	f->gate_a = kt_slot();
	f->gate_b = kt_slot();
	f->extra = kt_slot();
	r = kt_child_new(&f->c, KT_CHILD_PAGER | KT_CHILD_EXC);
	if (r != 0)
		return r;
	t = f->c.task;
	f->sh = (struct fz_shared *)f->c.page;
	*f->sh = (struct fz_shared){.cur = start, .start = start, .end = end, .seed = seed};
	/* Main's report gate and the RW log cap are not for the fuzzer. */
	l4_task_release_cap(t, KT_C_REPORT);
	l4_task_release_cap(t, L4_BASE_LOG_CAP);
	r = kt_cap_copy(t, L4_BASE_LOG_CAP, L4_BASE_LOG_CAP, L4_CAP_FPAGE_R);
	if (r == 0)
		r = kt_cap_copy(t, L4_BASE_TASK_CAP, t, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = kt_cap_copy(t, L4_BASE_THREAD_CAP, f->c.thread, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = l4_factory_create_factory(L4_BASE_FACTORY_CAP, f->factory, FZ_QUOTA);
	if (r == 0)
		r = kt_cap_copy(t, L4_BASE_FACTORY_CAP, f->factory, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, f->irq);
	if (r == 0)
		r = kt_cap_copy(t, SLOT(7), f->irq, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, f->gate_a, server, 0x100);
	if (r == 0)
		r = kt_cap_copy(t, SLOT(8), f->gate_a, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, f->gate_b, server, 0x200);
	if (r == 0)
		r = kt_cap_copy(t, SLOT(9), f->gate_b, L4_CAP_FPAGE_RW);
	if (r == 0)
		r = l4_factory_create_thread(L4_BASE_FACTORY_CAP, f->extra);
	if (r == 0)
		r = l4_thread_control(f->extra, L4_THREAD_CTL_BIND, 0, 0, t,
				      KT_CHILD_UTCB + KT_PAGE);
	if (r == 0)
		r = kt_cap_copy(t, KT_C_REPORT, f->extra, L4_CAP_FPAGE_RWSD);
	if (r == 0)
		r = kt_child_go(&f->c, fz_child_main, f->sh, FZ_PRIO_CHILD);
	return r;
}

static void fz_child_del(struct fz_child *f)
{
	kt_child_del(&f->c);
	kt_drop(f->extra);
	kt_drop(f->gate_b);
	kt_drop(f->gate_a);
	kt_drop(f->irq);
	kt_drop(f->factory);
}

enum fz_end { FZ_FINISHED, FZ_FAULT, FZ_DEAD, FZ_STALL };

/* What the kernel sends for a page fault or an exception (the child may send anything). */
static bool fz_kernel_fault(const struct kt_msg *m)
{
	long proto = L4_MSGTAG_LABEL(m->tag);
	unsigned words = L4_MSGTAG_WORDS(m->tag), items = L4_MSGTAG_ITEMS(m->tag);

	return items == 0 && ((proto == L4_PROTO_PF && words == 2) ||
			      (proto == L4_PROTO_EXCEPTION && words == L4_EXC_WORDS));
}

/* Poll the child every millisecond until it is done, faults, dies or stops moving. */
static enum fz_end fz_watch(struct fz_child *f, unsigned long *sent)
{
	uint64_t last = f->sh->cur, moved = kt_now_ns();
	struct l4_thread_stats st;
	struct kt_msg m;

	for (;;) {
		if (f->sh->finished)
			return FZ_FINISHED;
		if (kt_wait(&m, 1) == 0) {
			if (fz_kernel_fault(&m))
				return FZ_FAULT; /* left unanswered: the thread stays stopped */
			(*sent)++; /* the child called main's gates itself: answer, go on */
			kt_reply(0);
		}
		if (l4_thread_stats(f->c.thread, &st) != 0 || st.state == L4_THREAD_STATE_DEAD)
			return FZ_DEAD;
		if (f->sh->cur != last) {
			last = f->sh->cur;
			moved = kt_now_ns();
		} else if (kt_now_ns() - moved > FZ_STALL_NS) {
			return FZ_STALL;
		}
	}
}

void fuzz_run(unsigned long n, uint64_t seed)
{
	volatile uint64_t served = 0;
	unsigned long ends[4] = {0}, children = 0, sent = 0, outcome[18] = {0};
	uint64_t next = 0, t0 = kt_now_ns();
	struct kt_thread srv;
	bool setup = true;

	printf("# fuzz: %lu invocations, seed %llu\n", n, (unsigned long long)seed);
	long quota0 = kt_quota_left(L4_BASE_FACTORY_CAP);
	if (!ok(kt_thread_spawn(&srv, fz_server, (void *)&served, FZ_PRIO_SERVER) == 0,
		"fuzz: a reply server thread"))
		return;
	while (next < n && kt_now_ns() - t0 < FZ_BUDGET_NS) {
		struct fz_child f;
		if (fz_child_new(&f, srv.cap, next, n, seed) != 0) {
			setup = false;
			fz_child_del(&f);
			break;
		}
		children++;
		enum fz_end why = fz_watch(&f, &sent);
		ends[why]++;
		/* Stop the thread before reading where it got to. */
		kt_drop(f.c.thread);
		f.c.thread = L4_INVALID_CAP;
		uint64_t cur = f.sh->cur;
		for (unsigned k = 0; k < sizeof(outcome) / sizeof(outcome[0]); k++)
			outcome[k] += f.sh->outcome[k];
		bool finished = f.sh->finished;
		fz_child_del(&f);
		/* Skip the invocation that stopped it (cur >= the child's start). */
		next = finished ? n : cur + 1;
		if (children % 64 == 0)
			printf("# fuzz: %llu invocations, %lu children\n", (unsigned long long)next,
			       children);
	}
	kt_thread_del(&srv);
	if (next > n)
		next = n;

	kt_diag("fuzz: %lu children: %lu finished, %lu faulted, %lu died, %lu stalled; "
		"%llu messages served, %lu sent to main; %llu ms",
		children, ends[FZ_FINISHED], ends[FZ_FAULT], ends[FZ_DEAD], ends[FZ_STALL],
		(unsigned long long)served, sent,
		(unsigned long long)((kt_now_ns() - t0) / 1000000));
	kt_diag("fuzz: outcomes: %lu ok, %lu refused by the object; IPC errors: %lu not existent, "
		"%lu too long, %lu bad flags, %lu send timeout, %lu receive timeout, %lu "
		"cancelled, "
		"%lu bad flexpage, %lu map failed, %lu no reply",
		outcome[0], outcome[1], outcome[3], outcome[4], outcome[5], outcome[6], outcome[7],
		outcome[8] + outcome[9], outcome[10], outcome[11], outcome[12]);
	ok(setup, "fuzz: every fuzz child could be set up");
	ok(next == n, "fuzz: all %lu invocations made within the time budget (%llu)", n,
	   (unsigned long long)next);
	bool alive = l4_vcon_write(L4_BASE_LOG_CAP, "# fuzz: the kernel answers\n", 27) == 0 &&
		     kt_cap_type(L4_BASE_TASK_CAP, L4_BASE_FACTORY_CAP, NULL) == L4_OBJ_FACTORY;
	ok(alive, "fuzz: the kernel still answers system calls");
	/* The last fault may still wait for a reply (pager.c tests that charge separately). */
	kt_reply(0);
	long quota1 = kt_quota_left(L4_BASE_FACTORY_CAP);
	ok(quota1 == quota0, "fuzz: every object made for or by the children is gone (%ld -> %ld)",
	   quota0, quota1);
	if (alive)
		printf("fuzz: %llu invocations, %lu children, kernel alive\n",
		       (unsigned long long)next, children);
}
