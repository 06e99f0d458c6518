// SPDX-License-Identifier: BSD-2-Clause
/*
 * Derived schedulers: a factory-made scheduler runs threads at
 * min(prio + base, limit) within its parent's range (L4Re's Sched_proxy, in
 * the kernel); argument checks, quota, deletion.
 */
#include "ktest.h"

#define ROOT_SCHED L4_BASE_SCHEDULER_CAP

static void nothing(void *arg)
{
	(void)arg;
}

/* The priority thread runs at after run_thread(sched, prio); < 0 if a call failed. */
static long run_at(l4_cap_idx_t sched, l4_cap_idx_t thread, unsigned prio)
{
	struct l4_thread_stats st;
	long r = l4_scheduler_run_thread(sched, thread, prio, 0, 0);

	if (r != 0 || l4_thread_stats(thread, &st) != 0)
		return r ? r : -1;
	return (long)st.prio;
}

static bool range_is(l4_cap_idx_t sched, unsigned want_base, unsigned want_limit)
{
	unsigned base = ~0U, limit = ~0U;

	return l4_scheduler_range(sched, &base, &limit) == 0 && base == want_base &&
	       limit == want_limit;
}

static void mapping(void)
{
	l4_cap_idx_t child = kt_slot(), grand = kt_slot(), wide = kt_slot();
	struct kt_thread t;
	unsigned rights = 0, cpus = 0, max = 0;
	long r, p;

	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, child, ROOT_SCHED, 0xa0, 0x80);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, child, &rights) == L4_OBJ_SCHEDULER &&
		   rights == L4_CAP_FPAGE_RWSD,
	   "sched range: create (limit 0xa0, base 0x80) -> a scheduler cap with RWSD (%ld, %#x)", r,
	   rights);
	ok(range_is(ROOT_SCHED, 0, L4_SCHED_MAX_PRIO),
	   "sched range: the base scheduler's range is 0..%u", L4_SCHED_MAX_PRIO);
	ok(range_is(child, 0x80, 0xa0), "sched range: the child's range is 0x80..0xa0");
	r = l4_scheduler_info(child, &cpus, &max);
	ok(r == 0 && cpus == 1 && max == L4_SCHED_MAX_PRIO,
	   "sched range: info through the child still says %u CPU, highest priority %u", cpus, max);

	if (!ok(kt_thread_new(&t, nothing, NULL) == 0, "sched range: a thread to run")) {
		kt_drop(child);
		kt_slot_free(grand);
		kt_slot_free(wide);
		return;
	}
	p = run_at(child, t.cap, 200);
	ok(p == 0xa0, "sched range: prio 200 through the child runs at 0xa0 (%#lx)", p);
	p = run_at(child, t.cap, 5);
	ok(p == 0x85, "sched range: prio 5 through the child runs at 0x85 (%#lx)", p);
	p = run_at(child, t.cap, 0);
	ok(p == 0x80, "sched range: prio 0 through the child runs at its base 0x80 (%#lx)", p);
	r = l4_scheduler_run_thread(child, t.cap, L4_SCHED_MAX_PRIO + 1, 0, 0);
	ok(r == -L4_EINVAL, "sched range: prio %u through the child -> EINVAL (%ld)",
	   L4_SCHED_MAX_PRIO + 1, r);

	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, grand, child, 0x10, 0x08);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, grand, NULL) == L4_OBJ_SCHEDULER,
	   "sched range: a grandchild (limit 0x10, base 0x08) of the child (%ld)", r);
	ok(range_is(grand, 0x88, 0x90), "sched range: the grandchild's range is 0x88..0x90");
	p = run_at(grand, t.cap, 0);
	ok(p == 0x88, "sched range: prio 0 through the grandchild runs at 0x88 (%#lx)", p);
	p = run_at(grand, t.cap, 100);
	ok(p == 0x90, "sched range: prio 100 through the grandchild runs at 0x90 (%#lx)", p);

	/* Asking for more than the parent has gets the parent's limit, never more. */
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, wide, child, L4_SCHED_MAX_PRIO, 0x40);
	ok(r == 0 && range_is(wide, 0xa0, 0xa0),
	   "sched range: a range beyond the parent's is clamped to its limit 0xa0..0xa0 (%ld)", r);
	p = run_at(wide, t.cap, 0);
	ok(p == 0xa0, "sched range: the clamped one runs prio 0 at 0xa0 (%#lx)", p);

	/* Schedulers keep no reference to their parent: deleting it changes nothing. */
	kt_drop(child);
	ok(kt_cap_type(L4_BASE_TASK_CAP, child, NULL) == 0,
	   "sched range: delete_obj of the child empties its slot");
	p = run_at(grand, t.cap, 3);
	ok(p == 0x8b, "sched range: the grandchild outlives its parent (prio 3 -> %#lx)", p);
	p = run_at(ROOT_SCHED, t.cap, KT_PRIO_LOW);
	ok(p == KT_PRIO_LOW, "sched range: the base scheduler still runs at %d (%ld)", KT_PRIO_LOW,
	   p);
	ok(range_is(ROOT_SCHED, 0, L4_SCHED_MAX_PRIO),
	   "sched range: the base scheduler keeps its whole range");

	kt_thread_del(&t);
	kt_drop(wide);
	kt_drop(grand);
}

static void bad_arguments(void)
{
	l4_cap_idx_t s = kt_slot(), ro = kt_slot(), child = kt_slot(), empty = kt_slot();
	long r;

	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, L4_BASE_LOG_CAP, 0xa0, 0x80);
	ok(r == -L4_EINVAL, "sched range: parent is the Vcon -> EINVAL (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, L4_BASE_FACTORY_CAP, 0xa0, 0x80);
	ok(r == -L4_EINVAL, "sched range: parent is a factory -> EINVAL (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, empty, 0xa0, 0x80);
	ok(r == -L4_EINVAL, "sched range: parent is an empty slot -> EINVAL (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, L4_INVALID_CAP, 0xa0, 0x80);
	ok(r == -L4_EINVAL, "sched range: parent is L4_INVALID_CAP -> EINVAL (%ld)", r);

	r = kt_cap_copy(L4_BASE_TASK_CAP, ro, ROOT_SCHED, L4_CAP_FPAGE_R);
	ok(r == 0, "sched range: a read-only copy of the base scheduler (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, ro, 0xa0, 0x80);
	ok(r == -L4_EPERM, "sched range: parent without W -> EPERM (%ld)", r);
	ok(range_is(ro, 0, L4_SCHED_MAX_PRIO), "sched range: range of the R-only copy works");

	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, ROOT_SCHED, L4_SCHED_MAX_PRIO + 1,
					0);
	ok(r == -L4_EINVAL, "sched range: limit %u -> EINVAL (%ld)", L4_SCHED_MAX_PRIO + 1, r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, ROOT_SCHED, L4_SCHED_MAX_PRIO,
					L4_SCHED_MAX_PRIO + 1);
	ok(r == -L4_EINVAL, "sched range: base %u -> EINVAL (%ld)", L4_SCHED_MAX_PRIO + 1, r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, ROOT_SCHED, ~0U, 0);
	ok(r == -L4_EINVAL, "sched range: limit 0xffffffff -> EINVAL (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, s, ROOT_SCHED, 0x10, 0x20);
	ok(r == -L4_EINVAL, "sched range: limit below base -> EINVAL (%ld)", r);

	l4_utcb()->mr[0] = (l4_umword_t)L4_PROTO_SCHEDULER;
	l4_utcb()->mr[1] = s;
	l4_utcb()->mr[2] = ROOT_SCHED;
	l4_utcb()->mr[3] = 0xa0;
	r = l4_result(l4_kcall(L4_BASE_FACTORY_CAP, L4_PROTO_FACTORY, 4));
	ok(r == -L4_EINVAL, "sched range: a create without the base word -> EINVAL (%ld)", r);
	ok(kt_cap_type(L4_BASE_TASK_CAP, s, NULL) == 0,
	   "sched range: refused creates leave the slot empty");

	/* Equal limit and base: every priority maps to the one value. */
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, child, ROOT_SCHED, 0x30, 0x30);
	ok(r == 0 && range_is(child, 0x30, 0x30), "sched range: limit == base is allowed (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, child, ROOT_SCHED, 0xa0, 0x80);
	ok(r == -L4_EEXIST && range_is(child, 0x30, 0x30),
	   "sched range: create into an occupied slot -> EEXIST, the old one stays (%ld)", r);
	r = l4_factory_create_scheduler(L4_BASE_FACTORY_CAP, L4_BASE_LOG_CAP, ROOT_SCHED, 0xa0,
					0x80);
	ok(r == -L4_EEXIST, "sched range: create over the log cap -> EEXIST (%ld)", r);

	/* An R-only copy of a derived scheduler may look but not run threads. */
	struct kt_thread t;
	l4_cap_idx_t child_ro = kt_slot();
	kt_cap_copy(L4_BASE_TASK_CAP, child_ro, child, L4_CAP_FPAGE_R);
	if (ok(kt_thread_new(&t, nothing, NULL) == 0, "sched range: a thread to run")) {
		r = l4_scheduler_run_thread(child_ro, t.cap, 1, 0, 0);
		ok(r == -L4_EPERM, "sched range: run_thread through an R-only copy -> EPERM (%ld)",
		   r);
		ok(range_is(child_ro, 0x30, 0x30),
		   "sched range: range through the R-only copy works");
		kt_thread_del(&t);
	}
	kt_slot_free(child_ro);
	kt_drop(child);
	kt_slot_free(ro);
	kt_slot_free(empty);
	kt_slot_free(s);
}

/* The charge comes from the creating factory and goes back when the last capability goes. */
static void quota(void)
{
	l4_cap_idx_t f = kt_slot(), tiny = kt_slot(), s = kt_slot(), s2 = kt_slot();
	long r, left0, left1, charge, root0;

	if (!ok(l4_factory_create_factory(L4_BASE_FACTORY_CAP, f, 4096) == 0,
		"sched range: a 4 KiB factory"))
		return;
	/* What the probe (a gate) leaves: compared before and after, its cost cancels. */
	left0 = kt_quota_left(f);
	root0 = kt_quota_left(L4_BASE_FACTORY_CAP);
	r = l4_factory_create_scheduler(f, s, ROOT_SCHED, 0xa0, 0x80);
	left1 = r == 0 ? (long)l4_utcb()->mr[0] : -1;
	charge = 4096 - left1; /* the new factory had nothing else */
	ok(r == 0 && charge >= 32 && charge <= 256,
	   "sched range: a scheduler is charged to its factory (%ld bytes)", charge);
	ok(kt_quota_left(f) == left0 - charge && kt_quota_left(L4_BASE_FACTORY_CAP) == root0,
	   "sched range: only the creating factory pays");

	/* Releasing the only capability (no delete_obj) frees it. */
	kt_slot_free(s);
	ok(kt_cap_type(L4_BASE_TASK_CAP, s, NULL) == 0 && kt_quota_left(f) == left0,
	   "sched range: releasing its last capability gives the charge back (%ld)",
	   kt_quota_left(f));
	s = kt_slot();

	r = l4_factory_create_scheduler(f, s, ROOT_SCHED, 0xa0, 0x80);
	ok(r == 0, "sched range: a scheduler again (%ld)", r);
	kt_drop(s);
	ok(kt_quota_left(f) == left0, "sched range: delete_obj gives the charge back too");

	/* A factory one byte short of a scheduler. */
	if (charge > 0 && l4_factory_create_factory(f, tiny, (unsigned long)charge - 1) == 0) {
		r = l4_factory_create_scheduler(tiny, s2, ROOT_SCHED, 0xa0, 0x80);
		ok(r == -L4_ENOMEM && kt_cap_type(L4_BASE_TASK_CAP, s2, NULL) == 0,
		   "sched range: %ld bytes of quota are too few -> ENOMEM, slot empty (%ld)",
		   charge - 1, r);
		kt_drop(tiny);
	} else {
		ok(false, "sched range: a factory of %ld bytes", charge - 1);
		kt_slot_free(tiny);
	}
	kt_slot_free(s2);
	kt_drop(f);
}

void sched_range_tests(void)
{
	mapping();
	bad_arguments();
	quota();
}
