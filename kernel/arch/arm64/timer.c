// SPDX-License-Identifier: BSD-2-Clause
/*
 * The EL2 physical timer (CNTHP_*_EL2) as a one-shot: it fires at the next
 * scheduler tick or the earliest IPC timeout, whichever comes first.
 */
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "sched.h"

#define CNT_CTL_ENABLE (1UL << 0)

static u64 timer_freq, timer_period, timer_tick_count, next_tick;

void timer_reprogram(void)
{
	u64 deadline = next_tick, t = sched_next_timeout();

	if (t && t < deadline)
		deadline = t;
	sysreg_write(cnthp_cval_el2, deadline);
	isb();
}

void timer_init(void)
{
	timer_freq = sysreg_read(cntfrq_el0);
	timer_period = timer_freq / TIMER_HZ;
	next_tick = timer_count() + timer_period;
	this_cpu()->last_tick = timer_count();
	timer_reprogram();
	sysreg_write(cnthp_ctl_el2, CNT_CTL_ENABLE);
	isb();
}

void timer_handle_irq(void)
{
	u64 now = timer_count();

	if (now >= next_tick) {
		/* Keep the tick on its grid; skip ticks missed while interrupts were off. */
		next_tick += timer_period;
		if (next_tick <= now)
			next_tick = now + timer_period;
		timer_tick_count++;
		sched_tick(now);
	}
	sched_expire_timeouts(now);
	timer_reprogram();
}

u64 timer_ticks(void)
{
	return timer_tick_count;
}

u64 timer_frequency(void)
{
	return timer_freq;
}

u64 timer_ticks_to_ns(u64 ticks)
{
	return ticks / timer_freq * 1000000000UL + ticks % timer_freq * 1000000000UL / timer_freq;
}
