// SPDX-License-Identifier: BSD-2-Clause
/* Boot of a guest: probe for Tern, run guest_main, print the TAP plan, power off. */
#include "console.h"
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "tap.h"

bool runtime_tern;

/*
 * Bare QEMU's PSCI answers NOT_SUPPORTED for the unknown id. Any other
 * answer means Tern, even a wrong sum: the checks then run and fail.
 */
static bool runtime_probe_tern(void)
{
	const uint64_t x[8] = {TERN_HVC_ECHO, 1, 2, 3, 4, 5, 6, 7};
	uint64_t r = hvc_call8(x);

	console_printf("# platform: %s (TERN_HVC_ECHO of 1..7 returned %ld)\n",
		       r == (uint64_t)PSCI_NOT_SUPPORTED ? "bare QEMU" : "Tern", (int64_t)r);
	return r != (uint64_t)PSCI_NOT_SUPPORTED;
}

void runtime_boot(uint64_t el, uint64_t daif)
{
	smp_entry[0].el = el;
	smp_entry[0].daif = daif;
	runtime_tern = runtime_probe_tern();
	guest_main();
	if (tap_count())
		console_printf("1..%u\n", tap_count());
	console_puts("guest: done\n");
	psci_system_off();
}

void runtime_bail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_puts("Bail out! ");
	console_vprintf(fmt, ap);
	va_end(ap);
	console_puts("\nguest: done\n");
	psci_system_off();
}
