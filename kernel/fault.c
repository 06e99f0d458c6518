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

#define SIGMA0_FAULT_BLOCK (16 * PAGE_SIZE)
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

/* The part of a thread's UTCB a fault call uses, kept to give back afterwards. */
struct utcb_saved {
	u64 mr[L4_EXC_WORDS];
	unsigned words;
	u64 br[3];
	u64 err;
};

/* Save words MRs, the receive windows and the error; set the memory window (no others). */
static void utcb_save(struct l4_utcb *u, struct utcb_saved *s, unsigned words, u64 mem_window)
{
	s->words = words;
	memcpy(s->mr, u->mr, words * sizeof(u64));
	memcpy(s->br, u->br, sizeof(s->br));
	s->err = u->tcr[L4_UTCB_TCR_ERROR];
	u->br[L4_BR_MEM] = mem_window;
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	u->br[L4_BR_FLAGS] = 0;
}

static void utcb_restore(struct thread *self, const struct utcb_saved *s)
{
	struct l4_utcb *u = self->utcb;

	if (!u) /* unbound while it waited */
		return;
	memcpy(u->mr, s->mr, s->words * sizeof(u64));
	memcpy(u->br, s->br, sizeof(s->br));
	u->tcr[L4_UTCB_TCR_ERROR] = s->err;
}

/*
 * Call the handler gate on the thread's behalf. No reference is held across
 * the call: a thread deleted while blocked never resumes. A negative reply
 * label is the handler saying it cannot resolve the fault.
 */
static bool fault_call(struct thread *self, struct ipc_gate *g, u8 rights, u64 tag)
{
	ipc_send(self, g, rights, tag, L4_IPC_NEVER, true);
	return !(self->result_tag & L4_MSGTAG_ERROR) && L4_MSGTAG_LABEL(self->result_tag) >= 0 &&
	       thread_alive(self);
}

/*
 * sigma0's RAM, identity-mapped: the whole 64 KiB around a touched page at
 * once, so sigma0 touching a 4 MiB block for moe takes 64 faults, not 1024.
 */
static bool fault_sigma0_ram(struct task *t, u64 page)
{
	u64 base = ALIGN_DOWN(page, SIGMA0_FAULT_BLOCK);

	for (u64 pa = base; pa < base + SIGMA0_FAULT_BLOCK; pa += PAGE_SIZE) {
		if (!sigma0_mem_contains(pa) || vspace_lookup(&t->vs, pa, NULL, NULL, NULL))
			continue;
		if (mem_insert_root(t, pa, pa, VSPACE_R | VSPACE_W | VSPACE_X, false, false) != 0)
			return pa != page; /* out of memory: enough if the touched page is there */
	}
	return true;
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
			return fault_sigma0_ram(self->task, page);
	}

	u8 rights;
	struct ipc_gate *g = handler_gate(self, self->pager_sel, &rights);
	if (!g)
		return false;

	struct l4_utcb *u = self->utcb;
	struct utcb_saved saved;
	/* The pager may map anywhere into the faulting space, but no capabilities. */
	utcb_save(u, &saved, 2, L4_MEM_FPAGE(0, L4_WHOLE_SPACE_ORDER, L4_FPAGE_RWX));
	u->mr[0] = (addr & ~7UL) | (write ? L4_PF_W : 0) | (exec ? L4_PF_X : 0);
	u->mr[1] = pc;
	bool ok = fault_call(self, g, rights, L4_MSGTAG(L4_PROTO_PF, 2, 0, 0));
	utcb_restore(self, &saved);
	return ok;
}

bool fault_exception(struct thread *self, struct trap_frame *f, u64 esr, u64 far)
{
	u8 rights;
	struct ipc_gate *g = handler_gate(self, self->exc_sel, &rights);

	if (!g)
		return false;
	struct l4_utcb *u = self->utcb;
	struct utcb_saved saved;
	utcb_save(u, &saved, L4_EXC_WORDS, L4_FPAGE_NIL);
	for (int i = 0; i < 31; i++)
		u->mr[L4_EXC_X(i)] = f->x[i];
	u->mr[L4_EXC_SP] = f->sp_el0;
	u->mr[L4_EXC_PC] = f->elr;
	u->mr[L4_EXC_PSTATE] = f->spsr;
	u->mr[L4_EXC_ESR] = esr;
	u->mr[L4_EXC_FAR] = far;
	bool ok = fault_call(self, g, rights, L4_MSGTAG(L4_PROTO_EXCEPTION, L4_EXC_WORDS, 0, 0));

	if (ok && L4_MSGTAG_WORDS(self->result_tag) >= L4_EXC_REPLY_WORDS) {
		for (int i = 0; i < 31; i++)
			f->x[i] = u->mr[L4_EXC_X(i)];
		f->sp_el0 = u->mr[L4_EXC_SP];
		f->elr = u->mr[L4_EXC_PC];
		/* Only the condition flags: the handler cannot change the exception level. */
		f->spsr = (f->spsr & ~0xf0000000UL) | (u->mr[L4_EXC_PSTATE] & 0xf0000000UL);
	}
	utcb_restore(self, &saved);
	return ok;
}
