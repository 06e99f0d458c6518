/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FP/SIMD register switching (arch/arm64/fpu.c). */
#pragma once

#include "types.h"

struct cpu;
struct thread;
struct fp_state;

/* On a thread switch: give next the FP registers only if they are already its. */
void fpu_switch_to(struct cpu *c, struct thread *next);
/* The current thread touched FP/SIMD: move the registers to it. */
void fpu_trap(struct thread *self);
/* t is gone: its register contents need not be saved any more. */
void fpu_forget(struct thread *t);

/* Guests: CPTR_EL2 to enter with, the guest's FP trap, and a vCPU's end. */
u64 fpu_guest_cptr(struct fp_state *guest);
void fpu_guest_trap(struct fp_state *guest);
void fpu_forget_state(struct fp_state *s);
