/* SPDX-License-Identifier: BSD-2-Clause */
/* The factory protocol: creating kernel objects into an empty capability slot. */
#pragma once

#include <l4/sys/ipc.h>

static inline long l4_factory_create_task(l4_cap_idx_t factory, l4_cap_idx_t slot,
					  l4_fpage_t utcb_area)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_TASK;
	u->mr[1] = slot;
	u->mr[2] = utcb_area;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 3));
}

static inline long l4_factory_create_thread(l4_cap_idx_t factory, l4_cap_idx_t slot)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_THREAD;
	u->mr[1] = slot;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 2));
}

/* An IPC gate bound to thread (or L4_INVALID_CAP: unbound) with a label. */
static inline long l4_factory_create_gate(l4_cap_idx_t factory, l4_cap_idx_t slot,
					  l4_cap_idx_t thread, l4_umword_t label)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_KOBJECT;
	u->mr[1] = slot;
	u->mr[2] = thread;
	u->mr[3] = label;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 4));
}

static inline long l4_factory_create_irq(l4_cap_idx_t factory, l4_cap_idx_t slot)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_IRQ;
	u->mr[1] = slot;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 2));
}

/* A factory with quota bytes taken from this one's quota. */
static inline long l4_factory_create_factory(l4_cap_idx_t factory, l4_cap_idx_t slot,
					     l4_umword_t quota)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_FACTORY;
	u->mr[1] = slot;
	u->mr[2] = quota;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 3));
}

/*
 * A scheduler confined to a range of parent_sched's (which needs W):
 * run_thread(prio) through it runs at min(prio + base, limit), mapped on by
 * the parent's own range, as L4Re's Sched_proxy. limit < base: -L4_EINVAL.
 */
static inline long l4_factory_create_scheduler(l4_cap_idx_t factory, l4_cap_idx_t slot,
					       l4_cap_idx_t parent_sched, unsigned limit,
					       unsigned base)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_SCHEDULER;
	u->mr[1] = slot;
	u->mr[2] = parent_sched;
	u->mr[3] = limit;
	u->mr[4] = base;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 5));
}
