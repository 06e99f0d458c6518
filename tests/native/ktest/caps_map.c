// SPDX-License-Identifier: BSD-2-Clause
/* Capability mapping between tasks: rights shrinking, ranges, revocation, bad flexpages. */
#include "ktest.h"

#define SLOT(n) ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)

static l4_cap_idx_t new_task(void)
{
	l4_cap_idx_t t = kt_slot();

	if (l4_factory_create_task(L4_BASE_FACTORY_CAP, t,
				   L4_MEM_FPAGE(KT_CHILD_UTCB, 12, L4_FPAGE_RW)) != 0) {
		kt_slot_free(t);
		return L4_INVALID_CAP;
	}
	return t;
}

/* root gate -> A (RWS) -> B (RW) -> C (R): rights shrink at each step; revocation reaches C. */
static void chain(void)
{
	l4_cap_idx_t a = new_task(), b = new_task(), c = new_task(), g = kt_slot();
	unsigned ra = 0, rb = 0, rc = 0;

	if (!ok(a != L4_INVALID_CAP && b != L4_INVALID_CAP && c != L4_INVALID_CAP &&
			l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0x40) == 0,
		"cap chain: three empty tasks and a gate"))
		goto out;
	ok(kt_cap_type(a, SLOT(20), NULL) == 0, "cap chain: a new task's space is empty");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWS), SLOT(20)) == 0 &&
		   l4_task_map(b, a, L4_OBJ_FPAGE(SLOT(20), 0, L4_CAP_FPAGE_RWSD), SLOT(21)) == 0 &&
		   l4_task_map(c, b, L4_OBJ_FPAGE(SLOT(21), 0, L4_CAP_FPAGE_R), SLOT(22)) == 0,
	   "cap chain: map root -> A -> B -> C");
	long ta = kt_cap_type(a, SLOT(20), &ra), tb = kt_cap_type(b, SLOT(21), &rb),
	     tc = kt_cap_type(c, SLOT(22), &rc);
	ok(ta == L4_OBJ_GATE && ra == L4_CAP_FPAGE_RWS, "cap chain: A got the gate with RWS (%#x)",
	   ra);
	ok(tb == L4_OBJ_GATE && rb == L4_CAP_FPAGE_RWS,
	   "cap chain: B asked RWSD from A's RWS and got RWS (%#x)", rb);
	ok(tc == L4_OBJ_GATE && rc == L4_CAP_FPAGE_R, "cap chain: C got R (%#x)", rc);

	/* Revoking in A removes what B and C got from it, not A's own. */
	ok(l4_task_unmap(a, L4_OBJ_FPAGE(SLOT(20), 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES) == 0,
	   "cap chain: unmap OTHER_SPACES in A -> 0");
	ok(kt_cap_type(a, SLOT(20), NULL) == L4_OBJ_GATE && kt_cap_type(b, SLOT(21), NULL) == 0 &&
		   kt_cap_type(c, SLOT(22), NULL) == 0,
	   "cap chain: A keeps its cap, B and C lost theirs");

	/* Rebuild and revoke from the root: depth three. */
	l4_task_map(b, a, L4_OBJ_FPAGE(SLOT(20), 0, L4_CAP_FPAGE_RWSD), SLOT(21));
	l4_task_map(c, b, L4_OBJ_FPAGE(SLOT(21), 0, L4_CAP_FPAGE_RWSD), SLOT(22));
	ok(kt_cap_type(c, SLOT(22), NULL) == L4_OBJ_GATE, "cap chain: rebuilt down to C");
	ok(l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWSD),
			 L4_FP_OTHER_SPACES) == 0,
	   "cap chain: unmap OTHER_SPACES in the root -> 0");
	ok(kt_cap_type(a, SLOT(20), NULL) == 0 && kt_cap_type(b, SLOT(21), NULL) == 0 &&
		   kt_cap_type(c, SLOT(22), NULL) == 0,
	   "cap chain: A, B and C all lost the gate (recursive revocation)");
	ok(kt_cap_type(L4_BASE_TASK_CAP, g, NULL) == L4_OBJ_GATE,
	   "cap chain: the root keeps its own gate cap");

	/* Deleting the object through a derived cap with D removes every cap to it. */
	l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWSD), SLOT(20));
	l4_task_map(b, a, L4_OBJ_FPAGE(SLOT(20), 0, L4_CAP_FPAGE_RWS), SLOT(21));
	long r = l4_task_unmap(b, L4_OBJ_FPAGE(SLOT(21), 0, L4_CAP_FPAGE_RWSD),
			       L4_FP_ALL_SPACES | L4_FP_DELETE_OBJ);
	ok(r == -L4_EPERM && kt_cap_type(b, SLOT(21), NULL) == L4_OBJ_GATE &&
		   kt_cap_type(L4_BASE_TASK_CAP, g, NULL) == L4_OBJ_GATE,
	   "cap delete: DELETE_OBJ through B's cap without D -> EPERM, nothing removed (%ld)", r);
	ok(l4_task_unmap(a, L4_OBJ_FPAGE(SLOT(20), 0, L4_CAP_FPAGE_RWSD),
			 L4_FP_ALL_SPACES | L4_FP_DELETE_OBJ) == 0,
	   "cap delete: DELETE_OBJ through A's derived cap with D -> 0");
	ok(kt_cap_type(L4_BASE_TASK_CAP, g, NULL) == 0 && kt_cap_type(a, SLOT(20), NULL) == 0 &&
		   kt_cap_type(b, SLOT(21), NULL) == 0,
	   "cap delete: the gate is gone from the root, A and B");
out:
	kt_drop(g);
	kt_drop(c);
	kt_drop(b);
	kt_drop(a);
}

/* An order-2 object flexpage maps four slots at once. */
static void ranges(void)
{
	l4_cap_idx_t a = new_task(), base = kt_slots(2);
	long want[4] = {L4_OBJ_GATE, L4_OBJ_IRQ, 0, L4_OBJ_FACTORY};
	bool all = true;

	l4_factory_create_gate(L4_BASE_FACTORY_CAP, base, L4_INVALID_CAP, 0);
	l4_factory_create_irq(L4_BASE_FACTORY_CAP, base + SLOT(1));
	l4_factory_create_factory(L4_BASE_FACTORY_CAP, base + SLOT(3), 1024);
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(base, 2, L4_CAP_FPAGE_RWSD), SLOT(64)) ==
		   0,
	   "cap range: map four slots (order 2) into slots 64..67");
	for (unsigned i = 0; i < 4; i++)
		all &= kt_cap_type(a, SLOT(64 + i), NULL) == want[i];
	ok(all, "cap range: gate, IRQ, empty, factory arrived in order");
	ok(kt_cap_type(a, SLOT(68), NULL) == 0, "cap range: nothing beyond the flexpage");
	ok(l4_task_unmap(a, L4_OBJ_FPAGE(SLOT(64), 2, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES) == 0 &&
		   kt_cap_type(a, SLOT(64), NULL) == 0 && kt_cap_type(a, SLOT(67), NULL) == 0,
	   "cap range: unmap of the order-2 flexpage empties them");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(SLOT(60000), 0, L4_CAP_FPAGE_RWSD),
		       SLOT(70)) == 0 &&
		   kt_cap_type(a, SLOT(70), NULL) == 0,
	   "cap range: mapping an empty source slot maps nothing");
	kt_drop(base + SLOT(3));
	kt_drop(base + SLOT(1));
	kt_drop(base);
	kt_slot_free(base + SLOT(2));
	kt_drop(a);
}

/* Grant through the task protocol: the source loses the capability, the tree keeps its shape. */
static void grant(void)
{
	l4_cap_idx_t a = new_task(), b = new_task(), g = kt_slot(), ro = kt_slot();

	if (!ok(a != L4_INVALID_CAP && b != L4_INVALID_CAP &&
			l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0x40) == 0,
		"cap grant: two tasks and a gate"))
		goto out;
	l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWS), SLOT(30));
	ok(kt_cap_copy(L4_BASE_TASK_CAP, ro, a, L4_CAP_FPAGE_R) == 0 &&
		   l4_task_grant(b, ro, L4_OBJ_FPAGE(SLOT(30), 0, L4_CAP_FPAGE_RWS), SLOT(31)) ==
			   -L4_EPERM &&
		   kt_cap_type(a, SLOT(30), NULL) == L4_OBJ_GATE,
	   "cap grant: granting from a task named by a cap without W -> EPERM, nothing moves");
	ok(l4_task_grant(b, a, L4_OBJ_FPAGE(SLOT(30), 0, L4_CAP_FPAGE_RW), SLOT(31)) == 0,
	   "cap grant: grant A -> B -> 0");
	unsigned rb = 0;
	ok(kt_cap_type(a, SLOT(30), NULL) == 0 && kt_cap_type(b, SLOT(31), &rb) == L4_OBJ_GATE &&
		   rb == L4_CAP_FPAGE_RW,
	   "cap grant: A lost the gate, B has it with the granted rights RW (%#x)", rb);
	ok(l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWSD),
			 L4_FP_OTHER_SPACES) == 0 &&
		   kt_cap_type(b, SLOT(31), NULL) == 0,
	   "cap grant: B's cap took A's place below the root's: revoking the root's removes it");
out:
	kt_slot_free(ro);
	kt_drop(g);
	kt_drop(b);
	kt_drop(a);
}

/* Malformed flexpages are refused with EINVAL before anything happens. */
static void bad_fpages(void)
{
	l4_cap_idx_t a = new_task();
	uint64_t type0 = L4_FPAGE(0, L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_R);
	uint64_t type2 = L4_FPAGE(2, L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_R);

	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(SLOT(9), 1, L4_CAP_FPAGE_R), SLOT(32)) ==
		   -L4_EINVAL,
	   "bad fpage: object flexpage base not aligned to its order -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(0, 40, L4_CAP_FPAGE_R), 0) == -L4_EINVAL,
	   "bad fpage: object flexpage of order 40 (> 65536 slots) -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, type0, SLOT(32)) == -L4_EINVAL,
	   "bad fpage: flexpage type 0 -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, type2, SLOT(32)) == -L4_EINVAL,
	   "bad fpage: flexpage type 2 -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_MEM_FPAGE(KT_TEXT_START + KT_PAGE, 13, L4_FPAGE_RX),
		       KT_TEXT_START) == -L4_EINVAL,
	   "bad fpage: memory flexpage base not aligned to its order -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_MEM_FPAGE(KT_TEXT_START, 11, L4_FPAGE_RX),
		       KT_TEXT_START) == -L4_EINVAL,
	   "bad fpage: memory flexpage of order 11 (< a page) -> EINVAL");
	ok(l4_task_map(a, L4_BASE_TASK_CAP, L4_MEM_FPAGE(0, 49, L4_FPAGE_RX), 0) == -L4_EINVAL,
	   "bad fpage: memory flexpage of order 49 (> the address space) -> EINVAL");
	ok(l4_task_unmap(a, L4_OBJ_FPAGE(SLOT(9), 1, L4_CAP_FPAGE_R), L4_FP_ALL_SPACES) ==
		   -L4_EINVAL,
	   "bad fpage: unmap of an unaligned object flexpage -> EINVAL");
	ok(l4_task_unmap(a, type0, L4_FP_ALL_SPACES) == -L4_EINVAL,
	   "bad fpage: unmap of a type-0 flexpage -> EINVAL");
	ok(l4_task_map(a, L4_BASE_LOG_CAP, L4_OBJ_FPAGE(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_R),
		       SLOT(32)) < 0,
	   "bad source: a Vcon as the source task is refused");
	ok(kt_cap_type(a, SLOT(32), NULL) == 0,
	   "bad fpage: nothing was mapped by the refused calls");
	kt_drop(a);
}

void caps_map_tests(void)
{
	chain();
	ranges();
	grant();
	bad_fpages();
}
