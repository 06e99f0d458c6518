// SPDX-License-Identifier: BSD-2-Clause
/* kprintf: formatted output to the kernel console. */
#include <stdarg.h>

#include "console.h"
#include "format.h"

void kprintf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	int n = format_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	console_write(buf, n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}
