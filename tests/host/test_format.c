// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of the kernel's snprintf (kernel/lib/format.c). */
#include <string.h>

#include "format.h"
#include "tap.h"

static int same(const char *got, const char *want)
{
	return ok(strcmp(got, want) == 0, "\"%s\" == \"%s\"", got, want);
}

int main(void)
{
	char b[64];

	format_snprintf(b, sizeof(b), "%d %i %u", -42, 7, 3000000000U);
	same(b, "-42 7 3000000000");
	format_snprintf(b, sizeof(b), "%lx %016lx %x", 0xdeadbeefUL, 0x1234UL, 0xffU);
	same(b, "deadbeef 0000000000001234 ff");
	format_snprintf(b, sizeof(b), "[%5d] [%05d] [%-4s]", 42, -42, "ab");
	same(b, "[   42] [-0042] [ab  ]");
	const char *volatile null_string = NULL;
	format_snprintf(b, sizeof(b), "%s %c %%", null_string, 'x');
	same(b, "(null) x %");
	format_snprintf(b, sizeof(b), "%p", (void *)0xffff000040000000UL);
	same(b, "0xffff000040000000");
	format_snprintf(b, sizeof(b), "%ld %lu", -9223372036854775807L - 1, 18446744073709551615UL);
	same(b, "-9223372036854775808 18446744073709551615");
	int n = format_snprintf(b, 8, "%s", "truncated output");
	ok(n == 16 && strcmp(b, "truncat") == 0,
	   "truncation keeps the NUL and returns the full length");
	ok(format_snprintf(NULL, 0, "abc") == 3, "size 0 writes nothing");
	const char *odd = "%q";
	format_snprintf(b, sizeof(b), odd);
	same(b, "%q");
	return tap_done();
}
