/* SPDX-License-Identifier: BSD-2-Clause */
/* Output to the PL011 at 0x09000000, and a small printf. */
#pragma once

#include <stdarg.h>

void console_putc(char c);
void console_puts(const char *s);

/* Conversions: %d %i %u %x %s %c %%, flags '#' (0x) and '0', a width, and l/ll/z. */
__attribute__((format(printf, 1, 2))) void console_printf(const char *fmt, ...);
__attribute__((format(printf, 1, 0))) void console_vprintf(const char *fmt, va_list ap);
