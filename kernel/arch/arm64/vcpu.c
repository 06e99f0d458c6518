// SPDX-License-Identifier: BSD-2-Clause
/*
 * vCPU mode (docs/vm.md). L4_THREAD_VCPU_RESUME_OP runs the guest in a loop
 * on the calling thread's kernel stack: exits the kernel can finish itself
 * (interrupts, WFI, FP/SIMD traps, hidden system registers, the virtual
 * timer) re-enter at once; the others return from the call to the VMM with
 * the exit in the state area. A guest runs with HCR_EL2.TGE clear, stage 2
 * on, and everything trapped that the kernel does not switch.
 */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "arch/vspace.h"
#include "cap.h"
#include "exception.h"
#include "factory.h"
#include "fpu.h"
#include "irq.h"
#include "page_alloc.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

/* HCR_EL2 for a guest (Arm ARM D19.2.48): stage 2; IRQ/FIQ/SError to EL2; */
#define HCR_VM	  (1UL << 0)
#define HCR_SWIO  (1UL << 1)
#define HCR_FMO	  (1UL << 3)
#define HCR_IMO	  (1UL << 4)
#define HCR_AMO	  (1UL << 5)
#define HCR_FB	  (1UL << 9)
#define HCR_BSU	  (1UL << 10) /* inner shareable */
#define HCR_TWI	  (1UL << 13)
#define HCR_TWE	  (1UL << 14)
#define HCR_TID3  (1UL << 18)
#define HCR_TSC	  (1UL << 19)
#define HCR_TIDCP (1UL << 20)
#define HCR_TACR  (1UL << 21)
#define HCR_TSW	  (1UL << 22)
#define HCR_TLOR  (1UL << 35)
#define HCR_TERR  (1UL << 36)
/* ... WFI/WFE, ID registers, SMC, implementation-defined and auxiliary
 * registers, set/way maintenance, LORegions and RAS records trapped; pointer
 * authentication (APK, API clear) and MTE tags (ATA clear) trapped too. */
#define HCR_GUEST                                                                                 \
	(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU | HCR_TWI | HCR_TWE | \
	 HCR_TID3 | HCR_TSC | HCR_TIDCP | HCR_TACR | HCR_TSW | HCR_RW | HCR_E2H | HCR_TLOR |      \
	 HCR_TERR)
#define HCR_HOST (HCR_TGE | HCR_RW | HCR_E2H)

/* MDCR_EL2: the guest's PMU and debug register accesses trap (TPMCR, TPM, TDA, TDOSA, TDRA). */
#define MDCR_GUEST_TRAPS (1UL << 5 | 1UL << 6 | 1UL << 9 | 1UL << 10 | 1UL << 11)

/* ISS of data aborts (Arm ARM D19.2.37). */
#define ISS_ISV	  (1UL << 24)
#define ISS_SSE	  (1UL << 21)
#define ISS_SF	  (1UL << 15)
#define ISS_S1PTW (1UL << 7)
#define ISS_WNR	  (1UL << 6)

#define EC_PAC 0x09
#define EC_SME 0x1d

#define PSTATE_ALLOWED                                                                          \
	(0xfUL << 28 | 1UL << 24 | 1UL << 23 | 1UL << 22 | 1UL << 12 | 3UL << 10 | 0xfUL << 6 | \
	 0xfUL)

/* AArch32 user mode (M[4] set): all but SS and IL; mode bits checked separately. */
#define PSTATE_A32_USR	   0x10UL
#define PSTATE_A32_ALLOWED (0xffffffffUL & ~(1UL << 21 | 1UL << 20))

#define CNT_CTL_ENABLE	(1UL << 0)
#define CNT_CTL_IMASK	(1UL << 1)
#define CNT_CTL_ISTATUS (1UL << 2)

static bool supported;
static u64 mdcr_host;

bool vcpu_supported(void)
{
	return supported;
}

void vcpu_init(void)
{
	if (!vspace_stage2_setup())
		return;
	mdcr_host = sysreg_read(mdcr_el2);
	vcpu_regs_init();
	vgic_init();
	sysreg_write(vttbr_el2, 0);
	vgic_clear_hw();
	sysreg_write(cntv_ctl_el02, 0);
	supported = true;
}

/* ---- Vm objects ------------------------------------------------------------------- */

struct task *vm_create(struct factory *f, long *err)
{
	*err = -L4_ENOSYS;
	if (!supported)
		return NULL;
	*err = -L4_ENOMEM;
	struct task *vm = kobject_alloc(KOBJ_VM, f, sizeof(*vm), 0);
	if (!vm)
		return NULL;
	list_init(&vm->threads);
	memcpy(vm->name, "vm", 3);
	if (vspace_init(&vm->vs, f, true) != 0) {
		vm->vs.root = 0;
		kobject_delete(&vm->obj);
		return NULL;
	}
	/*
	 * CNTVOFF_EL2 is per Vm and switched with it, but zero: QEMU 7.2 computes
	 * the virtual timer's next expiry as CVAL + CNTVOFF, and a guest that
	 * writes a CVAL near 2^64 with a nonzero offset makes that wrap into the
	 * past, where QEMU re-arms it for ever and the whole emulator hangs.
	 */
	vm->cntvoff = 0;
	*err = 0;
	return vm;
}

void vcpu_vm_destroyed(struct task *vm)
{
	struct cpu *c = this_cpu();

	if (c->vm_loaded == vm)
		c->vm_loaded = NULL;
}

/* ---- loading a vCPU's state into the CPU ------------------------------------------ */

static void vcpu_unload(struct cpu *c)
{
	struct vcpu *old = c->vcpu_loaded;

	vcpu_sysregs_save(&old->sys);
	sysreg_write(cntv_ctl_el02, 0); /* its timer must not fire for someone else */
	vgic_save(old);
	c->vcpu_loaded = NULL;
}

static void vcpu_load(struct cpu *c, struct vcpu *v)
{
	if (c->vcpu_loaded == v)
		return;
	if (c->vcpu_loaded)
		vcpu_unload(c);
	vcpu_sysregs_restore(&v->sys);
	vgic_restore(v);
	c->vcpu_loaded = v;
	vtimer_check(v); /* its timer may have expired while it was not loaded */
}

/* ---- SGIs between the vCPUs of a Vm ------------------------------------------------ */

#define ICC_SGI1R_EL1 L4_VCPU_SYSREG(3, 0, 12, 11, 5)
#define SGI_PRIO      0xa0 /* the GIC's default priority, as Linux sets it */
#define VM_VCPU_SLOTS 16

/* Leave the Vm's table of vCPUs. */
static void sgi_unregister(struct vcpu *v)
{
	if (v->sgi_vm && v->sgi_vm->vcpus[v->sgi_slot] == v)
		v->sgi_vm->vcpus[v->sgi_slot] = NULL;
	v->sgi_vm = NULL;
}

/* Be the Vm's vCPU with this MPIDR Aff0, if no other one is. */
static void sgi_register(struct vcpu *v)
{
	unsigned slot = v->sys.vmpidr & 0xff;

	sgi_unregister(v);
	if (slot < VM_VCPU_SLOTS && !v->vm->vcpus[slot]) {
		v->vm->vcpus[slot] = v;
		v->sgi_vm = v->vm;
		v->sgi_slot = (u8)slot;
	}
}

/*
 * A guest's ICC_SGI1R_EL1 write: the SGI goes to the Vm's vCPUs with the
 * affinities it names, here in the kernel as the GIC would route it (no
 * VMM decision is needed: the targets are the vCPUs' own MPIDRs). Targets
 * beyond Aff0 0..15 go to the VMM. An SGI to a PE that does not exist is
 * ignored, as on hardware.
 */
static bool sgi_send(struct vcpu *v, u64 val)
{
	unsigned intid = (val >> 24) & 0xf;
	bool all = val & (1UL << 40);
	u64 targets = val & 0xffff;

	if (!v->sgi_vm ||
	    (!all && (val & (0xffUL << 16 | 0xffUL << 32 | 0xffUL << 48 | 0xfUL << 44))))
		return false;
	bool woke = false;
	for (unsigned i = 0; i < VM_VCPU_SLOTS; i++) {
		struct vcpu *t = v->vm->vcpus[i];
		if (!t || (all ? t == v : !(targets & (1UL << i))))
			continue;
		vgic_set_pending(t, L4_VIRQ(intid, SGI_PRIO));
		if (t->thread->state == THREAD_VCPU_WFI) {
			vcpu_notify(t->thread);
			woke = woke || t->thread->prio >= v->thread->prio;
		}
	}
	/* A woken target runs now (one CPU): the sender would only spin for its answer. */
	if (woke)
		sched_yield();
	return true;
}

/* ---- creation and teardown ------------------------------------------------------- */

u64 vcpu_op_control(struct thread *t, struct thread *caller, unsigned words)
{
	if (!supported)
		return kobject_reply(-L4_ENOSYS, 0);
	if (words < 2 || !t->task || !thread_alive(t))
		return kobject_reply(-L4_EINVAL, 0);
	if (t->vcpu)
		return kobject_reply(-L4_EBUSY, 0);
	uaddr_t uva = caller->utcb->mr[1];
	if (quota_charge(t->obj.factory, PAGE_SIZE) != 0)
		return kobject_reply(-L4_ENOMEM, 0);
	paddr_t pa = page_alloc_get(&kernel_pages, 0);
	if (pa == PADDR_INVALID) {
		quota_credit(t->obj.factory, PAGE_SIZE);
		return kobject_reply(-L4_ENOMEM, 0);
	}
	/* The state area: a UTCB-area page, the kernel's, never unmapped under it. */
	struct l4_vcpu_state *s = (struct l4_vcpu_state *)task_utcb_claim(t->task, uva);
	if (!s) {
		page_alloc_put(&kernel_pages, pa, 0);
		quota_credit(t->obj.factory, PAGE_SIZE);
		return kobject_reply(-L4_EINVAL, 0);
	}
	_Static_assert(sizeof(struct vcpu) <= PAGE_SIZE, "a vCPU fits a page");
	struct vcpu *v = pa_to_kva(pa);
	memset(v, 0, sizeof(*v));
	v->state = s;
	v->state_uva = uva;
	v->thread = t;
	vcpu_sysregs_reset(&v->sys, 0);
	t->vcpu = v;
	s->sysregs = v->sys;
	s->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	return kobject_reply(0, 0);
}

void vcpu_destroy(struct thread *t)
{
	struct vcpu *v = t->vcpu;
	struct cpu *c = this_cpu();

	if (!v)
		return;
	if (c->vcpu_loaded == v) {
		sysreg_write(cntv_ctl_el02, 0);
		vgic_clear_hw();
		c->vcpu_loaded = NULL;
	}
	fpu_forget_state(&v->fpu);
	sgi_unregister(v);
	if (v->vm)
		kobject_put(&v->vm->obj);
	if (t->task)
		task_utcb_release(t->task, v->state_uva);
	t->vcpu = NULL;
	page_alloc_put(&kernel_pages, kva_to_pa(v), 0);
	quota_credit(t->obj.factory, PAGE_SIZE);
}

/* ---- interrupts and kicks from outside --------------------------------------------- */

void vcpu_notify(struct thread *t)
{
	if (t->state == THREAD_VCPU_WFI)
		sched_wake(t, 0, 0);
}

u64 vcpu_op_irq(struct thread *t, struct thread *caller, unsigned words)
{
	if (words < 2 || !t->vcpu)
		return kobject_reply(-L4_EINVAL, 0);
	if (!vgic_set_pending(t->vcpu, caller->utcb->mr[1]))
		return kobject_reply(-L4_EINVAL, 0);
	/*
	 * A vCPU woken from WFI by another (an IPI, a device) runs next if it
	 * may, as an IPC partner would: on one CPU the sender would otherwise
	 * keep the CPU until its time slice ends, spinning for the answer. The
	 * switch waits for the end of this call: the invocation holds a
	 * reference to t that a caller deleted meanwhile would never drop.
	 */
	if (t->state == THREAD_VCPU_WFI) {
		vcpu_notify(t);
		if (t != caller && t->prio >= caller->prio)
			this_cpu()->need_resched = true;
	}
	return kobject_reply(0, 0);
}

u64 vcpu_op_kick(struct thread *t)
{
	if (!t->vcpu)
		return kobject_reply(-L4_EINVAL, 0);
	t->vcpu->kick = true;
	vcpu_notify(t);
	return kobject_reply(0, 0);
}

/* ---- exits ---------------------------------------------------------------------------- */

/* Report EOIs the VMM asked for (on every exit; the rest on the next). */
static void report_eois(struct vcpu *v, struct l4_vcpu_state *s)
{
	for (unsigned w = 0; w < VIRQ_WORDS && v->neoied; w++) {
		while (v->eoied[w] && s->exit.eoi_count < L4_VCPU_EOI_SLOTS) {
			unsigned b = (unsigned)__builtin_ctzl(v->eoied[w]);
			v->eoied[w] &= ~(1UL << b);
			v->neoied--;
			s->exit.eoi[s->exit.eoi_count++] = w * 64 + b;
		}
	}
}

/* Something for the VMM that is not the guest's doing? Fills the exit. */
static bool exit_pending(struct vcpu *v, struct l4_vcpu_state *s)
{
	struct thread *t = v->thread;

	if (v->kick) {
		v->kick = false;
		s->exit.reason = L4_VCPU_EXIT_KICK;
		return true;
	}
	if (!list_empty(&t->irqs_pending)) {
		struct irq *q = list_entry(t->irqs_pending.next, struct irq, pending_link);
		irq_delivered(q);
		s->exit.reason = L4_VCPU_EXIT_IRQ;
		s->exit.label = q->label;
		return true;
	}
	if (v->neoied) {
		s->exit.reason = L4_VCPU_EXIT_EOI;
		return true;
	}
	return false;
}

static bool has_work(struct vcpu *v)
{
	return v->npending || v->kick || v->neoied || !list_empty(&v->thread->irqs_pending) ||
	       vgic_lr_pending();
}

static bool exit_abort(struct vcpu *v, struct l4_vcpu_state *s, u64 esr, bool exec)
{
	u64 far = sysreg_read(far_el2), hpfar = sysreg_read(hpfar_el2);
	u64 iss = ESR_ISS(esr);
	struct l4_vcpu_exit *e = &s->exit;

	e->far = far;
	e->ipa = (hpfar >> 4) << 12 | (far & 0xfff);
	e->write = !exec && (iss & ISS_WNR);
	e->exec = exec;
	if (!exec && (iss & ISS_ISV) && !(iss & ISS_S1PTW)) {
		unsigned reg = (iss >> 16) & 31, size = 1U << ((iss >> 22) & 3);
		e->reason = L4_VCPU_EXIT_MMIO;
		e->addr = e->ipa;
		e->size = (u8)size;
		e->reg = (u8)reg;
		e->sign = !!(iss & ISS_SSE);
		e->sf = !!(iss & ISS_SF);
		e->value = 0;
		if (e->write && reg != 31)
			e->value = s->regs.x[reg] & (size == 8 ? ~0UL : (1UL << (size * 8)) - 1);
		v->last = (struct vcpu_access){L4_VCPU_EXIT_MMIO, (u8)reg, (u8)size,
					       e->write,	  e->sign, e->sf};
	} else {
		e->reason = L4_VCPU_EXIT_PF;
		v->last = (struct vcpu_access){L4_VCPU_EXIT_PF, 0, 0, e->write, false, false};
	}
	return true;
}

static bool exit_sysreg(struct vcpu *v, struct l4_vcpu_state *s, u64 esr)
{
	u64 iss = ESR_ISS(esr), val;
	unsigned rt = (iss >> 5) & 31;
	bool read = iss & 1;
	u32 enc = L4_VCPU_SYSREG((iss >> 20) & 3, (iss >> 14) & 7, (iss >> 10) & 15,
				 (iss >> 1) & 15, (iss >> 17) & 7);

	if (vcpu_sysreg_emulate(enc, read, &val) ||
	    (enc == ICC_SGI1R_EL1 && !read && sgi_send(v, rt != 31 ? s->regs.x[rt] : 0))) {
		if (read && rt != 31)
			s->regs.x[rt] = val;
		s->regs.pc += 4;
		return false;
	}
	struct l4_vcpu_exit *e = &s->exit;
	e->reason = L4_VCPU_EXIT_SYSREG;
	e->addr = enc;
	e->reg = (u8)rt;
	e->write = !read;
	e->size = 8;
	e->sign = false;
	e->sf = true;
	e->value = !read && rt != 31 ? s->regs.x[rt] : 0;
	v->last = (struct vcpu_access){L4_VCPU_EXIT_SYSREG, (u8)rt, 8, !read, false, true};
	return true;
}

/* WFI blocks until there is something for the guest; WFE gives the CPU away. */
static bool exit_wfx(struct vcpu *v, struct l4_vcpu_state *s, u64 esr)
{
	s->regs.pc += 4;
	if (esr & 1) {
		sched_yield();
		return false;
	}
	vtimer_check(v);
	vgic_maintenance_irq(); /* EOIs whose maintenance interrupt is still on its way */
	if (has_work(v))
		return false;
	u64 ctl = sysreg_read(cntv_ctl_el02), deadline = 0;
	if ((ctl & (CNT_CTL_ENABLE | CNT_CTL_IMASK)) == CNT_CTL_ENABLE) {
		/* The timer's deadline on the physical counter. */
		deadline = sysreg_read(cntv_cval_el02) + v->vm->cntvoff;
		if (deadline <= timer_count())
			return false;
	}
	/* Woken with the vCPU still loaded, the timer's own interrupt has come; else vcpu_load
	 * checks it. */
	sched_block(THREAD_VCPU_WFI, deadline);
	return false;
}

/* A synchronous exit: true if the VMM must see it (the exit is filled in). */
static bool exit_sync(struct vcpu *v, struct l4_vcpu_state *s)
{
	u64 esr = sysreg_read(esr_el2);
	struct l4_vcpu_exit *e = &s->exit;

	e->esr = esr;
	switch (ESR_EC(esr)) {
	case EC_HVC64:
		e->reason = L4_VCPU_EXIT_HVC;
		e->imm = (u16)esr;
		v->last.reason = L4_VCPU_EXIT_HVC;
		return true;
	case EC_SMC64:
		e->reason = L4_VCPU_EXIT_SMC;
		e->imm = (u16)esr;
		v->last.reason = L4_VCPU_EXIT_SMC;
		return true;
	case EC_DABT_LOW: return exit_abort(v, s, esr, false);
	case EC_IABT_LOW: return exit_abort(v, s, esr, true);
	case EC_SYSREG: return exit_sysreg(v, s, esr);
	case EC_WFX: return exit_wfx(v, s, esr);
	case EC_FP_ASIMD: fpu_guest_trap(&v->fpu); return false;
	case EC_SVE:
	case EC_SME:
	case EC_PAC:
		/* Features the guest is told it does not have. */
		vcpu_inject_undef(&s->regs);
		return false;
	default:
		e->reason = L4_VCPU_EXIT_UNKNOWN;
		e->far = sysreg_read(far_el2);
		v->last.reason = L4_VCPU_EXIT_UNKNOWN;
		return true;
	}
}

/* One run of the guest; the host's EL0 state around it. */
static unsigned enter(struct cpu *c, struct vcpu *v, struct l4_vcpu_state *s)
{
	u64 host_tpidr = sysreg_read(tpidr_el0);

	sysreg_write(tpidr_el0, v->sys.tpidr_el0);
	sysreg_write(tpidrro_el0, v->sys.tpidrro_el0);
	sysreg_write(cptr_el2, fpu_guest_cptr(&v->fpu));
	sysreg_write(mdcr_el2, mdcr_host | MDCR_GUEST_TRAPS);
	sysreg_write(hcr_el2, HCR_GUEST);
	unsigned kind = guest_enter(&v->host, &s->regs);
	sysreg_write(hcr_el2, HCR_HOST);
	isb();
	sysreg_write(mdcr_el2, mdcr_host);
	v->sys.tpidr_el0 = sysreg_read(tpidr_el0);
	v->sys.tpidrro_el0 = sysreg_read(tpidrro_el0);
	sysreg_write(tpidr_el0, host_tpidr);
	sysreg_write(tpidrro_el0, c->current->ctx.tpidrro_el0);
	fpu_switch_to(c, c->current);
	return kind;
}

/* ---- resume -------------------------------------------------------------------------- */

static void write_back(struct l4_vcpu_regs *r, const struct vcpu_access *a, u64 value)
{
	if (a->size < 8) {
		unsigned bits = a->size * 8U;
		value &= (1UL << bits) - 1;
		if (a->sign && (value >> (bits - 1)) & 1)
			value |= ~0UL << bits;
	}
	if (!a->sf)
		value &= 0xffffffffUL;
	if (a->reg != 31)
		r->x[a->reg] = value;
}

/* The VMM emulated the trapped access: finish it as the CPU would have. */
static void complete(struct vcpu *v, struct l4_vcpu_state *s)
{
	switch (v->last.reason) {
	case L4_VCPU_EXIT_MMIO:
	case L4_VCPU_EXIT_SYSREG:
		if (!v->last.write)
			write_back(&s->regs, &v->last, s->exit.value);
		s->regs.pc += 4;
		break;
	case L4_VCPU_EXIT_SMC: s->regs.pc += 4; break;
	default: break;
	}
}

/* The requests of the state area, taken at resume. */
static void take_requests(struct vcpu *v, struct l4_vcpu_state *s)
{
	u64 flags = s->resume_flags;

	s->resume_flags = 0;
	if (flags & L4_VCPU_RESUME_LOAD_SYSREGS) {
		v->sys = s->sysregs;
		vcpu_sysregs_sanitize(&v->sys);
		vcpu_sysregs_restore(&v->sys);
		v->timer_masked = false;
	}
	if ((flags & L4_VCPU_RESUME_LOAD_SYSREGS) || v->sgi_vm != v->vm)
		sgi_register(v); /* a new MPIDR, or a new Vm */
	if (flags & L4_VCPU_RESUME_COMPLETE)
		complete(v, s);
	if (flags & L4_VCPU_RESUME_INJECT_UNDEF)
		vcpu_inject_undef(&s->regs);
	else if (flags & (L4_VCPU_RESUME_INJECT_DABT | L4_VCPU_RESUME_INJECT_IABT))
		vcpu_inject_abort(&s->regs, flags & L4_VCPU_RESUME_INJECT_IABT, s->exit.far,
				  v->last.write);
	unsigned n = s->virq_count < L4_VCPU_VIRQ_SLOTS ? s->virq_count : L4_VCPU_VIRQ_SLOTS;
	for (unsigned i = 0; i < n; i++)
		vgic_set_pending(v, s->virq[i]); /* a malformed word is ignored */
	s->virq_count = 0;
	s->exit.eoi_count = 0;
	v->last.reason = L4_VCPU_EXIT_NONE;
}

/* AArch64 EL1h, EL1t or EL0t, or AArch32 user mode (a guest's EL0 may be AArch32). */
static bool pstate_valid(u64 p)
{
	u64 mode = p & 0x1f;
	return mode == L4_VCPU_PSTATE_EL1H || mode == L4_VCPU_PSTATE_EL1T ||
	       mode == L4_VCPU_PSTATE_EL0T || mode == PSTATE_A32_USR;
}

/* The PSTATE bits a guest may run with in that mode; others are dropped. */
static u64 pstate_allowed(u64 p)
{
	return (p & 0x1f) == PSTATE_A32_USR ? PSTATE_A32_ALLOWED : PSTATE_ALLOWED;
}

static long vcpu_run(struct vcpu *v, struct l4_vcpu_state *s)
{
	struct cpu *c = this_cpu();

	vcpu_load(c, v);
	take_requests(v, s);
	for (;;) {
		if (v->vm->obj.deleted) {
			s->exit.reason = L4_VCPU_EXIT_NONE;
			return -L4_ENOENT;
		}
		/* Another vCPU may have had the CPU meanwhile: ours first, then its exits. */
		vcpu_load(c, v);
		if (exit_pending(v, s))
			break;
		/*
		 * The state area is the VMM's to write while this thread is off the
		 * CPU (preempted, in WFI): what the eret will use is checked at every
		 * entry, so that it can only ever enter the guest's own levels.
		 */
		if (!pstate_valid(s->regs.pstate))
			return -L4_EINVAL;
		s->regs.pstate &= pstate_allowed(s->regs.pstate);
		if (c->vm_loaded != v->vm) {
			sysreg_write(vttbr_el2, vspace_vttbr(&v->vm->vs));
			sysreg_write(cntvoff_el2, v->vm->cntvoff);
			c->vm_loaded = v->vm;
		}
		if (v->npending || v->uie)
			vgic_flush(v);
		unsigned kind = enter(c, v, s);
		if (kind == GUEST_EXIT_IRQ) {
			exception_irq(NULL);
		} else if (kind == GUEST_EXIT_SERROR) {
			s->exit.reason = L4_VCPU_EXIT_UNKNOWN;
			s->exit.esr = sysreg_read(esr_el2);
			break;
		} else if (exit_sync(v, s)) {
			break;
		}
		/* Handled here: let others run if they should, then go on. */
		sched_preempt_point();
	}
	report_eois(v, s);
	if (s->flags & L4_VCPU_F_SAVE_SYSREGS)
		vcpu_sysregs_save(&s->sysregs);
	return 0;
}

u64 vcpu_op_resume(struct thread *t, struct thread *caller, unsigned words)
{
	struct vcpu *v = t->vcpu;
	u8 rights;

	if (words < 2 || !v || caller != t)
		return kobject_reply(-L4_EINVAL, 0);
	struct kobject *o = cap_object(caller->task, caller->utcb->mr[1], &rights);
	if (!o || o->type != KOBJ_VM)
		return kobject_reply(-L4_EINVAL, 0);
	if (!(rights & CAP_W))
		return kobject_reply(-L4_EPERM, 0);
	struct l4_vcpu_state *s = v->state;
	struct task *vm = (struct task *)o;
	if (v->vm != vm) {
		/* Out of the old Vm's SGI table while that Vm is surely still there. */
		sgi_unregister(v);
		kobject_get(&vm->obj);
		if (v->vm)
			kobject_put(&v->vm->obj);
		v->vm = vm;
	}
	return kobject_reply(vcpu_run(v, s), 0);
}
