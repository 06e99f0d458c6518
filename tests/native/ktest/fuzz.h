// SPDX-License-Identifier: BSD-2-Clause
/* The fuzzer's two halves: the invocation generator (child side) and its driver (root side). */
#pragma once

#include <stdint.h>

/*
 * The fuzz child's object space (fz_child_new in fuzz.c): 1 its task, 2 a
 * small factory, 3 its thread, 5 the log (R only), 7 an IRQ, 8 and 9 gates
 * to a root thread that just replies (RWSD and RW), 10 a second thread of
 * its own that never runs, 11 and 12 main's pager and exception gates (W);
 * the other slots below FZ_SLOTS start empty.
 */
#define FZ_SLOTS 16

/* At the bottom of the fuzz child's shared page; main reads it. */
struct fz_shared {
	volatile uint64_t cur; /* the invocation being made */
	volatile uint64_t finished;
	uint64_t start, end, seed;
	/* Outcomes: [0] label 0, [1] label < 0 (an operation's error), [2 + e] IPC error e. */
	volatile uint32_t outcome[2 + 16];
};

/* Runs in the fuzz child: invocations start..end-1 of the seed's sequence. */
void fz_child_main(void *arg);
