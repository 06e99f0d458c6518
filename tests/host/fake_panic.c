// SPDX-License-Identifier: BSD-2-Clause
/* The kernel's panic() for host tests: recorded and caught, or fatal when unexpected. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "panic.h"

jmp_buf *panic_catch;
char panic_message[256];

void panic(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(panic_message, sizeof(panic_message), fmt, ap);
	va_end(ap);
	if (panic_catch)
		longjmp(*panic_catch, 1);
	fprintf(stderr, "unexpected kernel panic: %s\n", panic_message);
	abort();
}
