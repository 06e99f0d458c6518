/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's tick: the EL2 physical timer (CNTHP, Arm ARM D11.2). */
#pragma once

#include "types.h"

#define TIMER_HZ 100

void timer_init(void);
void timer_handle_irq(void);
/* Fire at the earlier of the next tick and the next timeout (sched_next_timeout). */
void timer_reprogram(void);
u64 timer_ticks(void);
u64 timer_frequency(void);
/* Counter ticks as nanoseconds, without overflow for centuries. */
u64 timer_ticks_to_ns(u64 ticks);
static inline u64 timer_count(void)
{
	u64 v;
	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v));
	return v;
}
