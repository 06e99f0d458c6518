/* SPDX-License-Identifier: BSD-2-Clause */
/* A tiny TAP producer for host unit tests: ok(cond, ...), then tap_done(). */
#pragma once

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

__attribute__((format(printf, 2, 3))) static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;
	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		tap_failed++;
	return cond;
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

/* Kernel CHECK failures land here instead of stopping the test (fake_panic.c). */
extern jmp_buf *panic_catch;
extern char panic_message[256];

/* Evaluates to 1 when stmt made the kernel code panic. */
#define PANICS(stmt)                       \
	({                                 \
		jmp_buf jb;                \
		volatile int panicked = 0; \
		panic_catch = &jb;         \
		if (setjmp(jb) == 0) {     \
			stmt;              \
		} else {                   \
			panicked = 1;      \
		}                          \
		panic_catch = NULL;        \
		panicked;                  \
	})
