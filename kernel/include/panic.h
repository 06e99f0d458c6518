/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel panic: report, then power the machine off so that nothing hangs. */
#pragma once

#include "types.h"

struct trap_frame;

__noreturn void panic(const char *fmt, ...) __printf(1, 2);
__noreturn void panic_frame(const struct trap_frame *f, const char *fmt, ...) __printf(2, 3);

/* CHECK: an invariant whose failure makes it unsafe to continue. */
#define CHECK(cond)                                                                    \
	do {                                                                           \
		if (!(cond))                                                           \
			panic("CHECK failed: %s at %s:%d", #cond, __FILE__, __LINE__); \
	} while (0)
