// SPDX-License-Identifier: BSD-2-Clause
/*
 * The probe: a scripted thread that runs in a child task (or the root) and
 * reports each step to the main thread. It touches only its stack, its
 * struct kt_probe and the addresses it is told to, never the root's globals,
 * so it runs in a task that has just the root's text and one shared page.
 */
#include "ktest.h"

static l4_msgtag_t report(const struct kt_probe *p, l4_umword_t i, l4_umword_t v, l4_umword_t w,
			  l4_umword_t err, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();

	u->mr[0] = i;
	u->mr[1] = v;
	u->mr[2] = w;
	u->mr[3] = err;
	u->mr[4] = tag;
	return l4_ipc_call(p->report, L4_MSGTAG(0, KT_REPORT_WORDS, 0, 0), L4_IPC_NEVER);
}

static l4_umword_t do_udf(l4_umword_t v)
{
	register l4_umword_t x0 __asm__("x0") = v;
	__asm__ volatile("udf #0" : "+r"(x0) : : "memory");
	return x0;
}

static l4_umword_t do_brk(l4_umword_t v)
{
	register l4_umword_t x0 __asm__("x0") = v;
	__asm__ volatile("brk #7" : "+r"(x0) : : "memory");
	return x0;
}

/* An exclusive load from an unaligned address raises an alignment fault. */
static l4_umword_t do_unaligned(l4_umword_t addr)
{
	register l4_umword_t x0 __asm__("x0") = 0;
	__asm__ volatile("ldxr %0, [%1]" : "+r"(x0) : "r"(addr) : "memory");
	return x0;
}

static void do_call(const struct kt_probe *p, unsigned i, const struct kt_op *op)
{
	struct l4_utcb *u = l4_utcb();
	l4_msgtag_t tag;

	u->mr[0] = op->b;
	u->mr[1] = op->b + 1;
	u->mr[2] = op->b + 2;
	tag = l4_ipc_call(op->a, L4_MSGTAG(KT_CALL_LABEL, 3, 0, 0),
			  L4_TIMEOUTS(10000000, 10000000));
	report(p, i, u->mr[0], L4_MSGTAG_WORDS(tag), (l4_umword_t)l4_ipc_error(tag), tag);
}

static void do_item(const struct kt_probe *p, unsigned i, const struct kt_op *op)
{
	struct l4_utcb *u = l4_utcb();
	l4_msgtag_t tag;

	u->mr[0] = i;
	u->mr[1] = KT_ITEM_MAGIC;
	u->mr[2] = op->a;
	u->mr[3] = op->b;
	tag = l4_ipc_call(p->report, L4_MSGTAG(0, 2, 1, 0), L4_TIMEOUTS(10000000, 10000000));
	report(p, i, 0, 0, (l4_umword_t)l4_ipc_error(tag), tag);
}

static void do_recv(const struct kt_probe *p, unsigned i, const struct kt_op *op)
{
	struct l4_utcb *u = l4_utcb();
	l4_umword_t label = 0;
	l4_msgtag_t tag;

	u->br[L4_BR_MEM] = op->a;
	u->br[L4_BR_OBJ] = op->b;
	tag = l4_ipc_wait(&label, L4_TIMEOUTS(0, 3000000));
	u->br[L4_BR_MEM] = L4_FPAGE_NIL;
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	report(p, i, u->mr[0], label, (l4_umword_t)l4_ipc_error(tag), tag);
}

void kt_probe_main(void *arg)
{
	struct kt_probe *p = arg;
	static const char hello[] = "# probe: vcon write from a child task\n";

	for (unsigned i = 0; i < KT_PROBE_OPS; i++) {
		const struct kt_op *op = &p->op[i];
		switch (op->code) {
		case KT_END: return;
		case KT_READ: report(p, i, *(volatile uint64_t *)op->a, 0, 0, 0); break;
		case KT_READ32: report(p, i, *(volatile uint32_t *)op->a, 0, 0, 0); break;
		case KT_WRITE:
			*(volatile uint64_t *)op->a = op->b;
			report(p, i, 0, 0, 0, 0);
			break;
		case KT_SYNC: report(p, i, 0, 0, 0, 0); break;
		case KT_EXEC:
			((void (*)(void))op->a)();
			report(p, i, 0, 0, 0, 0);
			break;
		case KT_CALL: do_call(p, i, op); break;
		case KT_ITEM: do_item(p, i, op); break;
		case KT_RECV: do_recv(p, i, op); break;
		case KT_UDF: report(p, i, do_udf(op->a), 0, 0, 0); break;
		case KT_BRK: report(p, i, do_brk(op->a), 0, 0, 0); break;
		case KT_UNALIGNED: report(p, i, do_unaligned(op->a), 0, 0, 0); break;
		case KT_VCON:
			report(p, i,
			       (l4_umword_t)l4_vcon_write(L4_BASE_LOG_CAP, hello,
							  sizeof(hello) - 1),
			       0, 0, 0);
			break;
		case KT_EXIT:
			report(p, i, (l4_umword_t)l4_task_exit(L4_BASE_TASK_CAP, (long)op->a), 0, 0,
			       0);
			break;
		case KT_SPIN:
			for (;;)
				p->spins++;
		default: return;
		}
	}
}
