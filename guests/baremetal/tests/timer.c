// SPDX-License-Identifier: BSD-2-Clause
/* guest-timer: the EL1 virtual timer: TVAL/CVAL, then 50 interrupts at a 1 ms period. */
#include "gic.h"
#include "runtime.h"
#include "tap.h"
#include "timer.h"
#include "trap.h"

#define PERIOD_MS  1
#define TICKS	   50
#define TIMEOUT_MS 5000

static volatile unsigned timer_irqs, timer_other_irqs;
static volatile uint64_t timer_period, timer_max_late;

/* The next deadline is one period after the last one, not after now: no drift. */
static void timer_irq(unsigned intid, struct trap_frame *f)
{
	if (intid != GIC_INTID_VTIMER) {
		timer_other_irqs++;
		return;
	}
	uint64_t cval = timer_cval();
	if (f->stamp - cval > timer_max_late)
		timer_max_late = f->stamp - cval;
	if (++timer_irqs == TICKS)
		timer_set_ctl(0);
	else
		timer_set_cval(cval + timer_period);
}

/* TVAL is CVAL - CNTVCT as a signed 32-bit view (Arm ARM, CNTV_TVAL_EL0). */
static void timer_tval_check(void)
{
	uint32_t tval = (uint32_t)timer_ms_to_ticks(100);
	uint64_t before = timer_now();
	timer_set_tval(tval);
	uint64_t after = timer_now();
	uint64_t cval = timer_cval();
	int32_t left = timer_tval();

	tap_ok(cval >= before + tval && cval <= after + tval,
	       "writing TVAL sets CVAL to the counter plus TVAL");
	tap_ok(left > 0 && (uint32_t)left <= tval, "TVAL reads back the ticks left (%d of %u)",
	       left, tval);
	timer_set_cval(timer_now() - 1000);
	tap_ok(timer_tval() < 0, "TVAL is negative once CVAL has passed");
	timer_set_ctl(CNTV_CTL_ENABLE | CNTV_CTL_IMASK);
	tap_ok(timer_ctl() & CNTV_CTL_ISTATUS, "ISTATUS is set once CVAL has passed, even masked");
	timer_set_ctl(0);
}

static void timer_periodic(void)
{
	uint64_t start = timer_now();
	uint64_t deadline = start + timer_ms_to_ticks(TIMEOUT_MS);

	timer_period = timer_ms_to_ticks(PERIOD_MS);
	timer_set_cval(start + timer_period);
	timer_set_ctl(CNTV_CTL_ENABLE);
	/* Busy, not in WFI (guest-wfi does that): the interrupts must reach a running vCPU. */
	trap_irq_enable();
	while (timer_irqs < TICKS && !timer_passed(deadline))
		runtime_relax();
	trap_irq_disable();
	uint64_t elapsed = timer_now() - start;
	timer_set_ctl(0);

	tap_ok(timer_irqs == TICKS, "%u timer interrupts (%u)", TICKS, timer_irqs);
	tap_ok(elapsed >= (TICKS - 1) * timer_period, "they took at least %u ms (%lu us)",
	       (TICKS - 1) * PERIOD_MS, timer_ticks_to_ns(elapsed) / 1000);
	tap_ok(timer_other_irqs == 0, "no other interrupts (%u)", timer_other_irqs);
	tap_diag("latest interrupt: %lu us after its deadline",
		 timer_ticks_to_ns(timer_max_late) / 1000);
}

void guest_main(void)
{
	trap_set_irq_handler(timer_irq);
	gic_cpu_init();
	timer_tval_check();
	timer_periodic();
}
