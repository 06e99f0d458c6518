// SPDX-License-Identifier: BSD-2-Clause
/* Capabilities: the initial object space, invalid selectors, cap_info and rights checks. */
#include <string.h>

#include "ktest.h"

static void initial_space(void)
{
	static const struct {
		l4_cap_idx_t sel;
		long type;
		unsigned rights;
		const char *name;
	} want[] = {
		{L4_BASE_TASK_CAP, L4_OBJ_TASK, L4_CAP_FPAGE_RWSD, "task"},
		{L4_BASE_FACTORY_CAP, L4_OBJ_FACTORY, L4_CAP_FPAGE_RWSD, "factory"},
		{L4_BASE_THREAD_CAP, L4_OBJ_THREAD, L4_CAP_FPAGE_RWSD, "thread"},
		{L4_BASE_LOG_CAP, L4_OBJ_VCON, L4_CAP_FPAGE_RW, "log"},
		{L4_BASE_ICU_CAP, L4_OBJ_ICU, L4_CAP_FPAGE_RW, "icu"},
		{L4_BASE_SCHEDULER_CAP, L4_OBJ_SCHEDULER, L4_CAP_FPAGE_RW, "scheduler"},
	};
	unsigned rights = 0;

	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		long t = kt_cap_type(L4_BASE_TASK_CAP, want[i].sel, &rights);
		ok(t == want[i].type && rights == want[i].rights,
		   "cap_info: initial %s cap has type %ld rights %#x (got %ld, %#x)", want[i].name,
		   want[i].type, want[i].rights, t, rights);
	}
	ok(kt_cap_type(L4_BASE_TASK_CAP, L4_BASE_PAGER_CAP, NULL) == 0,
	   "cap_info: the root task has no pager (slot 4 empty)");
	ok(kt_cap_type(L4_BASE_TASK_CAP, 0, NULL) == 0, "cap_info: slot 0 is empty");
	ok(kt_cap_type(L4_BASE_TASK_CAP, 60000UL << L4_CAP_SHIFT, NULL) == 0,
	   "cap_info: a free slot is empty");
	ok(kt_cap_type(L4_BASE_TASK_CAP, (L4_CAP_SLOTS - 1UL) << L4_CAP_SHIFT, NULL) == 0,
	   "cap_info: the last slot (65535) is empty");
	long r = kt_cap_type(L4_BASE_TASK_CAP, (l4_cap_idx_t)L4_CAP_SLOTS << L4_CAP_SHIFT, NULL);
	ok(r == -L4_EINVAL, "cap_info: a selector beyond the table -> EINVAL (%ld)", r);
}

static void bad_selectors(void)
{
	l4_msgtag_t t;

	l4_utcb()->mr[0] = L4_VCON_WRITE_OP;
	t = l4_ipc_call(60001UL << L4_CAP_SHIFT, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0),
			L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT, "invoke: empty slot -> ENOT_EXISTENT");
	t = l4_ipc_call((l4_cap_idx_t)L4_CAP_SLOTS << L4_CAP_SHIFT,
			L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT,
	   "invoke: selector 65536 (beyond the table) -> ENOT_EXISTENT");
	t = l4_ipc_call(L4_INVALID_CAP, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT, "invoke: L4_INVALID_CAP -> ENOT_EXISTENT");
	t = l4_ipc_call(L4_BASE_PAGER_CAP, L4_MSGTAG(0, 0, 0, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_ENOT_EXISTENT,
	   "invoke: the empty pager slot -> ENOT_EXISTENT");
	t = l4_invoke(L4_BASE_LOG_CAP, L4_SYSF_SEND, L4_MSGTAG(L4_PROTO_LOG, 1, 0, 0));
	ok(l4_ipc_error(t) == L4_IPC_EBADFLAGS,
	   "invoke: send-only to a kernel object -> EBADFLAGS");
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_LOG, 60, 3, 0), L4_TIMEOUTS(0, 0));
	ok(l4_ipc_error(t) == L4_IPC_EMSGTOOLONG, "invoke: 60 words + 3 items -> EMSGTOOLONG");
	t = l4_ipc_call(L4_BASE_LOG_CAP, L4_MSGTAG(L4_PROTO_TASK, 2, 0, 0), L4_IPC_NEVER);
	ok(l4_result(t) == -L4_EBADPROTO, "invoke: wrong protocol for a Vcon -> EBADPROTO");
	l4_utcb()->mr[0] = 0x77;
	t = l4_ipc_call(L4_BASE_TASK_CAP, L4_MSGTAG(L4_PROTO_TASK, 1, 0, 0), L4_IPC_NEVER);
	ok(l4_result(t) == -L4_ENOSYS, "invoke: unknown task opcode -> ENOSYS");
}

static void vcon_rights(void)
{
	l4_cap_idx_t ro = kt_slot(), wo = kt_slot();
	unsigned rights = 0;
	char buf[8];

	ok(l4_vcon_write(L4_BASE_LOG_CAP, "# vcon write through the RW cap\n", 32) == 0,
	   "vcon: write through the RW log cap -> 0");
	ok(kt_cap_copy(L4_BASE_TASK_CAP, ro, L4_BASE_LOG_CAP, L4_CAP_FPAGE_R) == 0,
	   "vcon: map the log cap with rights R into a free slot");
	long type = kt_cap_type(L4_BASE_TASK_CAP, ro, &rights);
	ok(type == L4_OBJ_VCON && rights == L4_CAP_FPAGE_R,
	   "vcon: the copy is a Vcon with rights R only (%#x)", rights);
	ok(l4_vcon_write(ro, "must not appear\n", 16) == -L4_EPERM,
	   "vcon: write through the read-only copy -> EPERM");
	ok(l4_vcon_read(ro, buf, sizeof(buf)) >= 0, "vcon: read through the read-only copy works");
	ok(l4_vcon_bind_irq(ro, L4_INVALID_CAP) == -L4_EPERM,
	   "vcon: bind_irq through the read-only copy -> EPERM");
	ok(kt_cap_copy(L4_BASE_TASK_CAP, wo, L4_BASE_LOG_CAP, L4_CAP_FPAGE_W) == 0 &&
		   l4_vcon_read(wo, buf, sizeof(buf)) == -L4_EPERM,
	   "vcon: read through a write-only copy -> EPERM");
	kt_slot_free(ro);
	kt_slot_free(wo);

	l4_cap_idx_t full = kt_slot();
	rights = 0;
	type = kt_cap_copy(L4_BASE_TASK_CAP, full, L4_BASE_LOG_CAP, L4_CAP_FPAGE_RWSD) == 0
		       ? kt_cap_type(L4_BASE_TASK_CAP, full, &rights)
		       : -1;
	ok(type == L4_OBJ_VCON && rights == L4_CAP_FPAGE_RW,
	   "rights only shrink: RW log cap mapped with RWSD stays RW (%#x)", rights);
	kt_slot_free(full);
	ok(kt_cap_type(L4_BASE_TASK_CAP, full, NULL) == 0, "release_cap empties the slot");
	ok(l4_vcon_write(L4_BASE_LOG_CAP, "# log cap still fine\n", 21) == 0,
	   "releasing a copy leaves the original log cap working");
}

/* Task exit needs D; tried on an empty child task so a wrong answer cannot end the root. */
static void task_exit_rights(void)
{
	l4_cap_idx_t task = kt_slot(), t_w = kt_slot();

	if (!ok(l4_factory_create_task(L4_BASE_FACTORY_CAP, task,
				       L4_MEM_FPAGE(KT_CHILD_UTCB, 12, L4_FPAGE_RW)) == 0,
		"task exit: an empty child task"))
		goto out;
	kt_cap_copy(L4_BASE_TASK_CAP, t_w, task, L4_CAP_FPAGE_RWS);
	ok(l4_task_exit(t_w, 3) == -L4_EPERM &&
		   kt_cap_type(L4_BASE_TASK_CAP, task, NULL) == L4_OBJ_TASK,
	   "rights: task exit through a cap without D -> EPERM, the task lives");
	ok(l4_task_exit(task, 3) == 0, "task exit: exit of another task through a cap with D -> 0");
	ok(kt_cap_type(L4_BASE_TASK_CAP, task, NULL) == 0 &&
		   kt_cap_type(L4_BASE_TASK_CAP, t_w, NULL) == 0,
	   "task exit: the deleted task's capabilities are gone");
out:
	kt_slot_free(t_w);
	kt_drop(task);
}

static void object_rights(void)
{
	l4_cap_idx_t gate = kt_slot(), g_rw = kt_slot(), g_rws = kt_slot();
	l4_cap_idx_t f_r = kt_slot(), t_r = kt_slot(), t_w = kt_slot(), th_r = kt_slot();
	l4_cap_idx_t tmp = kt_slot();
	l4_umword_t label = 0;
	struct l4_thread_stats st;

	l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_INVALID_CAP, 0x100);
	kt_cap_copy(L4_BASE_TASK_CAP, g_rw, gate, L4_CAP_FPAGE_RW);
	kt_cap_copy(L4_BASE_TASK_CAP, g_rws, gate, L4_CAP_FPAGE_RWS);
	ok(l4_gate_bind(g_rw, L4_BASE_THREAD_CAP, 0x200) == -L4_EPERM,
	   "rights: gate bind without S -> EPERM");
	ok(l4_gate_get_label(g_rw, &label) == -L4_EPERM,
	   "rights: gate get_label without S -> EPERM");
	long r = l4_gate_get_label(g_rws, &label);
	ok(r == 0 && label == 0x100, "rights: gate get_label with S -> label 0x100 (%#lx)",
	   (unsigned long)label);
	r = l4_task_delete_obj(L4_BASE_TASK_CAP, g_rws);
	ok(r == -L4_EPERM && kt_cap_type(L4_BASE_TASK_CAP, gate, NULL) == L4_OBJ_GATE,
	   "rights: delete_obj through a cap without D -> EPERM, the gate lives (%ld)", r);

	kt_cap_copy(L4_BASE_TASK_CAP, f_r, L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_R);
	ok(l4_factory_create_gate(f_r, tmp, L4_INVALID_CAP, 0) == -L4_EPERM &&
		   kt_cap_type(L4_BASE_TASK_CAP, tmp, NULL) == 0,
	   "rights: factory create without W -> EPERM, nothing created");

	kt_cap_copy(L4_BASE_TASK_CAP, t_r, L4_BASE_TASK_CAP, L4_CAP_FPAGE_R);
	kt_cap_copy(L4_BASE_TASK_CAP, t_w, L4_BASE_TASK_CAP, L4_CAP_FPAGE_W);
	ok(kt_cap_type(t_r, L4_BASE_LOG_CAP, NULL) == L4_OBJ_VCON,
	   "rights: cap_info through a read-only task cap works");
	ok(kt_cap_type(t_w, L4_BASE_LOG_CAP, NULL) == -L4_EPERM,
	   "rights: cap_info through a task cap without R -> EPERM");
	ok(l4_task_map(t_r, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(L4_BASE_LOG_CAP, 0, L4_CAP_FPAGE_R),
		       tmp) == -L4_EPERM &&
		   kt_cap_type(L4_BASE_TASK_CAP, tmp, NULL) == 0,
	   "rights: task map into a task cap without W -> EPERM");
	ok(l4_task_unmap(t_r, L4_OBJ_FPAGE(gate, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES) ==
			   -L4_EPERM &&
		   kt_cap_type(L4_BASE_TASK_CAP, gate, NULL) == L4_OBJ_GATE,
	   "rights: task unmap through a task cap without W -> EPERM");

	kt_cap_copy(L4_BASE_TASK_CAP, th_r, L4_BASE_THREAD_CAP, L4_CAP_FPAGE_R);
	ok(l4_thread_stats(th_r, &st) == 0, "rights: thread stats through a read-only cap works");
	ok(l4_thread_ex_regs(th_r, L4_THREAD_KEEP, L4_THREAD_KEEP, 0) == -L4_EPERM,
	   "rights: thread ex_regs without W -> EPERM");
	ok(l4_thread_control(th_r, L4_THREAD_CTL_PAGER, L4_INVALID_CAP, L4_INVALID_CAP,
			     L4_INVALID_CAP, 0) == -L4_EPERM,
	   "rights: thread control without W -> EPERM");
	ok(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, th_r, KT_PRIO_MAIN, 0, 0) == -L4_EPERM,
	   "rights: scheduler run_thread with a read-only thread cap -> EPERM");

	kt_slot_free(th_r);
	kt_slot_free(t_w);
	kt_slot_free(t_r);
	kt_slot_free(f_r);
	kt_slot_free(g_rws);
	kt_slot_free(g_rw);
	kt_slot_free(tmp);
	kt_drop(gate);
}

/* An object lives as long as one capability names it; the last one frees its charge. */
static void last_cap(void)
{
	l4_cap_idx_t f = kt_slot(), g = kt_slot(), copy = kt_slot();
	long left1 = -1, left2 = -2;

	if (!ok(l4_factory_create_factory(L4_BASE_FACTORY_CAP, f, 4096) == 0,
		"last cap: a 4 KiB factory for the test"))
		goto out;
	if (l4_factory_create_gate(f, g, L4_INVALID_CAP, 0) == 0)
		left1 = (long)l4_utcb()->mr[0];
	kt_cap_copy(L4_BASE_TASK_CAP, copy, g, L4_CAP_FPAGE_RWSD);
	l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
	ok(kt_cap_type(L4_BASE_TASK_CAP, g, NULL) == 0 &&
		   kt_cap_type(L4_BASE_TASK_CAP, copy, NULL) == 0,
	   "last cap: unmap ALL_SPACES removes the cap and the copy derived from it");

	/* A copy made by mapping the original twice: dropping one keeps the gate. */
	l4_factory_create_gate(f, g, L4_INVALID_CAP, 0);
	l4_umword_t lbl = 1;
	kt_cap_copy(L4_BASE_TASK_CAP, copy, g, L4_CAP_FPAGE_RWS);
	l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(copy, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
	ok(l4_gate_get_label(g, &lbl) == 0 && lbl == 0,
	   "last cap: dropping a derived copy keeps the gate alive");
	l4_task_unmap(L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
	if (l4_factory_create_gate(f, g, L4_INVALID_CAP, 0) == 0)
		left2 = (long)l4_utcb()->mr[0];
	ok(left1 == left2 && left1 >= 0,
	   "last cap: releasing the last cap destroys the gate and returns its charge (%ld, %ld)",
	   left1, left2);
	kt_drop(g);
	g = L4_INVALID_CAP;
out:
	kt_slot_free(copy);
	kt_slot_free(g);
	kt_drop(f);
}

void caps_tests(void)
{
	initial_space();
	bad_selectors();
	vcon_rights();
	object_rights();
	task_exit_rights();
	last_cap();
}
