// SPDX-License-Identifier: BSD-2-Clause
/* Exceptions: delivered to a handler gate, resumed with new registers, or ending the thread. */
#include "ktest.h"

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN  0x00 /* Arm ARM D17.2.37: udf */
#define EC_BRK64    0x3c
#define EC_DABT_LOW 0x24
#define DFSC_ALIGN  0x21

static bool in_text(l4_umword_t pc)
{
	return pc >= KT_TEXT_START && pc + 4 <= kt_text_end();
}

static uint32_t insn_at(l4_umword_t pc)
{
	return in_text(pc) ? *(const uint32_t *)pc : 0xffffffffU;
}

/* Resume the thread past the faulting instruction with a new x0. */
static long resume(const struct kt_msg *m, l4_umword_t x0)
{
	struct l4_utcb *u = l4_utcb();

	for (unsigned k = 0; k < L4_EXC_REPLY_WORDS; k++)
		u->mr[k] = m->mr[k];
	u->mr[L4_EXC_X(0)] = x0;
	u->mr[L4_EXC_PC] += 4;
	return l4_ipc_error(l4_ipc_reply(L4_MSGTAG(0, L4_EXC_REPLY_WORDS, 0, 0)));
}

static bool got_exception(struct kt_msg *m)
{
	kt_wait(m, KT_WAIT_MS);
	if (!kt_from(m, KT_LBL_EXC) || L4_MSGTAG_LABEL(m->tag) != L4_PROTO_EXCEPTION) {
		kt_describe("expected an exception", m);
		return false;
	}
	return true;
}

static void handled(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (!ok(kt_child_new(&c, KT_CHILD_PAGER | KT_CHILD_EXC) == 0,
		"exception: a child task with main as exception handler"))
		return;
	uintptr_t page = (uintptr_t)c.page;
	struct kt_probe *p = kt_child_probe(&c);
	p->op[0] = (struct kt_op){KT_UDF, 0x1111, 0};
	p->op[1] = (struct kt_op){KT_BRK, 0x3333, 0};
	p->op[2] = (struct kt_op){KT_UNALIGNED, page + 1, 0};
	kt_child_go(&c, kt_probe_main, p, KT_PRIO_MAIN);

	bool got = got_exception(&m);
	long rep = got ? resume(&m, 0x2222) : -1;
	ok(got && L4_MSGTAG_WORDS(m.tag) == L4_EXC_WORDS && L4_MSGTAG_ITEMS(m.tag) == 0,
	   "exception: udf arrives as an exception message of %d words", L4_EXC_WORDS);
	ok(got && m.label == (KT_LBL_EXC | L4_CAP_FPAGE_W),
	   "exception: through the handler gate, label | W (%#lx)", (unsigned long)m.label);
	ok(got && m.mr[L4_EXC_X(0)] == 0x1111, "exception: mr[x0] holds the thread's x0 (%#lx)",
	   (unsigned long)m.mr[L4_EXC_X(0)]);
	ok(got && insn_at(m.mr[L4_EXC_PC]) == 0x00000000U,
	   "exception: mr[pc] points at the udf #0 instruction (%#lx)",
	   (unsigned long)m.mr[L4_EXC_PC]);
	ok(got && ESR_EC(m.mr[L4_EXC_ESR]) == EC_UNKNOWN,
	   "exception: ESR class 0 (unknown) for udf");
	ok(got && m.mr[L4_EXC_SP] > page && m.mr[L4_EXC_SP] < page + KT_PAGE &&
		   (m.mr[L4_EXC_SP] & 15) == 0,
	   "exception: mr[sp] lies in the child's stack page (%#lx)",
	   (unsigned long)m.mr[L4_EXC_SP]);
	ok(rep == 0, "exception: the resume reply is accepted");
	got = kt_report(&m, 0);
	ok(got && m.mr[1] == 0x2222,
	   "exception: the thread resumed after udf with the handler's x0 (%#lx)",
	   (unsigned long)m.mr[1]);

	got = got_exception(&m);
	l4_umword_t esr = m.mr[L4_EXC_ESR], pc = m.mr[L4_EXC_PC];
	if (got)
		resume(&m, 0x4444);
	ok(got && ESR_EC(esr) == EC_BRK64 && (esr & 0xffff) == 7 && insn_at(pc) == 0xd42000e0U,
	   "exception: brk #7 -> ESR class 0x3c with comment 7, pc at the brk");
	ok(kt_report(&m, 1) && m.mr[1] == 0x4444, "exception: resumed after brk with x0 = 0x4444");

	got = got_exception(&m);
	esr = m.mr[L4_EXC_ESR];
	l4_umword_t far = m.mr[L4_EXC_FAR];
	if (got)
		resume(&m, 0x5555);
	ok(got && ESR_EC(esr) == EC_DABT_LOW && (esr & 0x3f) == DFSC_ALIGN && far == page + 1,
	   "exception: unaligned ldxr -> alignment fault, FAR = the address (esr %#lx far %#lx)",
	   (unsigned long)esr, (unsigned long)far);
	ok(kt_report(&m, 2) && m.mr[1] == 0x5555, "exception: resumed after the alignment fault");
	kt_child_del(&c);
}

/* The handler does not reply and deletes the thread instead. */
static void handler_deletes(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (kt_child_new(&c, KT_CHILD_PAGER | KT_CHILD_EXC) != 0)
		return;
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_UDF, 1, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_MAIN);
	bool got = got_exception(&m);
	ok(got && l4_task_delete_obj(L4_BASE_TASK_CAP, c.thread) == 0 &&
		   kt_cap_type(L4_BASE_TASK_CAP, c.thread, NULL) == 0,
	   "exception: the handler deletes the faulting thread");
	ok(kt_reply(0) == L4_IPC_ENOREPLY, "exception: a late reply -> ENOREPLY");
	ok(kt_wait(&m, 20) == L4_IPC_RETIMEOUT, "exception: nothing more comes from it");
	kt_child_del(&c);
}

/* Without an exception handler the thread is killed. */
static void unhandled(void)
{
	struct kt_child c;
	struct kt_msg m;

	if (kt_child_new(&c, KT_CHILD_PAGER) != 0)
		return;
	kt_child_probe(&c)->op[0] = (struct kt_op){KT_UDF, 1, 0};
	kt_child_go(&c, kt_probe_main, kt_child_probe(&c), KT_PRIO_MAIN);
	ok(kt_thread_state(c.thread, L4_THREAD_STATE_DEAD, 200) == L4_THREAD_STATE_DEAD,
	   "exception: with no handler the thread is killed (DEAD)");
	ok(kt_wait(&m, 0) == L4_IPC_RETIMEOUT, "exception: and nothing reached main");
	kt_child_del(&c);
}

void exception_tests(void)
{
	handled();
	handler_deletes();
	unhandled();
}
