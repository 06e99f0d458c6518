// SPDX-License-Identifier: BSD-2-Clause
/*
 * Exception dispatch. EL0 synchronous exceptions go through a table indexed
 * by exception class in which every slot has a handler; faults that no
 * handler resolves end the task with a report, never the kernel.
 */
#include "arch/frame.h"
#include "arch/gic.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "arch/memlayout.h"
#include "arch/vcpu.h"
#include "console.h"
#include "fault.h"
#include "fpu.h"
#include "ipc.h"
#include "irq.h"
#include "exception.h"
#include "panic.h"
#include "sched.h"
#include "task.h"

typedef void (*user_trap_fn)(struct trap_frame *f, u64 esr);

static unsigned timer_intid, uart_intid;

void exception_set_timer_intid(unsigned intid)
{
	timer_intid = intid;
}

void exception_set_uart_intid(unsigned intid)
{
	uart_intid = intid;
}

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN: return "undefined instruction";
	case EC_WFX: return "WFI/WFE";
	case EC_FP_ASIMD: return "FP/SIMD access";
	case EC_ILLEGAL_STATE: return "illegal execution state";
	case EC_SVC64: return "SVC";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYSREG: return "system register access";
	case EC_SVE: return "SVE access";
	case EC_IABT_LOW:
	case EC_IABT_CUR: return "instruction abort";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW:
	case EC_DABT_CUR: return "data abort";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_FP_EXC64: return "floating-point exception";
	case EC_SERROR: return "SError";
	case EC_BRK64: return "breakpoint (BRK)";
	default: return "unknown exception class";
	}
}

/* Abort fault status codes (Arm ARM D19.2.37, ISS encoding for aborts). */
static const char *fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x04: return "translation fault";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	case 0x20: return fsc == 0x21 ? "alignment fault" : "fault";
	default: return fsc == 0x00 ? "address size fault" : "fault";
	}
}

static void report_fault(struct thread *self, struct trap_frame *f, u64 esr, u64 far)
{
	unsigned ec = ESR_EC(esr);

	if (ec == EC_DABT_LOW || ec == EC_IABT_LOW) {
		unsigned fsc = ISS_FSC(esr);
		kprintf("[kernel] task %u (%s) thread %u: %s (%s, level %u) %s 0x%016lx, "
			"pc 0x%016lx, esr 0x%08lx\n",
			self->task->id, self->task->name, self->id, ec_name(ec), fsc_name(fsc),
			fsc & 3,
			ec == EC_IABT_LOW    ? "fetching"
			: esr & ISS_DABT_WNR ? "writing"
					     : "reading",
			far, f->elr, esr);
	} else {
		kprintf("[kernel] task %u (%s) thread %u: %s (EC 0x%02x) at pc 0x%016lx, "
			"esr 0x%08lx\n",
			self->task->id, self->task->name, self->id, ec_name(ec), ec, f->elr, esr);
	}
	kprintf("[kernel] task %u (%s) thread %u killed by an unhandled fault\n", self->task->id,
		self->task->name, self->id);
	thread_kill(self);
}

static void user_exception(struct trap_frame *f, u64 esr)
{
	struct thread *self = this_cpu()->current;
	u64 far = sysreg_read(far_el2);

	if (fault_exception(self, f, esr, far))
		return;
	if (thread_alive(self))
		report_fault(self, f, esr, far);
}

/* Translation, access-flag and permission faults are the pager's business. */
static bool is_page_fault(u64 esr)
{
	unsigned fsc = ISS_FSC(esr) & 0x3c;
	return fsc == 0x04 || fsc == 0x08 || fsc == 0x0c;
}

static void user_abort(struct trap_frame *f, u64 esr)
{
	struct thread *self = this_cpu()->current;
	u64 far = sysreg_read(far_el2);
	bool exec = ESR_EC(esr) == EC_IABT_LOW;

	if (!is_page_fault(esr)) {
		/* Alignment and other aborts are exceptions, not the pager's. */
		user_exception(f, esr);
		return;
	}
	if (far < USER_VA_END && fault_page(self, far, !exec && (esr & ISS_DABT_WNR), exec, f->elr))
		return;
	if (thread_alive(self))
		report_fault(self, f, esr, far);
}

static void user_svc(struct trap_frame *f, u64 esr)
{
	(void)esr;
	ipc_syscall(this_cpu()->current, f);
}

static void user_fp(struct trap_frame *f, u64 esr)
{
	(void)f, (void)esr;
	fpu_trap(this_cpu()->current);
}

static void user_wfx(struct trap_frame *f, u64 esr)
{
	(void)esr;
	f->elr += 4; /* WFI/WFE at EL0 is a hint to give the CPU away */
	sched_yield();
}

static const user_trap_fn user_trap_table[EC_MAX + 1] = {
	[EC_SVC64] = user_svc,	    [EC_WFX] = user_wfx,	[EC_FP_ASIMD] = user_fp,
	[EC_DABT_LOW] = user_abort, [EC_IABT_LOW] = user_abort,
};

void exception_user_svc(struct trap_frame *f)
{
	ipc_syscall(this_cpu()->current, f);
	sched_preempt_point();
}

void exception_user_sync(struct trap_frame *f)
{
	u64 esr = sysreg_read(esr_el2);
	user_trap_fn fn = user_trap_table[ESR_EC(esr)];

	(fn ? fn : user_exception)(f, esr);
	sched_preempt_point();
}

void exception_user_serror(struct trap_frame *f)
{
	struct thread *self = this_cpu()->current;
	u64 esr = sysreg_read(esr_el2);

	report_fault(self, f, esr, sysreg_read(far_el2));
	sched_preempt_point();
}

void exception_user_return(void)
{
	sched_preempt_point();
}

void exception_irq(struct trap_frame *f)
{
	unsigned intid = gic_ack();

	(void)f;
	if (intid >= 1020)
		return; /* spurious: nothing to acknowledge */
	if (intid == timer_intid)
		timer_handle_irq();
	else if (intid == uart_intid)
		console_handle_irq();
	else if (intid == VTIMER_INTID)
		vtimer_irq();
	else if (intid == VGIC_MAINT_INTID)
		vgic_maintenance_irq();
	else if (!irq_handle_hw(intid))
		kprintf("[kernel] unexpected interrupt %u\n", intid);
	gic_eoi(intid);
}

void exception_kernel_sync(struct trap_frame *f)
{
	u64 esr = sysreg_read(esr_el2);
	panic_frame(f, "%s in the kernel (EC 0x%02lx) at 0x%016lx, address 0x%016lx",
		    ec_name(ESR_EC(esr)), ESR_EC(esr), f->elr, sysreg_read(far_el2));
}

void exception_unexpected(struct trap_frame *f)
{
	panic_frame(f, "unexpected exception vector taken");
}
