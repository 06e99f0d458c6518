/* SPDX-License-Identifier: BSD-2-Clause */
/* Secondary vCPUs: start one with PSCI CPU_ON on a C function, wait for it to be off. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* start.S's CPU_ON entry point: sets up the vCPU and calls its function. */
void secondary_entry(void);

/* What start.S saw when this vCPU entered (for checking the entry state). */
struct smp_entry_state {
	uint64_t ctx;  /* x0: the CPU_ON context id */
	uint64_t el;   /* CurrentEL */
	uint64_t daif; /* DAIF */
};
extern volatile struct smp_entry_state smp_entry[];

/*
 * CPU_ON of vCPU cpu at secondary_entry: it runs fn(ctx) on its own stack,
 * then calls CPU_OFF when fn returns. Returns the PSCI status.
 */
int64_t smp_start(unsigned cpu, void (*fn)(uint64_t ctx), uint64_t ctx);

/* Polls AFFINITY_INFO until it says want (PSCI_AFF_*); false on timeout. */
bool smp_wait_state(unsigned cpu, int64_t want, unsigned timeout_ms);
