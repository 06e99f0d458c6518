/* SPDX-License-Identifier: BSD-2-Clause */
/* The thread protocol. */
#pragma once

#include <l4/sys/ipc.h>

/* Set pager, exception handler and/or task binding (flags L4_THREAD_CTL_*). */
static inline long l4_thread_control(l4_cap_idx_t thread, l4_umword_t flags, l4_cap_idx_t pager,
				     l4_cap_idx_t exc_handler, l4_cap_idx_t task, l4_umword_t utcb)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_CONTROL_OP;
	u->mr[1] = flags;
	u->mr[2] = pager;
	u->mr[3] = exc_handler;
	u->mr[4] = task;
	u->mr[5] = utcb;
	return l4_result(l4_kcall(thread, L4_PROTO_THREAD, 6));
}

/* Set pc and sp (L4_THREAD_KEEP keeps one); flags L4_THREAD_EX_REGS_CANCEL. */
static inline long l4_thread_ex_regs(l4_cap_idx_t thread, l4_umword_t pc, l4_umword_t sp,
				     l4_umword_t flags)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_EX_REGS_OP;
	u->mr[1] = pc;
	u->mr[2] = sp;
	u->mr[3] = flags;
	return l4_result(l4_kcall(thread, L4_PROTO_THREAD, 4));
}

struct l4_thread_stats {
	unsigned long state, cpu_time_ns, utcb, prio;
};

static inline long l4_thread_stats(l4_cap_idx_t thread, struct l4_thread_stats *s)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_STATS_OP;
	long r = l4_result(l4_kcall(thread, L4_PROTO_THREAD, 1));
	if (r == 0 && s) {
		s->state = u->mr[0];
		s->cpu_time_ns = u->mr[1];
		s->utcb = u->mr[2];
		s->prio = u->mr[3];
	}
	return r;
}
