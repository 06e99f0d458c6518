// SPDX-License-Identifier: BSD-2-Clause
/*
 * Lazy FP/SIMD switching. The registers stay with the thread that used them
 * last (the CPU's fpu_owner); any other thread runs with EL0 FP/SIMD access
 * trapped (CPTR_EL2.FPEN = 0b01 with E2H and TGE set: EL0 traps, EL2 does
 * not), and its first FP instruction moves the registers over. A thread
 * switch then costs one register write instead of 64 loads and stores.
 */
#include "arch/frame.h"
#include "arch/sysreg.h"
#include "fpu.h"
#include "sched.h"

#define CPTR_FPEN_SHIFT	   20
#define CPTR_FPEN_TRAP_EL0 (1UL << CPTR_FPEN_SHIFT)
#define CPTR_FPEN_NONE	   (3UL << CPTR_FPEN_SHIFT)

void fpu_switch_to(struct cpu *c, struct thread *next)
{
	sysreg_write(cptr_el2, next && next == c->fpu_owner ? CPTR_FPEN_NONE : CPTR_FPEN_TRAP_EL0);
	/* The eret to EL0 synchronises the change. */
}

void fpu_trap(struct thread *self)
{
	struct cpu *c = this_cpu();

	if (c->fpu_owner != self) {
		if (c->fpu_owner)
			fpu_save(&c->fpu_owner->ctx);
		fpu_restore(&self->ctx);
		c->fpu_owner = self;
	}
	sysreg_write(cptr_el2, CPTR_FPEN_NONE);
}

void fpu_forget(struct thread *t)
{
	struct cpu *c = this_cpu();

	if (c->fpu_owner == t)
		c->fpu_owner = NULL;
}
