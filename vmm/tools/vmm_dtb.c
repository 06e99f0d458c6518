// SPDX-License-Identifier: BSD-2-Clause
/*
 * A host tool: the device tree the VMM would build (fdt_build.c), written to
 * a file, so that tests can give the VMM a DTB of its own kind with -d.
 *   vmm-dtb --cpus N --mem MIB [--model TEXT] [--bootargs TEXT] -o FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_build.h"
#include "vmm.h"

static unsigned long number(const char *s, unsigned long max)
{
	char *end;
	unsigned long v = strtoul(s, &end, 0);

	if (!*s || *end || v < 1 || v > max) {
		fprintf(stderr, "vmm-dtb: '%s' is not a number in 1..%lu\n", s, max);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	static unsigned char buf[65536];
	struct fdt_build_cfg c = {
		.ram_base = VMM_RAM_BASE_DEFAULT,
		.ram_size = 16UL << 20,
		.ncpus = 1,
		.gicd_base = VMM_GICD_BASE,
		.gicr_base = VMM_GICR_BASE,
		.uart = {VMM_PL011_BASE, PL011_SIZE, VMM_PL011_SPI},
		.rtc = true,
		.rtc_dev = {VMM_PL031_BASE, PL031_SIZE, VMM_PL031_SPI},
	};
	const char *out = NULL;
	char err[160];

	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--cpus") == 0)
			c.ncpus = (unsigned)number(argv[i + 1], VMM_MAX_CPUS);
		else if (strcmp(argv[i], "--mem") == 0)
			c.ram_size = number(argv[i + 1], VMM_RAM_MIB_MAX) << 20;
		else if (strcmp(argv[i], "--model") == 0)
			c.model = argv[i + 1];
		else if (strcmp(argv[i], "--bootargs") == 0)
			c.bootargs = argv[i + 1];
		else if (strcmp(argv[i], "-o") == 0)
			out = argv[i + 1];
		else
			break;
	}
	if (!out || argc % 2 == 0) {
		fprintf(stderr, "usage: vmm-dtb --cpus N --mem MIB [--model TEXT] "
				"[--bootargs TEXT] -o FILE\n");
		return 2;
	}
	long n = fdt_build(&c, buf, sizeof(buf), err, sizeof(err));
	if (n < 0) {
		fprintf(stderr, "vmm-dtb: %s\n", err);
		return 1;
	}
	FILE *f = fopen(out, "wb");
	if (!f || fwrite(buf, 1, (size_t)n, f) != (size_t)n || fclose(f) != 0) {
		fprintf(stderr, "vmm-dtb: cannot write %s\n", out);
		return 1;
	}
	return 0;
}
