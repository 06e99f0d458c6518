// SPDX-License-Identifier: BSD-2-Clause
/*
 * The vCPU state area (tern/vcpu.h) as the VMM writes it: the state a vCPU
 * starts in, virtual interrupts for its next resume, and the register dump
 * of a report. Pure: only the vCPU's own thread touches its state area.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "vmm.h"

void vcpu_reset_state(struct vcpu *v, uint64_t pc, uint64_t arg)
{
	struct l4_vcpu_state *s = v->state;

	memset(&s->regs, 0, sizeof(s->regs));
	s->regs.pc = pc;
	s->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	s->regs.x[0] = arg;
	memset(&s->sysregs, 0, sizeof(s->sysregs));
	s->sysregs.sctlr = VCPU_SCTLR_RESET;
	s->sysregs.cpacr = 0; /* FP/SIMD traps at EL1 until the guest enables it */
	s->sysregs.cntkctl = 0;
	s->sysregs.vmpidr = VCPU_MPIDR_RES1 | v->idx;
	s->sysregs.vpidr = 0; /* the kernel shows the host's MIDR_EL1 */
	s->virq_count = 0;
	s->resume_flags = L4_VCPU_RESUME_LOAD_SYSREGS;
	v->last_fault_page = UINT64_MAX;
	v->fault_repeats = 0;
	v->bench_running = false;
}

bool vcpu_virq_push(struct vcpu *v, uint64_t virq)
{
	struct l4_vcpu_state *s = v->state;

	if (s->virq_count >= L4_VCPU_VIRQ_SLOTS)
		return false;
	s->virq[s->virq_count++] = virq;
	return true;
}

void vcpu_dump(const struct vcpu *v, const char *why)
{
	const struct l4_vcpu_state *s = v->state;
	const uint64_t *x = s->regs.x;

	vmm_log("vcpu %u: %s", v->idx, why);
	for (unsigned i = 0; i < 28; i += 4)
		vmm_log("  x%-2u %016" PRIx64 "  x%-2u %016" PRIx64 "  x%-2u %016" PRIx64
			"  x%-2u %016" PRIx64,
			i, x[i], i + 1, x[i + 1], i + 2, x[i + 2], i + 3, x[i + 3]);
	vmm_log("  x28 %016" PRIx64 "  x29 %016" PRIx64 "  x30 %016" PRIx64 "  sp0 %016" PRIx64,
		x[28], x[29], x[30], s->regs.sp_el0);
	vmm_log("  pc  %016" PRIx64 "  pstate %08" PRIx64 "  esr %08" PRIx64, s->regs.pc,
		s->regs.pstate, s->exit.esr);
	vmm_log("  far %016" PRIx64 "  ipa %016" PRIx64 "  exit reason %" PRIu64, s->exit.far,
		s->exit.ipa, s->exit.reason);
}

void vcpu_halt(struct vcpu *v, const char *fmt, ...)
{
	char why[160];
	va_list ap;

	if (vm_ended(v->vm))
		return; /* another vCPU ended it first: one report is enough */
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	vcpu_dump(v, why);
	vmm_log("VM halted: %s", why);
	vm_end(v->vm, 1);
}
