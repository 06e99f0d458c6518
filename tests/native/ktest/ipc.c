// SPDX-License-Identifier: BSD-2-Clause
/* IPC: call/reply, reply_and_wait servers, labels and rights bits, closed wait, gates. */
#include <string.h>

#include "ktest.h"

#define NEVER_RCV L4_TIMEOUTS(0, L4_TIMEOUT_NEVER)

struct echo {
	volatile unsigned calls;
	volatile l4_umword_t label;
};

/* Replies with the words it got, the first one plus 1000, label 0x77. */
static void echo_server(void *arg)
{
	struct echo *e = arg;
	struct l4_utcb *u = l4_utcb();
	l4_umword_t label;
	l4_msgtag_t tag = l4_ipc_wait(&label, NEVER_RCV);

	for (;;) {
		if (l4_ipc_error(tag)) {
			tag = l4_ipc_wait(&label, NEVER_RCV);
			continue;
		}
		e->calls++;
		e->label = label;
		u->mr[0] += 1000;
		tag = l4_ipc_reply_and_wait(L4_MSGTAG(0x77, L4_MSGTAG_WORDS(tag), 0, 0), &label,
					    NEVER_RCV);
	}
}

static void server_loop(void)
{
	struct echo e = {0};
	struct kt_thread srv;
	l4_cap_idx_t g = kt_slot();
	struct l4_utcb *u = l4_utcb();
	bool all = true;

	if (!ok(kt_thread_spawn(&srv, echo_server, &e, KT_PRIO_HIGH) == 0 &&
			l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, srv.cap, 0x500) == 0,
		"server: a root thread serving a gate with reply_and_wait"))
		goto out;
	for (unsigned i = 0; i < 10; i++) {
		u->mr[0] = i;
		l4_msgtag_t t = l4_ipc_call(g, L4_MSGTAG(0x33, 1, 0, 0), L4_IPC_NEVER);
		all &= !l4_ipc_error(t) && L4_MSGTAG_LABEL(t) == 0x77 && L4_MSGTAG_WORDS(t) == 1 &&
		       u->mr[0] == i + 1000;
	}
	ok(all && e.calls == 10, "server: 10 calls answered in order by one reply_and_wait loop");
	ok(e.label == (0x500 | L4_CAP_FPAGE_W | L4_CAP_FPAGE_S),
	   "server: received label = gate label 0x500 | W | S of the caller's RWSD cap (%#lx)",
	   (unsigned long)e.label);

	for (unsigned i = 0; i < 63; i++)
		u->mr[i] = 0xabc0000UL + i;
	l4_msgtag_t t = l4_ipc_call(g, L4_MSGTAG(0, 63, 0, 0), L4_IPC_NEVER);
	all = !l4_ipc_error(t) && L4_MSGTAG_WORDS(t) == 63 && u->mr[0] == 0xabc0000UL + 1000;
	for (unsigned i = 1; i < 63; i++)
		all &= u->mr[i] == 0xabc0000UL + i;
	ok(all, "server: a 63-word message travels there and back intact");

	t = l4_ipc_call(g, L4_MSGTAG(0, 63, 1, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_EMSGTOOLONG, "server: 63 words + 1 item -> EMSGTOOLONG");
	u->mr[0] = 5;
	t = l4_ipc_send(g, L4_MSGTAG(0, 1, 0, 0), L4_TIMEOUTS(1000000, 0));
	ok(!l4_ipc_error(t), "server: a send-only message is delivered (err %ld)", l4_ipc_error(t));
	kt_sleep_ms(1);
	ok(e.calls == 12, "server: ... and received (%u messages in all)", e.calls);
	u->mr[0] = 7;
	t = l4_ipc_call(g, L4_MSGTAG(0, 1, 0, 0), L4_IPC_NEVER);
	ok(!l4_ipc_error(t) && u->mr[0] == 1007, "server: still answers calls after a send-only");
out:
	kt_drop(g);
	kt_thread_del(&srv);
}

/* A child task calls main through four copies of one gate with rights R, W, S, WS. */
static void rights_bits(void)
{
	static const unsigned rights[4] = {L4_CAP_FPAGE_R, L4_CAP_FPAGE_W, L4_CAP_FPAGE_S,
					   L4_CAP_FPAGE_W | L4_CAP_FPAGE_S};
	static const unsigned bits[4] = {0, 1, 2, 3};
	struct kt_child c;
	l4_cap_idx_t g = kt_slot();
	struct kt_msg m;

	if (!ok(kt_child_new(&c, 0) == 0 && l4_factory_create_gate(L4_BASE_FACTORY_CAP, g,
								   L4_BASE_THREAD_CAP, 0x700) == 0,
		"cross-task: a child task and a gate to main"))
		goto out;
	struct kt_probe *p = kt_child_probe(&c);
	for (unsigned k = 0; k < 4; k++) {
		kt_cap_copy(c.task, KT_C_FREE + (k << L4_CAP_SHIFT), g, rights[k]);
		p->op[k] = (struct kt_op){KT_CALL, KT_C_FREE + (k << L4_CAP_SHIFT), 10 * (k + 1)};
	}
	p->op[4] = (struct kt_op){KT_VCON, 0, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);
	for (unsigned k = 0; k < 4; k++) {
		l4_umword_t b = 10 * (k + 1);
		kt_wait(&m, KT_WAIT_MS);
		bool msg_ok = kt_from(&m, 0x700) && L4_MSGTAG_LABEL(m.tag) == KT_CALL_LABEL &&
			      L4_MSGTAG_WORDS(m.tag) == 3 && m.mr[0] == b && m.mr[1] == b + 1 &&
			      m.mr[2] == b + 2;
		l4_umword_t label = m.label;
		if (!m.err) {
			l4_utcb()->mr[0] = 2 * b;
			kt_reply(1);
		}
		ok(msg_ok,
		   "cross-task: child's call arrives with its label and 3 words (rights %#x)",
		   rights[k]);
		ok(!m.err && (label & 3) == bits[k],
		   "cross-task: label low bits = %u for a gate cap with rights %#x (label %#lx)",
		   bits[k], rights[k], (unsigned long)label);
		ok(kt_report(&m, k) && m.mr[1] == 2 * b && m.mr[2] == 1 && m.mr[3] == 0,
		   "cross-task: the child got the 1-word reply %lu", (unsigned long)(2 * b));
	}
	bool got = kt_report(&m, 4);
	ok(got && m.mr[1] == 0, "cross-task: the child writes to the console through its log cap");
out:
	kt_child_del(&c);
	kt_drop(g);
}

struct caller {
	l4_cap_idx_t gate;
	l4_umword_t id;
	volatile l4_umword_t reply;
	volatile long err;
	volatile bool done;
};

static void call_once(void *arg)
{
	struct caller *c = arg;

	l4_utcb()->mr[0] = c->id;
	l4_msgtag_t t = l4_ipc_call(c->gate, L4_MSGTAG(0, 1, 0, 0), L4_IPC_NEVER);
	c->err = l4_ipc_error(t);
	c->reply = l4_utcb()->mr[0];
	c->done = true;
}

/* Two callers queue on main's gate; a closed wait takes the second one first. */
static void closed_wait(void)
{
	l4_cap_idx_t g = kt_slot();
	struct caller c1 = {.gate = g, .id = 1}, c2 = {.gate = g, .id = 2};
	struct kt_thread t1, t2;
	struct kt_msg m;
	l4_msgtag_t t;

	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_BASE_THREAD_CAP, 0x600);
	kt_thread_spawn(&t2, call_once, &c2, KT_PRIO_HIGH);
	kt_thread_spawn(&t1, call_once, &c1, KT_PRIO_HIGH);
	t = l4_ipc_receive(t1.cap, L4_TIMEOUTS(0, 1000000));
	l4_umword_t got = l4_utcb()->mr[0];
	long err = l4_ipc_error(t);
	if (!err) {
		l4_utcb()->mr[0] = 101;
		kt_reply(1);
	}
	ok(!err && got == 1, "closed wait: receive from thread 1 takes its call, not thread 2's");
	ok(c1.done && c1.err == 0 && c1.reply == 101, "closed wait: thread 1 got the reply");
	ok(!c2.done, "closed wait: thread 2 still waits");
	t = l4_ipc_receive(t1.cap, L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT,
	   "closed wait: nothing more from thread 1 -> RETIMEOUT");
	kt_wait(&m, KT_WAIT_MS);
	bool from2 = kt_from(&m, 0x600) && m.mr[0] == 2;
	if (!m.err) {
		l4_utcb()->mr[0] = 102;
		kt_reply(1);
	}
	ok(from2, "closed wait: an open wait then gets thread 2's call");
	ok(c2.done && c2.reply == 102, "closed wait: thread 2 got its reply");
	kt_thread_del(&t1);
	kt_thread_del(&t2);
	kt_drop(g);
}

static void reply_errors(void)
{
	l4_msgtag_t t = l4_ipc_reply(L4_MSGTAG(0, 0, 0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOREPLY, "reply: with no caller -> ENOREPLY");

	l4_cap_idx_t g = kt_slot();
	struct caller c = {.gate = g, .id = 9};
	struct kt_thread th;
	struct kt_msg m;
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_BASE_THREAD_CAP, 0x600);
	kt_thread_spawn(&th, call_once, &c, KT_PRIO_HIGH);
	kt_wait(&m, KT_WAIT_MS);
	long first = kt_reply(0);
	long second = kt_reply(0);
	ok(!m.err && first == 0 && c.done, "reply: the first reply reaches the caller");
	ok(second == L4_IPC_ENOREPLY, "reply: a second reply -> ENOREPLY (%ld)", second);
	kt_thread_del(&th);
	kt_drop(g);
}

static void gate_admin(void)
{
	l4_cap_idx_t g = kt_slot();
	struct caller c = {.gate = g, .id = 3};
	struct kt_thread th;
	l4_umword_t label = 0;
	struct kt_msg m;

	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0x800);
	ok(l4_gate_get_label(g, &label) == 0 && label == 0x800,
	   "gate: get_label of a new unbound gate -> 0x800");
	l4_msgtag_t t = l4_ipc_call(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT,
	   "gate: a call through an unbound gate -> ENOT_EXISTENT at once (%ld)", l4_ipc_error(t));
	ok(l4_gate_bind(g, L4_BASE_THREAD_CAP, 0x901) == -L4_EINVAL,
	   "gate: bind with label low bits set -> EINVAL");
	ok(l4_gate_bind(g, L4_BASE_LOG_CAP, 0x900) == -L4_EINVAL,
	   "gate: bind to something that is not a thread -> EINVAL");
	ok(l4_gate_bind(g, L4_BASE_THREAD_CAP, 0x900) == 0, "gate: bind to main with label 0x900");
	ok(l4_gate_get_label(g, &label) == 0 && label == 0x900, "gate: get_label -> 0x900");
	kt_thread_spawn(&th, call_once, &c, KT_PRIO_HIGH);
	kt_wait(&m, KT_WAIT_MS);
	if (!m.err)
		kt_reply(0);
	ok(!m.err && m.label == (0x900 | 3) && m.mr[0] == 3,
	   "gate: a call through the newly bound gate reaches main with label 0x903 (%#lx)",
	   (unsigned long)m.label);
	kt_thread_del(&th);
	kt_drop(g);
}

void ipc_tests(void)
{
	reply_errors();
	server_loop();
	rights_bits();
	closed_wait();
	gate_admin();
}
