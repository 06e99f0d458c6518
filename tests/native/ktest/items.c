// SPDX-License-Identifier: BSD-2-Clause
/* Typed items in IPC: receive windows and placement, map failures, grant of memory and caps. */
#include "ktest.h"

#define SLOT(n) ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)
#define WIN_A	0x40000000UL /* 64 KiB window in the child */
#define WIN_B	0x50000000UL /* one-page window in the child */
#define ROOT_W	0x60000000UL /* windows in the root for grants */
#define X	0x20000000UL

static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t two_pages[1024] __attribute__((aligned(8192)));
static uint64_t page_g[512] __attribute__((aligned(4096)));
static uint64_t page_h[512] __attribute__((aligned(4096)));

/* Send the child one message: `words` untyped words, then the item (w0, w1) if w1 != 0. */
static long send_item(l4_cap_idx_t gate, unsigned words, l4_umword_t w0, l4_fpage_t w1)
{
	struct l4_utcb *u = l4_utcb();
	unsigned items = w1 ? 1 : 0;

	u->mr[words] = w0;
	u->mr[words + 1] = w1;
	return l4_ipc_error(
		l4_ipc_send(gate, L4_MSGTAG(0, words, items, 0), L4_TIMEOUTS(1000000, 0)));
}

static long send_word(l4_cap_idx_t gate, l4_umword_t w)
{
	l4_utcb()->mr[0] = w;
	return send_item(gate, 1, 0, 0);
}

/* The root sends items to a waiting child thread; the child reads where they landed. */
static void placement(void)
{
	struct kt_child c;
	l4_cap_idx_t gc = kt_slot(), g = kt_slot(), pair = kt_slots(1);
	struct kt_msg m;
	unsigned rights = 0;
	long e;

	if (!ok(kt_child_new(&c, KT_CHILD_PAGER) == 0 &&
			l4_factory_create_gate(L4_BASE_FACTORY_CAP, gc, c.thread, 0x5000) == 0,
		"items: a child task with a gate to its thread"))
		goto out;
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0);
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, pair, L4_INVALID_CAP, 0);
	l4_factory_create_irq(L4_BASE_FACTORY_CAP, pair + SLOT(1));
	page_a[0] = 0xaaaa;
	two_pages[0] = 0xb0;
	two_pages[512] = 0xb1;
	struct kt_probe *p = kt_child_probe(&c);
	l4_fpage_t all_obj = L4_OBJ_FPAGE(SLOT(64), 3, L4_CAP_FPAGE_RWSD);
	p->op[0] = (struct kt_op){KT_RECV, L4_MEM_FPAGE(WIN_A, 16, L4_FPAGE_RW), L4_FPAGE_NIL};
	p->op[1] = (struct kt_op){KT_READ, WIN_A + 0x3000, 0};
	p->op[2] = (struct kt_op){KT_RECV, L4_MEM_FPAGE(WIN_B, 12, L4_FPAGE_RW), L4_FPAGE_NIL};
	p->op[3] = (struct kt_op){KT_READ, WIN_B, 0};
	p->op[4] = (struct kt_op){KT_RECV, L4_FPAGE_NIL, all_obj};
	p->op[5] = (struct kt_op){KT_RECV, L4_FPAGE_NIL, L4_OBJ_FPAGE(SLOT(80), 0, 0xf)};
	p->op[6] = (struct kt_op){KT_RECV, L4_FPAGE_NIL, L4_FPAGE_NIL};
	p->op[7] = (struct kt_op){KT_RECV, L4_MEM_FPAGE(WIN_A, 16, L4_FPAGE_RW), all_obj};
	p->op[8] = (struct kt_op){KT_READ, WIN_B + 0x1000, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);

	/* One page into a 64 KiB window: base + hot spot mod 64 KiB. */
	l4_utcb()->mr[0] = 0x1234;
	e = send_item(gc, 1, L4_ITEM_MAP | 0x3000,
		      L4_MEM_FPAGE((uintptr_t)page_a, 12, L4_FPAGE_RW));
	ok(e == 0, "items: send a word and a page to the waiting child (%ld)", e);
	ok(kt_report(&m, 0) && m.mr[1] == 0x1234 && m.mr[3] == 0 && L4_MSGTAG_WORDS(m.mr[4]) == 1 &&
		   L4_MSGTAG_ITEMS(m.mr[4]) == 1,
	   "items: the child got 1 word and 1 item in its tag");
	ok(m.mr[2] == (0x5000 | 3), "items: with the gate label | the root's W and S (%#lx)",
	   (unsigned long)m.mr[2]);
	bool got = kt_report(&m, 1);
	ok(got && m.mr[1] == 0xaaaa, "items: the page landed at window + hot spot 0x3000 (%#lx)",
	   (unsigned long)m.mr[1]);

	/* Two pages into a one-page window: the hot spot picks the second. */
	e = send_item(gc, 0, L4_ITEM_MAP | 0x1000,
		      L4_MEM_FPAGE((uintptr_t)two_pages, 13, L4_FPAGE_RW));
	ok(e == 0 && kt_report(&m, 2) && m.mr[3] == 0, "items: send 8 KiB into a 4 KiB window");
	got = kt_report(&m, 3);
	ok(got && m.mr[1] == 0xb1, "items: only the half selected by the hot spot arrived (%#lx)",
	   (unsigned long)m.mr[1]);

	/* One capability into an 8-slot window, slot chosen by the hot spot. */
	e = send_item(gc, 0, L4_ITEM_MAP | SLOT(5), L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWS));
	ok(e == 0 && kt_report(&m, 4), "items: send a gate cap into an 8-slot window");
	long type = kt_cap_type(c.task, SLOT(69), &rights);
	ok(type == L4_OBJ_GATE && rights == L4_CAP_FPAGE_RWS &&
		   kt_cap_type(c.task, SLOT(64), NULL) == 0,
	   "items: it landed in slot 64 + 5 with rights RWS (%#x)", rights);

	/* Two capabilities into a one-slot window: the hot spot picks the IRQ. */
	e = send_item(gc, 0, L4_ITEM_MAP | SLOT(1), L4_OBJ_FPAGE(pair, 1, L4_CAP_FPAGE_RWSD));
	ok(e == 0 && kt_report(&m, 5), "items: send two caps into a one-slot window");
	ok(kt_cap_type(c.task, SLOT(80), NULL) == L4_OBJ_IRQ &&
		   kt_cap_type(c.task, SLOT(81), NULL) == 0,
	   "items: only the second (the IRQ) arrived, in slot 80");

	/* No window: the sender fails, the receiver keeps waiting. */
	e = send_item(gc, 0, L4_ITEM_MAP, L4_MEM_FPAGE((uintptr_t)page_a, 12, L4_FPAGE_RW));
	ok(e == L4_IPC_EMAPFAILED,
	   "items: a page to a receiver without memory window -> "
	   "EMAPFAILED (%ld)",
	   e);
	e = send_item(gc, 0, L4_ITEM_MAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWS));
	ok(e == L4_IPC_EMAPFAILED,
	   "items: a cap to a receiver without object window -> "
	   "EMAPFAILED (%ld)",
	   e);
	ok(send_word(gc, 0x600d) == 0 && kt_report(&m, 6) && m.mr[1] == 0x600d && m.mr[3] == 0,
	   "items: the receiver kept waiting and gets the next message");

	/* Malformed flexpages in items. */
	const struct {
		l4_fpage_t fp;
		const char *what;
	} bad[] = {
		{L4_MEM_FPAGE((uintptr_t)two_pages + KT_PAGE, 13, L4_FPAGE_RW),
		 "memory base not aligned to its order"},
		{L4_MEM_FPAGE((uintptr_t)page_a, 11, L4_FPAGE_RW), "memory order 11"},
		{L4_MEM_FPAGE((uintptr_t)page_a, 60, L4_FPAGE_RW), "memory order 60"},
		{L4_FPAGE(0, (uintptr_t)page_a, 12, L4_FPAGE_RW), "flexpage type 0"},
		{L4_OBJ_FPAGE(pair + SLOT(1), 1, L4_CAP_FPAGE_RW), "object base not aligned"},
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e = send_item(gc, 0, L4_ITEM_MAP, bad[i].fp);
		ok(e == L4_IPC_EBADFPAGE, "items: %s -> EBADFPAGE (%ld)", bad[i].what, e);
	}
	ok(send_word(gc, 0x700d) == 0 && kt_report(&m, 7) && m.mr[1] == 0x700d && m.mr[3] == 0,
	   "items: the receiver was not disturbed by the bad items");
	ok(kt_fault(&m) && L4_PF_ADDR(m.mr[0]) == WIN_B + 0x1000,
	   "items: nothing landed next to the one-page window");
out:
	kt_child_del(&c);
	kt_drop(pair + SLOT(1));
	kt_drop(pair);
	kt_drop(g);
	kt_drop(gc);
}

/* A child grants a page and a cap to main and maps it another page. */
static void grant(void)
{
	struct kt_child c;
	l4_cap_idx_t g = kt_slot(), win = kt_slot();
	struct kt_msg m;
	uint64_t v = 0;
	bool got;

	if (!ok(kt_child_new(&c, KT_CHILD_PAGER) == 0, "grant: a child task"))
		goto out;
	page_g[0] = 0x96a7;
	page_h[0] = 0x4a9;
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0);
	kt_cap_copy(c.task, KT_C_FREE, g, L4_CAP_FPAGE_RWS);
	l4_task_map(c.task, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)page_g, 12, L4_FPAGE_RW), X);
	l4_task_map(c.task, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)page_h, 12, L4_FPAGE_RW),
		    X + KT_PAGE);
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] = (struct kt_op){KT_ITEM, L4_ITEM_MAP | L4_ITEM_GRANT,
				  L4_MEM_FPAGE(X, 12, L4_FPAGE_RW)};
	p->op[1] = (struct kt_op){KT_ITEM, L4_ITEM_MAP | L4_ITEM_GRANT,
				  L4_OBJ_FPAGE(KT_C_FREE, 0, L4_CAP_FPAGE_RWS)};
	p->op[2] = (struct kt_op){KT_ITEM, L4_ITEM_MAP, L4_MEM_FPAGE(X + KT_PAGE, 12, L4_FPAGE_R)};
	p->op[3] = (struct kt_op){KT_READ, X + KT_PAGE, 0};
	p->op[4] = (struct kt_op){KT_READ, X, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);

	kt_wait_win(&m, KT_WAIT_MS, L4_MEM_FPAGE(ROOT_W, 12, L4_FPAGE_RW), L4_FPAGE_NIL);
	got = kt_from(&m, KT_LBL_REPORT) && L4_MSGTAG_ITEMS(m.tag) == 1 && m.mr[1] == KT_ITEM_MAGIC;
	if (!m.err)
		kt_reply(0);
	ok(got && kt_report(&m, 0) && m.mr[3] == 0, "grant: main receives a granted page");
	got = kt_safe_read(ROOT_W, &v);
	ok(got && v == 0x96a7, "grant: it is mapped in main's window (%#lx)", (unsigned long)v);

	kt_wait_win(&m, KT_WAIT_MS, L4_FPAGE_NIL, L4_OBJ_FPAGE(win, 0, L4_CAP_FPAGE_RWSD));
	got = kt_from(&m, KT_LBL_REPORT) && L4_MSGTAG_ITEMS(m.tag) == 1;
	if (!got)
		kt_describe("grant: expected the cap item", &m);
	if (!m.err)
		kt_reply(0);
	ok(got && kt_report(&m, 1) && m.mr[3] == 0, "grant: main receives a granted cap");
	ok(kt_cap_type(L4_BASE_TASK_CAP, win, NULL) == L4_OBJ_GATE,
	   "grant: the gate cap is in main's window slot");
	ok(kt_cap_type(c.task, KT_C_FREE, NULL) == 0, "grant: the child lost the granted cap");

	kt_wait_win(&m, KT_WAIT_MS, L4_MEM_FPAGE(ROOT_W + 0x10000, 12, L4_FPAGE_RW), L4_FPAGE_NIL);
	if (!m.err)
		kt_reply(0);
	ok(kt_report(&m, 2) && m.mr[3] == 0, "grant: main receives a mapped (not granted) page");
	ok(kt_safe_read(ROOT_W + 0x10000, &v) && v == 0x4a9, "grant: the mapped page reads right");
	ok(kt_report(&m, 3) && m.mr[1] == 0x4a9, "grant: the child still has the page it mapped");
	ok(kt_fault(&m) && L4_PF_ADDR(m.mr[0]) == X,
	   "grant: the child lost the page it granted (its read faults)");
out:
	kt_child_del(&c);
	l4_task_unmap(L4_BASE_TASK_CAP, L4_MEM_FPAGE(ROOT_W, 12, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
	l4_task_unmap(L4_BASE_TASK_CAP, L4_MEM_FPAGE(ROOT_W + 0x10000, 12, L4_FPAGE_RWX),
		      L4_FP_ALL_SPACES);
	ok(kt_safe_read((uintptr_t)page_g, &v) && v == 0x96a7,
	   "grant: the root's own page behind the granted one is still there");
	kt_slot_free(win);
	kt_drop(g);
}

/* A receiver that asks for local ids gets its own gates back as labels, not as capabilities. */
static void local_id(void)
{
	struct kt_child c;
	struct kt_msg m;
	l4_cap_idx_t other = kt_slot(), win = kt_slot();

	if (kt_child_new(&c, 0) != 0)
		return;
	l4_factory_create_gate(L4_BASE_FACTORY_CAP, other, L4_INVALID_CAP, 0x900);
	kt_cap_copy(c.task, KT_C_FREE, other, L4_CAP_FPAGE_RW);
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] =
		(struct kt_op){KT_ITEM, L4_ITEM_MAP, L4_OBJ_FPAGE(KT_C_REPORT, 0, L4_CAP_FPAGE_RW)};
	p->op[1] =
		(struct kt_op){KT_ITEM, L4_ITEM_MAP, L4_OBJ_FPAGE(KT_C_FREE, 0, L4_CAP_FPAGE_RW)};
	p->op[2] =
		(struct kt_op){KT_ITEM, L4_ITEM_MAP, L4_OBJ_FPAGE(KT_C_REPORT, 0, L4_CAP_FPAGE_R)};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);

	/* No object window is needed for a local id. */
	l4_utcb()->br[L4_BR_FLAGS] = L4_RCV_LOCAL_ID;
	kt_wait_win(&m, KT_WAIT_MS, L4_FPAGE_NIL, L4_FPAGE_NIL);
	bool got = kt_from(&m, KT_LBL_REPORT) && L4_MSGTAG_ITEMS(m.tag) == 1;
	l4_umword_t w0 = m.mr[2], w1 = m.mr[3];
	if (!m.err)
		kt_reply(0);
	ok(got && (w0 & L4_ITEM_LOCAL_ID) && w1 == (KT_LBL_REPORT | L4_CAP_FPAGE_W),
	   "local id: main's own gate comes back as its label | the sender's W (%#lx)",
	   (unsigned long)w1);
	ok(kt_report(&m, 0) && m.mr[3] == 0, "local id: the sender's IPC succeeded");

	kt_wait_win(&m, KT_WAIT_MS, L4_FPAGE_NIL, L4_OBJ_FPAGE(win, 0, L4_CAP_FPAGE_RWSD));
	got = kt_from(&m, KT_LBL_REPORT) && L4_MSGTAG_ITEMS(m.tag) == 1;
	w0 = m.mr[2];
	if (!m.err)
		kt_reply(0);
	ok(got && !(w0 & L4_ITEM_LOCAL_ID) &&
		   kt_cap_type(L4_BASE_TASK_CAP, win, NULL) == L4_OBJ_GATE,
	   "local id: a gate not bound to main's task arrives as a capability");
	ok(kt_report(&m, 1) && m.mr[3] == 0, "local id: that IPC succeeded too");
	l4_utcb()->br[L4_BR_FLAGS] = L4_RCV_LOCAL_ID;
	kt_wait_win(&m, KT_WAIT_MS, L4_FPAGE_NIL, L4_FPAGE_NIL);
	w0 = m.mr[2];
	w1 = m.mr[3];
	if (!m.err)
		kt_reply(0);
	ok(kt_from(&m, KT_LBL_REPORT) && (w0 & L4_ITEM_LOCAL_ID) && w1 == KT_LBL_REPORT,
	   "local id: sent with R only, the label carries no W (%#lx)", (unsigned long)w1);
	l4_utcb()->br[L4_BR_FLAGS] = 0;
	kt_child_del(&c);
	kt_drop(win);
	kt_drop(other);
}

void items_tests(void)
{
	placement();
	grant();
	local_id();
}
