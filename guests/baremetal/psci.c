// SPDX-License-Identifier: BSD-2-Clause
/* SMCCC calls from EL1: HVC goes to the VMM (or QEMU's PSCI), SMC is trapped to it. */
#include "psci.h"

uint64_t hvc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	const uint64_t x[8] = {x0, x1, x2, x3};
	return hvc_call8(x);
}

uint64_t smc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	const uint64_t x[8] = {x0, x1, x2, x3};
	return smc_call8(x);
}

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx)
{
	return (int64_t)hvc_call(PSCI_CPU_ON, mpidr, entry, ctx);
}

int64_t psci_affinity_info(uint64_t mpidr)
{
	return (int64_t)hvc_call(PSCI_AFFINITY_INFO, mpidr, 0, 0);
}

void psci_cpu_off(void)
{
	hvc_call(PSCI_CPU_OFF, 0, 0, 0);
}

void psci_system_off(void)
{
	hvc_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	/* Still here: nothing more to do, and nothing may wake us. */
	for (;;)
		__asm__ volatile("msr daifset, #0xf\n\twfi");
}

void tern_bench(unsigned stop, uint64_t iterations, const char *name)
{
	hvc_call(TERN_HVC_BENCH, stop, iterations, (uintptr_t)name);
}
