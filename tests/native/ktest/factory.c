// SPDX-License-Identifier: BSD-2-Clause
/* Factories: creating every object type, slot checks, argument checks, quotas. */
#include "ktest.h"

#define QUOTA_GATES 80 /* more than 2 KiB can hold */

static void create_each(void)
{
	l4_cap_idx_t s[5];
	unsigned rights = 0;
	long r;

	for (unsigned i = 0; i < 5; i++)
		s[i] = kt_slot();
	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, s[0],
				   L4_MEM_FPAGE(KT_CHILD_UTCB, 12, L4_FPAGE_RW));
	long type = r == 0 ? kt_cap_type(L4_BASE_TASK_CAP, s[0], &rights) : -1;
	ok(type == L4_OBJ_TASK && rights == L4_CAP_FPAGE_RWSD,
	   "factory: create task -> a task cap with RWSD (%ld, %#x)", r, rights);
	r = l4_factory_create_thread(L4_BASE_FACTORY_CAP, s[1]);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, s[1], NULL) == L4_OBJ_THREAD,
	   "factory: create thread -> a thread cap (%ld)", r);
	r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, s[2], L4_INVALID_CAP, 0x10);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, s[2], NULL) == L4_OBJ_GATE,
	   "factory: create unbound gate -> a gate cap (%ld)", r);
	r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, s[3]);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, s[3], NULL) == L4_OBJ_IRQ,
	   "factory: create IRQ -> an IRQ cap (%ld)", r);
	r = l4_factory_create_factory(L4_BASE_FACTORY_CAP, s[4], 8192);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, s[4], NULL) == L4_OBJ_FACTORY,
	   "factory: create factory -> a factory cap (%ld)", r);

	r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, s[3], L4_INVALID_CAP, 0);
	ok(r == -L4_EEXIST && kt_cap_type(L4_BASE_TASK_CAP, s[3], NULL) == L4_OBJ_IRQ,
	   "factory: create into an occupied slot -> EEXIST, the old cap stays (%ld)", r);
	r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, L4_BASE_LOG_CAP);
	ok(r == -L4_EEXIST, "factory: create over the log cap -> EEXIST (%ld)", r);
	r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, (l4_cap_idx_t)L4_CAP_SLOTS << L4_CAP_SHIFT,
				   L4_INVALID_CAP, 0);
	ok(r == -L4_EINVAL, "factory: create into slot 65536 (beyond the table) -> EINVAL (%ld)",
	   r);
	r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, L4_INVALID_CAP);
	ok(r == -L4_EINVAL, "factory: create into L4_INVALID_CAP -> EINVAL (%ld)", r);
	l4_cap_idx_t last = (L4_CAP_SLOTS - 1UL) << L4_CAP_SHIFT;
	r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, last);
	ok(r == 0 && kt_cap_type(L4_BASE_TASK_CAP, last, NULL) == L4_OBJ_IRQ,
	   "factory: create into the last slot (65535) works (%ld)", r);
	l4_task_delete_obj(L4_BASE_TASK_CAP, last);
	ok(kt_cap_type(L4_BASE_TASK_CAP, last, NULL) == 0, "delete_obj empties the slot");

	for (int i = 4; i >= 0; i--)
		kt_drop(s[i]);
	bool empty = true;
	for (unsigned i = 0; i < 5; i++)
		empty &= kt_cap_type(L4_BASE_TASK_CAP, s[i], NULL) == 0;
	ok(empty, "factory: delete_obj of each new object empties its slot");
}

static void bad_arguments(void)
{
	l4_cap_idx_t s = kt_slot();
	long r;

	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, s,
				   L4_MEM_FPAGE(KT_CHILD_UTCB, 11, L4_FPAGE_RW));
	ok(r == -L4_EINVAL, "factory: task with a UTCB area of order 11 -> EINVAL (%ld)", r);
	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, s,
				   L4_MEM_FPAGE(KT_CHILD_UTCB, 19, L4_FPAGE_RW));
	ok(r == -L4_EINVAL, "factory: task with a UTCB area of order 19 -> EINVAL (%ld)", r);
	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, s,
				   L4_MEM_FPAGE(KT_CHILD_UTCB + KT_PAGE, 13, L4_FPAGE_RW));
	ok(r == -L4_EINVAL, "factory: task with an unaligned UTCB area -> EINVAL (%ld)", r);
	r = l4_factory_create_task(L4_BASE_FACTORY_CAP, s,
				   L4_OBJ_FPAGE(KT_CHILD_UTCB, 12, L4_CAP_FPAGE_RW));
	ok(r == -L4_EINVAL, "factory: task with an object flexpage as UTCB area -> EINVAL (%ld)",
	   r);
	r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, s, L4_INVALID_CAP, 0x11);
	ok(r == -L4_EINVAL, "factory: gate label with low bits set -> EINVAL (%ld)", r);
	r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, s, L4_BASE_LOG_CAP, 0x10);
	ok(r == -L4_EINVAL, "factory: gate bound to a Vcon instead of a thread -> EINVAL (%ld)", r);
	l4_utcb()->mr[0] = (l4_umword_t)L4_PROTO_SCHEDULER;
	l4_utcb()->mr[1] = s;
	r = l4_result(l4_kcall(L4_BASE_FACTORY_CAP, L4_PROTO_FACTORY, 2));
	ok(r == -L4_EINVAL,
	   "factory: a scheduler create without parent, limit, base -> EINVAL (%ld)", r);
	ok(kt_cap_type(L4_BASE_TASK_CAP, s, NULL) == 0,
	   "factory: refused creates leave the slot empty");
	kt_slot_free(s);
}

/* A 2 KiB factory: gates until ENOMEM; deleting one makes room for one more. */
static void quota(void)
{
	l4_cap_idx_t f = kt_slot(), g[QUOTA_GATES], extra = kt_slot();
	long before = kt_quota_left(L4_BASE_FACTORY_CAP), r = 0, left0 = -1, left1 = -2;
	unsigned n = 0;

	if (!ok(l4_factory_create_factory(L4_BASE_FACTORY_CAP, f, 2048) == 0,
		"quota: a child factory with 2048 bytes"))
		return;
	long used = before - kt_quota_left(L4_BASE_FACTORY_CAP);
	ok(used >= 2048 && used <= 2048 + 1024,
	   "quota: the child's quota is taken from the parent (%ld bytes)", used);

	for (n = 0; n < QUOTA_GATES; n++) {
		g[n] = kt_slot();
		r = l4_factory_create_gate(f, g[n], L4_INVALID_CAP, 0);
		if (r != 0)
			break;
		if (n == 0)
			left0 = (long)l4_utcb()->mr[0];
	}
	ok(r == -L4_ENOMEM, "quota: creating gates ends with ENOMEM (%ld)", r);
	ok(n >= 2048 / 512 && n <= 2048 / 32,
	   "quota: %u gates (32..512 bytes each) fit in 2048 bytes", n);
	ok(kt_cap_type(L4_BASE_TASK_CAP, g[n < QUOTA_GATES ? n : QUOTA_GATES - 1], NULL) == 0,
	   "quota: the refused create left its slot empty");
	ok(l4_factory_create_irq(f, extra) == -L4_ENOMEM, "quota: an IRQ does not fit either");
	if (n > 0) {
		kt_drop(g[0]);
		g[0] = kt_slot();
		r = l4_factory_create_gate(f, g[0], L4_INVALID_CAP, 0);
		ok(r == 0, "quota: after deleting one gate, creating one works again (%ld)", r);
	}
	for (unsigned i = 0; i <= n && i < QUOTA_GATES; i++)
		kt_drop(g[i]);
	r = l4_factory_create_gate(f, extra, L4_INVALID_CAP, 0);
	if (r == 0)
		left1 = (long)l4_utcb()->mr[0];
	ok(left0 == left1, "quota: deleting every gate returns all charges (%ld, %ld)", left0,
	   left1);
	kt_drop(extra);

	/* Threads (~20 KiB) and tasks (>= 4 KiB) are too big for 2 KiB. */
	extra = kt_slot();
	ok(l4_factory_create_thread(f, extra) == -L4_ENOMEM,
	   "quota: a thread needs more than 2 KiB");
	ok(l4_factory_create_task(f, extra, L4_MEM_FPAGE(KT_CHILD_UTCB, 12, L4_FPAGE_RW)) ==
		   -L4_ENOMEM,
	   "quota: a task needs more than 2 KiB");
	ok(l4_factory_create_factory(f, extra, 4096) == -L4_ENOMEM,
	   "quota: a grandchild factory cannot get more than its parent has");
	r = l4_factory_create_factory(f, extra, 1024);
	long after_sub = r == 0 ? (long)l4_utcb()->mr[0] : -1;
	ok(r == 0 && after_sub >= 0 && after_sub <= 1024,
	   "quota: a 1 KiB grandchild factory fits, leaving %ld bytes", after_sub);
	kt_drop(extra);
	kt_drop(f);
	ok(kt_quota_left(L4_BASE_FACTORY_CAP) == before,
	   "quota: deleting the child factory gives its quota back to the root factory");
}

/* A thread costs about 20 KiB: a 64 KiB factory holds two or three. */
static void thread_quota(void)
{
	l4_cap_idx_t f = kt_slot(), t[8];
	unsigned n;
	long r = 0;

	l4_factory_create_factory(L4_BASE_FACTORY_CAP, f, 65536);
	for (n = 0; n < 8; n++) {
		t[n] = kt_slot();
		r = l4_factory_create_thread(f, t[n]);
		if (r != 0)
			break;
	}
	ok(r == -L4_ENOMEM && n >= 2 && n <= 3,
	   "quota: %u threads fit in a 64 KiB factory (then %ld)", n, r);
	for (unsigned i = 0; i <= n && i < 8; i++)
		kt_drop(t[i]);
	kt_drop(f);
}

void factory_tests(void)
{
	create_each();
	bad_arguments();
	quota();
	thread_quota();
}
