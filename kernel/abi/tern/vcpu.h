/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Hardware virtualization ABI (docs/vm.md): the Vm object, vCPU mode of a
 * thread, and the vCPU state area the kernel and the VMM share.
 *
 * A VMM thread switches itself into vCPU mode (L4_THREAD_VCPU_CONTROL_OP)
 * with a state area: one free page of its task's UTCB area, which the kernel
 * owns and the VMM can neither unmap nor map over. L4_THREAD_VCPU_RESUME_OP
 * then enters the guest at EL1 in a Vm; the call returns to the same thread
 * at every exit that needs the VMM, with the reason and the syndrome in the
 * state area. Guest registers x0..x30, SP_EL0, PC and PSTATE live in the
 * state area's regs (saved there at the exit, loaded from there at resume).
 */
#pragma once

#include <stdint.h>

/* Factory: mr[0] = L4_PROTO_VM, mr[1] = slot (as Fiasco's L4_PROTO_VM). */
#define L4_PROTO_VM	      (-16L)
#define L4_PROTO_VCPU_CONTEXT (-25L) /* reserved: Fiasco's name for a vCPU context */
#define L4_OBJ_VM	      9	     /* L4_TASK_CAP_INFO_OP answer for a Vm */

/*
 * A Vm takes the task protocol: L4_TASK_MAP_OP invoked on the Vm with a
 * source task (the VMM's own) maps the VMM's pages at guest-physical
 * addresses (the destination base is the IPA), with R/W/X honoured at stage
 * 2; L4_TASK_UNMAP_OP on the Vm removes guest-physical pages.
 */

/* Thread operations (L4_PROTO_THREAD, mr[0]). */
#define L4_THREAD_VCPU_CONTROL_OP \
	3UL /* mr[1] = state area: a free page of the UTCB area; needs W */
#define L4_THREAD_VCPU_RESUME_OP \
	4UL /* mr[1] = Vm selector; only the thread itself; returns at an exit */
#define L4_THREAD_VCPU_IRQ_OP \
	5UL /* mr[1] = L4_VIRQ word: make it pending; wakes a vCPU in WFI; needs W */
#define L4_THREAD_VCPU_KICK_OP \
	6UL /* make the vCPU return to its VMM (L4_VCPU_EXIT_KICK) soon; needs W */

/* A virtual interrupt: INTID 0..1019, priority (high 5 bits used), flags. */
#define L4_VIRQ_NOTIFY_EOI   (1UL << 24) /* level: report the guest's EOI (eoi[] below) */
#define L4_VIRQ(intid, prio) (((uint64_t)(prio)&0xff) << 16 | ((uint64_t)(intid)&0x3ff))
#define L4_VIRQ_INTID(w)     ((unsigned)((w)&0x3ff))
#define L4_VIRQ_PRIO(w)	     ((unsigned)(((w) >> 16) & 0xff))

/* Exit reasons (exit.reason). */
enum l4_vcpu_exit_reason {
	L4_VCPU_EXIT_NONE = 0,
	L4_VCPU_EXIT_HVC = 1,	  /* x0..x7 in regs, exit.imm; PC is past the HVC */
	L4_VCPU_EXIT_SMC = 2,	  /* x0..x7 in regs, exit.imm; PC at the SMC */
	L4_VCPU_EXIT_MMIO = 3,	  /* stage-2 data abort with a syndrome: decoded access */
	L4_VCPU_EXIT_PF = 4,	  /* other stage-2 abort (no syndrome, or a fetch): ipa, esr */
	L4_VCPU_EXIT_SYSREG = 5,  /* trapped system register access: decoded access */
	L4_VCPU_EXIT_IRQ = 6,	  /* an IRQ object attached to this thread fired: exit.label */
	L4_VCPU_EXIT_KICK = 7,	  /* L4_THREAD_VCPU_KICK_OP */
	L4_VCPU_EXIT_EOI = 8,	  /* the guest EOIed level interrupts (exit.eoi) */
	L4_VCPU_EXIT_UNKNOWN = 9, /* a trap the kernel does not emulate: exit.esr */
};

/* Decoded access of an MMIO or SYSREG exit. */
#define L4_VCPU_SYSREG(op0, op1, crn, crm, op2) \
	((uint32_t)((op0) << 14 | (op1) << 11 | (crn) << 7 | (crm) << 3 | (op2)))

#define L4_VCPU_EOI_SLOTS  8
#define L4_VCPU_VIRQ_SLOTS 16

struct l4_vcpu_regs {
	uint64_t x[31];
	uint64_t sp_el0, pc, pstate; /* PSTATE as SPSR_EL2: EL1h, EL1t or EL0t, AArch64 */
};

struct l4_vcpu_exit {
	uint64_t reason;	/* enum l4_vcpu_exit_reason */
	uint64_t esr, far, ipa; /* ESR_EL2, FAR_EL2, faulting IPA (HPFAR_EL2 | FAR[11:0]) */
	uint64_t addr;		/* MMIO: IPA; SYSREG: L4_VCPU_SYSREG encoding */
	uint64_t value;		/* write: the value; read: the VMM puts the result here */
	uint8_t size;		/* bytes: 1, 2, 4 or 8 */
	uint8_t reg;		/* Rt: 0..30, 31 = xzr */
	uint8_t write;		/* 1: write (or PF on a write), 0: read */
	uint8_t sign;		/* sign-extend the read value */
	uint8_t sf;		/* the register is 64-bit (else 32-bit, upper half zero) */
	uint8_t exec;		/* PF: instruction fetch */
	uint16_t imm;		/* HVC/SMC immediate */
	uint64_t label;		/* IRQ: label of the IRQ object */
	uint32_t eoi_count;	/* level interrupts EOIed since the last exit (any reason) */
	uint32_t eoi[L4_VCPU_EOI_SLOTS];
};

/* EL1 state; the kernel keeps it in hardware and copies it only on request. */
struct l4_vcpu_sysregs {
	uint64_t sctlr, actlr, cpacr, ttbr0, ttbr1, tcr, mair, amair, vbar, contextidr;
	uint64_t tpidr_el1, tpidr_el0, tpidrro_el0, sp_el1, elr_el1, spsr_el1, esr_el1, far_el1;
	uint64_t afsr0, afsr1, par, mdscr, csselr, cntkctl, cntv_ctl, cntv_cval;
	uint64_t vmpidr, vpidr; /* what MPIDR_EL1 and MIDR_EL1 read as */
};

/* resume_flags: read and cleared by the kernel at every resume. */
#define L4_VCPU_RESUME_COMPLETE                                           \
	0x01UL /* step over the trapped MMIO/SYSREG/SMC, write back value \
		*/
#define L4_VCPU_RESUME_INJECT_DABT  0x02UL /* raise a synchronous external abort at exit.far */
#define L4_VCPU_RESUME_INJECT_IABT  0x04UL
#define L4_VCPU_RESUME_INJECT_UNDEF 0x08UL /* raise an undefined-instruction exception */
#define L4_VCPU_RESUME_LOAD_SYSREGS 0x10UL /* load sysregs from the state area first */

/* flags: kept. */
#define L4_VCPU_F_SAVE_SYSREGS 0x01UL /* store sysregs into the state area at every exit */

struct l4_vcpu_state {
	struct l4_vcpu_regs regs; /* offset 0: the kernel's trap frame layout */
	struct l4_vcpu_exit exit;
	uint64_t resume_flags;
	uint64_t flags;
	uint32_t virq_count; /* entries of virq[] to make pending at resume; cleared */
	uint32_t pad;
	uint64_t virq[L4_VCPU_VIRQ_SLOTS];
	struct l4_vcpu_sysregs sysregs;
};
_Static_assert(sizeof(struct l4_vcpu_regs) == 272, "regs are the kernel's trap frame");
_Static_assert(sizeof(struct l4_vcpu_state) <= 4096, "the state area is one page");

/* PSTATE values a guest may run with (SPSR_EL2 M[3:0]; M[4] = 0: AArch64). */
#define L4_VCPU_PSTATE_EL1H 0x5UL
#define L4_VCPU_PSTATE_EL1T 0x4UL
#define L4_VCPU_PSTATE_EL0T 0x0UL
#define L4_VCPU_PSTATE_DAIF (0xfUL << 6)
