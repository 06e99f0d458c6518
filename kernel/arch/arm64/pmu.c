// SPDX-License-Identifier: BSD-2-Clause
/* PMU access for user level: benchmarks count instructions per exception level. */
#include "arch/sysreg.h"

void pmu_init(void);

void pmu_init(void)
{
	/*
	 * MDCR_EL2: all PMCR_EL0.N counters usable below EL2 (HPMN = N), no traps
	 * (TPM, TPMCR clear), counting at EL2 allowed (HPMD clear).
	 * PMUSERENR_EL0: EL0 may program and read the counters (EN, SW, CR, ER).
	 */
	u64 n = (sysreg_read(pmcr_el0) >> 11) & 0x1f;
	sysreg_write(mdcr_el2, n);
	sysreg_write(pmuserenr_el0, 0xf);
	isb();
}
