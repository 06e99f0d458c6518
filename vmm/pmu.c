// SPDX-License-Identifier: BSD-2-Clause
/*
 * The PMU's instructions-retired event (0x08) counted per exception level in
 * three counters, read at EL0 (the kernel lets EL0 use the PMU: pmu.c there).
 * PMEVTYPER<n>_EL0 filters (Arm ARM D13.3): P excludes EL1, U excludes EL0,
 * NSH includes EL2. Under QEMU -icount the counts are exact.
 */
#include "vmm.h"

#define EVT_INST_RETIRED 0x08UL
#define EVT_P		 (1UL << 31)
#define EVT_U		 (1UL << 30)
#define EVT_NSH		 (1UL << 27)

/* Counter 0: EL0 only; 1: EL2 only; 2: EL1 only. Enabled, not reset (others may be counting). */
void pmu_init(void)
{
	uint64_t pmcr;

	__asm__ volatile("msr pmevtyper0_el0, %0" ::"r"(EVT_INST_RETIRED | EVT_P));
	__asm__ volatile(
		"msr pmevtyper1_el0, %0" ::"r"(EVT_INST_RETIRED | EVT_P | EVT_U | EVT_NSH));
	__asm__ volatile("msr pmevtyper2_el0, %0" ::"r"(EVT_INST_RETIRED | EVT_U));
	__asm__ volatile("msr pmcntenset_el0, %0" ::"r"(7UL));
	__asm__ volatile("mrs %0, pmcr_el0" : "=r"(pmcr));
	__asm__ volatile("msr pmcr_el0, %0; isb" ::"r"(pmcr | 1UL)); /* E: enable */
}

void pmu_read(struct pmu_sample *s)
{
	__asm__ volatile("isb; mrs %0, pmevcntr0_el0" : "=r"(s->el0));
	__asm__ volatile("mrs %0, pmevcntr1_el0" : "=r"(s->el2));
	__asm__ volatile("mrs %0, pmevcntr2_el0" : "=r"(s->el1));
}
