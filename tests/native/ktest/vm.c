// SPDX-License-Identifier: BSD-2-Clause
/*
 * Vm objects and vCPU mode: a guest made of a few instructions (below) runs
 * in a Vm on a root thread in vCPU mode, and every kind of exit, the
 * resume requests (COMPLETE with sign extension, injected interrupts, EOI
 * reports), stage-2 mapping and unmapping, the virtual timer waking WFI, FP
 * isolation and the error codes of every operation are checked.
 */
#include <string.h>

#include <l4/sys/vcpu.h>

#include "ktest.h"

#define G_RAM	   0x40000000UL /* guest code page */
#define G_DATA	   0x40001000UL /* guest data page (RW) */
#define G_MMIO	   0x09000000UL
#define G_NOWHERE  0x50000000UL
#define STATE_UTCB (KT_ROOT_UTCB + (KT_ROOT_UTCBS - 2) * KT_PAGE)

/* The guest: each hvc tells the test where it is (its immediate). */
__asm__(".pushsection .text\n"
	".balign 4096\n"
	".global kt_guest_code\n"
	"kt_guest_code:\n"
	"	mov	x0, #42\n"
	"	hvc	#5\n"		       /* exit HVC 5 */
	"	ldr	w1, [x2]\n"	       /* MMIO read, 4 bytes, x1 */
	"	str	x3, [x2, #8]\n"	       /* MMIO write, 8 bytes */
	"	ldrsb	x4, [x2]\n"	       /* MMIO read, sign-extended to 64 bits */
	"	ldrsh	w17, [x2, #2]\n"       /* ... to 32 bits */
	"	smc	#7\n"		       /* exit SMC 7 */
	"	mrs	x5, id_aa64pfr0_el1\n" /* emulated by the kernel */
	"	mrs	x6, pmcr_el0\n"	       /* hidden: reads as zero */
	"	hvc	#1\n"
	"	msr	s3_0_c12_c11_5, x7\n" /* ICC_SGI1R_EL1: exit SYSREG */
	"	ldr	x8, [x9]\n"	      /* guest RAM */
	"	str	x11, [x9, #8]\n"
	"	hvc	#2\n"
	"	fmov	d0, x12\n" /* FP: traps once, then the guest's own */
	"	fadd	d0, d0, d0\n"
	"	fmov	x13, d0\n"
	"	hvc	#3\n"
	"	fmov	x14, d0\n" /* still the guest's d0 after the VMM ran */
	"	hvc	#4\n"
	/* Interrupts: GIC interface on, then wait for the timer in WFI. */
	"	mov	x0, #0xff\n"
	"	msr	s3_0_c4_c6_0, x0\n" /* ICC_PMR_EL1 */
	"	mov	x0, #1\n"
	"	msr	s3_0_c12_c12_7, x0\n" /* ICC_IGRPEN1_EL1 */
	"	isb\n"
	"	mrs	x0, cntvct_el0\n"
	"	add	x0, x0, x15\n"
	"	msr	cntv_cval_el0, x0\n"
	"	mov	x0, #1\n"
	"	msr	cntv_ctl_el0, x0\n"
	"	isb\n"
	"1:	wfi\n"
	"	mrs	x0, cntv_ctl_el0\n"
	"	tbz	x0, #2, 1b\n"	       /* until ISTATUS */
	"	mrs	x16, s3_0_c12_c12_0\n" /* ICC_IAR1_EL1: 27 */
	"	msr	cntv_ctl_el0, xzr\n"
	"	msr	s3_0_c12_c12_1, x16\n" /* ICC_EOIR1_EL1 */
	"	hvc	#6\n"
	"	mrs	x16, s3_0_c12_c12_0\n" /* an interrupt the VMM injected */
	"	msr	s3_0_c12_c12_1, x16\n" /* EOI: reported (NOTIFY_EOI) */
	"	hvc	#7\n"
	"	ldr	x8, [x9]\n" /* after the VMM unmapped the data page */
	"	hvc	#8\n"
	"	br	x10\n" /* fetch from nowhere: exit PF */
	".global kt_guest_spin\n"
	"kt_guest_spin:\n"
	"	b	kt_guest_spin\n" /* interrupts masked, for ever */
	".balign 4096\n"
	".popsection\n");
extern const char kt_guest_code[], kt_guest_spin[];

static uint64_t guest_data[512] __attribute__((aligned(4096)));

static struct {
	l4_cap_idx_t vm;
	volatile bool done, spinning, refused, spinning_again;
	uint64_t wfi_ns;
} g;

static struct l4_vcpu_state *const st = (struct l4_vcpu_state *)STATE_UTCB;

/* Resume on the calling thread (selector of itself in sel). */
static long resume(l4_cap_idx_t self)
{
	return l4_thread_vcpu_resume(self, g.vm);
}

static bool at_hvc(l4_cap_idx_t self, unsigned imm)
{
	long r = resume(self);
	bool good = r == 0 && st->exit.reason == L4_VCPU_EXIT_HVC && st->exit.imm == imm;
	if (!good)
		kt_diag("resume %ld, exit reason %lu imm %u pc %#lx esr %#lx", r,
			(unsigned long)st->exit.reason, st->exit.imm, (unsigned long)st->regs.pc,
			(unsigned long)st->exit.esr);
	return good;
}

static l4_cap_idx_t vcpu_self;

static void vcpu_main(void *arg)
{
	l4_cap_idx_t self = vcpu_self;
	(void)arg;

	ok(l4_thread_vcpu_resume(self, g.vm) == -L4_EINVAL, "vm: resume before vCPU mode: EINVAL");
	ok(l4_thread_vcpu_control(self, 0x1000) == -L4_EINVAL,
	   "vm: a state area outside the UTCB area: EINVAL");
	ok(l4_thread_vcpu_control(self, STATE_UTCB) == 0, "vm: vCPU mode with a state area");
	ok(l4_thread_vcpu_control(self, STATE_UTCB) == -L4_EBUSY, "vm: vCPU mode twice: EBUSY");
	ok(l4_thread_vcpu_resume(self, L4_BASE_TASK_CAP) == -L4_EINVAL,
	   "vm: resume in a task that is not a Vm: EINVAL");

	/* Start: EL1h, interrupts masked, MMU off. */
	memset(&st->regs, 0, sizeof(st->regs));
	st->regs.pc = G_RAM;
	st->regs.pstate = 0x9; /* EL2h: refused */
	ok(resume(self) == -L4_EINVAL, "vm: resume at EL2: EINVAL");
	st->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	st->regs.x[2] = G_MMIO;
	st->regs.x[3] = 0xdeadbeefcafef00dUL;
	st->regs.x[7] = 0x0100000000010002UL;
	st->regs.x[9] = G_DATA;
	st->regs.x[10] = G_NOWHERE;
	st->regs.x[11] = 0x5151;
	st->regs.x[12] = 0x4008000000000000UL; /* 3.0 */
	st->regs.x[15] = 10 * 62500;	       /* 10 ms at 62.5 MHz */
	st->sysregs.cpacr = 3UL << 20;	       /* the guest's own FP enable (CPACR_EL1.FPEN) */
	st->sysregs.mdscr = 1; /* single step: must never reach the host's MDSCR_EL1 */
	st->resume_flags = L4_VCPU_RESUME_LOAD_SYSREGS;

	ok(at_hvc(self, 5) && st->regs.x[0] == 42 && st->regs.pc == G_RAM + 8,
	   "vm: HVC exit with its immediate, x0 and the PC past it");
	long r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_MMIO && st->exit.addr == G_MMIO &&
		   st->exit.size == 4 && st->exit.reg == 1 && !st->exit.write,
	   "vm: MMIO read exit: address, size 4, register x1");
	st->exit.value = 0x11223344aabbccddUL;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_MMIO && st->exit.addr == G_MMIO + 8 &&
		   st->exit.size == 8 && st->exit.write && st->exit.value == 0xdeadbeefcafef00dUL,
	   "vm: MMIO write exit: size 8, the value written");
	ok(st->regs.x[1] == 0xaabbccddUL, "vm: COMPLETE wrote a 32-bit read back (%#lx)",
	   (unsigned long)st->regs.x[1]);
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_MMIO && st->exit.size == 1 && st->exit.sign &&
		   st->exit.sf,
	   "vm: ldrsb x: size 1, sign-extended into a 64-bit register");
	st->exit.value = 0x80;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_MMIO && st->exit.size == 2 && st->exit.sign &&
		   !st->exit.sf && st->exit.reg == 17,
	   "vm: ldrsh w17: size 2, sign-extended into a 32-bit register");
	ok(st->regs.x[4] == 0xffffffffffffff80UL, "vm: ldrsb x4 got 0x80 as %#lx",
	   (unsigned long)st->regs.x[4]);
	st->exit.value = 0x8001;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_SMC && st->exit.imm == 7,
	   "vm: SMC exit with its immediate");
	ok(st->regs.x[17] == 0xffff8001UL, "vm: ldrsh w17 got 0x8001 as %#lx",
	   (unsigned long)st->regs.x[17]);
	uint64_t smc_pc = st->regs.pc;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	ok(at_hvc(self, 1), "vm: COMPLETE stepped over the SMC (pc was %#lx)",
	   (unsigned long)smc_pc);
	ok(((st->regs.x[5] >> 32) & 0xf) == 0 && ((st->regs.x[5] >> 8) & 0xf) == 0 &&
		   (st->regs.x[5] & 0xf) == 1,
	   "vm: ID_AA64PFR0_EL1 shows no SVE, no EL2, EL0 AArch64 only (%#lx)",
	   (unsigned long)st->regs.x[5]);
	ok(st->regs.x[6] == 0, "vm: PMCR_EL0 reads as zero (PMU hidden)");
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_SYSREG &&
		   st->exit.addr == L4_VCPU_SYSREG(3, 0, 12, 11, 5) && st->exit.write &&
		   st->exit.value == 0x0100000000010002UL,
	   "vm: ICC_SGI1R_EL1 write: SYSREG exit with encoding and value");

	guest_data[0] = 0x600dda7a;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	ok(at_hvc(self, 2) && st->regs.x[8] == 0x600dda7a && guest_data[1] == 0x5151,
	   "vm: guest RAM is the VMM's page, both ways");

	/* FP: the host's v0 survives the guest's use of d0, and the guest's survives the host's. */
	uint64_t host_d0;
	__asm__ volatile("fmov d0, %0" ::"r"(0x1234567812345678UL));
	bool fp_ok = at_hvc(self, 3); /* nothing between here and there uses FP */
	__asm__ volatile("fmov %0, d0" : "=r"(host_d0));
	ok(fp_ok && st->regs.x[13] == 0x4018000000000000UL, "vm: guest computed 3+3 in FP");
	ok(host_d0 == 0x1234567812345678UL, "vm: the host's d0 is untouched by the guest");
	__asm__ volatile("fmov d0, %0" ::"r"(0UL));
	ok(at_hvc(self, 4) && st->regs.x[14] == 0x4018000000000000UL,
	   "vm: the guest's d0 is untouched by the host");

	uint64_t t0 = kt_now_ns();
	ok(at_hvc(self, 6) && st->regs.x[16] == 27, "vm: WFI woken by the virtual timer, INTID %lu",
	   (unsigned long)st->regs.x[16]);
	g.wfi_ns = kt_now_ns() - t0;
	ok(g.wfi_ns >= 9000000, "vm: WFI blocked until the timer (%lu us)",
	   (unsigned long)(g.wfi_ns / 1000));

	/* An injected level interrupt whose EOI the VMM wants to know. */
	st->virq[0] = L4_VIRQ(40, 0xa0) | L4_VIRQ_NOTIFY_EOI;
	st->virq_count = 1;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_EOI && st->exit.eoi_count == 1 &&
		   st->exit.eoi[0] == 40,
	   "vm: EOI of an injected interrupt reported (reason %lu, %u EOIs)",
	   (unsigned long)st->exit.reason, st->exit.eoi_count);
	ok(at_hvc(self, 7) && st->regs.x[16] == 40, "vm: the guest acknowledged INTID 40");

	/* Unmapping the VMM's page takes it from the guest as well. */
	ok(l4_task_unmap(L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)guest_data, 12, L4_FPAGE_RWX),
			 L4_FP_OTHER_SPACES) == 0,
	   "vm: unmap the data page from the Vm's side");
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_MMIO && st->exit.addr == G_DATA,
	   "vm: the guest's access to it exits (reason %lu, ipa %#lx)",
	   (unsigned long)st->exit.reason, (unsigned long)st->exit.ipa);
	st->exit.value = 7;
	st->resume_flags = L4_VCPU_RESUME_COMPLETE;
	ok(at_hvc(self, 8) && st->regs.x[8] == 7, "vm: the VMM's value instead");
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_PF && st->exit.exec &&
		   st->exit.ipa == G_NOWHERE,
	   "vm: a fetch from unmapped guest memory: PF exit, exec");
	/* Inject the abort: the guest has no vectors, so it faults at VBAR 0 + 0x200 next. */
	st->resume_flags = L4_VCPU_RESUME_INJECT_IABT;
	r = resume(self);
	ok(r == 0 && st->exit.reason == L4_VCPU_EXIT_PF && st->exit.ipa == 0x200,
	   "vm: an injected abort enters the guest's vector (ipa %#lx)",
	   (unsigned long)st->exit.ipa);

	/* Spinning with interrupts masked: main still runs, and deletes the Vm. */
	st->regs.pc = G_RAM + (uint64_t)(kt_guest_spin - kt_guest_code);
	st->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	g.spinning = true;
	r = resume(self);
	ok(r == -L4_EINVAL,
	   "vm: EL2h written into the state area while the vCPU ran: refused at the next entry "
	   "(%ld)",
	   r);
	g.refused = true;
	st->regs.pc = G_RAM + (uint64_t)(kt_guest_spin - kt_guest_code);
	st->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	g.spinning_again = true;
	r = resume(self);
	ok(r == -L4_ENOENT, "vm: the Vm deleted while its vCPU ran: resume ends with ENOENT (%ld)",
	   r);
	ok(l4_thread_vcpu_resume(self, 0) == -L4_EINVAL, "vm: resume without a Vm: EINVAL");
	g.done = true;
	kt_block();
}

/* Vms made and deleted over and over (with memory in them): VMIDs and memory come back. */
static void vm_churn(void)
{
	long before = kt_quota_left(L4_BASE_FACTORY_CAP);
	unsigned made = 0;

	for (unsigned i = 0; i < 1000; i++) {
		l4_cap_idx_t vm = kt_slot();
		if (l4_factory_create_vm(L4_BASE_FACTORY_CAP, vm) != 0 ||
		    l4_task_map(vm, L4_BASE_TASK_CAP,
				L4_MEM_FPAGE((uintptr_t)guest_data, 12, L4_FPAGE_RW),
				0x40000000UL + i * KT_PAGE) != 0) {
			kt_drop(vm);
			break;
		}
		kt_drop(vm);
		made++;
	}
	ok(made == 1000 && kt_quota_left(L4_BASE_FACTORY_CAP) == before,
	   "vm: 1000 Vms made, given memory and deleted; nothing left (%u)", made);
}

void vm_tests(void)
{
	vm_churn();
	g.vm = kt_slot();
	g.done = g.spinning = g.refused = g.spinning_again = false;
	long r = l4_factory_create_vm(L4_BASE_FACTORY_CAP, g.vm);
	ok(r == 0, "vm: factory makes a Vm (%ld)", r);
	unsigned rights;
	ok(kt_cap_type(L4_BASE_TASK_CAP, g.vm, &rights) == L4_OBJ_VM, "vm: cap_info says Vm");
	ok(l4_task_map(g.vm, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(g.vm, 0, L4_CAP_FPAGE_RW), 0) ==
		   -L4_EINVAL,
	   "vm: capabilities cannot be mapped into a Vm");
	ok(l4_task_map(g.vm, L4_BASE_TASK_CAP,
		       L4_MEM_FPAGE((uintptr_t)kt_guest_code, 12, L4_FPAGE_RX), G_RAM) == 0,
	   "vm: map guest code RX at guest-physical %#lx", G_RAM);
	guest_data[0] = 1; /* mapped in the root before it is passed on */
	ok(l4_task_map(g.vm, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)guest_data, 12, L4_FPAGE_RW),
		       G_DATA) == 0,
	   "vm: map guest data RW");

	struct kt_thread t;
	r = kt_thread_new(&t, vcpu_main, NULL);
	vcpu_self = t.cap;
	ok(l4_thread_vcpu_resume(t.cap, g.vm) == -L4_EINVAL,
	   "vm: resume of another thread: EINVAL");
	if (r == 0)
		r = kt_thread_go(&t, KT_PRIO_MAIN);
	ok(r == 0, "vm: vCPU thread started");
	for (unsigned i = 0; i < 300 && !g.spinning; i++)
		kt_sleep_ms(10);
	uint64_t t0 = kt_now_ns();
	kt_sleep_ms(30);
	ok(g.spinning && !g.done, "vm: main runs beside a guest spinning with interrupts masked");
	/* A VMM thread rewrites the state area while the vCPU is off the CPU: EL2 at a wild pc. */
	st->regs.pstate = 0x3c9;
	st->regs.pc = 0x123456789abcUL;
	for (unsigned i = 0; i < 300 && !g.spinning_again; i++)
		kt_sleep_ms(10);
	kt_sleep_ms(30);
	if (g.refused && g.spinning_again) {
		kt_drop(g.vm);
		g.vm = L4_INVALID_CAP;
	}
	kt_diag("main got the CPU back after %lu us", (unsigned long)((kt_now_ns() - t0) / 1000));
	for (unsigned i = 0; i < 300 && !g.done; i++)
		kt_sleep_ms(10);
	ok(g.done, "vm: the vCPU thread finished");
	kt_thread_del(&t);
	if (g.vm != L4_INVALID_CAP)
		kt_drop(g.vm);
}
