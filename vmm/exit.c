// SPDX-License-Identifier: BSD-2-Clause
/*
 * VM exits: one handler per exit reason in a table (as KVM's
 * arm_exit_handlers), unknown reasons to the default. A handler decides what
 * the next resume does through the state area's resume_flags and virq[].
 *
 * Stage-2 faults in guest RAM map a chunk of it and resume without COMPLETE:
 * the guest retries the access. Other MMIO goes to the bus; what finds
 * neither RAM nor a device is handled by the fault policy (-f).
 */
#include <assert.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

#include "smccc.h"
#include "sysreg.h"
#include "vmm.h"

/* What the guest finds at an address the VMM cannot serve it. */
#define NOTHING_THERE "no RAM or device there"
#define NO_SYNDROME   "a device, but the access has no syndrome to emulate it by"

/*
 * An access the VMM cannot serve: no RAM or device there (emulable: an MMIO
 * exit, decoded), or a device but an access the kernel could not decode.
 * The fault policy decides.
 */
static VMM_COLD void exit_unbacked(struct vcpu *v, uint64_t ipa, bool write, bool exec,
				   bool emulable, const char *why)
{
	struct l4_vcpu_state *s = v->state;
	struct vm *vm = v->vm;
	const char *what = exec ? "fetch" : write ? "write" : "read";

	if (vm->cfg.fault == FAULT_HALT) {
		vcpu_halt(v, "%s at IPA 0x%" PRIx64 ": %s", what, ipa, why);
		return;
	}
	if (vm->cfg.fault == FAULT_IGNORE && emulable) {
		if (ratelimit_ok(&vm->warn_unbacked))
			vmm_log("vcpu %u: %s of %u byte(s) at IPA 0x%" PRIx64 " (pc 0x%" PRIx64
				"): %s, ignored",
				v->idx, what, s->exit.size, ipa, s->regs.pc, why);
		if (!write)
			s->exit.value = 0;
		s->resume_flags |= L4_VCPU_RESUME_COMPLETE;
		return;
	}
	/* inject, or ignore of an access that cannot be stepped over (a fetch, no syndrome). */
	if (ratelimit_ok(&vm->warn_unbacked))
		vmm_log("vcpu %u: %s at IPA 0x%" PRIx64 " (pc 0x%" PRIx64 "): %s, abort injected",
			v->idx, what, ipa, s->regs.pc, why);
	s->resume_flags |= exec ? L4_VCPU_RESUME_INJECT_IABT : L4_VCPU_RESUME_INJECT_DABT;
}

/* A stage-2 fault in RAM: map its chunk; the guest retries. */
static VMM_COLD void exit_ram_fault(struct vcpu *v, uint64_t ipa)
{
	struct vm *vm = v->vm;
	uint64_t page = ipa & ~0xfffUL;

	if (page != v->last_fault_page) {
		v->last_fault_page = page;
		v->fault_repeats = 0;
	} else if (++v->fault_repeats >= VCPU_FAULT_REPEAT_MAX) {
		vcpu_halt(v, "stage-2 fault at IPA 0x%" PRIx64 " persists with RAM mapped there",
			  ipa);
		return;
	}
	long err = ram_map_chunk(&vm->ram, vm->vm_cap, ipa);
	if (err)
		vcpu_halt(v, "cannot map guest RAM at IPA 0x%" PRIx64 " (error %ld)", ipa, err);
}

/* Anything the VMM cannot handle: halt, or an undefined instruction for the guest. */
static VMM_COLD void exit_unknown(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;
	struct vm *vm = v->vm;

	if (vm->cfg.fault == FAULT_HALT) {
		vcpu_halt(v, "unhandled exit (reason %" PRIu64 ", ESR 0x%" PRIx64 ")",
			  s->exit.reason, s->exit.esr);
		return;
	}
	if (ratelimit_ok(&vm->warn_unknown)) {
		char why[96];
		snprintf(why, sizeof(why),
			 "unhandled exit (reason %" PRIu64 ", ESR 0x%" PRIx64
			 "): undefined instruction injected",
			 s->exit.reason, s->exit.esr);
		vcpu_dump(v, why);
	}
	s->resume_flags |= L4_VCPU_RESUME_INJECT_UNDEF;
}

/* HVC: the PC is past the instruction already. */
static void exit_hvc(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;

	if (s->exit.imm)
		s->regs.x[0] = TERN_HVC_IMM | s->exit.imm;
	else
		smccc_call(v);
}

/* SMC: the PC is at the instruction; COMPLETE steps over it. Only SMC #0 is a call. */
static void exit_smc(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;

	if (s->exit.imm)
		s->regs.x[0] = (uint64_t)(int64_t)PSCI_NOT_SUPPORTED;
	else
		smccc_call(v);
	s->resume_flags |= L4_VCPU_RESUME_COMPLETE;
}

/* An MMIO access to device r, which holds all of it; the resume steps over it. */
static inline void exit_mmio_access(struct vcpu *v, const struct mmio_region *r)
{
	struct l4_vcpu_state *s = v->state;
	uint64_t addr = s->exit.addr;
	unsigned size = s->exit.size;

	if (s->exit.write)
		bus_write(r, addr, size, s->exit.value, v->idx);
	else
		s->exit.value = bus_read(r, addr, size, v->idx);
	s->resume_flags |= L4_VCPU_RESUME_COMPLETE;
}

/*
 * An MMIO exit outside the vCPU's last device: guest RAM not mapped yet,
 * another device (the new hint), or nothing there. Out of line, so that a
 * hit in exit_mmio saves few registers.
 */
static __attribute__((noinline)) void exit_mmio_miss(struct vcpu *v)
{
	struct vm *vm = v->vm;
	uint64_t addr = v->state->exit.addr;
	unsigned size = v->state->exit.size;

	if (ram_contains(&vm->ram, addr, 1)) {
		exit_ram_fault(v, addr);
		return;
	}
	if (!mmio_size_ok(size)) {
		exit_unknown(v);
		return;
	}
	const struct mmio_region *r = bus_find(&vm->bus, addr);
	if (!r || !mmio_region_holds(r, addr, size)) {
		exit_unbacked(v, addr, v->state->exit.write, false, true, NOTHING_THERE);
		return;
	}
	v->mmio_hint = r;
	exit_mmio_access(v, r);
}

/*
 * MMIO: a guest mostly touches one device many times in a row, so the
 * vCPU's last device is tried first (devices never overlap RAM, vmm.h).
 */
static void exit_mmio(struct vcpu *v)
{
	const struct l4_vcpu_exit *e = &v->state->exit;
	const struct mmio_region *r = v->mmio_hint;

	if (r && mmio_region_holds(r, e->addr, e->size) && mmio_size_ok(e->size))
		exit_mmio_access(v, r);
	else
		exit_mmio_miss(v);
}

/* A stage-2 abort the kernel could not decode (a fetch, or no syndrome: LDP, writeback...). */
static void exit_pf(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;
	uint64_t ipa = s->exit.ipa;

	if (ram_contains(&v->vm->ram, ipa, 1))
		exit_ram_fault(v, ipa);
	else
		exit_unbacked(v, ipa, s->exit.write, s->exit.exec, false,
			      bus_find(&v->vm->bus, ipa) ? NO_SYNDROME : NOTHING_THERE);
}

/* An IRQ object attached to the vCPU's thread fired: no device uses one yet. */
static void exit_irq(struct vcpu *v)
{
	struct l4_vcpu_state *s = v->state;

	if (s->exit.label == VCPU_WAKE_LABEL)
		return; /* a CPU_ON's wake-up that came after the vCPU had started */
	v->irq_exits++;
	if (ratelimit_ok(&v->vm->warn_irq))
		vmm_log("vcpu %u: IRQ exit %lu, label 0x%" PRIx64 ": nothing handles it yet",
			v->idx, v->irq_exits, s->exit.label);
}

/* Nothing to do: the vCPU was kicked, or the guest EOIed (reported below for every exit). */
static void exit_nothing(struct vcpu *v) {}

typedef void (*exit_handler)(struct vcpu *v);

static const exit_handler exit_handlers[] = {
	[L4_VCPU_EXIT_NONE] = exit_nothing, [L4_VCPU_EXIT_HVC] = exit_hvc,
	[L4_VCPU_EXIT_SMC] = exit_smc,	    [L4_VCPU_EXIT_MMIO] = exit_mmio,
	[L4_VCPU_EXIT_PF] = exit_pf,	    [L4_VCPU_EXIT_SYSREG] = sysreg_exit,
	[L4_VCPU_EXIT_IRQ] = exit_irq,	    [L4_VCPU_EXIT_KICK] = exit_nothing,
	[L4_VCPU_EXIT_EOI] = exit_nothing,  [L4_VCPU_EXIT_UNKNOWN] = exit_unknown,
};
static_assert(sizeof(exit_handlers) / sizeof(exit_handlers[0]) == STATS_REASONS,
	      "an exit count per handler");

/* The exit's handler: one table lookup, a count (stats.h) and a (tail) call. */
static inline void exit_handle(struct vcpu *v)
{
	uint64_t reason = v->state->exit.reason;
	exit_handler h = reason < sizeof(exit_handlers) / sizeof(exit_handlers[0])
				 ? exit_handlers[reason]
				 : NULL;

	if (__builtin_expect(h != NULL, 1)) {
		v->stats.count[reason]++; /* the table has STATS_REASONS entries */
		h(v);
	} else {
		v->stats.count[L4_VCPU_EXIT_UNKNOWN]++;
		exit_unknown(v);
	}
}

/*
 * An exit that also reports level interrupts the guest EOIed (any exit may
 * carry them): the GIC model makes them inactive and delivers them again
 * while their line is still high. Out of line: most exits carry none, and
 * exit_dispatch stays a lookup and a tail call.
 */
static VMM_COLD void exit_with_eois(struct vcpu *v)
{
	const struct l4_vcpu_exit *e = &v->state->exit;
	uint32_t n = e->eoi_count < L4_VCPU_EOI_SLOTS ? e->eoi_count : L4_VCPU_EOI_SLOTS;

	for (uint32_t i = 0; i < n; i++) {
		vmm_debug("vcpu %u: guest EOIed INTID %" PRIu32, v->idx, e->eoi[i]);
		gic_eoi(&v->vm->gic, v->idx, e->eoi[i]);
	}
	exit_handle(v);
}

void exit_dispatch(struct vcpu *v)
{
	if (v->state->exit.eoi_count)
		exit_with_eois(v);
	else
		exit_handle(v);
}
