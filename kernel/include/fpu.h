/* SPDX-License-Identifier: BSD-2-Clause */
/* Lazy FP/SIMD register switching (arch/arm64/fpu.c). */
#pragma once

struct cpu;
struct thread;

/* On a thread switch: give next the FP registers only if they are already its. */
void fpu_switch_to(struct cpu *c, struct thread *next);
/* The current thread touched FP/SIMD: move the registers to it. */
void fpu_trap(struct thread *self);
/* t is gone: its register contents need not be saved any more. */
void fpu_forget(struct thread *t);
