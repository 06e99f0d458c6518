/* SPDX-License-Identifier: BSD-2-Clause */
/* Register frames: what an exception entry saves, and what a thread switch keeps. */
#pragma once

#define FRAME_SIZE   272
#define FRAME_X(n)   ((n)*8)
#define FRAME_SP_EL0 (31 * 8)
#define FRAME_ELR    (32 * 8)
#define FRAME_SPSR   (33 * 8)

/* Where the stack pointer follows x19..x30 (arch/callee_saved.S). */
#define CALLEE_SAVED_SP (16 * 6)

#ifndef __ASSEMBLER__
#include "types.h"

/* Saved on exception entry, at the top of the kernel stack (vectors.S). */
struct trap_frame {
	u64 x[31];
	u64 sp_el0;
	u64 elr;
	u64 spsr;
};
_Static_assert(sizeof(struct trap_frame) == FRAME_SIZE, "trap frame layout used by vectors.S");

/* FP/SIMD registers of a user thread or a guest, lazily switched (fpu.c). */
struct fp_state {
	u64 fpcr, fpsr;
	__uint128_t q[32];
};
_Static_assert(__builtin_offsetof(struct fp_state, q) == 16, "offsets used by switch.S");

/* Callee-saved state kept across arch_context_switch (switch.S). */
struct arch_context {
	u64 x19_x28[10];
	u64 fp, lr, sp;
	u64 tpidr_el0, tpidrro_el0;
	struct fp_state fpu; /* the user thread's FP/SIMD registers */
};
_Static_assert(__builtin_offsetof(struct arch_context, sp) == CALLEE_SAVED_SP &&
		       __builtin_offsetof(struct arch_context, tpidrro_el0) == 112,
	       "offsets used by switch.S");

void arch_context_switch(struct arch_context *from, struct arch_context *to);
void fpu_save(struct fp_state *s);
void fpu_restore(struct fp_state *s);
#endif
