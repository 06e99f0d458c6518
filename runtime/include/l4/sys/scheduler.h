/* SPDX-License-Identifier: BSD-2-Clause */
/* The scheduler protocol. */
#pragma once

#include <string.h>

#include <l4/sys/ipc.h>

/* Make thread ready with priority prio on cpu; slice_us 0 for the default slice. */
static inline long l4_scheduler_run_thread(l4_cap_idx_t sched, l4_cap_idx_t thread, unsigned prio,
					   unsigned cpu, unsigned slice_us)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_RUN_THREAD_OP;
	u->mr[1] = thread;
	u->mr[2] = prio;
	u->mr[3] = cpu;
	u->mr[4] = slice_us;
	return l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 5));
}

static inline long l4_scheduler_idle_time(l4_cap_idx_t sched, unsigned cpu, unsigned long *ns)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_IDLE_TIME_OP;
	u->mr[1] = cpu;
	long r = l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 2));
	if (r == 0)
		*ns = u->mr[0];
	return r;
}

/* The Unix time (seconds) when the counter (CNTVCT) read 0; *epoch = 0 when unknown. */
static inline long l4_scheduler_clock(l4_cap_idx_t sched, unsigned long *epoch)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_CLOCK_OP;
	long r = l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 1));
	if (r == 0)
		*epoch = u->mr[0];
	return r;
}

static inline long l4_scheduler_info(l4_cap_idx_t sched, unsigned *cpus, unsigned *max_prio)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_INFO_OP;
	long r = l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 1));
	if (r == 0) {
		*cpus = (unsigned)u->mr[0];
		*max_prio = (unsigned)u->mr[1];
	}
	return r;
}

/*
 * The real priorities a scheduler gives: run_thread(prio) runs the thread at
 * min(prio + base, limit). The boot-time scheduler has 0..L4_SCHED_MAX_PRIO.
 */
static inline long l4_scheduler_range(l4_cap_idx_t sched, unsigned *base, unsigned *limit)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_INFO_OP;
	long r = l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 1));
	if (r == 0) {
		*base = (unsigned)u->mr[2];
		*limit = (unsigned)u->mr[3];
	}
	return r;
}

/*
 * The kernel's version string into buf (size bytes, NUL-terminated, cut to
 * fit); L4_SCHED_VERSION_OP, Tern's stand-in for Fiasco's KIP version string.
 */
static inline long l4_scheduler_version(l4_cap_idx_t sched, char *buf, unsigned long size)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_SCHED_VERSION_OP;
	long r = l4_result(l4_kcall(sched, L4_PROTO_SCHEDULER, 1));
	if (r != 0 || size == 0)
		return r;
	unsigned long len = u->mr[0];
	if (len > (L4_MSG_WORDS_MAX - 1) * 8)
		return -L4_ERANGE;
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, &u->mr[1], len);
	buf[len] = '\0';
	return 0;
}
