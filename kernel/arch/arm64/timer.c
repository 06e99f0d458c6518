// SPDX-License-Identifier: BSD-2-Clause
/* Periodic tick from the EL2 physical timer (CNTHP_*_EL2), INTID from the device tree. */
#include "arch/gic.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "sched.h"

#define CNT_CTL_ENABLE (1UL << 0)

static u64 timer_freq, timer_period, timer_tick_count;

void timer_init(void)
{
	timer_freq = sysreg_read(cntfrq_el0);
	timer_period = timer_freq / TIMER_HZ;
	sysreg_write(cnthp_tval_el2, timer_period);
	sysreg_write(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void timer_handle_irq(void)
{
	/* Re-arm relative to the previous deadline so the tick does not drift. */
	u64 cval = sysreg_read(cnthp_cval_el2) + timer_period;
	if (cval < timer_count())
		cval = timer_count() + timer_period;
	sysreg_write(cnthp_cval_el2, cval);
	timer_tick_count++;
	sched_tick();
}

u64 timer_ticks(void)
{
	return timer_tick_count;
}
u64 timer_frequency(void)
{
	return timer_freq;
}
