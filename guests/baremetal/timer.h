/* SPDX-License-Identifier: BSD-2-Clause */
/* The EL1 virtual timer and counter (Arm ARM, the Generic Timer), and deadlines for timeouts. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define CNTV_CTL_ENABLE	 (1UL << 0)
#define CNTV_CTL_IMASK	 (1UL << 1)
#define CNTV_CTL_ISTATUS (1UL << 2)

/* The ISB keeps the read from being done early, before the code it measures. */
static inline uint64_t timer_now(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline uint64_t timer_freq(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

static inline uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return ms * timer_freq() / 1000;
}

static inline uint64_t timer_ticks_to_ns(uint64_t ticks)
{
	return ticks * 1000000000 / timer_freq();
}

static inline uint64_t timer_deadline_ms(uint64_t ms)
{
	return timer_now() + timer_ms_to_ticks(ms);
}

static inline bool timer_passed(uint64_t deadline)
{
	return timer_now() >= deadline;
}

static inline void timer_set_cval(uint64_t cval)
{
	__asm__ volatile("msr cntv_cval_el0, %0" ::"r"(cval));
}

static inline uint64_t timer_cval(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntv_cval_el0" : "=r"(v));
	return v;
}

static inline void timer_set_tval(uint32_t tval)
{
	__asm__ volatile("msr cntv_tval_el0, %0" ::"r"((uint64_t)tval));
}

static inline int32_t timer_tval(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, cntv_tval_el0" : "=r"(v));
	return (int32_t)v;
}

static inline void timer_set_ctl(uint64_t ctl)
{
	__asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" ::"r"(ctl) : "memory");
}

static inline uint64_t timer_ctl(void)
{
	uint64_t v;
	__asm__ volatile("isb\n\tmrs %0, cntv_ctl_el0" : "=r"(v)::"memory");
	return v;
}
