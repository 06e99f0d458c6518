/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VMM's output: whole lines (several vCPU threads print at once), and
 * rate limits for what a guest can trigger at will.
 */
#pragma once

#include <stdbool.h>

#define VMM_PRINTF(a, b) __attribute__((format(printf, a, b)))

extern bool vmm_verbose;

/* One line, as it is (the guest's console, bench results). */
void vmm_print(const char *fmt, ...) VMM_PRINTF(1, 2);
/* Output without a newline (a prompt): shown at once while the VMM has the console. */
void vmm_write(const char *s, unsigned n);
/* One line with the "vmm: " prefix. */
void vmm_log(const char *fmt, ...) VMM_PRINTF(1, 2);
/* vmm_log, only with -v. */
void vmm_debug(const char *fmt, ...) VMM_PRINTF(1, 2);

/* The first RATELIMIT_BURST events pass, then one in RATELIMIT_EVERY. */
#define RATELIMIT_BURST 8
#define RATELIMIT_EVERY 1000

struct ratelimit {
	unsigned long events;
};

/* Count an event; true if it should be logged. Safe from several threads. */
static inline bool ratelimit_ok(struct ratelimit *r)
{
	unsigned long n = __atomic_add_fetch(&r->events, 1, __ATOMIC_RELAXED);
	return n <= RATELIMIT_BURST || n % RATELIMIT_EVERY == 0;
}
