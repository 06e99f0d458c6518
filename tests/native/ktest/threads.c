// SPDX-License-Identifier: BSD-2-Clause
/* Test-suite helpers: threads of the root task and child tasks with their own threads. */
#include <string.h>

#include "ktest.h"

/*
 * A new thread starts with every register zero but pc and sp, so fn and arg
 * wait for it at sp. The entry code first saves what it was started with
 * (above sp, in the start frame) for the register tests.
 */
__asm__(".text\n"
	".global kt_thread_entry\n"
	".type kt_thread_entry, %function\n"
	"kt_thread_entry:\n"
	"	stp x0, x1, [sp, #16]\n"
	"	stp x2, x3, [sp, #32]\n"
	"	stp x4, x5, [sp, #48]\n"
	"	stp x6, x7, [sp, #64]\n"
	"	stp x8, x9, [sp, #80]\n"
	"	stp x10, x11, [sp, #96]\n"
	"	stp x12, x13, [sp, #112]\n"
	"	stp x14, x15, [sp, #128]\n"
	"	stp x16, x17, [sp, #144]\n"
	"	stp x18, x19, [sp, #160]\n"
	"	stp x20, x21, [sp, #176]\n"
	"	stp x22, x23, [sp, #192]\n"
	"	stp x24, x25, [sp, #208]\n"
	"	stp x26, x27, [sp, #224]\n"
	"	stp x28, x29, [sp, #240]\n"
	"	str x30, [sp, #256]\n"
	"	mrs x0, tpidr_el0\n"
	"	str x0, [sp, #264]\n"
	"	mrs x0, tpidrro_el0\n"
	"	str x0, [sp, #272]\n"
	"	ldp x0, x1, [sp]\n"
	"	mov x29, xzr\n"
	"	mov x30, xzr\n"
	"	bl kt_thread_run\n"
	"	b .\n"
	".size kt_thread_entry, . - kt_thread_entry\n");

_Static_assert(16 + sizeof(struct kt_start_regs) <= KT_START_FRAME, "start frame too small");

void kt_block(void)
{
	l4_umword_t label;

	for (;;)
		l4_ipc_wait(&label, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
}

void kt_thread_run(void (*fn)(void *), void *arg)
{
	fn(arg);
	kt_block();
}

/* Write fn and arg at the top of a stack; returns the initial sp. */
static uintptr_t start_frame(void *stack_top, void (*fn)(void *), void *arg)
{
	uint64_t *f = (uint64_t *)((uintptr_t)stack_top - KT_START_FRAME);

	memset(f, 0, KT_START_FRAME);
	f[0] = (uintptr_t)fn;
	f[1] = (uintptr_t)arg;
	return (uintptr_t)f;
}

/* ---- root threads --------------------------------------------------------------- */

/* The last UTCB page stays free for thread.c's binding tests. */
_Static_assert(KT_THREADS + 1 < KT_ROOT_UTCBS - 1, "too many root threads for the UTCB area");

static uint8_t thread_stacks[KT_THREADS][KT_STACK_SIZE] __attribute__((aligned(16)));
static bool thread_used[KT_THREADS];

uintptr_t kt_thread_utcb(const struct kt_thread *t)
{
	return KT_ROOT_UTCB + (uintptr_t)(t->idx + 1) * KT_PAGE;
}

const struct kt_start_regs *kt_thread_start_regs(const struct kt_thread *t)
{
	uintptr_t top = (uintptr_t)thread_stacks[t->idx] + KT_STACK_SIZE;
	return (const struct kt_start_regs *)(top - KT_START_FRAME + 16);
}

long kt_thread_new(struct kt_thread *t, void (*fn)(void *), void *arg)
{
	long r;

	t->cap = L4_INVALID_CAP;
	for (t->idx = 0; t->idx < KT_THREADS && thread_used[t->idx]; t->idx++)
		;
	if (t->idx == KT_THREADS) {
		kt_diag("out of root thread slots");
		return -L4_ENOMEM;
	}
	thread_used[t->idx] = true;
	t->cap = kt_slot();
	r = l4_factory_create_thread(L4_BASE_FACTORY_CAP, t->cap);
	if (r == 0)
		r = l4_thread_control(t->cap, L4_THREAD_CTL_BIND, L4_INVALID_CAP, L4_INVALID_CAP,
				      L4_BASE_TASK_CAP, kt_thread_utcb(t));
	if (r == 0)
		r = kt_thread_restart(t, fn, arg);
	if (r != 0) {
		kt_diag("creating a root thread failed: %ld", r);
		kt_thread_del(t);
	}
	return r;
}

long kt_thread_restart(struct kt_thread *t, void (*fn)(void *), void *arg)
{
	return l4_thread_ex_regs(t->cap, (uintptr_t)kt_thread_entry,
				 start_frame(thread_stacks[t->idx] + KT_STACK_SIZE, fn, arg), 0);
}

long kt_thread_go(struct kt_thread *t, unsigned prio)
{
	return l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t->cap, prio, 0, 0);
}

long kt_thread_spawn(struct kt_thread *t, void (*fn)(void *), void *arg, unsigned prio)
{
	long r = kt_thread_new(t, fn, arg);

	if (r == 0)
		r = kt_thread_go(t, prio);
	return r;
}

static void idle_fn(void *arg) {}

long kt_thread_idle(struct kt_thread *t)
{
	return kt_thread_new(t, idle_fn, NULL);
}

void kt_thread_del(struct kt_thread *t)
{
	if (t->cap != L4_INVALID_CAP)
		kt_drop(t->cap);
	if (t->idx >= 0 && t->idx < KT_THREADS)
		thread_used[t->idx] = false;
	t->cap = L4_INVALID_CAP;
	t->idx = -1;
}

long kt_thread_state(l4_cap_idx_t thread, unsigned long want, unsigned ms)
{
	struct l4_thread_stats s = {0};

	for (unsigned i = 0;; i++) {
		long r = l4_thread_stats(thread, &s);
		if (r < 0)
			return r;
		if (s.state == want || i >= ms)
			return (long)s.state;
		kt_sleep_ms(1);
	}
}

/* ---- child tasks ---------------------------------------------------------------- */

static uint64_t child_pages[KT_CHILDREN][KT_PAGE / 8] __attribute__((aligned(4096)));
static bool child_used[KT_CHILDREN];

long kt_map_range(l4_cap_idx_t dst, l4_cap_idx_t src, uintptr_t start, uintptr_t end,
		  unsigned rights, uintptr_t dst_start)
{
	while (start < end) {
		unsigned order = 12;
		/* The largest flexpage aligned on both sides that still fits. */
		while (order < 30 && ((start | dst_start) & ((2UL << order) - 1)) == 0 &&
		       start + (2UL << order) <= end)
			order++;
		long r = l4_task_map(dst, src, L4_MEM_FPAGE(start, order, rights), dst_start);
		if (r != 0)
			return r;
		start += 1UL << order;
		dst_start += 1UL << order;
	}
	return 0;
}

struct kt_probe *kt_child_probe(struct kt_child *c)
{
	return (struct kt_probe *)c->page;
}

long kt_child_new(struct kt_child *c, unsigned flags)
{
	l4_umword_t ctl = L4_THREAD_CTL_BIND;
	long r;

	c->task = c->thread = L4_INVALID_CAP;
	for (c->idx = 0; c->idx < KT_CHILDREN && child_used[c->idx]; c->idx++)
		;
	if (c->idx == KT_CHILDREN) {
		kt_diag("out of child pages");
		return -L4_ENOMEM;
	}
	child_used[c->idx] = true;
	c->page = child_pages[c->idx];
	memset(c->page, 0, KT_PAGE);
	kt_child_probe(c)->report = KT_C_REPORT;

	c->task = kt_slot();
	c->thread = kt_slot();
	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, c->task,
				   L4_MEM_FPAGE(KT_CHILD_UTCB, KT_CHILD_UTCB_ORDER, L4_FPAGE_RW));
	if (r == 0)
		r = kt_map_range(c->task, L4_BASE_TASK_CAP, KT_TEXT_START, kt_text_end(),
				 L4_FPAGE_RX, KT_TEXT_START);
	if (r == 0)
		r = l4_task_map(c->task, L4_BASE_TASK_CAP,
				L4_MEM_FPAGE((uintptr_t)c->page, 12, L4_FPAGE_RW),
				(uintptr_t)c->page);
	if (r == 0)
		r = kt_cap_copy(c->task, L4_BASE_LOG_CAP, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW);
	if (r == 0)
		r = kt_cap_copy(c->task, KT_C_REPORT, kt.report_gate, L4_CAP_FPAGE_W);
	if (r == 0 && (flags & KT_CHILD_PAGER)) {
		r = kt_cap_copy(c->task, KT_C_PAGER, kt.pager_gate, L4_CAP_FPAGE_W);
		ctl |= L4_THREAD_CTL_PAGER;
	}
	if (r == 0 && (flags & KT_CHILD_EXC)) {
		r = kt_cap_copy(c->task, KT_C_EXC, kt.exc_gate, L4_CAP_FPAGE_W);
		ctl |= L4_THREAD_CTL_EXC_HANDLER;
	}
	if (r == 0)
		r = l4_factory_create_thread(L4_BASE_FACTORY_CAP, c->thread);
	if (r == 0)
		r = l4_thread_control(c->thread, ctl, KT_C_PAGER, KT_C_EXC, c->task, KT_CHILD_UTCB);
	if (r != 0) {
		kt_diag("creating a child task failed: %ld", r);
		kt_child_del(c);
	}
	return r;
}

long kt_child_go(struct kt_child *c, void (*fn)(void *), void *arg, unsigned prio)
{
	long r = l4_thread_ex_regs(c->thread, (uintptr_t)kt_thread_entry,
				   start_frame((uint8_t *)c->page + KT_PAGE, fn, arg), 0);
	if (r == 0)
		r = l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, c->thread, prio, 0, 0);
	return r;
}

void kt_child_del(struct kt_child *c)
{
	/* The thread first: it may be blocked in IPC with main. */
	kt_drop(c->thread);
	kt_drop(c->task);
	if (c->idx >= 0 && c->idx < KT_CHILDREN)
		child_used[c->idx] = false;
	c->task = c->thread = L4_INVALID_CAP;
	c->idx = -1;
}

/* ---- reading root memory that might not be there -------------------------------- */

static struct kt_probe safe_probe;

static bool safe_read(unsigned code, uintptr_t addr, uint64_t *val)
{
	struct kt_thread t;
	struct kt_msg m;
	bool got = false;

	memset(&safe_probe, 0, sizeof(safe_probe));
	safe_probe.report = kt.report_gate;
	safe_probe.op[0] = (struct kt_op){code, addr, 0};
	if (kt_thread_spawn(&t, kt_probe_main, &safe_probe, KT_PRIO_HIGH) != 0)
		return false;
	/* Killed at once if addr is not mapped: then no report comes. */
	kt_wait(&m, 200);
	if (kt_from(&m, KT_LBL_REPORT) && m.mr[0] == 0) {
		*val = m.mr[1];
		got = true;
		kt_reply(0);
	}
	kt_thread_del(&t);
	return got;
}

bool kt_safe_read(uintptr_t addr, uint64_t *val)
{
	return safe_read(KT_READ, addr, val);
}

bool kt_safe_read32(uintptr_t addr, uint64_t *val)
{
	return safe_read(KT_READ32, addr, val);
}
