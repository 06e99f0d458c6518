// SPDX-License-Identifier: BSD-2-Clause
/* The scheduler object: running threads with a priority, and CPU time figures. */
#include "arch/timer.h"
#include "cap.h"
#include "sched.h"
#include "task.h"

struct kobject scheduler_object = {.type = KOBJ_SCHEDULER, .refs = 1, .permanent = true};

static u64 sched_op_run_thread(struct thread *caller, u8 rights, unsigned words)
{
	struct l4_utcb *u = caller->utcb;
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

	bool queued = t->state == THREAD_READY;
	if (queued)
		sched_unready(t);
	t->prio = (u8)u->mr[2];
	t->slice_us = u->mr[4] ? (u32)u->mr[4] : THREAD_DEFAULT_SLICE_US;
	t->slice_left_us = t->slice_us;
	if (queued || t->state == THREAD_INACTIVE)
		sched_ready(t);
	else if (t == this_cpu()->current)
		this_cpu()->need_resched = true; /* it may now be outranked */
	return kobject_reply(0, 0);
}

u64 scheduler_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct l4_utcb *u = caller->utcb;
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct cpu *c = this_cpu();

	(void)obj;
	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_SCHEDULER)
		return kobject_reply(-L4_EBADPROTO, 0);
	if (words < 1)
		return kobject_reply(-L4_EINVAL, 0);
	switch (u->mr[0]) {
	case L4_SCHED_RUN_THREAD_OP: return sched_op_run_thread(caller, rights, words);
	case L4_SCHED_IDLE_TIME_OP: {
		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		if (words < 2 || u->mr[1] != 0)
			return kobject_reply(-L4_EINVAL, 0);
		u64 idle = c->idle_time + (c->current ? 0 : timer_count() - c->idle_since);
		u->mr[0] = timer_ticks_to_ns(idle);
		return kobject_reply(0, 1);
	}
	case L4_SCHED_INFO_OP:
		if (!(rights & CAP_R))
			return kobject_reply(-L4_EPERM, 0);
		u->mr[0] = 1;
		u->mr[1] = L4_SCHED_MAX_PRIO;
		return kobject_reply(0, 2);
	default: return kobject_reply(-L4_ENOSYS, 0);
	}
}
