/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Instruction counting for the benchmark programs: PMU event 0x08
 * (instructions retired) filtered to EL0 and to EL2, and counter time.
 * Under QEMU -icount shift=0 the counter advances 1 ns per instruction.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

/* PMEVTYPER<n>_EL0 filter bits (Arm ARM D13.3.x): P excludes EL1, U EL0, NSH includes EL2. */
#define EVT_INST_RETIRED 0x08UL
#define EVT_P		 (1UL << 31)
#define EVT_U		 (1UL << 30)
#define EVT_NSH		 (1UL << 27)

/* ---- counters ------------------------------------------------------------- */

struct sample {
	uint64_t el0, el2, ns;
};

static inline void pmu_init(void)
{
	__asm__ volatile("msr pmevtyper0_el0, %0" ::"r"(EVT_INST_RETIRED | EVT_P));
	__asm__ volatile(
		"msr pmevtyper1_el0, %0" ::"r"(EVT_INST_RETIRED | EVT_P | EVT_U | EVT_NSH));
	__asm__ volatile("msr pmcntenset_el0, %0" ::"r"(3UL));
	__asm__ volatile("msr pmcr_el0, %0; isb" ::"r"(1UL | 2UL)); /* enable, reset counters */
}

static inline uint64_t counter_ns(void)
{
	uint64_t v, f;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return (uint64_t)((__uint128_t)v * 1000000000U / f);
}

static inline struct sample sample_now(void)
{
	struct sample s;
	__asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(s.el0));
	__asm__ volatile("mrs %0, pmevcntr1_el0" : "=r"(s.el2));
	s.ns = counter_ns();
	return s;
}

static inline void report(const char *name, struct sample a, struct sample b, unsigned n,
			  unsigned per)
{
	double d = (double)n * per;
	printf("bench: %-28s %10.1f %10.1f %10.1f %12.1f\n", name, (b.el0 - a.el0) / d,
	       (b.el2 - a.el2) / d, ((b.el0 - a.el0) + (b.el2 - a.el2)) / d, (b.ns - a.ns) / d);
}
