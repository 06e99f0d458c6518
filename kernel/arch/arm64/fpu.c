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
 */
#include "arch/frame.h"
#include "arch/sysreg.h"
#include "fpu.h"
#include "sched.h"

#define CPTR_FPEN_SHIFT	   20
#define CPTR_FPEN_TRAP_ALL (0UL << CPTR_FPEN_SHIFT)
#define CPTR_FPEN_TRAP_EL0 (1UL << CPTR_FPEN_SHIFT)
#define CPTR_FPEN_NONE	   (3UL << CPTR_FPEN_SHIFT)
/* Guests: trace (TTA) and activity monitors (TAM) trapped; SVE and SME stay trapped (ZEN, SMEN 0).
 */
#define CPTR_GUEST_TRAPS (1UL << 28 | 1UL << 30)

void fpu_switch_to(struct cpu *c, struct thread *next)
{
	sysreg_write(cptr_el2,
		     next && &next->ctx.fpu == c->fpu_owner ? CPTR_FPEN_NONE : CPTR_FPEN_TRAP_EL0);
	/* The eret to EL0 synchronises the change. */
}

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

u64 fpu_guest_cptr(struct fp_state *guest)
{
	return CPTR_GUEST_TRAPS |
	       (this_cpu()->fpu_owner == guest ? CPTR_FPEN_NONE : CPTR_FPEN_TRAP_ALL);
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
