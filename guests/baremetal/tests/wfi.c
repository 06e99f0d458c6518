// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-wfi: WFI woken by the virtual timer. First with the interrupt masked
 * in PSTATE: WFI still wakes (Arm ARM, WFI wake-up events) and the interrupt
 * stays pending for ICC_IAR1_EL1. Then with a real IRQ handler.
 */
#include "gic.h"
#include "runtime.h"
#include "tap.h"
#include "timer.h"
#include "trap.h"

#define WAIT_MS	   10
#define TIMEOUT_MS 2000

static volatile unsigned wfi_irqs, wfi_other_irqs;

static void wfi_irq(unsigned intid, struct trap_frame *f)
{
	if (intid != GIC_INTID_VTIMER) {
		wfi_other_irqs++;
		return;
	}
	/* The timer's output is a level: disable it before the EOI. */
	timer_set_ctl(0);
	wfi_irqs++;
}

/* PSTATE.I stays set throughout: WFI returns, the interrupt is never taken. */
static void wfi_masked(void)
{
	uint64_t ticks = timer_ms_to_ticks(WAIT_MS);
	uint64_t start = timer_now();
	uint64_t deadline = start + timer_ms_to_ticks(TIMEOUT_MS);
	unsigned wakeups = 0;

	timer_set_cval(start + ticks);
	timer_set_ctl(CNTV_CTL_ENABLE);
	while (!(timer_ctl() & CNTV_CTL_ISTATUS) && !timer_passed(deadline)) {
		__asm__ volatile("wfi" ::: "memory");
		wakeups++;
	}
	uint64_t elapsed = timer_now() - start;

	tap_ok(timer_ctl() & CNTV_CTL_ISTATUS, "masked: the timer fired (after %u WFI returns)",
	       wakeups);
	tap_ok(elapsed >= ticks, "masked: at least %d ms passed (%lu us)", WAIT_MS,
	       timer_ticks_to_ns(elapsed) / 1000);
	unsigned intid = gic_ack();
	tap_ok(intid == GIC_INTID_VTIMER, "masked: ICC_IAR1_EL1 acknowledges INTID 27 (%u)", intid);
	timer_set_ctl(0);
	if (intid < GIC_INTID_SPURIOUS)
		gic_eoi(intid);
	tap_ok(wfi_irqs == 0, "masked: no IRQ was taken");
}

static void wfi_unmasked(void)
{
	uint64_t ticks = timer_ms_to_ticks(WAIT_MS);
	uint64_t start = timer_now();
	uint64_t deadline = start + timer_ms_to_ticks(TIMEOUT_MS);

	timer_set_cval(start + ticks);
	timer_set_ctl(CNTV_CTL_ENABLE);
	while (!wfi_irqs && !timer_passed(deadline))
		trap_wait_irq();
	uint64_t elapsed = timer_now() - start;

	tap_ok(wfi_irqs == 1, "unmasked: one timer IRQ taken (%u)", wfi_irqs);
	tap_ok(elapsed >= ticks, "unmasked: at least %d ms passed (%lu us)", WAIT_MS,
	       timer_ticks_to_ns(elapsed) / 1000);
	tap_ok(wfi_other_irqs == 0, "unmasked: no other IRQ (%u)", wfi_other_irqs);
}

void guest_main(void)
{
	trap_set_irq_handler(wfi_irq);
	gic_cpu_init();
	wfi_masked();
	wfi_unmasked();
}
