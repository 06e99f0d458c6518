// SPDX-License-Identifier: BSD-2-Clause
/*
 * A guest's EL1 registers with VHE: at EL2 the *_EL1 names reach the EL2
 * registers, so the guest's are reached through their *_EL12 (and timer
 * *_EL02) aliases. Registers without such an alias that the host itself
 * uses are never loaded with a guest's value: MDSCR_EL1 (single step and
 * debug enables of the host's EL0 and EL2) stays the host's; the guest's
 * accesses to it trap (MDCR_EL2.TDA) and read as zero. Also the system registers the kernel
 * emulates itself: sanitised ID registers (HCR_EL2.TID3), the PMU and debug registers (hidden: read
 * as zero, writes ignored) and set/way cache maintenance (HCR_EL2.TSW).
 */
#include "arch/sysreg.h"
#include "arch/vcpu.h"

void vcpu_sysregs_save(struct l4_vcpu_sysregs *s)
{
	s->sctlr = sysreg_read(sctlr_el12);
	s->cpacr = sysreg_read(cpacr_el12);
	s->ttbr0 = sysreg_read(ttbr0_el12);
	s->ttbr1 = sysreg_read(ttbr1_el12);
	s->tcr = sysreg_read(tcr_el12);
	s->mair = sysreg_read(mair_el12);
	s->amair = sysreg_read(amair_el12);
	s->vbar = sysreg_read(vbar_el12);
	s->contextidr = sysreg_read(contextidr_el12);
	s->tpidr_el1 = sysreg_read(tpidr_el1);
	s->sp_el1 = sysreg_read(sp_el1);
	s->elr_el1 = sysreg_read(elr_el12);
	s->spsr_el1 = sysreg_read(spsr_el12);
	s->esr_el1 = sysreg_read(esr_el12);
	s->far_el1 = sysreg_read(far_el12);
	s->afsr0 = sysreg_read(afsr0_el12);
	s->afsr1 = sysreg_read(afsr1_el12);
	s->par = sysreg_read(par_el1);
	s->csselr = sysreg_read(csselr_el1);
	s->cntkctl = sysreg_read(cntkctl_el12);
	s->cntv_ctl = sysreg_read(cntv_ctl_el02);
	s->cntv_cval = sysreg_read(cntv_cval_el02);
	s->vmpidr = sysreg_read(vmpidr_el2);
	s->vpidr = sysreg_read(vpidr_el2);
}

void vcpu_sysregs_restore(const struct l4_vcpu_sysregs *s)
{
	sysreg_write(sctlr_el12, s->sctlr);
	sysreg_write(cpacr_el12, s->cpacr);
	sysreg_write(ttbr0_el12, s->ttbr0);
	sysreg_write(ttbr1_el12, s->ttbr1);
	sysreg_write(tcr_el12, s->tcr);
	sysreg_write(mair_el12, s->mair);
	sysreg_write(amair_el12, s->amair);
	sysreg_write(vbar_el12, s->vbar);
	sysreg_write(contextidr_el12, s->contextidr);
	sysreg_write(tpidr_el1, s->tpidr_el1);
	sysreg_write(sp_el1, s->sp_el1);
	sysreg_write(elr_el12, s->elr_el1);
	sysreg_write(spsr_el12, s->spsr_el1);
	sysreg_write(esr_el12, s->esr_el1);
	sysreg_write(far_el12, s->far_el1);
	sysreg_write(afsr0_el12, s->afsr0);
	sysreg_write(afsr1_el12, s->afsr1);
	sysreg_write(par_el1, s->par);
	sysreg_write(csselr_el1, s->csselr);
	sysreg_write(cntkctl_el12, s->cntkctl);
	sysreg_write(cntv_cval_el02, s->cntv_cval);
	sysreg_write(cntv_ctl_el02, s->cntv_ctl);
	sysreg_write(vmpidr_el2, s->vmpidr);
	sysreg_write(vpidr_el2, s->vpidr);
	isb();
}

/* Architectural reset values, MMU and caches off; MPIDR Aff0 = index. */
void vcpu_sysregs_reset(struct l4_vcpu_sysregs *s, unsigned index)
{
	*s = (struct l4_vcpu_sysregs){0};
	s->sctlr = 0x30d00800UL; /* the RES1 bits */
	s->vmpidr = (1UL << 31) | (index & 0xff);
	s->vpidr = sysreg_read(midr_el1);
}

/* What the VMM may set: MPIDR is RES1 at bit 31 and holds affinity only; MIDR 0 is the host's. */
void vcpu_sysregs_sanitize(struct l4_vcpu_sysregs *s)
{
	s->vmpidr = (s->vmpidr & 0xff00ffffffUL) | (1UL << 31);
	s->vpidr &= 0xffffffffUL;
	if (!s->vpidr)
		s->vpidr = sysreg_read(midr_el1);
}

/* ---- ID registers ---------------------------------------------------------- */

/* Sanitised values of op0=3, op1=0, CRn=0, CRm=1..7, op2=0..7; AArch32 ones read as zero. */
static u64 id_regs[8][8];

#define FIELD(shift) (0xfUL << (shift))

void vcpu_regs_init(void)
{
	/* PFR0: no SVE, AMU, MPAM, RAS, EL2/EL3 or secure EL2 shown; EL0 and EL1 AArch64 only. */
	id_regs[4][0] = (sysreg_read(id_aa64pfr0_el1) &
			 ~(FIELD(0) | FIELD(4) | FIELD(8) | FIELD(12) | FIELD(28) | FIELD(32) |
			   FIELD(36) | FIELD(40) | FIELD(44))) |
			1UL << 0 | 1UL << 4;
	/* PFR1: BTI and SSBS only (no MTE, SME, NMI, RAS_frac). */
	id_regs[4][1] = sysreg_read(id_aa64pfr1_el1) & (FIELD(0) | FIELD(4));
	/* DFR0: debug architecture and breakpoint counts only: no PMU, SPE, trace. */
	id_regs[5][0] =
		sysreg_read(id_aa64dfr0_el1) & (FIELD(0) | FIELD(12) | FIELD(20) | FIELD(28));
	id_regs[6][0] = sysreg_read(id_aa64isar0_el1);
	/* ISAR1: no pointer authentication (its keys are not switched). */
	id_regs[6][1] =
		sysreg_read(id_aa64isar1_el1) & ~(FIELD(4) | FIELD(8) | FIELD(24) | FIELD(28));
	/* ISAR2: no WFxT (blocking WFI is the kernel's), no PAC3. */
	id_regs[6][2] = sysreg_read(S3_0_C0_C6_2) & ~(FIELD(0) | FIELD(8) | FIELD(12));
	id_regs[7][0] = sysreg_read(id_aa64mmfr0_el1);
	/* MMFR1: no VHE, no LORegions (trapped by TLOR). */
	id_regs[7][1] = sysreg_read(id_aa64mmfr1_el1) & ~(FIELD(8) | FIELD(16));
	/* MMFR2: no nested virtualization. */
	id_regs[7][2] = sysreg_read(id_aa64mmfr2_el1) & ~FIELD(24);
}

#define ENC(op0, op1, crn, crm, op2) L4_VCPU_SYSREG(op0, op1, crn, crm, op2)
#define ENC_OP0(e)		     (((e) >> 14) & 3)
#define ENC_OP1(e)		     (((e) >> 11) & 7)
#define ENC_CRN(e)		     (((e) >> 7) & 15)
#define ENC_CRM(e)		     (((e) >> 3) & 15)
#define ENC_OP2(e)		     ((e)&7)

bool vcpu_sysreg_emulate(u32 enc, bool read, u64 *val)
{
	unsigned op0 = ENC_OP0(enc), op1 = ENC_OP1(enc), crn = ENC_CRN(enc), crm = ENC_CRM(enc);

	*val = 0;
	if (op0 == 3 && op1 == 0 && crn == 0 && crm >= 1 && crm <= 7) {
		*val = id_regs[crm][ENC_OP2(enc)];
		return read; /* a write to an ID register is undefined: the VMM injects that */
	}
	if (op0 == 2)
		return true; /* debug and trace registers: hidden */
	if (op0 == 3 && crn == 9 && crm >= 12 && (op1 == 3 || op1 == 0))
		return true; /* PMU (PMCR, PMCNTEN*, PMINTEN*, PMUSERENR, ...): hidden */
	if (op0 == 3 && op1 == 3 && crn == 14 && crm >= 8)
		return true; /* PMEVCNTR<n>, PMEVTYPER<n>, PMCCFILTR */
	if (enc == ENC(3, 0, 1, 0, 1))
		return true; /* ACTLR_EL1 (HCR_EL2.TACR): nothing implementation defined */
	if (op0 == 1 && op1 == 0 && crn == 7 && ENC_OP2(enc) == 2 &&
	    (crm == 6 || crm == 10 || crm == 14))
		return !read; /* DC ISW/CSW/CISW: QEMU has no caches to keep coherent */
	return false;
}

/* ---- exceptions injected into the guest ------------------------------------ */

#define PSTATE_MODE_MASK 0xfUL
#define PSTATE_EL0T	 0x0UL
#define PSTATE_EL1T	 0x4UL
#define PSTATE_A32_USR	 0x10UL
#define PSTATE_PAN	 (1UL << 22)
#define PSTATE_DIT	 (1UL << 24)
#define PSTATE_SSBS	 (1UL << 12)
#define SCTLR_SPAN	 (1UL << 23)
#define SCTLR_DSSBS	 (1UL << 44)
#define ESR_EC_SHIFT_	 26
#define ESR_IL_		 (1UL << 25)
#define FSC_SYNC_EXT	 0x10UL
#define ISS_WNR_	 (1UL << 6)

/*
 * Take a synchronous exception to the guest's EL1 vector as the CPU would
 * (Arm ARM D1.3.2, as KVM's enter_exception64): the vector offset by where
 * it came from, all of DAIF set, PAN set unless SCTLR_EL1.SPAN says not,
 * SSBS from SCTLR_EL1.DSSBS, DIT kept.
 */
static void inject_sync(struct l4_vcpu_regs *r, u64 esr)
{
	u64 mode = r->pstate & 0x1f;
	u64 sctlr = sysreg_read(sctlr_el12);
	u64 offset = mode == PSTATE_A32_USR ? 0x600
		     : mode == PSTATE_EL0T  ? 0x400
		     : mode == PSTATE_EL1T  ? 0x000
					    : 0x200;
	u64 pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF | (r->pstate & PSTATE_DIT);

	if (!(sctlr & SCTLR_SPAN))
		pstate |= PSTATE_PAN;
	if (sctlr & SCTLR_DSSBS)
		pstate |= PSTATE_SSBS;
	sysreg_write(elr_el12, r->pc);
	sysreg_write(spsr_el12, r->pstate);
	sysreg_write(esr_el12, esr);
	r->pc = sysreg_read(vbar_el12) + offset;
	r->pstate = pstate;
}

void vcpu_inject_undef(struct l4_vcpu_regs *r)
{
	inject_sync(r, ESR_IL_);
}

void vcpu_inject_abort(struct l4_vcpu_regs *r, bool exec, u64 addr, bool write)
{
	bool from_el0 = (r->pstate & PSTATE_MODE_MASK) == PSTATE_EL0T; /* AArch64 or AArch32 EL0 */
	u64 ec = exec ? (from_el0 ? 0x20 : 0x21) : (from_el0 ? 0x24 : 0x25);

	inject_sync(r,
		    ec << ESR_EC_SHIFT_ | ESR_IL_ | FSC_SYNC_EXT | (write && !exec ? ISS_WNR_ : 0));
	sysreg_write(far_el12, addr);
}
