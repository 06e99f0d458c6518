// SPDX-License-Identifier: BSD-2-Clause
/* Page faults: served by main as a user-level pager, retried, unhandled (thread killed). */
#include "ktest.h"

#define PF_Y 0x30000000UL /* unmapped in the child: read fault */
#define PF_Z 0x30010000UL /* write fault */
#define PF_Q 0x30020000UL /* write fault answered with a read-only page first */
#define PF_X 0x30030000UL /* instruction fetch */
/* Not device memory either (the root may touch that below 0x40000000). */
#define ROOT_UNMAPPED 0x100000000UL

static uint64_t page_y[512] __attribute__((aligned(4096)));
static uint64_t page_z[512] __attribute__((aligned(4096)));
static uint64_t page_q[512] __attribute__((aligned(4096)));

static bool in_text(l4_umword_t pc)
{
	return pc >= KT_TEXT_START && pc < kt_text_end();
}

static void served(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (!ok(kt_child_new(&c, KT_CHILD_PAGER) == 0, "pager: a child task with main as pager"))
		return;
	page_y[0] = 0xfeedf00dUL;
	page_z[0] = 0;
	page_q[0] = 0;
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] = (struct kt_op){KT_READ, PF_Y, 0};
	p->op[1] = (struct kt_op){KT_WRITE, PF_Y + 8, 0x5eed};
	p->op[2] = (struct kt_op){KT_WRITE, PF_Z, 0x77};
	p->op[3] = (struct kt_op){KT_READ, PF_Z, 0};
	p->op[4] = (struct kt_op){KT_WRITE, PF_Q + 16, 0x99};
	p->op[5] = (struct kt_op){KT_EXEC, PF_X, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);

	/* Read fault: answered with a page holding 0xfeedf00d. */
	bool got = kt_fault(&m);
	if (got)
		kt_reply_map(PF_Y, L4_MEM_FPAGE((uintptr_t)page_y, 12, L4_FPAGE_RW));
	ok(got && L4_MSGTAG_WORDS(m.tag) == 2 && L4_PF_ADDR(m.mr[0]) == PF_Y &&
		   !(m.mr[0] & (L4_PF_W | L4_PF_X)),
	   "pager: a read of unmapped memory arrives as a PF message with the address, no W/X");
	ok(got && in_text(m.mr[1]), "pager: the PF message holds the faulting pc (%#lx)",
	   (unsigned long)m.mr[1]);
	ok(got && m.label == (KT_LBL_PAGER | L4_CAP_FPAGE_W),
	   "pager: the PF comes through the pager gate, label | W of the child's cap (%#lx)",
	   (unsigned long)m.label);
	got = kt_report(&m, 0);
	ok(got && m.mr[1] == 0xfeedf00dUL,
	   "pager: after the map reply the child reads the pager's data (%#lx)",
	   (unsigned long)m.mr[1]);
	ok(kt_report(&m, 1) && page_y[1] == 0x5eed,
	   "pager: a write to the mapped page lands in the pager's page, no second fault");

	/* Write fault: an empty reply makes the thread fault again. */
	got = kt_fault(&m);
	l4_umword_t w0 = m.mr[0];
	if (got)
		kt_reply(0);
	ok(got && L4_PF_ADDR(w0) == PF_Z && (w0 & L4_PF_W) && !(w0 & L4_PF_X),
	   "pager: a write fault has L4_PF_W set");
	got = kt_fault(&m);
	if (got)
		kt_reply_map(PF_Z, L4_MEM_FPAGE((uintptr_t)page_z, 12, L4_FPAGE_RW));
	ok(got && L4_PF_ADDR(m.mr[0]) == PF_Z,
	   "pager: after a reply without a mapping the thread retries and faults again");
	ok(kt_report(&m, 2) && page_z[0] == 0x77, "pager: the write then went to the mapped page");
	ok(kt_report(&m, 3) && m.mr[1] == 0x77, "pager: and reads back");

	/* A read-only mapping does not satisfy a write: a second write fault comes. */
	got = kt_fault(&m);
	if (got)
		kt_reply_map(PF_Q, L4_MEM_FPAGE((uintptr_t)page_q, 12, L4_FPAGE_R));
	bool second = kt_fault(&m);
	if (second)
		kt_reply_map(PF_Q, L4_MEM_FPAGE((uintptr_t)page_q, 12, L4_FPAGE_RW));
	ok(got && second && L4_PF_ADDR(m.mr[0]) == PF_Q + 16 && (m.mr[0] & L4_PF_W),
	   "pager: a write to a page mapped read-only faults again with L4_PF_W");
	ok(kt_report(&m, 4) && page_q[2] == 0x99, "pager: after the RW mapping the write lands");

	/* Instruction fetch from unmapped memory. */
	got = kt_fault(&m);
	ok(got && L4_PF_ADDR(m.mr[0]) == PF_X && (m.mr[0] & L4_PF_X) && m.mr[1] == PF_X,
	   "pager: a jump to unmapped memory faults with L4_PF_X and pc = the address");
	kt_child_del(&c);
}

/* Without a working pager the faulting thread is killed; nothing else is. */
static void unhandled(void)
{
	struct kt_child c;
	struct kt_msg m;
	uint64_t v;

	for (int variant = 0; variant < 2; variant++) {
		const char *what = variant ? "an empty pager slot" : "no pager";
		if (kt_child_new(&c, variant ? KT_CHILD_PAGER : 0) != 0)
			continue;
		if (variant)
			l4_task_release_cap(c.task, KT_C_PAGER);
		struct kt_probe *p = kt_child_probe(&c);
		p->op[0] = (struct kt_op){KT_SYNC, 0, 0};
		p->op[1] = (struct kt_op){KT_READ, PF_Y, 0};
		kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);
		ok(kt_report(&m, 0), "unhandled PF (%s): the child runs", what);
		ok(kt_thread_state(c.thread, L4_THREAD_STATE_DEAD, 200) == L4_THREAD_STATE_DEAD,
		   "unhandled PF (%s): the faulting thread is killed (DEAD)", what);
		ok(kt_wait(&m, 20) == L4_IPC_RETIMEOUT, "unhandled PF (%s): no report after it",
		   what);
		ok(kt_cap_type(L4_BASE_TASK_CAP, c.task, NULL) == L4_OBJ_TASK,
		   "unhandled PF (%s): its task still exists", what);
		kt_child_del(&c);
	}
	v = 0;
	bool got = kt_safe_read(ROOT_UNMAPPED, &v);
	ok(!got, "unhandled PF: a root thread reading unmapped memory is killed (read %#llx)",
	   (unsigned long long)v);
	ok(kt_safe_read((uintptr_t)page_y, &v) && v == 0xfeedf00dUL,
	   "unhandled PF: main and other root threads keep running");
}

/* A fault main never answers: deleting the child must still return all its charge. */
static void unanswered(void)
{
	long before = kt_quota_left(L4_BASE_FACTORY_CAP);
	struct kt_child c;
	struct kt_msg m;

	if (kt_child_new(&c, KT_CHILD_PAGER) != 0)
		return;
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_READ, PF_Y, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_MAIN);
	bool got = kt_fault(&m);
	kt_child_del(&c);
	long after = kt_quota_left(L4_BASE_FACTORY_CAP);
	ok(got && after == before,
	   "pager: a child deleted while main holds its unanswered fault returns its whole "
	   "charge at once (%ld -> %ld)",
	   before, after);
	ok(kt_reply(0) == L4_IPC_ENOREPLY,
	   "pager: the late reply to the deleted thread -> ENOREPLY");
}

/* A fault still queued at its pager gate: deleting thread and gate returns every charge. */
static void queued(void)
{
	long before = kt_quota_left(L4_BASE_FACTORY_CAP);
	struct kt_child c;
	struct l4_thread_stats st = {0};
	l4_cap_idx_t g = kt_slot();

	if (kt_child_new(&c, KT_CHILD_PAGER) != 0)
		return;
	ok(l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_BASE_THREAD_CAP, KT_LBL_PAGER) == 0 &&
		   kt_cap_copy(c.task, KT_C_PAGER, g, L4_CAP_FPAGE_W) == 0,
	   "pager queued: the child's pager is a gate of its own, to main");
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_READ, PF_Y, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_HIGH);
	ok(l4_thread_stats(c.thread, &st) == 0 && st.state == L4_THREAD_STATE_SENDING,
	   "pager queued: the faulting thread waits in the send phase of its PF call");
	kt_child_del(&c);
	kt_drop(g);
	long after = kt_quota_left(L4_BASE_FACTORY_CAP);
	ok(after == before,
	   "pager queued: deleting the thread, then the gate, returns every charge (%ld -> %ld)",
	   before, after);
}

/* A pager that answers with a negative label refuses the fault: the thread is stopped. */
static void refused(void)
{
	struct kt_child c;
	struct kt_msg m;
	struct l4_thread_stats st = {0};

	if (kt_child_new(&c, KT_CHILD_PAGER) != 0)
		return;
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_READ, PF_Y, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_MAIN);
	bool got = kt_fault(&m);
	if (got)
		l4_ipc_reply(L4_MSGTAG(-L4_ENOMEM, 0, 0, 0));
	kt_sleep_ms(5); /* the child runs, takes the answer and is stopped */
	ok(got && l4_thread_stats(c.thread, &st) == 0 && st.state == L4_THREAD_STATE_DEAD,
	   "pager: a reply with a negative label refuses the fault, the thread is killed");
	kt_child_del(&c);
}

void pager_tests(void)
{
	refused();
	served();
	unhandled();
	unanswered();
	queued();
}
