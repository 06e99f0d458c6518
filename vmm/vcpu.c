// SPDX-License-Identifier: BSD-2-Clause
/*
 * vCPU threads: one per guest CPU, each switched into vCPU mode with its own
 * state area (a page of the UTCB area). A thread waits until its vCPU is
 * turned on (vCPU 0 at once, the others by PSCI CPU_ON through their wake
 * IRQ), then resumes the guest and handles exits until the vCPU is turned off
 * or the VM ends. The main thread waits for the end (vm_end).
 */
#include <inttypes.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcpu.h>
#include <l4re/cap_alloc.h>
#include <l4re/thread.h>

#include "vmm.h"

#define VCPU_STACK (32UL << 10)

static struct l4re_thread vcpu_threads[VMM_MAX_CPUS];
/* The vCPU whose thread this is (NULL on the main thread): its virq[] needs no system call. */
static __thread struct vcpu *vcpu_self;

void vm_end(struct vm *vm, int code)
{
	int running = 0;

	if (!__atomic_compare_exchange_n(&vm->ended, &running, 1, false, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE))
		return;
	__atomic_store_n(&vm->exit_code, code, __ATOMIC_RELEASE);
	l4_irq_trigger(vm->end_irq);
}

void vcpu_wake(struct vcpu *v)
{
	l4_irq_trigger(v->wake_irq);
}

/* Out of line (LTO would inline it): the SGI handler's loop then needs few registers. */
__attribute__((noinline)) void vcpu_send_virq(struct vcpu *target, uint64_t virq)
{
	long err = l4_thread_vcpu_irq(__atomic_load_n(&target->thread, __ATOMIC_ACQUIRE), virq);
	if (err)
		vmm_debug("vcpu %u: virtual IRQ %u not delivered (error %ld)", target->idx,
			  L4_VIRQ_INTID(virq), err);
}

/*
 * The GIC model delivers: to the own vCPU through virq[] at its next resume,
 * to another through the kernel, which keeps it pending (even for a vCPU
 * that is off: its thread is in vCPU mode from the start, and the kernel's
 * bitmap holds the INTID until the vCPU runs).
 */
void vcpu_gic_inject(void *ctx, unsigned idx, uint64_t virq)
{
	struct vm *vm = ctx;
	struct vcpu *v = &vm->vcpu[idx < vm->ncpus ? idx : 0];

	if (v == vcpu_self && vcpu_virq_push(v, virq))
		return;
	vcpu_send_virq(v, virq);
}

/* Wait until v is turned on (true) or the VM has ended (false). */
static bool vcpu_wait_start(struct vcpu *v)
{
	for (;;) {
		if (vm_ended(v->vm))
			return false;
		if (__atomic_load_n(&v->power, __ATOMIC_ACQUIRE) == VCPU_ON_PENDING)
			return true;
		long e = l4_ipc_error(l4_irq_receive(v->wake_irq, L4_IPC_NEVER));
		if (e && e != L4_IPC_RECANCELED) {
			vmm_log("vcpu %u: waiting for CPU_ON failed (IPC error %ld)", v->idx, e);
			vm_end(v->vm, 1);
			return false;
		}
	}
}

static inline uint64_t vcpu_counter(void)
{
	uint64_t t;
	/* No ISB: an exit's handling is far longer than the reordering window. */
	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(t));
	return t;
}

/* The exit's reason as the statistics' index: out-of-range ones as UNKNOWN. */
static inline unsigned vcpu_exit_reason(const struct l4_vcpu_state *s)
{
	uint64_t r = s->exit.reason;
	return r < STATS_REASONS ? (unsigned)r : L4_VCPU_EXIT_UNKNOWN;
}

/*
 * Run the guest on v until it is turned off or the VM ends. This loop and
 * exit_dispatch are the VMM's part of every exit: the capabilities stay in
 * registers across the system call. exit_dispatch counts the exit;
 * vcpu_run_timed below also times it (--stats).
 */
static void vcpu_run(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const l4_cap_idx_t self = l4re_thread_self();
	const l4_cap_idx_t vm_cap = vm->vm_cap;

	while (!vm_ended(vm) && __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) == VCPU_ON) {
		long err = l4_thread_vcpu_resume(self, vm_cap);
		if (err) {
			vcpu_halt(v, "vcpu_resume failed (error %ld)", err);
			return;
		}
		exit_dispatch(v);
	}
}

/* What an exit's detail line is keyed by; after the handler (which set the MMIO hint). */
static void vcpu_stats_add(struct vcpu *v, unsigned reason, uint64_t func, uint64_t ticks)
{
	const struct l4_vcpu_exit *e = &v->state->exit;
	const struct mmio_region *r = v->mmio_hint;

	switch (reason) {
	case L4_VCPU_EXIT_HVC:
	case L4_VCPU_EXIT_SMC:
		stats_add(&v->stats, reason, STAT_FUNC, e->imm ? e->imm : func, NULL, ticks);
		return;
	case L4_VCPU_EXIT_MMIO:
		/* Not the hint's device: a RAM fault, or nothing there (name NULL). */
		if (!r || !mmio_region_holds(r, e->addr, 1))
			r = NULL;
		stats_add(&v->stats, reason, STAT_DEVICE, 0, r ? r->name : NULL, ticks);
		return;
	case L4_VCPU_EXIT_PF: stats_add(&v->stats, reason, STAT_DEVICE, 0, NULL, ticks); return;
	case L4_VCPU_EXIT_SYSREG:
		stats_add(&v->stats, reason, STAT_SYSREG, e->addr, NULL, ticks);
		return;
	default: stats_add(&v->stats, reason, STAT_NONE, 0, NULL, ticks); return;
	}
}

/*
 * vcpu_run with --stats: each exit's handling is timed (the counter after
 * the resume returns and after the handler), with its detail line. The
 * bookkeeping itself is outside the timed part.
 */
static void vcpu_run_timed(struct vcpu *v)
{
	struct vm *vm = v->vm;
	const l4_cap_idx_t self = l4re_thread_self();
	const l4_cap_idx_t vm_cap = vm->vm_cap;

	while (!vm_ended(vm) && __atomic_load_n(&v->power, __ATOMIC_ACQUIRE) == VCPU_ON) {
		long err = l4_thread_vcpu_resume(self, vm_cap);
		uint64_t t0 = vcpu_counter();
		if (err) {
			vcpu_halt(v, "vcpu_resume failed (error %ld)", err);
			return;
		}
		unsigned reason = vcpu_exit_reason(v->state);
		uint64_t func = (uint32_t)v->state->regs.x[0]; /* SMCCC: w0, before the result */
		exit_dispatch(v);
		vcpu_stats_add(v, reason, func, vcpu_counter() - t0);
	}
}

/* The thread's priority, for the debug line: what ned's prio key gave the VMM. */
static unsigned long vcpu_prio(l4_cap_idx_t self)
{
	struct l4_thread_stats s = {0};
	return l4_thread_stats(self, &s) == 0 ? s.prio : 0;
}

static void vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	l4_cap_idx_t self = l4re_thread_self();
	long err;

	/* Also set by vcpu_start_all, but maybe only after this thread runs its guest. */
	__atomic_store_n(&v->thread, self, __ATOMIC_RELEASE);
	err = l4_irq_attach(v->wake_irq, self, VCPU_WAKE_LABEL);
	if (!err)
		err = l4_thread_vcpu_control(self, v->state_page);
	if (err) {
		vmm_log("vcpu %u: cannot switch its thread to vCPU mode (error %ld)", v->idx, err);
		vm_end(v->vm, 1);
		return;
	}
	v->state = (struct l4_vcpu_state *)v->state_page;
	vcpu_self = v;
	while (vcpu_wait_start(v)) {
		vcpu_reset_state(v, v->start_pc, v->start_arg);
		__atomic_store_n(&v->power, VCPU_ON, __ATOMIC_RELEASE);
		vmm_debug("vcpu %u: starts at 0x%" PRIx64 " at priority %lu", v->idx, v->start_pc,
			  vcpu_prio(self));
		if (!v->idx && !v->vm->entry_count) /* for make bench: told at the end */
			v->vm->entry_count = vcpu_counter();
		if (v->vm->cfg.stats)
			vcpu_run_timed(v);
		else
			vcpu_run(v);
	}
}

static long vcpu_prepare(struct vm *vm, unsigned i)
{
	struct vcpu *v = &vm->vcpu[i];
	long err;

	if (v->state_page) {
		/* A restart: the wake IRQ, state area and statistics stay, the rest is new. */
		struct vcpu keep = *v;
		*v = (struct vcpu){.vm = vm, .idx = i, .power = VCPU_OFF, .thread = L4_INVALID_CAP};
		v->wake_irq = keep.wake_irq;
		v->state_page = keep.state_page;
		v->stats = keep.stats;
		return 0;
	}
	v->vm = vm;
	v->idx = i;
	v->power = VCPU_OFF;
	v->thread = L4_INVALID_CAP;
	v->wake_irq = l4re_cap_alloc();
	if (v->wake_irq == L4_INVALID_CAP)
		return -L4_ENOMEM;
	err = l4_factory_create_irq(L4_BASE_FACTORY_CAP, v->wake_irq);
	if (err)
		return err;
	return l4re_utcb_page_alloc(&v->state_page);
}

void vcpu_stop_all(struct vm *vm)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct vcpu *v = &vm->vcpu[i];
		/* Out of the guest (or its WFI) and out of the wait for CPU_ON: both see the end.
		 */
		l4_thread_vcpu_kick(__atomic_load_n(&v->thread, __ATOMIC_ACQUIRE));
		l4_irq_trigger(v->wake_irq);
		int err = l4re_thread_join(&vcpu_threads[i]);
		if (err)
			vmm_log("vcpu %u: its thread did not end (error %d)", i, err);
	}
}

long vcpu_start_all(struct vm *vm, uint64_t entry, uint64_t arg)
{
	long err;

	for (unsigned i = 0; i < vm->ncpus; i++)
		if ((err = vcpu_prepare(vm, i)) != 0)
			return err;
	vm->vcpu[0].start_pc = entry;
	vm->vcpu[0].start_arg = arg;
	vm->vcpu[0].power = VCPU_ON_PENDING;
	vm->cpus_on = 1;
	/*
	 * The last first: when vCPU 0 runs, every other thread exists and has a
	 * capability for SGIs to go to (their vCPUs wait for CPU_ON).
	 */
	for (unsigned i = vm->ncpus; i-- > 0;) {
		struct vcpu *v = &vm->vcpu[i];
		err = l4re_thread_create(&vcpu_threads[i], vcpu_thread, v, VCPU_STACK);
		if (err)
			return err;
		__atomic_store_n(&v->thread, l4re_thread_cap(&vcpu_threads[i]), __ATOMIC_RELEASE);
	}
	return 0;
}
