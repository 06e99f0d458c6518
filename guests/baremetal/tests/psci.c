// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-psci: PSCI CPU_ON, AFFINITY_INFO and CPU_OFF (Arm DEN 0022) on
 * vCPU 1, twice, with their error returns. Needs 2 vCPUs.
 */
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "tap.h"
#include "timer.h"

#define TIMEOUT_MS 2000

/* Written by vCPU 1 only. */
static volatile uint64_t cpu1_ctx;
static volatile unsigned cpu1_mpidr;
static volatile unsigned cpu1_runs;
/* Written by vCPU 0 only. */
static volatile bool cpu1_may_exit;

/* Returns to the runtime, which calls CPU_OFF. */
static void psci_cpu1(uint64_t ctx)
{
	uint64_t deadline = timer_deadline_ms(2 * TIMEOUT_MS);

	cpu1_mpidr = runtime_cpu();
	cpu1_ctx = ctx;
	cpu1_runs++;
	while (!cpu1_may_exit && !timer_passed(deadline))
		runtime_relax();
}

static bool psci_wait_ctx(uint64_t ctx)
{
	uint64_t deadline = timer_deadline_ms(TIMEOUT_MS);

	while (cpu1_ctx != ctx && !timer_passed(deadline))
		runtime_relax();
	return cpu1_ctx == ctx;
}

/* One life of vCPU 1: on with a context id, checked, told to leave, off. */
static void psci_cycle(unsigned round, uint64_t ctx)
{
	cpu1_may_exit = false;
	smp_entry[1].el = smp_entry[1].daif = 0;
	int64_t r = smp_start(1, psci_cpu1, ctx);
	if (!tap_ok(r == PSCI_SUCCESS, "round %u: CPU_ON vCPU 1 returns SUCCESS (%ld)", round, r))
		runtime_bail("vCPU 1 did not start: this guest needs 2 vCPUs");
	tap_ok(psci_wait_ctx(ctx), "round %u: vCPU 1 got context id %#lx in x0 (%#lx)", round, ctx,
	       cpu1_ctx);
	tap_ok(cpu1_mpidr == 1, "round %u: vCPU 1 has MPIDR_EL1.Aff0 = 1 (%u)", round, cpu1_mpidr);
	tap_ok(smp_entry[1].el == 1 << 2 && smp_entry[1].daif == 0x3c0,
	       "round %u: vCPU 1 entered at EL1 with DAIF masked (CurrentEL %#lx, DAIF %#lx)",
	       round, smp_entry[1].el, smp_entry[1].daif);
	tap_ok(psci_affinity_info(1) == PSCI_AFF_ON, "round %u: AFFINITY_INFO vCPU 1 is ON", round);
	r = psci_cpu_on(1, (uintptr_t)secondary_entry, 0);
	tap_ok(r == PSCI_ALREADY_ON, "round %u: CPU_ON of a running vCPU returns ALREADY_ON (%ld)",
	       round, r);
	cpu1_may_exit = true;
	tap_ok(smp_wait_state(1, PSCI_AFF_OFF, TIMEOUT_MS),
	       "round %u: after CPU_OFF AFFINITY_INFO vCPU 1 is OFF", round);
}

void guest_main(void)
{
	uint64_t v = hvc_call(PSCI_VERSION, 0, 0, 0);
	tap_ok(v >= 0x10000, "PSCI_VERSION %lu.%lu", v >> 16, v & 0xffff);
	tap_ok(psci_affinity_info(1) == PSCI_AFF_OFF, "AFFINITY_INFO vCPU 1 is OFF at boot");
	tap_ok(psci_affinity_info(0) == PSCI_AFF_ON, "AFFINITY_INFO vCPU 0 (the caller) is ON");

	int64_t r = psci_cpu_on(7, (uintptr_t)secondary_entry, 0);
	tap_ok(r == PSCI_INVALID_PARAMETERS,
	       "CPU_ON of MPIDR 7 (no such vCPU) returns INVALID_PARAMETERS (%ld)", r);
	r = psci_affinity_info(7);
	tap_ok(r == PSCI_INVALID_PARAMETERS,
	       "AFFINITY_INFO of MPIDR 7 returns INVALID_PARAMETERS (%ld)", r);
	r = psci_cpu_on(0, (uintptr_t)secondary_entry, 0);
	tap_ok(r == PSCI_ALREADY_ON, "CPU_ON of the caller returns ALREADY_ON (%ld)", r);

	psci_cycle(1, 0x0123456789abcdef);
	/* A vCPU that was turned off can be turned on again, with a fresh context id. */
	psci_cycle(2, 0xfedcba9876543210);
	tap_ok(cpu1_runs == 2, "vCPU 1 ran twice (%u)", cpu1_runs);
}
