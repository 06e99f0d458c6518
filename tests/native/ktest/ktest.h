// SPDX-License-Identifier: BSD-2-Clause
/* Shared helpers of the kernel test suite: TAP output, slots, threads, child tasks, probes. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include <l4/sys/factory.h>
#include <l4/sys/gate.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>

/* ---- TAP ------------------------------------------------------------------ */

/* Prints "ok N - ..." or "not ok N - ..."; returns cond. */
bool ok(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A TAP comment line ("# ..."), for context on a failure. */
void kt_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern int kt_passed, kt_failed;

/* ---- the root task's layout ------------------------------------------------ */

#define KT_PAGE		    4096UL
#define KT_TEXT_START	    0x400000UL
#define KT_ROOT_UTCB	    0x700000000000UL /* the root's UTCB area: 64 pages */
#define KT_ROOT_UTCBS	    64		     /* page 0: main; 1..KT_THREADS: helper threads */
#define KT_CHILD_UTCB	    0x700000000000UL /* UTCB area given to child tasks */
#define KT_CHILD_UTCB_ORDER 14		     /* 4 UTCB pages */
#define KT_PRIO_MAIN	    100		     /* the root's main thread */
#define KT_PRIO_HIGH	    110		     /* servers: run to their wait at once */
#define KT_PRIO_LOW	    50
#define KT_WAIT_MS	    2000 /* how long main waits for a message that should come */

uintptr_t kt_text_end(void);

/* Gate labels of the main thread's gates (low 2 bits: the sender's W/S rights). */
#define KT_LBL_REPORT 0x10000UL
#define KT_LBL_PAGER  0x20000UL
#define KT_LBL_EXC    0x30000UL
#define KT_LBL_SLEEP  0x40000UL
#define KT_LBL_MASK   (~3UL)

/* Gates (in the root's space) bound to the main thread, made by kt_init(). */
struct kt_globals {
	l4_cap_idx_t report_gate, pager_gate, exc_gate;
	l4_cap_idx_t sleep_irq; /* never triggered: a closed receive on it is a sleep */
};
extern struct kt_globals kt;

bool kt_init(void);

/* ---- capability slots of the root task ------------------------------------- */

l4_cap_idx_t kt_slot(void);	       /* a free selector */
l4_cap_idx_t kt_slots(unsigned order); /* 2^order free selectors, aligned */
void kt_slot_free(l4_cap_idx_t sel);   /* drop the capability there and the slot */
void kt_drop(l4_cap_idx_t sel);	       /* delete the object there and free the slot */
long kt_cap_type(l4_cap_idx_t task, l4_cap_idx_t sel, unsigned *rights);
/* Copy a root capability into this root slot (or another task) with fewer rights. */
long kt_cap_copy(l4_cap_idx_t dst_task, l4_cap_idx_t dst, l4_cap_idx_t src, unsigned rights);
/* Bytes left in the root factory's quota (probes with a gate it deletes again). */
long kt_quota_left(l4_cap_idx_t factory);

/* ---- time ------------------------------------------------------------------- */

uint64_t kt_now_ns(void);
void kt_sleep_ms(unsigned ms);
void kt_spin_ms(unsigned ms); /* busy: keeps the CPU */

/* ---- threads of the root task ---------------------------------------------- */

/*
 * Each root thread gets a UTCB page (KT_ROOT_UTCB + idx * 4 KiB) and a
 * stack from a static pool. It starts in kt_thread_entry, which saves the
 * registers it was started with (kt_start_regs) and calls fn(arg).
 */
#define KT_THREADS     24
#define KT_STACK_SIZE  8192
#define KT_START_FRAME 320 /* fn, arg and saved registers at the stack top */

struct kt_thread {
	l4_cap_idx_t cap;
	int idx;
};

/* What the entry code saved: x0..x30, TPIDR_EL0, TPIDRRO_EL0. */
struct kt_start_regs {
	uint64_t x[31];
	uint64_t tpidr, tpidrro;
};

void kt_thread_entry(void);
void kt_thread_run(void (*fn)(void *), void *arg) __attribute__((noreturn));
void kt_block(void) __attribute__((noreturn)); /* wait forever */

long kt_thread_new(struct kt_thread *t, void (*fn)(void *), void *arg);
long kt_thread_go(struct kt_thread *t, unsigned prio);
long kt_thread_spawn(struct kt_thread *t, void (*fn)(void *), void *arg, unsigned prio);
/* Bound to the root but never run: a gate to it has no receiver. */
long kt_thread_idle(struct kt_thread *t);
void kt_thread_del(struct kt_thread *t);
/* ex_regs the thread to start over in fn(arg) on a fresh start frame. */
long kt_thread_restart(struct kt_thread *t, void (*fn)(void *), void *arg);
const struct kt_start_regs *kt_thread_start_regs(const struct kt_thread *t);
uintptr_t kt_thread_utcb(const struct kt_thread *t);
/* Poll the thread's state until it is want (or ms pass); returns the last state or < 0. */
long kt_thread_state(l4_cap_idx_t thread, unsigned long want, unsigned ms);

/* ---- child tasks ------------------------------------------------------------ */

/* Capability slots in a child task's space. */
#define KT_C_REPORT (10UL << L4_CAP_SHIFT) /* gate to the main thread, rights W */
#define KT_C_PAGER  (11UL << L4_CAP_SHIFT) /* main's pager gate, rights W */
#define KT_C_EXC    (12UL << L4_CAP_SHIFT) /* main's exception gate, rights W */
#define KT_C_FREE   (16UL << L4_CAP_SHIFT) /* first slot the tests use */

#define KT_CHILD_PAGER 0x1U /* give the child's thread main as its pager */
#define KT_CHILD_EXC   0x2U /* ... and as its exception handler */
#define KT_CHILDREN    8

/*
 * A child task: the root's text mapped RX at the same addresses, one shared
 * page (stack at the top, struct kt_probe or other data at the bottom; the
 * same address in both tasks), the log capability, the report gate, and one
 * thread bound to the first UTCB page.
 */
struct kt_child {
	l4_cap_idx_t task, thread; /* root selectors */
	uint64_t *page;
	int idx;
};

#define KT_CHILD_NONE                                    \
	{                                                \
		L4_INVALID_CAP, L4_INVALID_CAP, NULL, -1 \
	}

long kt_map_range(l4_cap_idx_t dst, l4_cap_idx_t src, uintptr_t start, uintptr_t end,
		  unsigned rights, uintptr_t dst_start);
long kt_child_new(struct kt_child *c, unsigned flags);
long kt_child_go(struct kt_child *c, void (*fn)(void *), void *arg, unsigned prio);
void kt_child_del(struct kt_child *c);

/* ---- probes: a scripted thread that reports to main ------------------------ */

enum kt_op_code {
	KT_END,	      /* block forever */
	KT_READ,      /* v = *(u64 *)a */
	KT_WRITE,     /* *(u64 *)a = b */
	KT_SYNC,      /* report only: main decides when to go on */
	KT_EXEC,      /* call a */
	KT_CALL,      /* call gate a with 3 words b, b+1, b+2; v = reply mr[0], w = reply words */
	KT_ITEM,      /* send main (report gate) one typed item: w0 = a, w1 = b */
	KT_RECV,      /* open wait with windows mem = a, obj = b; v = mr[0], w = label */
	KT_UDF,	      /* x0 = a; udf #0; v = x0 */
	KT_BRK,	      /* x0 = a; brk #7; v = x0 */
	KT_UNALIGNED, /* x0 = 0; ldxr x0, [a]; v = x0 */
	KT_VCON,      /* v = l4_vcon_write(L4_BASE_LOG_CAP, ...) */
	KT_SPIN,      /* count spins forever */
	KT_EXIT,      /* l4_task_exit(L4_BASE_TASK_CAP, a); v = its result if it returns */
	KT_READ32,    /* v = *(u32 *)a (device registers) */
};

#define KT_PROBE_OPS	12
#define KT_ITEM_MAGIC	0x17e3UL
#define KT_CALL_LABEL	0x55L
#define KT_REPORT_WORDS 5

struct kt_op {
	unsigned code;
	l4_umword_t a, b;
};

/* A report: mr[0] = op index, mr[1] = v, mr[2] = w, mr[3] = IPC error, mr[4] = tag. */
struct kt_probe {
	l4_cap_idx_t report; /* selector in the probe's own task */
	volatile uint64_t spins;
	struct kt_op op[KT_PROBE_OPS];
};

void kt_probe_main(void *arg);
struct kt_probe *kt_child_probe(struct kt_child *c); /* at the bottom of the shared page */

/*
 * ---- the main thread as a server --------------------------------------------
 * Main replies to a message before it makes any other system call (a printf
 * is one: it writes to the Vcon), so a test never depends on whether a
 * kernel-object call keeps the pending reply.
 */

#define KT_MSG_WORDS L4_UTCB_MRS

struct kt_msg {
	long err; /* IPC error of the wait; 0: a message arrived */
	l4_msgtag_t tag;
	l4_umword_t label;
	l4_umword_t mr[KT_MSG_WORDS];
};

/* Open wait (no receive windows unless given); copies the message out of the UTCB. */
long kt_wait(struct kt_msg *m, unsigned ms);
long kt_wait_win(struct kt_msg *m, unsigned ms, l4_fpage_t mem, l4_fpage_t obj);
/* The message came through the main gate with this label. */
bool kt_from(const struct kt_msg *m, l4_umword_t gate_label);
void kt_describe(const char *what, const struct kt_msg *m);
long kt_reply(unsigned words);
/* Reply with one map item: w0 = MAP | hot spot, w1 = fpage. */
long kt_reply_map(l4_umword_t hot, l4_fpage_t fp);
/* Wait for report idx, reply to it at once; false (not replied) on anything else. */
bool kt_report(struct kt_msg *m, l4_umword_t idx);
/* Wait for a page fault through the pager gate (not replied). */
bool kt_fault(struct kt_msg *m);

/* Read a root address in a helper thread, so a missing mapping kills only it. */
bool kt_safe_read(uintptr_t addr, uint64_t *val);
bool kt_safe_read32(uintptr_t addr, uint64_t *val);

/* ---- test groups ---------------------------------------------------------------- */

void caps_tests(void);
void caps_map_tests(void);
void factory_tests(void);
void ipc_tests(void);
void timeout_tests(void);
void cancel_tests(void);
void map_tests(void);
void items_tests(void);
void pager_tests(void);
void exception_tests(void);
void irq_tests(void);
void sched_tests(void);
void sched_range_tests(void);
void thread_tests(void);
void vm_tests(void);
void vm_vcpus_tests(void);
void fuzz_run(unsigned long n, uint64_t seed);
