// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-sgi: software-generated interrupts between two vCPUs through
 * ICC_SGI1R_EL1: vCPU 0 -> vCPU 1 (target list), vCPU 1 -> vCPU 0, and
 * vCPU 0 -> all others (IRM), then vCPU 1 powers off. Needs 2 vCPUs.
 */
#include "gic.h"
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "tap.h"
#include "timer.h"
#include "trap.h"

#define TIMEOUT_MS 2000
#define SGI_TO_1   1
#define SGI_TO_0   2
#define SGI_OTHERS 3

/* Each flag has one writer. seen[intid] = 1 + the vCPU that took it. */
static volatile unsigned sgi_seen[16];
static volatile unsigned sgi_unexpected;
static volatile bool cpu1_ready, cpu1_may_exit;

static void sgi_irq(unsigned intid, struct trap_frame *f)
{
	if (intid < 16 && !sgi_seen[intid])
		sgi_seen[intid] = 1 + runtime_cpu();
	else
		sgi_unexpected++;
}

/* vCPU 1: answers SGI 1 with SGI 2, then takes interrupts until vCPU 0 lets it go (CPU_OFF). */
static void sgi_cpu1(uint64_t ctx)
{
	uint64_t deadline = timer_deadline_ms(2 * TIMEOUT_MS);

	gic_cpu_init();
	cpu1_ready = true;
	while (!sgi_seen[SGI_TO_1] && !timer_passed(deadline))
		trap_wait_irq();
	gic_send_sgi(SGI_TO_0, 1u << 0);
	while (!cpu1_may_exit && !timer_passed(deadline)) {
		trap_irq_enable();
		trap_irq_disable();
		runtime_relax();
	}
}

static bool sgi_wait(volatile unsigned *flag, uint64_t timeout_ms)
{
	uint64_t deadline = timer_deadline_ms(timeout_ms);

	trap_irq_enable();
	while (!*flag && !timer_passed(deadline))
		runtime_relax();
	trap_irq_disable();
	return *flag;
}

void guest_main(void)
{
	trap_set_irq_handler(sgi_irq);
	gic_cpu_init();

	int64_t r = smp_start(1, sgi_cpu1, 0);
	if (!tap_ok(r == PSCI_SUCCESS, "CPU_ON vCPU 1 (%ld)", r))
		runtime_bail("vCPU 1 did not start: this guest needs 2 vCPUs");
	tap_ok(smp_wait_state(1, PSCI_AFF_ON, TIMEOUT_MS), "AFFINITY_INFO says vCPU 1 is on");
	uint64_t deadline = timer_deadline_ms(TIMEOUT_MS);
	while (!cpu1_ready && !timer_passed(deadline))
		runtime_relax();
	tap_ok(cpu1_ready, "vCPU 1 runs and set up its GIC interface");

	gic_send_sgi(SGI_TO_1, 1u << 1);
	sgi_wait(&sgi_seen[SGI_TO_1], TIMEOUT_MS);
	tap_ok(sgi_seen[SGI_TO_1] == 2, "SGI 1 sent to vCPU 1 by target list reached vCPU 1 (%u)",
	       sgi_seen[SGI_TO_1]);

	sgi_wait(&sgi_seen[SGI_TO_0], TIMEOUT_MS);
	tap_ok(sgi_seen[SGI_TO_0] == 1, "SGI 2 sent back by vCPU 1 reached vCPU 0 (%u)",
	       sgi_seen[SGI_TO_0]);

	gic_send_sgi_others(SGI_OTHERS);
	sgi_wait(&sgi_seen[SGI_OTHERS], TIMEOUT_MS);
	tap_ok(sgi_seen[SGI_OTHERS] == 2, "SGI 3 to all others (IRM) reached vCPU 1 only (%u)",
	       sgi_seen[SGI_OTHERS]);

	cpu1_may_exit = true;
	tap_ok(smp_wait_state(1, PSCI_AFF_OFF, TIMEOUT_MS),
	       "vCPU 1 called CPU_OFF: AFFINITY_INFO says off");
	tap_ok(sgi_unexpected == 0, "no unexpected interrupts (%u)", sgi_unexpected);
}
