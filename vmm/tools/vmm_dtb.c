// SPDX-License-Identifier: BSD-2-Clause
/*
 * vmm-dtb (host): writes the device tree the VMM would build for a Linux
 * guest, from the VMM's own command line, so that plain QEMU can boot the
 * same kernel with the same DT (`-dtb`; make bench's baseline):
 *
 *   vmm-dtb OUT.dtb [--model TEXT] -k Image -r initrd -c "bootargs" --mem 256 --cpus 1
 *
 * The Image and the initrd are only read for their sizes and the Image's
 * header: the initrd's place in /chosen is where the VMM would put it.
 * Without -r the kernel is not read at all (tests' DTBs for -d: --model
 * names the tree so that a test sees Linux took it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "devices.h"
#include "fdt_build.h"
#include "fdt_virt.h"
#include "linux_image.h"
#include "vmm.h"

static long file_size(const char *path, void *head, size_t len)
{
	FILE *f = fopen(path, "rb");
	long size = -1;

	if (f && (!head || fread(head, 1, len, f) == len) && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	if (f)
		fclose(f);
	if (size <= 0)
		fprintf(stderr, "vmm-dtb: cannot read %s\n", path);
	return size;
}

int main(int argc, char **argv)
{
	static uint8_t blob[LINUX_DTB_MAX];
	uint8_t hdr[LINUX_HDR_SIZE];
	struct vmm_config cfg;
	struct linux_image img;
	struct linux_layout l;
	char err[160];
	const char *model = NULL, *path = argc > 1 ? argv[1] : NULL;
	long rlen = 0, n;
	FILE *out;

	if (argc > 3 && strcmp(argv[2], "--model") == 0) {
		model = argv[3];
		argv += 2;
		argc -= 2;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: vmm-dtb OUT.dtb [--model TEXT] VMM-OPTIONS...\n");
		return 2;
	}
	/* argv[1] stands where the VMM's program name would. */
	if (config_parse(&cfg, argc - 1, argv + 1, err, sizeof(err))) {
		fprintf(stderr, "vmm-dtb: %s\n", err);
		return 2;
	}
	l = (struct linux_layout){0};
	if (cfg.initrd) {
		if (file_size(cfg.kernel, hdr, sizeof(hdr)) < 0 ||
		    (rlen = file_size(cfg.initrd, NULL, 0)) < 0)
			return 1;
		if (linux_image_parse(hdr, sizeof(hdr), &img, err, sizeof(err)) ||
		    linux_image_place(&img, cfg.ram_base, cfg.ram_size, (uint64_t)rlen, &l, err,
				      sizeof(err))) {
			fprintf(stderr, "vmm-dtb: %s: %s\n", cfg.kernel, err);
			return 1;
		}
	}
	/* The VMM's own description of the guest (fdt_virt.c). */
	struct fdt_build_cfg c = fdt_virt_cfg(&cfg, cfg.cpus, &l);
	c.model = model;
	if ((n = fdt_build(&c, blob, sizeof(blob), err, sizeof(err))) < 0) {
		fprintf(stderr, "vmm-dtb: %s\n", err);
		return 1;
	}
	if (!(out = fopen(path, "wb")) || fwrite(blob, 1, (size_t)n, out) != (size_t)n ||
	    fclose(out)) {
		fprintf(stderr, "vmm-dtb: cannot write %s\n", path);
		return 1;
	}
	return 0;
}
