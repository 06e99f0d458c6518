// SPDX-License-Identifier: BSD-2-Clause
/*
 * Scheduler objects: running threads with a priority, and CPU time figures.
 * Derived schedulers confine the priorities their holders can give, as
 * L4Re's Sched_proxy does, without an IPC round trip through a server.
 */
#include <string.h>

#include "arch/timer.h"
#include "cap.h"
#include "sched.h"
#include "slab.h"
#include "task.h"
#include "version.h"

struct kobject scheduler_object = {.type = KOBJ_SCHEDULER, .refs = 1, .permanent = true};

/* The range of obj: the boot-time scheduler (a bare kobject) has them all. */
static void sched_range(const struct kobject *obj, unsigned *base, unsigned *limit)
{
	if (obj == &scheduler_object) {
		*base = 0;
		*limit = L4_SCHED_MAX_PRIO;
		return;
	}
	const struct scheduler *s = (const struct scheduler *)obj;
	*base = s->base;
	*limit = s->limit;
}

struct scheduler *scheduler_create(struct factory *f, struct thread *caller, u64 parent, u64 limit,
				   u64 base, long *err)
{
	u8 prights;
	unsigned pbase, plimit;

	struct kobject *p = cap_object(caller->task, parent, &prights);
	if (!p || p->type != KOBJ_SCHEDULER) {
		*err = -L4_EINVAL;
		return NULL;
	}
	/* W: whoever holds the new one can run threads, which needs W on the parent. */
	if (!(prights & CAP_W)) {
		*err = -L4_EPERM;
		return NULL;
	}
	/* An empty range (limit < base) is refused rather than silently collapsed. */
	if (limit > L4_SCHED_MAX_PRIO || base > L4_SCHED_MAX_PRIO || limit < base) {
		*err = -L4_EINVAL;
		return NULL;
	}
	struct scheduler *s = kobject_alloc(KOBJ_SCHEDULER, f, sizeof(*s), 0);
	if (!s) {
		*err = -L4_ENOMEM;
		return NULL;
	}
	/* Flattened: min(min(p + base, limit) + pbase, plimit) for every p. */
	sched_range(p, &pbase, &plimit);
	s->base = (u8)(pbase + base < plimit ? pbase + base : plimit);
	s->limit = (u8)(pbase + limit < plimit ? pbase + limit : plimit);
	return s;
}

void scheduler_free(struct kobject *obj)
{
	slab_free(obj, sizeof(struct scheduler));
}

static u64 sched_op_run_thread(struct kobject *obj, struct thread *caller, u8 rights,
			       unsigned words)
{
	struct l4_utcb *u = caller->utcb;
	unsigned base, limit;
	u8 trights;

	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	if (words < 5)
		return kobject_reply(-L4_EINVAL, 0);
	struct kobject *o = cap_object(caller->task, u->mr[1], &trights);
	if (!o || o->type != KOBJ_THREAD || u->mr[2] > L4_SCHED_MAX_PRIO || u->mr[3] != 0 ||
	    (u->mr[4] && (u->mr[4] < 1000 || u->mr[4] > 1000000)))
		return kobject_reply(-L4_EINVAL, 0);
	if (!(trights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	struct thread *t = (struct thread *)o;
	if (!t->task || !t->started || !thread_alive(t))
		return kobject_reply(-L4_EINVAL, 0);

	sched_range(obj, &base, &limit);
	unsigned prio = (unsigned)u->mr[2] + base;
	bool queued = t->state == THREAD_READY;
	if (queued)
		sched_unready(t);
	t->prio = (u8)(prio < limit ? prio : limit);
	t->slice_us = u->mr[4] ? (u32)u->mr[4] : THREAD_DEFAULT_SLICE_US;
	t->slice_left_us = t->slice_us;
	if (queued || t->state == THREAD_INACTIVE)
		sched_ready(t);
	else if (t == this_cpu()->current)
		this_cpu()->need_resched = true; /* it may now be outranked */
	return kobject_reply(0, 0);
}

u64 sched_epoch;

u64 scheduler_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct cpu *c = this_cpu();

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_SCHEDULER)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	switch (u->mr[0]) {
	case L4_SCHED_RUN_THREAD_OP: return sched_op_run_thread(obj, caller, rights, words);
	case L4_SCHED_IDLE_TIME_OP: {
		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		if (words < 2 || u->mr[1] != 0)
			return kobject_reply(-L4_EINVAL, 0);
		u64 idle = c->idle_time + (c->current ? 0 : timer_count() - c->idle_since);
		u->mr[0] = timer_ticks_to_ns(idle);
		return kobject_reply(0, 1);
	}
	case L4_SCHED_INFO_OP: {
		unsigned base, limit;

		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		sched_range(obj, &base, &limit);
		u->mr[0] = 1;
		u->mr[1] = L4_SCHED_MAX_PRIO;
		u->mr[2] = base;
		u->mr[3] = limit;
		return kobject_reply(0, 4);
	}
	case L4_SCHED_CLOCK_OP:
		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		u->mr[0] = sched_epoch;
		return kobject_reply(0, 1);
	case L4_SCHED_VERSION_OP: {
		static const char version[] = KERNEL_VERSION;
		_Static_assert(sizeof(version) - 1 <= (L4_MSG_WORDS_MAX - 1) * 8, "fits the reply");

		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		u->mr[0] = sizeof(version) - 1;
		memcpy(&u->mr[1], version, sizeof(version) - 1);
		return kobject_reply(0, 1 + (unsigned)((sizeof(version) - 1 + 7) / 8));
	}
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}
