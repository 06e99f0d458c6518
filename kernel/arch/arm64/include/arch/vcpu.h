/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A thread's vCPU (docs/vm.md): the kernel's side of its state area. The
 * guest's EL1 system registers, timer and virtual GIC interface stay in the
 * CPU while the vCPU is the CPU's loaded one (host EL0 and EL2 with VHE never
 * use the EL1 registers), and move here only when another vCPU needs them.
 */
#pragma once

#include "arch/frame.h"
#include "tern/vcpu.h"
#include "types.h"

struct thread;
struct task;
struct cpu;

#define VGIC_MAX_LRS	 16
#define VIRQ_INTIDS	 1024
#define VIRQ_WORDS	 (VIRQ_INTIDS / 64)
#define VTIMER_INTID	 27 /* EL1 virtual timer PPI */
#define VGIC_MAINT_INTID 25 /* GIC maintenance interrupt PPI */

/* Callee-saved kernel registers across a guest run (guest.S). */
struct guest_host_ctx {
	u64 x19_x30[12];
	u64 sp;
};
_Static_assert(__builtin_offsetof(struct guest_host_ctx, sp) == CALLEE_SAVED_SP,
	       "layout of save_callee_saved (arch/frame.h)");

struct vgic_state {
	u64 lr[VGIC_MAX_LRS];
	u64 ap0r[4], ap1r[4];
	u64 vmcr, hcr;
};

/* The last exit, as the kernel saw it: what COMPLETE finishes. */
struct vcpu_access {
	u8 reason; /* L4_VCPU_EXIT_* */
	u8 reg, size;
	bool write, sign, sf;
};

struct vcpu {
	struct guest_host_ctx host; /* offset 0: guest.S */
	struct fp_state fpu;
	struct l4_vcpu_state *state; /* kernel view of the state area */
	uaddr_t state_uva;
	struct thread *thread;
	struct task *vm; /* the Vm of the last resume (a reference) */
	struct l4_vcpu_sysregs sys;
	struct vgic_state vgic;
	struct vcpu_access last;
	u64 pending[VIRQ_WORDS]; /* virtual INTIDs waiting for a list register */
	u64 notify[VIRQ_WORDS];	 /* the VMM wants their EOI */
	u64 eoied[VIRQ_WORDS];	 /* EOIs not yet reported to the VMM */
	u8 prio[VIRQ_INTIDS];
	unsigned npending, neoied;
	bool kick;
	struct task *sgi_vm; /* the Vm whose vcpus[sgi_slot] is this vCPU, or NULL */
	u8 sgi_slot;
	bool uie;	   /* ICH_HCR_EL2.UIE is set: some wait for a list register */
	bool timer_masked; /* the kernel set CNTV_CTL.IMASK until the guest's EOI */
};

/* guest.S: run the guest whose registers are at regs until it exits; returns GUEST_EXIT_*. */
#define GUEST_EXIT_SYNC	  0
#define GUEST_EXIT_IRQ	  1
#define GUEST_EXIT_SERROR 2
unsigned guest_enter(struct guest_host_ctx *host, struct l4_vcpu_regs *regs);

/* vcpu_regs.c: EL1 state of the loaded vCPU, ID registers, exception injection. */
void vcpu_regs_init(void);
void vcpu_sysregs_save(struct l4_vcpu_sysregs *s);
void vcpu_sysregs_restore(const struct l4_vcpu_sysregs *s);
void vcpu_sysregs_reset(struct l4_vcpu_sysregs *s, unsigned index);
void vcpu_sysregs_sanitize(struct l4_vcpu_sysregs *s);
/* A trapped access the kernel emulates itself (ID, PMU, debug, set/way); false: the VMM's. */
bool vcpu_sysreg_emulate(u32 enc, bool read, u64 *val);
void vcpu_inject_undef(struct l4_vcpu_regs *r);
void vcpu_inject_abort(struct l4_vcpu_regs *r, bool exec, u64 addr, bool write);

/* vgic.c: list registers, maintenance interrupts, the virtual timer. */
void vgic_init(void);
void vgic_save(struct vcpu *v);
void vgic_restore(struct vcpu *v);
void vgic_clear_hw(void);
bool vgic_set_pending(struct vcpu *v, u64 virq);
void vgic_flush(struct vcpu *v);
bool vgic_lr_pending(void);
void vgic_maintenance_irq(void);
void vtimer_check(struct vcpu *v);
void vtimer_irq(void);
