// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lazy FP/SIMD switching. The registers stay with the context that used them
 * last (the CPU's fpu_owner: a thread's or a guest vCPU's fp_state); any
 * other context runs with FP/SIMD trapped, and its first FP instruction
 * moves the registers over. A thread switch then costs one register write
 * instead of 64 loads and stores.
 *
 * CPTR_EL2 has the CPACR layout with E2H set. FPEN = 0b01 traps EL0 only
 * while TGE is set (native threads); a guest (TGE clear) is trapped only by
 * FPEN = 0b00, which traps EL2 as well: the kernel itself uses no FP.
 * fpu_switch_to and fpu_guest_cptr are inline in fpu.h (every switch).
 */
#include "arch/frame.h"
#include "arch/sysreg.h"
#include "fpu.h"
#include "sched.h"

/* Give the registers to s, saving the previous owner's. */
static void fpu_take(struct cpu *c, struct fp_state *s)
{
	sysreg_write(cptr_el2, CPTR_FPEN_NONE);
	isb();
	if (c->fpu_owner != s) {
		if (c->fpu_owner)
			fpu_save(c->fpu_owner);
		fpu_restore(s);
		c->fpu_owner = s;
	}
}

void fpu_trap(struct thread *self)
{
	fpu_take(this_cpu(), &self->ctx.fpu);
}

void fpu_guest_trap(struct fp_state *guest)
{
	fpu_take(this_cpu(), guest);
}

void fpu_forget_state(struct fp_state *s)
{
	struct cpu *c = this_cpu();

	if (c->fpu_owner == s)
		c->fpu_owner = NULL;
}

void fpu_forget(struct thread *t)
{
	fpu_forget_state(&t->ctx.fpu);
}
