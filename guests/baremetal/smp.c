// SPDX-License-Identifier: BSD-2-Clause
/* Secondary vCPU start and stop through PSCI. */
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "timer.h"

/* Written by vCPU 0 before CPU_ON, read by the started vCPU. */
static void (*volatile smp_fn[RUNTIME_MAX_CPUS])(uint64_t ctx);
volatile struct smp_entry_state smp_entry[RUNTIME_MAX_CPUS];

int64_t smp_start(unsigned cpu, void (*fn)(uint64_t ctx), uint64_t ctx)
{
	if (cpu < RUNTIME_MAX_CPUS)
		smp_fn[cpu] = fn;
	__asm__ volatile("dsb sy" ::: "memory");
	return psci_cpu_on(cpu, (uintptr_t)secondary_entry, ctx);
}

bool smp_wait_state(unsigned cpu, int64_t want, unsigned timeout_ms)
{
	uint64_t deadline = timer_deadline_ms(timeout_ms);

	while (psci_affinity_info(cpu) != want) {
		if (timer_passed(deadline))
			return false;
		runtime_relax();
	}
	return true;
}

void runtime_secondary(unsigned cpu, uint64_t ctx, uint64_t el, uint64_t daif)
{
	smp_entry[cpu].ctx = ctx;
	smp_entry[cpu].el = el;
	smp_entry[cpu].daif = daif;
	if (!smp_fn[cpu])
		runtime_bail("vCPU %u started without a function", cpu);
	smp_fn[cpu](ctx);
	psci_cpu_off();
	runtime_bail("vCPU %u: CPU_OFF returned", cpu);
}
