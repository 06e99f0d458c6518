/* SPDX-License-Identifier: BSD-2-Clause */
/* TAP output for guests: "ok N - what", "not ok N - what", then the plan "1..N". */
#pragma once

#include <stdbool.h>

/* Prints one result; returns cond. */
__attribute__((format(printf, 2, 3))) bool tap_ok(bool cond, const char *fmt, ...);

/* "ok N - what # SKIP why": a check that cannot run on this platform. */
__attribute__((format(printf, 2, 3))) void tap_skip(const char *why, const char *fmt, ...);

/* "# ..." diagnostics. */
__attribute__((format(printf, 1, 2))) void tap_diag(const char *fmt, ...);

/* How many results so far (0 when the guest printed none, e.g. the benchmark). */
unsigned tap_count(void);

/* A named check; tern_only ones are skipped on bare QEMU (tdev, Tern hypercalls). */
struct tap_check {
	const char *name;
	bool (*run)(void);
	bool tern_only;
};

void tap_run(const struct tap_check *checks, unsigned n);

#define TAP_SKIP_NOT_TERN "not under Tern"
