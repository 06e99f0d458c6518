/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FP/SIMD register switching (arch/arm64/fpu.c). */
#pragma once

#include "arch/sysreg.h"
#include "sched.h"

#define CPTR_FPEN_SHIFT	   20
#define CPTR_FPEN_TRAP_ALL (0UL << CPTR_FPEN_SHIFT)
#define CPTR_FPEN_TRAP_EL0 (1UL << CPTR_FPEN_SHIFT)
#define CPTR_FPEN_NONE	   (3UL << CPTR_FPEN_SHIFT)
/* Guests: trace (TTA) and activity monitors (TAM) trapped; SVE and SME stay trapped (ZEN, SMEN 0).
 */
#define CPTR_GUEST_TRAPS (1UL << 28 | 1UL << 30)

/* On a thread switch: give next the FP registers only if they are already its. */
static inline void fpu_switch_to(struct cpu *c, struct thread *next)
{
	sysreg_write(cptr_el2,
		     next && &next->ctx.fpu == c->fpu_owner ? CPTR_FPEN_NONE : CPTR_FPEN_TRAP_EL0);
	/* The eret to EL0 synchronises the change. */
}

/* The current thread touched FP/SIMD: move the registers to it. */
void fpu_trap(struct thread *self);
/* t is gone: its register contents need not be saved any more. */
void fpu_forget(struct thread *t);

/* Guests: CPTR_EL2 to enter with, the guest's FP trap, and a vCPU's end. */
static inline u64 fpu_guest_cptr(struct fp_state *guest)
{
	return CPTR_GUEST_TRAPS |
	       (this_cpu()->fpu_owner == guest ? CPTR_FPEN_NONE : CPTR_FPEN_TRAP_ALL);
}
void fpu_guest_trap(struct fp_state *guest);
void fpu_forget_state(struct fp_state *s);
