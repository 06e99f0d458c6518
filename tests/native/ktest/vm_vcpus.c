// SPDX-License-Identifier: BSD-2-Clause
/*
 * Two vCPU threads, each in its own Vm, taking turns on the one CPU: each
 * sees its own EL1 registers and its own guest memory at the same
 * guest-physical address. Then what wakes a vCPU blocked in the guest's WFI
 * from outside: a virtual interrupt from another thread, a kick, an IRQ
 * object attached to the vCPU thread; and more virtual interrupts at once
 * than there are list registers.
 */
#include <string.h>

#include <l4/sys/vcpu.h>

#include "ktest.h"

#define G_RAM  0x40000000UL
#define G_DATA 0x40001000UL

__asm__(".pushsection .text\n"
	".balign 4096\n"
	".global kt_guest2_code\n"
	"kt_guest2_code:\n"
	"	mrs	x1, tpidr_el1\n" /* what the VMM loaded */
	"	ldr	x2, [x9]\n"	 /* this Vm's data page */
	"	hvc	#1\n"
	"	msr	tpidr_el1, x3\n"
	"	hvc	#2\n"
	"	mrs	x1, tpidr_el1\n" /* still its own after the other vCPU ran */
	"	hvc	#3\n"
	"	mov	x0, #0xff\n"
	"	msr	s3_0_c4_c6_0, x0\n" /* ICC_PMR_EL1 */
	"	mov	x0, #1\n"
	"	msr	s3_0_c12_c12_7, x0\n" /* ICC_IGRPEN1_EL1 */
	"	isb\n"
	"1:	wfi\n"
	"	mrs	x16, s3_0_c12_c12_0\n" /* ICC_IAR1_EL1 */
	"	cmp	x16, #1023\n"
	"	b.eq	1b\n"
	"	msr	s3_0_c12_c12_1, x16\n" /* ICC_EOIR1_EL1 */
	"	hvc	#4\n"
	"	b	1b\n"
	".balign 4096\n"
	".popsection\n");
extern const char kt_guest2_code[];

static uint64_t data_a[512] __attribute__((aligned(4096)));
static uint64_t data_b[512] __attribute__((aligned(4096)));

struct vcpu_run {
	struct kt_thread t;
	l4_cap_idx_t vm;
	struct l4_vcpu_state *st;
	uint64_t tpidr, magic;
	unsigned first_turn;
	volatile bool ready, done;
};

static volatile unsigned turn;
static struct vcpu_run a, b;
static volatile unsigned long wake_reason, wake_intid, wake_label, wake_tpidr;
static volatile unsigned wake_count;
static volatile unsigned long wake_seen; /* INTIDs 40..45 the guest acknowledged */

static bool resume_hvc(struct vcpu_run *r, unsigned imm)
{
	long e = l4_thread_vcpu_resume(r->t.cap, r->vm);
	return e == 0 && r->st->exit.reason == L4_VCPU_EXIT_HVC && r->st->exit.imm == imm;
}

/* Sleep 1 ms at a time (a closed wait on oneself; kt_sleep_ms is main's). */
static void wait_turn(struct vcpu_run *r, unsigned t)
{
	while (turn != t)
		l4_ipc_receive(r->t.cap, L4_TIMEOUTS(0, 1000));
}

static void vcpu_fn(void *arg)
{
	struct vcpu_run *r = arg;
	struct l4_vcpu_state *s = r->st;
	bool good = l4_thread_vcpu_control(r->t.cap, (uintptr_t)s) == 0;

	memset(&s->regs, 0, sizeof(s->regs));
	s->regs.pc = G_RAM;
	s->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	s->regs.x[9] = G_DATA;
	s->sysregs.tpidr_el1 = r->tpidr;
	s->resume_flags = L4_VCPU_RESUME_LOAD_SYSREGS;
	r->ready = good;
	/* Turns: first_turn, +2, +4: the other vCPU runs in between. */
	wait_turn(r, r->first_turn);
	good = good && resume_hvc(r, 1) && s->regs.x[1] == r->tpidr && s->regs.x[2] == r->magic;
	ok(good, "vm_vcpus: vCPU %u sees its own TPIDR_EL1 and its own Vm's memory", r->first_turn);
	turn++;
	wait_turn(r, r->first_turn + 2);
	s->regs.x[3] = r->tpidr << 8;
	good = resume_hvc(r, 2);
	turn++;
	wait_turn(r, r->first_turn + 4);
	ok(good && resume_hvc(r, 3) && s->regs.x[1] == r->tpidr << 8,
	   "vm_vcpus: vCPU %u keeps the TPIDR_EL1 it wrote while the other ran", r->first_turn);
	turn++;
	if (r != &a) {
		r->done = true;
		kt_block();
	}
	/* vCPU a goes on: into WFI, woken from outside, again and again. */
	r->done = true;
	for (;;) {
		long e = l4_thread_vcpu_resume(r->t.cap, r->vm);
		wake_reason = e == 0 ? s->exit.reason : 0;
		wake_intid = s->regs.x[16];
		wake_label = s->exit.label;
		wake_tpidr = s->sysregs.tpidr_el1;
		if (wake_reason == L4_VCPU_EXIT_HVC && wake_intid >= 40 && wake_intid < 46)
			wake_seen |= 1UL << (wake_intid - 40);
		wake_count++;
		if (e != 0)
			kt_block();
	}
}

static bool wait_wake(unsigned before)
{
	for (unsigned i = 0; i < 200 && wake_count == before; i++)
		kt_sleep_ms(5);
	return wake_count != before;
}

static void start(struct vcpu_run *r, uint64_t *data, uint64_t magic, unsigned first_turn,
		  unsigned utcb_page)
{
	r->vm = kt_slot();
	r->st = (struct l4_vcpu_state *)(KT_ROOT_UTCB + utcb_page * KT_PAGE);
	r->tpidr = 0x7100 + first_turn;
	r->magic = magic;
	r->first_turn = first_turn;
	data[0] = magic;
	ok(l4_factory_create_vm(L4_BASE_FACTORY_CAP, r->vm) == 0 &&
		   l4_task_map(r->vm, L4_BASE_TASK_CAP,
			       L4_MEM_FPAGE((uintptr_t)kt_guest2_code, 12, L4_FPAGE_RX),
			       G_RAM) == 0 &&
		   l4_task_map(r->vm, L4_BASE_TASK_CAP,
			       L4_MEM_FPAGE((uintptr_t)data, 12, L4_FPAGE_RW), G_DATA) == 0,
	   "vm_vcpus: Vm %u with its own data page at the same guest-physical address", first_turn);
	ok(kt_thread_spawn(&r->t, vcpu_fn, r, KT_PRIO_HIGH) == 0, "vm_vcpus: vCPU thread %u",
	   first_turn);
}

void vm_vcpus_tests(void)
{
	turn = 0;
	wake_count = 0;
	wake_seen = 0;
	start(&a, data_a, 0xaaaa, 0, KT_ROOT_UTCBS - 3);
	start(&b, data_b, 0xbbbb, 1, KT_ROOT_UTCBS - 4);
	for (unsigned i = 0; i < 400 && !(a.done && b.done); i++)
		kt_sleep_ms(5);
	ok(a.done && b.done, "vm_vcpus: both vCPUs went through their turns");

	/* a is in the guest's WFI now, blocked in the kernel. */
	unsigned n = wake_count;
	ok(kt_thread_state(a.t.cap, L4_THREAD_STATE_RECEIVING, 500) == L4_THREAD_STATE_RECEIVING,
	   "vm_vcpus: a vCPU in WFI is blocked, not spinning");
	ok(l4_thread_vcpu_irq(a.t.cap, L4_VIRQ(1020, 0)) == -L4_EINVAL,
	   "vm_vcpus: virtual INTID 1020: EINVAL");
	ok(l4_thread_vcpu_irq(L4_BASE_THREAD_CAP, L4_VIRQ(33, 0)) == -L4_EINVAL,
	   "vm_vcpus: a virtual interrupt for a thread that is no vCPU: EINVAL");
	/* b's registers are in the CPU now: what a's exit saves must still be a's own. */
	a.st->flags = L4_VCPU_F_SAVE_SYSREGS;
	ok(l4_thread_vcpu_kick(a.t.cap) == 0 && wait_wake(n) && wake_reason == L4_VCPU_EXIT_KICK,
	   "vm_vcpus: a kick makes the vCPU exit (reason %lu)", wake_reason);
	ok(wake_tpidr == a.tpidr << 8,
	   "vm_vcpus: the kicked vCPU's saved registers are its own (%#lx)", wake_tpidr);
	a.st->flags = 0;
	n = wake_count;
	ok(l4_thread_vcpu_irq(a.t.cap, L4_VIRQ(33, 0xa0)) == 0 && wait_wake(n) &&
		   wake_reason == L4_VCPU_EXIT_HVC && wake_intid == 33,
	   "vm_vcpus: a virtual interrupt from another thread wakes WFI (intid %lu)", wake_intid);

	l4_cap_idx_t irq = kt_slot();
	n = wake_count;
	ok(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq) == 0 &&
		   l4_irq_attach(irq, a.t.cap, 0x5a0) == 0 && l4_irq_trigger(irq) == 0 &&
		   wait_wake(n) && wake_reason == L4_VCPU_EXIT_IRQ && wake_label == 0x5a0,
	   "vm_vcpus: an IRQ object attached to the vCPU thread makes it exit with its label");
	kt_drop(irq);

	/* Six at once, while the vCPU cannot run; QEMU has four list registers. */
	wake_seen = 0;
	kt_thread_go(&a.t, KT_PRIO_LOW);
	for (unsigned i = 0; i < 6; i++)
		l4_thread_vcpu_irq(a.t.cap, L4_VIRQ(40 + i, 0xa0));
	for (unsigned i = 0; i < 200 && wake_seen != 0x3f; i++)
		kt_sleep_ms(5);
	ok(wake_seen == 0x3f, "vm_vcpus: six interrupts pending at once all reach the guest (%#lx)",
	   wake_seen);

	kt_thread_del(&a.t);
	kt_thread_del(&b.t);
	kt_drop(a.vm);
	kt_drop(b.vm);
}
