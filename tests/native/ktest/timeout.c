// SPDX-License-Identifier: BSD-2-Clause
/* IPC timeouts: zero and finite, send and receive, measured with the generic timer. */
#include "ktest.h"

#define SLACK_NS 100000000ULL /* a timeout must not run this much late */

/* Receives and never answers: callers run into their receive timeout. */
static void sink(void *arg)
{
	l4_umword_t label;

	for (;;)
		l4_ipc_wait(&label, L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
}

static void receive_timeouts(void)
{
	static const unsigned us[] = {1000, 5000, 20000};
	l4_umword_t label;
	uint64_t t0 = kt_now_ns();
	l4_msgtag_t t = l4_ipc_wait(&label, L4_TIMEOUTS(0, 0));
	uint64_t dt = kt_now_ns() - t0;

	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT && dt < SLACK_NS,
	   "timeout: open wait with receive timeout 0 and nothing pending -> RETIMEOUT at once");
	t = l4_irq_receive(kt.sleep_irq, L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT, "timeout: closed wait on a quiet IRQ, timeout 0");

	for (unsigned i = 0; i < sizeof(us) / sizeof(us[0]); i++) {
		t0 = kt_now_ns();
		t = l4_ipc_wait(&label, L4_TIMEOUTS(0, us[i]));
		dt = kt_now_ns() - t0;
		ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT && dt >= us[i] * 1000ULL &&
			   dt < us[i] * 1000ULL + SLACK_NS,
		   "timeout: receive timeout of %u us -> RETIMEOUT after %llu us", us[i],
		   (unsigned long long)(dt / 1000));
	}
	t0 = kt_now_ns();
	t = l4_irq_receive(kt.sleep_irq, L4_TIMEOUTS(0, 20000));
	dt = kt_now_ns() - t0;
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT && dt >= 20000000ULL && dt < 20000000ULL + SLACK_NS,
	   "timeout: closed wait with 20 ms -> RETIMEOUT after %llu us",
	   (unsigned long long)(dt / 1000));
}

/* A gate bound to a thread that never runs: no receiver ever waits there. */
static void send_timeouts(void)
{
	l4_cap_idx_t g = kt_slot();
	struct kt_thread idle;
	uint64_t t0, dt;
	l4_msgtag_t t;

	kt_thread_idle(&idle);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, idle.cap, 0x10);
	t0 = kt_now_ns();
	t = l4_ipc_send(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	dt = kt_now_ns() - t0;
	ok(l4_ipc_error(t) == L4_IPC_SETIMEOUT && dt < SLACK_NS,
	   "timeout: send timeout 0 with no receiver -> SETIMEOUT at once (err %ld)",
	   l4_ipc_error(t));
	t = l4_ipc_call(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, L4_TIMEOUT_NEVER));
	ok(l4_ipc_error(t) == L4_IPC_SETIMEOUT,
	   "timeout: a call with send timeout 0 fails in the send phase, never waits for a reply");
	t0 = kt_now_ns();
	t = l4_ipc_send(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(20000, 0));
	dt = kt_now_ns() - t0;
	ok(l4_ipc_error(t) == L4_IPC_SETIMEOUT && dt >= 20000000ULL && dt < 20000000ULL + SLACK_NS,
	   "timeout: send timeout of 20 ms -> SETIMEOUT after %llu us",
	   (unsigned long long)(dt / 1000));
	kt_drop(g);
	kt_thread_del(&idle);
}

/* The send phase succeeds, the receive phase of the call times out. */
static void call_timeouts(void)
{
	struct kt_thread s;
	l4_cap_idx_t g = kt_slot();
	uint64_t t0, dt;
	l4_msgtag_t t;

	kt_thread_spawn(&s, sink, NULL, KT_PRIO_HIGH);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, s.cap, 0x10);
	t0 = kt_now_ns();
	t = l4_ipc_call(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(L4_TIMEOUT_NEVER, 20000));
	dt = kt_now_ns() - t0;
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT && dt >= 20000000ULL && dt < 20000000ULL + SLACK_NS,
	   "timeout: call to a server that never replies, receive timeout 20 ms -> RETIMEOUT "
	   "after %llu us",
	   (unsigned long long)(dt / 1000));
	t = l4_ipc_call(g, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(L4_TIMEOUT_NEVER, 0));
	ok(l4_ipc_error(t) == L4_IPC_RETIMEOUT,
	   "timeout: call with receive timeout 0 -> sent, then RETIMEOUT at once");
	kt_drop(g);
	kt_thread_del(&s);
}

void timeout_tests(void)
{
	receive_timeouts();
	send_timeouts();
	call_timeouts();
}
