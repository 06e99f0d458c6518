// SPDX-License-Identifier: BSD-2-Clause
/*
 * Faults become IPC: the kernel calls the thread's pager (page faults) or
 * exception handler (everything else) on the thread's behalf, with the
 * thread's own UTCB, whose contents it saves and restores around the call.
 */
#include <string.h>

#include "arch/frame.h"
#include "cap.h"
#include "fault.h"
#include "gate.h"
#include "ipc.h"
#include "mem_space.h"
#include "sigma0_mem.h"
#include "task.h"
#include "thread.h"

#define MAX_DEVICE_HOLES 8

static paddr_t device_start, device_end;
static struct {
	paddr_t start, end;
} device_holes[MAX_DEVICE_HOLES];
static unsigned ndevice_holes;

void fault_set_device_window(paddr_t start, paddr_t end)
{
	device_start = start;
	device_end = end;
}

void fault_reserve_device(paddr_t start, u64 size)
{
	if (ndevice_holes < MAX_DEVICE_HOLES) {
		device_holes[ndevice_holes].start = ALIGN_DOWN(start, PAGE_SIZE);
		device_holes[ndevice_holes].end = ALIGN_UP(start + size, PAGE_SIZE);
		ndevice_holes++;
	}
}

static bool device_page_allowed(paddr_t pa)
{
	if (pa < device_start || pa >= device_end)
		return false;
	for (unsigned i = 0; i < ndevice_holes; i++)
		if (pa >= device_holes[i].start && pa < device_holes[i].end)
			return false;
	return true;
}

/* The gate behind sel in t's task, if it leads to a live thread. */
static struct ipc_gate *handler_gate(struct thread *t, u64 sel, u8 *rights)
{
	struct kobject *o = cap_object(t->task, sel, rights);

	if (!o || o->type != KOBJ_GATE)
		return NULL;
	return (struct ipc_gate *)o;
}

bool fault_page(struct thread *self, u64 addr, bool write, bool exec, u64 pc)
{
	u64 page = ALIGN_DOWN(addr, PAGE_SIZE);

	/* sigma0 gets device memory and its RAM identity-mapped on first touch. */
	if (self->task->sigma0 && !vspace_lookup(&self->task->vs, page, NULL, NULL, NULL)) {
		if (!exec && device_page_allowed(page))
			return mem_insert_root(self->task, page, page, VSPACE_R | VSPACE_W, false,
					       true) == 0;
		if (sigma0_mem_contains(page))
			return mem_insert_root(self->task, page, page,
					       VSPACE_R | VSPACE_W | VSPACE_X, false, false) == 0;
	}

	u8 rights;
	struct ipc_gate *g = handler_gate(self, self->pager_sel, &rights);
	if (!g)
		return false;

	struct l4_utcb *u = self->utcb;
	u64 saved_mr[2] = {u->mr[0], u->mr[1]};
	u64 saved_br[3] = {u->br[L4_BR_MEM], u->br[L4_BR_OBJ], u->br[L4_BR_FLAGS]};
	u64 saved_err = u->tcr[L4_UTCB_TCR_ERROR];

	u->mr[0] = (addr & ~7UL) | (write ? L4_PF_W : 0) | (exec ? L4_PF_X : 0);
	u->mr[1] = pc;
	/* The pager may map anywhere into the faulting space, but no capabilities. */
	u->br[L4_BR_MEM] = L4_MEM_FPAGE(0, L4_WHOLE_SPACE_ORDER, L4_FPAGE_RWX);
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	u->br[L4_BR_FLAGS] = 0;
	/* No reference held across the call: a thread deleted while blocked never resumes. */
	ipc_send(self, g, rights, L4_MSGTAG(L4_PROTO_PF, 2, 0, 0), L4_IPC_NEVER, true);
	/* A negative reply label is the pager saying it cannot resolve the fault. */
	bool ok = !(self->result_tag & L4_MSGTAG_ERROR) && L4_MSGTAG_LABEL(self->result_tag) >= 0 &&
		  thread_alive(self);

	if (self->utcb) {
		u->mr[0] = saved_mr[0];
		u->mr[1] = saved_mr[1];
		u->br[L4_BR_MEM] = saved_br[0];
		u->br[L4_BR_OBJ] = saved_br[1];
		u->br[L4_BR_FLAGS] = saved_br[2];
		u->tcr[L4_UTCB_TCR_ERROR] = saved_err;
	}
	return ok;
}

bool fault_exception(struct thread *self, struct trap_frame *f, u64 esr, u64 far)
{
	u8 rights;
	struct ipc_gate *g = handler_gate(self, self->exc_sel, &rights);

	if (!g)
		return false;
	struct l4_utcb *u = self->utcb;
	u64 saved_mr[L4_EXC_WORDS];
	u64 saved_br[3] = {u->br[L4_BR_MEM], u->br[L4_BR_OBJ], u->br[L4_BR_FLAGS]};
	u64 saved_err = u->tcr[L4_UTCB_TCR_ERROR];
	memcpy(saved_mr, u->mr, sizeof(saved_mr));

	for (int i = 0; i < 31; i++)
		u->mr[L4_EXC_X(i)] = f->x[i];
	u->mr[L4_EXC_SP] = f->sp_el0;
	u->mr[L4_EXC_PC] = f->elr;
	u->mr[L4_EXC_PSTATE] = f->spsr;
	u->mr[L4_EXC_ESR] = esr;
	u->mr[L4_EXC_FAR] = far;
	u->br[L4_BR_MEM] = L4_FPAGE_NIL;
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	u->br[L4_BR_FLAGS] = 0;
	ipc_send(self, g, rights, L4_MSGTAG(L4_PROTO_EXCEPTION, L4_EXC_WORDS, 0, 0), L4_IPC_NEVER,
		 true);
	bool ok = !(self->result_tag & L4_MSGTAG_ERROR) && L4_MSGTAG_LABEL(self->result_tag) >= 0 &&
		  thread_alive(self);

	if (ok && L4_MSGTAG_WORDS(self->result_tag) >= L4_EXC_REPLY_WORDS) {
		for (int i = 0; i < 31; i++)
			f->x[i] = u->mr[L4_EXC_X(i)];
		f->sp_el0 = u->mr[L4_EXC_SP];
		f->elr = u->mr[L4_EXC_PC];
		/* Only the condition flags: the handler cannot change the exception level. */
		f->spsr = (f->spsr & ~0xf0000000UL) | (u->mr[L4_EXC_PSTATE] & 0xf0000000UL);
	}
	if (self->utcb) {
		memcpy(u->mr, saved_mr, sizeof(saved_mr));
		u->br[L4_BR_MEM] = saved_br[0];
		u->br[L4_BR_OBJ] = saved_br[1];
		u->br[L4_BR_FLAGS] = saved_br[2];
		u->tcr[L4_UTCB_TCR_ERROR] = saved_err;
	}
	return ok;
}
