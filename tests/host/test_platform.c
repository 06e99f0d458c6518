// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of device-tree parsing (kernel/platform.c) against the DTB that
 * QEMU's virt machine produces (-machine dumpdtb=), edited with libfdt to
 * cover /chosen variants and broken trees.
 */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "platform.h"
#include "tap.h"

static char dtb[1 << 20], work[(1 << 20) + 4096];

static const char *parse_work(struct platform *p)
{
	return platform_parse(work, p);
}

static void reset(void)
{
	fdt_open_into(dtb, work, sizeof(work));
}

static int chosen(void)
{
	int n = fdt_path_offset(work, "/chosen");
	return n >= 0 ? n : fdt_add_subnode(work, 0, "chosen");
}

int main(int argc, char **argv)
{
	struct platform p;
	const char *err;

	if (argc < 2) {
		fprintf(stderr, "usage: %s virt.dtb\n", argv[0]);
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!ok(f != NULL, "open %s", argv[1]))
		return tap_done();
	size_t len = fread(dtb, 1, sizeof(dtb), f);
	fclose(f);
	ok(len > 0 && fdt_check_header(dtb) == 0, "QEMU's DTB is valid (%zu bytes)", len);

	reset();
	err = parse_work(&p);
	ok(err == NULL, "parses: %s", err ? err : "ok");
	ok(p.nmemory == 1 && p.memory[0].base == 0x40000000 && p.memory[0].size == 512UL << 20,
	   "memory 0x40000000 + 512 MiB");
	ok(p.uart_base == 0x09000000, "PL011 at 0x09000000 (stdout-path)");
	ok(p.gicd_base == 0x08000000 && p.gicr_base == 0x080a0000, "GICv3 dist and redist");
	ok(p.timer_hyp_intid == 26 && p.timer_virt_intid == 27,
	   "timer INTIDs 26 (EL2) and 27 (virt)");
	ok(p.has_psci && !p.psci_hvc, "PSCI through SMC (virtualization=on, no EL3)");
	ok(p.ncpus == 2, "two CPUs in the tree (-smp 2)");
	ok(p.initrd_start == 0 && p.initrd_end == 0, "no initrd without -initrd");

	reset();
	fdt_setprop_string(work, chosen(), "bootargs", "init=rom/hello a b");
	fdt_setprop_u32(work, chosen(), "linux,initrd-start", 0x48000000);
	fdt_setprop_u32(work, chosen(), "linux,initrd-end", 0x48001000);
	err = parse_work(&p);
	ok(!err && strcmp(p.bootargs, "init=rom/hello a b") == 0, "bootargs read");
	ok(p.initrd_start == 0x48000000 && p.initrd_end == 0x48001000, "32-bit initrd range");

	reset();
	fdt_setprop_u64(work, chosen(), "linux,initrd-start", 0x148000000UL);
	fdt_setprop_u64(work, chosen(), "linux,initrd-end", 0x148002000UL);
	err = parse_work(&p);
	ok(!err && p.initrd_start == 0x148000000UL && p.initrd_end == 0x148002000UL,
	   "64-bit initrd range");

	reset();
	fdt_setprop_u32(work, chosen(), "linux,initrd-start", 0x48000000);
	err = parse_work(&p);
	ok(err && strstr(err, "only one"), "initrd start without end: %s", err);

	reset();
	fdt_setprop_u32(work, chosen(), "linux,initrd-start", 0x48001000);
	fdt_setprop_u32(work, chosen(), "linux,initrd-end", 0x48000000);
	err = parse_work(&p);
	ok(err && strstr(err, "ends before"), "initrd end before start: %s", err);

	reset();
	fdt_del_node(work, fdt_node_offset_by_compatible(work, -1, "arm,gic-v3"));
	err = parse_work(&p);
	ok(err && strstr(err, "GICv3"), "no GIC: %s", err);

	reset();
	fdt_del_node(work, fdt_node_offset_by_compatible(work, -1, "arm,armv8-timer"));
	err = parse_work(&p);
	ok(err && strstr(err, "timer"), "no timer: %s", err);

	reset();
	int mem = fdt_path_offset(work, "/memory@40000000");
	fdt_delprop(work, mem, "reg");
	err = parse_work(&p);
	ok(err && strstr(err, "memory"), "memory without reg: %s", err);

	reset();
	fdt_delprop(work, chosen(), "stdout-path");
	err = parse_work(&p);
	ok(!err && p.uart_base == 0x09000000, "no stdout-path: the first PL011 is used");

	reset();
	fdt_add_mem_rsv(work, 0x41000000, 0x10000);
	err = parse_work(&p);
	ok(!err && p.nreserved == 1 && p.reserved[0].base == 0x41000000, "/memreserve/ entries");

	reset();
	work[0] = 0;
	err = parse_work(&p);
	ok(err && strstr(err, "header"), "garbage: %s", err);
	return tap_done();
}
