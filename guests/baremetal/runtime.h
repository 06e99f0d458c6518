/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest runtime's entry contract: constants shared with start.S and what a guest defines. */
#pragma once

/* vCPUs with a stack; must match the .stacks section of guest.ld. */
#define RUNTIME_MAX_CPUS    4
#define RUNTIME_STACK_SHIFT 14 /* 16 KiB per vCPU */

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

/* Set at boot: TERN_HVC_ECHO is supported, so tdev and the Tern hypercalls exist. */
extern bool runtime_tern;

/* Each guest defines this; when it returns the runtime prints the TAP plan and powers off. */
void guest_main(void);

/* Called from start.S. */
void runtime_boot(uint64_t el, uint64_t daif);
void runtime_secondary(unsigned cpu, uint64_t ctx, uint64_t el, uint64_t daif);

/* This vCPU's number: MPIDR_EL1.Aff0 (the platform contract). */
static inline unsigned runtime_cpu(void)
{
	uint64_t mpidr;
	__asm__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned)(mpidr & 0xff);
}

/*
 * In every busy-wait loop: a hint that lets a single-threaded TCG (e.g. with
 * -icount) run the other vCPU now instead of at its next time slice.
 */
static inline void runtime_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

/* Print why, then power off: a failing guest must end, never hang. */
__attribute__((noreturn, format(printf, 1, 2))) void runtime_bail(const char *fmt, ...);
#endif
