// SPDX-License-Identifier: BSD-2-Clause
/* TAP results, printed by vCPU 0 only (the counter is not shared safely). */
#include "console.h"
#include "runtime.h"
#include "tap.h"

static unsigned tap_n;

static void tap_line(const char *status, const char *fmt, va_list ap)
{
	console_printf("%s %u - ", status, ++tap_n);
	console_vprintf(fmt, ap);
}

bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_line(cond ? "ok" : "not ok", fmt, ap);
	va_end(ap);
	console_putc('\n');
	return cond;
}

void tap_skip(const char *why, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	tap_line("ok", fmt, ap);
	va_end(ap);
	console_printf(" # SKIP %s\n", why);
}

void tap_diag(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_puts("# ");
	console_vprintf(fmt, ap);
	va_end(ap);
	console_putc('\n');
}

unsigned tap_count(void)
{
	return tap_n;
}

void tap_run(const struct tap_check *checks, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (checks[i].tern_only && !runtime_tern)
			tap_skip(TAP_SKIP_NOT_TERN, "%s", checks[i].name);
		else
			tap_ok(checks[i].run(), "%s", checks[i].name);
	}
}
