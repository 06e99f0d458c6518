// SPDX-License-Identifier: BSD-2-Clause
/* Blocked IPC ended from outside: ex_regs cancel, deleting partners, gates, IRQs and tasks. */
#include "ktest.h"

#define NEVER_RCV L4_TIMEOUTS(0, L4_TIMEOUT_NEVER)

enum block_kind { B_WAIT, B_CALL, B_RECV };

/* A thread that blocks in one kind of IPC, `times` times, recording how each ended. */
struct blocker {
	enum block_kind kind;
	l4_cap_idx_t obj;
	unsigned times;
	volatile long first_err, last_err;
	volatile unsigned count;
	struct kt_thread t;
};

static void block_main(void *arg)
{
	struct blocker *b = arg;
	l4_umword_t label;
	l4_msgtag_t tag = 0;

	while (b->count < b->times) {
		switch (b->kind) {
		case B_WAIT: tag = l4_ipc_wait(&label, NEVER_RCV); break;
		case B_CALL:
			l4_utcb()->mr[0] = 0xca11;
			tag = l4_ipc_call(b->obj, L4_MSGTAG(0, 1, 0, 0), L4_IPC_NEVER);
			break;
		case B_RECV: tag = l4_ipc_receive(b->obj, NEVER_RCV); break;
		}
		if (b->count == 0)
			b->first_err = l4_ipc_error(tag);
		b->last_err = l4_ipc_error(tag);
		b->count++;
	}
}

static long prepare(struct blocker *b, enum block_kind kind, l4_cap_idx_t obj, unsigned times)
{
	b->kind = kind;
	b->obj = obj;
	b->times = times;
	b->first_err = b->last_err = -1;
	b->count = 0;
	return kt_thread_new(&b->t, block_main, b);
}

/* Start a blocker above main's priority: it is blocked when this returns. */
static bool start(struct blocker *b, enum block_kind kind, l4_cap_idx_t obj, unsigned times)
{
	return prepare(b, kind, obj, times) == 0 && kt_thread_go(&b->t, KT_PRIO_HIGH) == 0;
}

static bool one_of(long err, long a, long b)
{
	return err == a || err == b;
}

static void ex_regs_cancel(void)
{
	struct blocker w, s, r;
	l4_cap_idx_t g_idle = kt_slot(), g_main = kt_slot();
	struct kt_thread idle;
	struct kt_msg m;

	kt_thread_idle(&idle);
	start(&w, B_WAIT, 0, 2);
	ok(kt_thread_state(w.t.cap, L4_THREAD_STATE_RECEIVING, 100) == L4_THREAD_STATE_RECEIVING,
	   "cancel: a thread in open wait is RECEIVING");
	ok(l4_thread_ex_regs(w.t.cap, L4_THREAD_KEEP, L4_THREAD_KEEP, L4_THREAD_EX_REGS_CANCEL) ==
		   0,
	   "cancel: ex_regs CANCEL -> 0");
	kt_sleep_ms(1);
	ok(w.count == 1 && w.first_err == L4_IPC_RECANCELED,
	   "cancel: the open wait ends with RECANCELED and the thread goes on (%ld)", w.first_err);
	l4_thread_ex_regs(w.t.cap, L4_THREAD_KEEP, L4_THREAD_KEEP, L4_THREAD_EX_REGS_CANCEL);
	kt_sleep_ms(1);
	ok(w.count == 2 && w.last_err == L4_IPC_RECANCELED, "cancel: and again on its next wait");
	kt_thread_del(&w.t);

	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g_idle, idle.cap, 0x10);
	start(&s, B_CALL, g_idle, 1);
	ok(kt_thread_state(s.t.cap, L4_THREAD_STATE_SENDING, 100) == L4_THREAD_STATE_SENDING,
	   "cancel: a caller with no receiver is SENDING");
	l4_thread_ex_regs(s.t.cap, L4_THREAD_KEEP, L4_THREAD_KEEP, L4_THREAD_EX_REGS_CANCEL);
	kt_sleep_ms(1);
	ok(s.count == 1 && s.first_err == L4_IPC_SECANCELED,
	   "cancel: a call blocked in its send phase ends with SECANCELED (%ld)", s.first_err);
	kt_thread_del(&s.t);

	/* Main takes the call, then cancels the caller while it waits for the reply. */
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g_main, L4_BASE_THREAD_CAP, 0x20);
	start(&r, B_CALL, g_main, 1);
	kt_wait(&m, KT_WAIT_MS);
	long st = kt_thread_state(r.t.cap, L4_THREAD_STATE_RECEIVING, 0);
	l4_thread_ex_regs(r.t.cap, L4_THREAD_KEEP, L4_THREAD_KEEP, L4_THREAD_EX_REGS_CANCEL);
	kt_sleep_ms(1);
	long rep = kt_reply(0);
	ok(!m.err && st == L4_THREAD_STATE_RECEIVING, "cancel: a caller waiting for its reply is "
						      "RECEIVING");
	ok(r.count == 1 && r.first_err == L4_IPC_RECANCELED,
	   "cancel: a call blocked in its receive phase ends with RECANCELED (%ld)", r.first_err);
	ok(rep == L4_IPC_ENOREPLY, "cancel: replying to the cancelled caller -> ENOREPLY (%ld)",
	   rep);
	kt_thread_del(&r.t);
	kt_drop(g_main);
	kt_drop(g_idle);
	kt_thread_del(&idle);
}

/* The client is blocked in a call; the object it depends on is deleted. */
static void deleted_partners(void)
{
	struct blocker srv, cli, c2, c3;
	l4_cap_idx_t g = kt_slot(), g_idle = kt_slot();
	struct kt_thread idle;

	/* The server took the call (and waits again, never replying). */
	start(&srv, B_WAIT, 0, 100);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, srv.t.cap, 0x30);
	start(&cli, B_CALL, g, 1);
	ok(srv.count == 1 && kt_thread_state(cli.t.cap, L4_THREAD_STATE_RECEIVING, 10) ==
				     L4_THREAD_STATE_RECEIVING,
	   "delete: the server took the call, the client waits for the reply");
	kt_thread_del(&srv.t);
	kt_sleep_ms(1);
	ok(cli.count == 1 && one_of(cli.first_err, L4_IPC_ENOT_EXISTENT, L4_IPC_RECANCELED),
	   "delete: deleting the server wakes the client with ENOT_EXISTENT/RECANCELED (%ld)",
	   cli.first_err);
	l4_msgtag_t t = l4_ipc_call(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT,
	   "delete: a call through the gate of a deleted thread -> ENOT_EXISTENT (%ld)",
	   l4_ipc_error(t));
	kt_thread_del(&cli.t);

	/* The client is still in its send phase when the receiver goes. */
	kt_thread_idle(&idle);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g_idle, idle.cap, 0x10);
	start(&c2, B_CALL, g_idle, 1);
	ok(kt_thread_state(c2.t.cap, L4_THREAD_STATE_SENDING, 10) == L4_THREAD_STATE_SENDING,
	   "delete: a client calling a thread that never waits is SENDING");
	kt_thread_del(&idle);
	kt_sleep_ms(1);
	ok(c2.count == 1 && one_of(c2.first_err, L4_IPC_ENOT_EXISTENT, L4_IPC_SECANCELED),
	   "delete: deleting the receiver of a blocked send -> ENOT_EXISTENT/SECANCELED (%ld)",
	   c2.first_err);
	kt_thread_del(&c2.t);

	/* The gate itself goes while a client is queued on it. */
	kt_thread_idle(&idle);
	l4_gate_bind(g_idle, idle.cap, 0x10);
	start(&c3, B_CALL, g_idle, 1);
	ok(kt_thread_state(c3.t.cap, L4_THREAD_STATE_SENDING, 10) == L4_THREAD_STATE_SENDING,
	   "delete: a client queued on a gate is SENDING");
	kt_drop(g_idle);
	kt_sleep_ms(1);
	ok(c3.count == 1 && one_of(c3.first_err, L4_IPC_ENOT_EXISTENT, L4_IPC_SECANCELED),
	   "delete: deleting the gate wakes its queued client (%ld)", c3.first_err);
	kt_thread_del(&c3.t);
	kt_thread_del(&idle);
	kt_drop(g);
}

static void deleted_sources(void)
{
	struct blocker w, ir, pr;
	l4_cap_idx_t g = kt_slot(), irq = kt_slot();
	struct kt_thread idle;
	struct l4_thread_stats st;

	/* A receiver in open wait is deleted. */
	start(&w, B_WAIT, 0, 1);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, w.t.cap, 0x40);
	l4_cap_idx_t cap = w.t.cap;
	ok(l4_task_delete_obj(L4_BASE_TASK_CAP, cap) == 0 &&
		   kt_cap_type(L4_BASE_TASK_CAP, cap, NULL) == 0,
	   "delete: a thread blocked in open wait is deleted, its slot empties");
	ok(l4_thread_stats(cap, &st) == -1000 - L4_IPC_ENOT_EXISTENT,
	   "delete: invoking the deleted thread's slot -> ENOT_EXISTENT");
	l4_msgtag_t t = l4_ipc_send(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT, "delete: its gate now leads nowhere (%ld)",
	   l4_ipc_error(t));
	kt_thread_del(&w.t);

	/* A closed wait on an IRQ that is deleted. */
	l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq);
	prepare(&ir, B_RECV, irq, 1);
	l4_irq_attach(irq, ir.t.cap, 0x50);
	kt_thread_go(&ir.t, KT_PRIO_HIGH);
	ok(kt_thread_state(ir.t.cap, L4_THREAD_STATE_RECEIVING, 10) == L4_THREAD_STATE_RECEIVING,
	   "delete: a thread waits in a closed receive on its IRQ");
	kt_drop(irq);
	kt_sleep_ms(1);
	ok(ir.count == 1 && one_of(ir.first_err, L4_IPC_ENOT_EXISTENT, L4_IPC_RECANCELED),
	   "delete: deleting the IRQ ends the receive with ENOT_EXISTENT/RECANCELED (%ld)",
	   ir.first_err);
	kt_thread_del(&ir.t);

	/* A closed wait for one thread, which is deleted. */
	kt_thread_idle(&idle);
	start(&pr, B_RECV, idle.cap, 1);
	ok(kt_thread_state(pr.t.cap, L4_THREAD_STATE_RECEIVING, 10) == L4_THREAD_STATE_RECEIVING,
	   "delete: a thread waits in a closed receive for one partner");
	kt_thread_del(&idle);
	kt_sleep_ms(1);
	ok(pr.count == 1 && one_of(pr.first_err, L4_IPC_ENOT_EXISTENT, L4_IPC_RECANCELED),
	   "delete: deleting that partner ends the receive (%ld)", pr.first_err);
	kt_thread_del(&pr.t);
	kt_drop(g);
}

/* A child thread blocked calling main dies with its task; its call never arrives. */
static void deleted_task(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (!ok(kt_child_new(&c, 0) == 0, "delete task: a child task"))
		return;
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_SYNC, 0, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_HIGH);
	ok(kt_thread_state(c.thread, L4_THREAD_STATE_SENDING, 10) == L4_THREAD_STATE_SENDING,
	   "delete task: its thread is blocked sending to main");
	ok(l4_task_delete_obj(L4_BASE_TASK_CAP, c.task) == 0, "delete task: delete_obj -> 0");
	ok(kt_thread_state(c.thread, L4_THREAD_STATE_DEAD, 10) == L4_THREAD_STATE_DEAD,
	   "delete task: the thread of the deleted task is DEAD");
	ok(kt_wait(&m, 0) == L4_IPC_RETIMEOUT, "delete task: its pending call was withdrawn");
	kt_child_del(&c);
}

void cancel_tests(void)
{
	ex_regs_cancel();
	deleted_partners();
	deleted_sources();
	deleted_task();
}
