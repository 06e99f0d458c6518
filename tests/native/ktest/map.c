// SPDX-License-Identifier: BSD-2-Clause
/* Memory mapping with l4_task_map: derived chains, recursive unmap, rights-only unmap. */
#include "ktest.h"

#define X 0x20000000UL /* where the children see the pages */

static uint64_t chain_page[512] __attribute__((aligned(4096)));
static uint64_t rw_page[512] __attribute__((aligned(4096)));

static bool fault_at(struct kt_msg *m, uintptr_t addr, bool write)
{
	return kt_fault(m) && L4_PF_ADDR(m->mr[0]) == addr && !!(m->mr[0] & L4_PF_W) == write;
}

/* root -> A -> B -> C; unmap in the root reaches C, two steps away. */
static void chain(void)
{
	struct kt_child a = KT_CHILD_NONE, b = KT_CHILD_NONE, c = KT_CHILD_NONE;
	struct kt_msg m;
	uint64_t v = 0;

	if (!ok(kt_child_new(&a, KT_CHILD_PAGER) == 0 && kt_child_new(&b, KT_CHILD_PAGER) == 0 &&
			kt_child_new(&c, KT_CHILD_PAGER) == 0,
		"mem chain: three child tasks"))
		goto out;
	chain_page[0] = 0xc4a1;
	ok(l4_task_map(a.task, L4_BASE_TASK_CAP,
		       L4_MEM_FPAGE((uintptr_t)chain_page, 12, L4_FPAGE_RW), X) == 0,
	   "mem chain: map a root page into A");
	ok(l4_task_map(b.task, a.task, L4_MEM_FPAGE(X, 12, L4_FPAGE_RW), X) == 0,
	   "mem chain: map it on from A into B");
	ok(l4_task_map(c.task, b.task, L4_MEM_FPAGE(X, 12, L4_FPAGE_R), X) == 0,
	   "mem chain: and from B into C (read-only)");
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] = (struct kt_op){KT_READ, X, 0};
	p->op[1] = (struct kt_op){KT_SYNC, 0, 0};
	p->op[2] = (struct kt_op){KT_READ, X, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);
	bool got = kt_report(&m, 0);
	ok(got && m.mr[1] == 0xc4a1, "mem chain: C reads the root's data (%#lx)",
	   (unsigned long)m.mr[1]);
	ok(l4_task_unmap(L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)chain_page, 12, L4_FPAGE_RWX),
			 L4_FP_OTHER_SPACES) == 0,
	   "mem chain: unmap the page in the root with OTHER_SPACES -> 0");
	ok(kt_report(&m, 1), "mem chain: C goes on");
	ok(fault_at(&m, X, false),
	   "mem chain: C's next read faults to its pager at %#lx instead of reading", X);
	kt_child_del(&c);

	p = kt_child_probe(&a);
	p->op[0] = (struct kt_op){KT_READ, X, 0};
	kt_child_go(&a, kt_probe_main, p, KT_PRIO_MAIN);
	ok(fault_at(&m, X, false), "mem chain: A lost the page as well");
	ok(kt_safe_read((uintptr_t)chain_page, &v) && v == 0xc4a1,
	   "mem chain: the root keeps its own mapping");
out:
	kt_child_del(&c);
	kt_child_del(&b);
	kt_child_del(&a);
}

/* Unmapping only W: reads go on, writes fault to the pager, which can map it RW again. */
static void rights_only(void)
{
	struct kt_child a;
	struct kt_msg m;

	if (!ok(kt_child_new(&a, KT_CHILD_PAGER) == 0, "mem rights: a child task"))
		return;
	rw_page[0] = rw_page[1] = 0;
	l4_task_map(a.task, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)rw_page, 12, L4_FPAGE_RW), X);
	struct kt_probe *p = kt_child_probe(&a);
	p->op[0] = (struct kt_op){KT_WRITE, X, 0x1111};
	p->op[1] = (struct kt_op){KT_SYNC, 0, 0};
	p->op[2] = (struct kt_op){KT_READ, X, 0};
	p->op[3] = (struct kt_op){KT_WRITE, X + 8, 0x2222};
	kt_child_go(&a, kt_probe_main, p, KT_PRIO_MAIN);
	ok(kt_report(&m, 0) && rw_page[0] == 0x1111, "mem rights: the child writes the RW page");
	ok(l4_task_unmap(L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)rw_page, 12, L4_FPAGE_W),
			 L4_FP_OTHER_SPACES) == 0,
	   "mem rights: unmap only W from what was derived -> 0");
	ok(kt_report(&m, 1), "mem rights: the child goes on");
	ok(kt_report(&m, 2) && m.mr[1] == 0x1111,
	   "mem rights: reading still works without a fault");
	bool got = fault_at(&m, X + 8, true);
	if (got)
		kt_reply_map(X, L4_MEM_FPAGE((uintptr_t)rw_page, 12, L4_FPAGE_RW));
	ok(got && rw_page[1] == 0, "mem rights: a write now faults to the pager with L4_PF_W");
	ok(kt_report(&m, 3) && rw_page[1] == 0x2222,
	   "mem rights: after the pager maps it RW again the write lands");
	kt_child_del(&a);
}

/* The root unmaps in a child's space through the child's task cap. */
static void unmap_in_child(void)
{
	struct kt_child a;
	struct kt_msg m;

	if (kt_child_new(&a, KT_CHILD_PAGER) != 0)
		return;
	l4_task_map(a.task, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)rw_page, 12, L4_FPAGE_RW), X);
	ok(l4_task_unmap(a.task, L4_MEM_FPAGE(X, 12, L4_FPAGE_RWX), L4_FP_ALL_SPACES) == 0,
	   "mem unmap: ALL_SPACES in the child's space -> 0");
	struct kt_probe *p = kt_child_probe(&a);
	p->op[0] = (struct kt_op){KT_READ, X, 0};
	kt_child_go(&a, kt_probe_main, p, KT_PRIO_MAIN);
	ok(fault_at(&m, X, false), "mem unmap: the child's read of the page now faults");
	kt_child_del(&a);

	if (kt_child_new(&a, KT_CHILD_PAGER) != 0)
		return;
	p = kt_child_probe(&a);
	p->op[0] = (struct kt_op){KT_WRITE, KT_TEXT_START, 0};
	kt_child_go(&a, kt_probe_main, p, KT_PRIO_MAIN);
	ok(fault_at(&m, KT_TEXT_START, true),
	   "mem rights: a write to the text mapped RX faults with L4_PF_W");
	kt_child_del(&a);
	ok(kt_safe_read(KT_TEXT_START, &m.mr[0]), "mem rights: the root's text is untouched");
}

void map_tests(void)
{
	chain();
	rights_only();
	unmap_in_child();
}
