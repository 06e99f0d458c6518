// SPDX-License-Identifier: BSD-2-Clause
/* Test-suite helpers: TAP output, the slot allocator, time, the main thread as a server. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ktest.h"

int kt_passed, kt_failed;
struct kt_globals kt;

bool ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	if (cond)
		kt_passed++;
	else
		kt_failed++;
	printf("%s %d - ", cond ? "ok" : "not ok", kt_passed + kt_failed);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

void kt_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* The end of .rodata, the last part of the text segment (runtime/lib/tern-user.ld). */
extern const char __fini_array_end[];

uintptr_t kt_text_end(void)
{
	return ((uintptr_t)__fini_array_end + KT_PAGE - 1) & ~(KT_PAGE - 1);
}

/* ---- slots -------------------------------------------------------------------- */

#define KT_SLOT_FIRST (L4_FIRST_FREE_CAP >> L4_CAP_SHIFT)
#define KT_SLOT_LIMIT 4096 /* the suite never needs more; the space has 65536 */

static uint8_t slot_used[KT_SLOT_LIMIT];

l4_cap_idx_t kt_slots(unsigned order)
{
	unsigned n = 1U << order;

	for (unsigned s = (KT_SLOT_FIRST + n - 1) & ~(n - 1); s + n <= KT_SLOT_LIMIT; s += n) {
		unsigned i = 0;
		while (i < n && !slot_used[s + i])
			i++;
		if (i < n)
			continue;
		memset(&slot_used[s], 1, n);
		return (l4_cap_idx_t)s << L4_CAP_SHIFT;
	}
	kt_diag("out of capability slots");
	return L4_INVALID_CAP;
}

l4_cap_idx_t kt_slot(void)
{
	return kt_slots(0);
}

void kt_slot_free(l4_cap_idx_t sel)
{
	unsigned s = (unsigned)(sel >> L4_CAP_SHIFT);

	if (sel == L4_INVALID_CAP || s < KT_SLOT_FIRST || s >= KT_SLOT_LIMIT)
		return;
	l4_task_release_cap(L4_BASE_TASK_CAP, sel);
	slot_used[s] = 0;
}

void kt_drop(l4_cap_idx_t sel)
{
	if (sel == L4_INVALID_CAP)
		return;
	l4_task_delete_obj(L4_BASE_TASK_CAP, sel);
	kt_slot_free(sel);
}

long kt_cap_type(l4_cap_idx_t task, l4_cap_idx_t sel, unsigned *rights)
{
	return l4_task_cap_info(task, sel, rights);
}

long kt_cap_copy(l4_cap_idx_t dst_task, l4_cap_idx_t dst, l4_cap_idx_t src, unsigned rights)
{
	return l4_task_map(dst_task, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(src, 0, rights), dst);
}

long kt_quota_left(l4_cap_idx_t factory)
{
	l4_cap_idx_t sel = kt_slot();
	long r = l4_factory_create_gate(factory, sel, L4_INVALID_CAP, 0);
	long left = (long)l4_utcb()->mr[0];

	if (r == 0)
		kt_drop(sel);
	else
		kt_slot_free(sel);
	return r ? r : left;
}

/* ---- time --------------------------------------------------------------------- */

uint64_t kt_now_ns(void)
{
	uint64_t cnt, hz;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(cnt));
	__asm__("mrs %0, cntfrq_el0" : "=r"(hz));
	return (uint64_t)((unsigned __int128)cnt * 1000000000U / hz);
}

void kt_sleep_ms(unsigned ms)
{
	l4_irq_receive(kt.sleep_irq, L4_TIMEOUTS(0, ms * 1000U));
}

void kt_spin_ms(unsigned ms)
{
	uint64_t end = kt_now_ns() + ms * 1000000ULL;

	while (kt_now_ns() < end)
		;
}

/* ---- set-up ------------------------------------------------------------------- */

static l4_cap_idx_t main_gate(l4_umword_t label)
{
	l4_cap_idx_t g = kt_slot();

	if (l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_BASE_THREAD_CAP, label) != 0) {
		kt_slot_free(g);
		return L4_INVALID_CAP;
	}
	return g;
}

bool kt_init(void)
{
	kt.report_gate = main_gate(KT_LBL_REPORT);
	kt.pager_gate = main_gate(KT_LBL_PAGER);
	kt.exc_gate = main_gate(KT_LBL_EXC);
	kt.sleep_irq = kt_slot();
	bool irq = l4_factory_create_irq(L4_BASE_FACTORY_CAP, kt.sleep_irq) == 0 &&
		   l4_irq_attach(kt.sleep_irq, L4_BASE_THREAD_CAP, KT_LBL_SLEEP) == 0;
	return kt.report_gate != L4_INVALID_CAP && kt.pager_gate != L4_INVALID_CAP &&
	       kt.exc_gate != L4_INVALID_CAP && irq;
}

/* ---- the main thread as a server --------------------------------------------- */

long kt_wait_win(struct kt_msg *m, unsigned ms, l4_fpage_t mem, l4_fpage_t obj)
{
	struct l4_utcb *u = l4_utcb();

	memset(m, 0, sizeof(*m));
	u->br[L4_BR_MEM] = mem;
	u->br[L4_BR_OBJ] = obj;
	m->tag = l4_ipc_wait(&m->label, L4_TIMEOUTS(0, ms * 1000U));
	m->err = l4_ipc_error(m->tag);
	u->br[L4_BR_MEM] = L4_FPAGE_NIL;
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	if (!m->err) {
		unsigned n = L4_MSGTAG_WORDS(m->tag) + 2 * L4_MSGTAG_ITEMS(m->tag);
		memcpy(m->mr, u->mr, (n < KT_MSG_WORDS ? n : KT_MSG_WORDS) * sizeof(m->mr[0]));
	}
	return m->err;
}

long kt_wait(struct kt_msg *m, unsigned ms)
{
	return kt_wait_win(m, ms, L4_FPAGE_NIL, L4_FPAGE_NIL);
}

bool kt_from(const struct kt_msg *m, l4_umword_t gate_label)
{
	return !m->err && (m->label & KT_LBL_MASK) == gate_label;
}

void kt_describe(const char *what, const struct kt_msg *m)
{
	if (m->err)
		kt_diag("%s: IPC error %ld", what, m->err);
	else
		kt_diag("%s: got label %#lx tag %#lx (proto %ld) mr0 %#lx mr1 %#lx", what,
			(unsigned long)m->label, (unsigned long)m->tag, L4_MSGTAG_LABEL(m->tag),
			(unsigned long)m->mr[0], (unsigned long)m->mr[1]);
}

long kt_reply(unsigned words)
{
	return l4_ipc_error(l4_ipc_reply(L4_MSGTAG(0, words, 0, 0)));
}

long kt_reply_map(l4_umword_t hot, l4_fpage_t fp)
{
	struct l4_utcb *u = l4_utcb();

	u->mr[0] = L4_ITEM_MAP | (hot & ~(KT_PAGE - 1));
	u->mr[1] = fp;
	return l4_ipc_error(l4_ipc_reply(L4_MSGTAG(0, 0, 1, 0)));
}

bool kt_report(struct kt_msg *m, l4_umword_t idx)
{
	kt_wait(m, KT_WAIT_MS);
	if (!kt_from(m, KT_LBL_REPORT) || L4_MSGTAG_WORDS(m->tag) != KT_REPORT_WORDS ||
	    L4_MSGTAG_ITEMS(m->tag) != 0 || m->mr[0] != idx) {
		kt_describe("expected a report", m);
		return false;
	}
	kt_reply(0);
	return true;
}

bool kt_fault(struct kt_msg *m)
{
	kt_wait(m, KT_WAIT_MS);
	if (!kt_from(m, KT_LBL_PAGER) || L4_MSGTAG_LABEL(m->tag) != L4_PROTO_PF) {
		kt_describe("expected a page fault", m);
		return false;
	}
	return true;
}
