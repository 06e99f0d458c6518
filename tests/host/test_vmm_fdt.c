// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the guest device tree (vmm/fdt_build.c): built for 1..4
 * vCPUs, with and without initrd, PL031 and virtio slots, then read back
 * with libfdt node by node and property by property; the refusals (bad
 * configurations, buffers too small, never written past); and the dump.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_build.h"
#include "tap.h"

#define MIB (1UL << 20)

static uint8_t blob[65536 + 64];
static char err[200];

/* QEMU virt's map (hw/arm/virt.c), as the VMM uses it. */
static const struct fdt_build_dev virtio2[] = {{0x0a000000, 0x200, 16}, {0x0a000200, 0x200, 17}};

static struct fdt_build_cfg cfg(unsigned ncpus)
{
	return (struct fdt_build_cfg){
		.ram_base = 0x40000000,
		.ram_size = 256 * MIB,
		.ncpus = ncpus,
		.gicd_base = 0x08000000,
		.gicr_base = 0x080a0000,
		.uart = {0x09000000, 0x1000, 1},
		.rtc = true,
		.rtc_dev = {0x09010000, 0x1000, 2},
		.bootargs = "console=ttyAMA0 tern.init=poweroff",
		.initrd = true,
		.initrd_start = 0x42010000,
		.initrd_end = 0x42010000 + 2176760,
	};
}

static long build(const struct fdt_build_cfg *c, size_t size)
{
	err[0] = '\0';
	return fdt_build(c, blob, size, err, sizeof(err));
}

/* ---- reading back ------------------------------------------------------------ */

static int node(const char *path)
{
	return fdt_path_offset(blob, path);
}

static bool has_u32(int off, const char *name, uint32_t v)
{
	int len;
	const fdt32_t *p = fdt_getprop(blob, off, name, &len);
	return p && len == 4 && fdt32_to_cpu(*p) == v;
}

static bool has_cells(int off, const char *name, const uint32_t *v, int n)
{
	int len;
	const fdt32_t *p = fdt_getprop(blob, off, name, &len);

	if (!p || len != 4 * n)
		return false;
	for (int i = 0; i < n; i++)
		if (fdt32_to_cpu(p[i]) != v[i])
			return false;
	return true;
}

static bool has_u64(int off, const char *name, uint64_t v)
{
	int len;
	const void *p = fdt_getprop(blob, off, name, &len);
	fdt64_t be;

	if (!p || len != 8)
		return false;
	memcpy(&be, p, sizeof(be)); /* a DT value is only 4-byte aligned */
	return fdt64_to_cpu(be) == v;
}

static bool has_empty(int off, const char *name)
{
	int len = -1;
	return fdt_getprop(blob, off, name, &len) && len == 0;
}

static bool has_string(int off, const char *name, const char *s)
{
	int len;
	const char *p = fdt_getprop(blob, off, name, &len);
	return p && len == (int)strlen(s) + 1 && strcmp(p, s) == 0;
}

/* Exactly these strings, in this order. */
static bool has_strings(int off, const char *name, const char *a, const char *b)
{
	return fdt_stringlist_count(blob, off, name) == (b ? 2 : 1) &&
	       strcmp(fdt_stringlist_get(blob, off, name, 0, NULL), a) == 0 &&
	       (!b || strcmp(fdt_stringlist_get(blob, off, name, 1, NULL), b) == 0);
}

static bool has_reg(int off, uint64_t base, uint64_t size)
{
	const uint32_t reg[] = {base >> 32, (uint32_t)base, size >> 32, (uint32_t)size};
	return has_cells(off, "reg", reg, 4);
}

static bool has_irq(int off, uint32_t type, uint32_t num, uint32_t flags)
{
	const uint32_t irq[] = {type, num, flags};
	return has_cells(off, "interrupts", irq, 3);
}

static int nprops(int off)
{
	int p, n = 0;
	fdt_for_each_property_offset (p, blob, off) {
		n++;
	}
	return n;
}

static int nsubnodes(int off)
{
	int s, n = 0;
	fdt_for_each_subnode (s, blob, off) {
		n++;
	}
	return n;
}

/* Every node and property of a tree built from c, with its exact value. */
static void check_tree(const struct fdt_build_cfg *c, long size, const char *what)
{
	unsigned n = c->ncpus;
	int root = node("/"), cpus = node("/cpus"), gic = node("/intc@8000000");
	int mem = node("/memory@40000000"), psci = node("/psci"), timer = node("/timer");
	int clk = node("/apb-pclk"), uart = node("/pl011@9000000"), rtc = node("/pl031@9010000");
	int chosen = node("/chosen");

	ok(size > 0 && fdt_check_header(blob) == 0 && fdt_totalsize(blob) == (uint32_t)size &&
		   fdt_num_mem_rsv(blob) == 0,
	   "%s: a valid blob of %ld bytes, no memory reservations", what, size);
	ok(root == 0 && has_u32(root, "#address-cells", 2) && has_u32(root, "#size-cells", 2) &&
		   has_strings(root, "compatible", "linux,dummy-virt", NULL) &&
		   has_u32(root, "interrupt-parent", FDT_PHANDLE_GIC) &&
		   fdt_node_offset_by_phandle(blob, FDT_PHANDLE_GIC) == gic &&
		   fdt_getprop(blob, root, "model", NULL) && nprops(root) == 5,
	   "%s: / with 2 address and size cells, linux,dummy-virt, the GIC as interrupt parent",
	   what);
	ok(nsubnodes(root) == 8 + c->rtc + (int)c->nvirtio,
	   "%s: / has memory, cpus, psci, intc, timer, apb-pclk, pl011, %schosen", what,
	   c->rtc ? "pl031, " : "");
	ok(mem > 0 && has_string(mem, "device_type", "memory") &&
		   has_reg(mem, c->ram_base, c->ram_size) && nprops(mem) == 2,
	   "%s: /memory@40000000 with RAM's base and size", what);

	bool cpus_ok = cpus > 0 && has_u32(cpus, "#address-cells", 1) &&
		       has_u32(cpus, "#size-cells", 0) && nsubnodes(cpus) == (int)n;
	for (unsigned i = 0; i < n; i++) {
		char path[32];
		snprintf(path, sizeof(path), "/cpus/cpu@%u", i);
		int cpu = node(path);
		cpus_ok = cpus_ok && cpu > 0 && has_string(cpu, "device_type", "cpu") &&
			  has_strings(cpu, "compatible", "arm,armv8", NULL) &&
			  has_u32(cpu, "reg", i) && has_string(cpu, "enable-method", "psci") &&
			  nprops(cpu) == 4;
	}
	ok(cpus_ok,
	   "%s: /cpus (1 address cell, 0 size cells) with cpu@0..%u: cpu, arm,armv8, "
	   "reg = index, enable-method psci",
	   what, n - 1);
	ok(psci > 0 && has_strings(psci, "compatible", "arm,psci-1.0", "arm,psci-0.2") &&
		   has_string(psci, "method", "hvc") && nprops(psci) == 2,
	   "%s: /psci 1.0 and 0.2 through hvc", what);

	const uint32_t gic_reg[] = {0, 0x08000000, 0, 0x10000, 0, 0x080a0000, 0, 0x20000 * n};
	ok(gic > 0 && has_strings(gic, "compatible", "arm,gic-v3", NULL) &&
		   has_u32(gic, "#interrupt-cells", 3) && has_empty(gic, "interrupt-controller") &&
		   has_u32(gic, "#address-cells", 0) && has_u32(gic, "#redistributor-regions", 1) &&
		   has_cells(gic, "reg", gic_reg, 8) && has_irq(gic, 1, 9, 4) &&
		   has_u32(gic, "phandle", FDT_PHANDLE_GIC) && nprops(gic) == 8 &&
		   nsubnodes(gic) == 0,
	   "%s: /intc@8000000: GICv3, distributor 64 KiB, %u redistributor(s) in one region, "
	   "maintenance PPI 9",
	   what, n);

	const uint32_t timer_irqs[] = {1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4};
	ok(timer > 0 && has_strings(timer, "compatible", "arm,armv8-timer", "arm,armv7-timer") &&
		   has_cells(timer, "interrupts", timer_irqs, 12) &&
		   has_empty(timer, "always-on") && nprops(timer) == 3,
	   "%s: /timer: PPIs 13, 14, 11, 10, level (4), always-on", what);
	ok(clk > 0 && has_strings(clk, "compatible", "fixed-clock", NULL) &&
		   has_u32(clk, "#clock-cells", 0) && has_u32(clk, "clock-frequency", 24000000) &&
		   has_u32(clk, "phandle", FDT_PHANDLE_CLK) &&
		   fdt_node_offset_by_phandle(blob, FDT_PHANDLE_CLK) == clk,
	   "%s: /apb-pclk: a fixed 24 MHz clock", what);

	const uint32_t uart_clocks[] = {FDT_PHANDLE_CLK, FDT_PHANDLE_CLK};
	ok(uart > 0 && has_strings(uart, "compatible", "arm,pl011", "arm,primecell") &&
		   has_reg(uart, 0x09000000, 0x1000) && has_irq(uart, 0, 1, 4) &&
		   has_cells(uart, "clocks", uart_clocks, 2) &&
		   has_strings(uart, "clock-names", "uartclk", "apb_pclk") && nprops(uart) == 5,
	   "%s: /pl011@9000000: PrimeCell, 4 KiB, SPI 1 level high, two clocks", what);
	if (c->rtc)
		ok(rtc > 0 && has_strings(rtc, "compatible", "arm,pl031", "arm,primecell") &&
			   has_reg(rtc, 0x09010000, 0x1000) && has_irq(rtc, 0, 2, 4) &&
			   has_u32(rtc, "clocks", FDT_PHANDLE_CLK) &&
			   has_strings(rtc, "clock-names", "apb_pclk", NULL) && nprops(rtc) == 5,
		   "%s: /pl031@9010000: PrimeCell, SPI 2", what);
	else
		ok(rtc == -FDT_ERR_NOTFOUND, "%s: no /pl031", what);

	bool virtio_ok = true;
	for (unsigned i = 0; i < c->nvirtio; i++) {
		char path[48];
		snprintf(path, sizeof(path), "/virtio_mmio@%llx",
			 (unsigned long long)c->virtio[i].base);
		int v = node(path);
		virtio_ok = virtio_ok && v > 0 &&
			    has_strings(v, "compatible", "virtio,mmio", NULL) &&
			    has_reg(v, c->virtio[i].base, c->virtio[i].size) &&
			    has_irq(v, 0, c->virtio[i].spi, 1) && has_empty(v, "dma-coherent") &&
			    nprops(v) == 4;
	}
	ok(virtio_ok && fdt_node_offset_by_compatible(blob, -1, "virtio,mmio") ==
				(c->nvirtio ? node("/virtio_mmio@a000000") : -FDT_ERR_NOTFOUND),
	   "%s: %u virtio_mmio node(s): reg, SPI edge rising, dma-coherent", what, c->nvirtio);

	int len;
	const char *out = fdt_getprop(blob, chosen, "stdout-path", &len);
	bool args = c->bootargs && c->bootargs[0];
	ok(chosen > 0 && out && fdt_path_offset(blob, out) == uart &&
		   (args ? has_string(chosen, "bootargs", c->bootargs)
			 : !fdt_getprop(blob, chosen, "bootargs", NULL)),
	   "%s: /chosen: stdout-path leads to the PL011; bootargs %s", what,
	   args ? "as given" : "absent");
	if (c->initrd)
		ok(has_u64(chosen, "linux,initrd-start", c->initrd_start) &&
			   has_u64(chosen, "linux,initrd-end", c->initrd_end) &&
			   nprops(chosen) == 3 + args,
		   "%s: /chosen: linux,initrd-start and -end as 64-bit values", what);
	else
		ok(!fdt_getprop(blob, chosen, "linux,initrd-start", NULL) &&
			   !fdt_getprop(blob, chosen, "linux,initrd-end", NULL) &&
			   nprops(chosen) == 1 + args,
		   "%s: /chosen: no initrd properties", what);
}

static void test_trees(void)
{
	for (unsigned n = 1; n <= VMM_MAX_CPUS; n++) {
		struct fdt_build_cfg c = cfg(n);
		char what[64];

		if (n % 2 == 0) {
			c.initrd = false;
			c.rtc = false;
		}
		if (n >= 3) {
			c.virtio = virtio2;
			c.nvirtio = 2;
		}
		if (n == 4)
			c.bootargs = NULL;
		snprintf(what, sizeof(what), "%u vCPU(s), %s initrd", n,
			 c.initrd ? "with" : "without");
		memset(blob, 0xa5, sizeof(blob));
		long size = build(&c, 65536);
		if (!ok(size > 0, "%s: built (%s)", what, err))
			continue;
		check_tree(&c, size, what);
	}

	struct fdt_build_cfg c = cfg(2);
	c.bootargs = "";
	ok(build(&c, 65536) > 0 && !fdt_getprop(blob, node("/chosen"), "bootargs", NULL),
	   "empty bootargs: no bootargs property");
	c = cfg(2);
	c.ram_base = 0x80000000;
	c.ram_size = 4096 * MIB;
	c.initrd = false;
	ok(build(&c, 65536) > 0 && has_reg(node("/memory@80000000"), 0x80000000, 4096 * MIB),
	   "4 GiB of RAM at 2 GiB: /memory@80000000 with 64-bit cells");
	c = cfg(2);
	c.initrd_start = c.initrd_end = 0x48000000;
	ok(build(&c, 65536) > 0 && has_u64(node("/chosen"), "linux,initrd-start", 0x48000000),
	   "an empty initrd is described as given");

	struct fdt_build_dev many[FDT_BUILD_VIRTIO_MAX];
	for (unsigned i = 0; i < FDT_BUILD_VIRTIO_MAX; i++)
		many[i] = (struct fdt_build_dev){0x0a000000 + 0x200 * i, 0x200, 16 + i};
	c = cfg(4);
	c.virtio = many;
	c.nvirtio = FDT_BUILD_VIRTIO_MAX;
	long size = build(&c, 65536);
	ok(size > 0 && node("/virtio_mmio@a003e00") > 0 &&
		   has_irq(node("/virtio_mmio@a003e00"), 0, 47, 1),
	   "32 virtio slots, as QEMU's: %ld bytes", size);

	/* The same input, the same bytes: a guest's DT does not depend on what the buffer held. */
	static uint8_t again[65536];
	c = cfg(3);
	memset(blob, 0x11, sizeof(blob));
	size = build(&c, 65536);
	memcpy(again, blob, (size_t)size);
	memset(blob, 0x77, sizeof(blob));
	ok(build(&c, 65536) == size && memcmp(again, blob, (size_t)size) == 0,
	   "deterministic: built twice, the same %ld bytes", size);
}

static void test_refusals(void)
{
	struct fdt_build_cfg c = cfg(0);
	ok(build(&c, 65536) == -1 && strstr(err, "0 vCPUs"), "no vCPUs: %s", err);
	c = cfg(VMM_MAX_CPUS + 1);
	ok(build(&c, 65536) == -1 && strstr(err, "5 vCPUs"), "5 vCPUs: %s", err);
	c = cfg(1);
	c.ram_size = 0;
	ok(build(&c, 65536) == -1 && strstr(err, "RAM"), "no RAM: %s", err);
	c = cfg(1);
	c.ram_base = UINT64_MAX - 0xfff;
	ok(build(&c, 65536) == -1, "RAM beyond 2^64");
	c = cfg(1);
	c.initrd_start = 0x30000000;
	ok(build(&c, 65536) == -1 && strstr(err, "initrd"), "an initrd below RAM: %s", err);
	c = cfg(1);
	c.initrd_end = 0x50000001;
	ok(build(&c, 65536) == -1 && strstr(err, "initrd"), "an initrd beyond RAM's end");
	c = cfg(1);
	c.initrd_end = c.initrd_start - 1;
	ok(build(&c, 65536) == -1 && strstr(err, "initrd"), "an initrd ending before it starts");
	c = cfg(1);
	c.initrd_start = 0;
	c.initrd = false;
	ok(build(&c, 65536) > 0, "... but its addresses do not matter when there is none");

	struct fdt_build_dev many[FDT_BUILD_VIRTIO_MAX + 1];
	for (unsigned i = 0; i <= FDT_BUILD_VIRTIO_MAX; i++)
		many[i] = (struct fdt_build_dev){0x0a000000 + 0x200 * i, 0x200, 16 + i};
	c = cfg(1);
	c.virtio = many;
	c.nvirtio = FDT_BUILD_VIRTIO_MAX + 1;
	ok(build(&c, 65536) == -1 && strstr(err, "virtio"), "33 virtio slots: %s", err);
	c.nvirtio = 1;
	c.virtio = NULL;
	ok(build(&c, 65536) == -1, "a virtio slot count without slots");
	c = cfg(1);
	c.virtio = many;
	c.nvirtio = 2;
	many[1].spi = FDT_BUILD_SPI_MAX + 1;
	ok(build(&c, 65536) == -1 && strstr(err, "slot 1"), "SPI 988: %s", err);
	many[1].spi = FDT_BUILD_SPI_MAX;
	ok(build(&c, 65536) > 0, "SPI 987 (INTID 1019), the last");
	many[1].size = 0;
	ok(build(&c, 65536) == -1, "an empty virtio window");
	many[1] = (struct fdt_build_dev){0x0a000200, 0x200, 1};
	ok(build(&c, 65536) == -1 && strstr(err, "share"), "a virtio slot on the PL011's SPI: %s",
	   err);
	c = cfg(1);
	c.rtc_dev.spi = 1;
	ok(build(&c, 65536) == -1 && strstr(err, "share"), "the PL031 on the PL011's SPI");
	c.rtc = false;
	ok(build(&c, 65536) > 0, "... fine when there is no PL031");
	c = cfg(1);
	c.uart.size = 0;
	ok(build(&c, 65536) == -1, "a PL011 without a window");

	/* Buffers too small: refused, and nothing written past their end. */
	c = cfg(4);
	c.virtio = virtio2;
	c.nvirtio = 2;
	long size = build(&c, 65536);
	ok(size > 0, "4 vCPUs with everything: %ld bytes", size);
	memset(blob, 0x5a, sizeof(blob));
	ok(build(&c, (size_t)size) == size, "a buffer of exactly that size is enough");
	bool clean = true;
	size_t sizes[] = {0, 16, 40, 64, 256, (size_t)size / 2, (size_t)size - 1};
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		memset(blob, 0x5a, sizeof(blob));
		long r = build(&c, sizes[i]);
		clean = clean && r == -1 && strstr(err, "too small");
		for (size_t j = sizes[i]; j < sizeof(blob); j++)
			clean = clean && blob[j] == 0x5a;
	}
	ok(clean, "buffers of 0 to %ld bytes: too small (%s), nothing written past them", size - 1,
	   err);
}

/* ---- the dump ------------------------------------------------------------------ */

static char dumped[200][200];
static unsigned ndumped;

__attribute__((format(printf, 1, 2))) static void collect(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (ndumped < 200)
		vsnprintf(dumped[ndumped], sizeof(dumped[0]), fmt, ap);
	ndumped++;
	va_end(ap);
}

static bool dumped_line(const char *line)
{
	for (unsigned i = 0; i < ndumped && i < 200; i++)
		if (strcmp(dumped[i], line) == 0)
			return true;
	return false;
}

static void test_dump(void)
{
	struct fdt_build_cfg c = cfg(2);
	c.virtio = virtio2;
	c.nvirtio = 2;
	ok(build(&c, 65536) > 0, "a tree to dump");
	ndumped = 0;
	int r = fdt_build_dump(blob, collect);
	ok(r == 0, "dumped: %u lines", ndumped);
	int depth = 0, min = 0;
	for (unsigned i = 0; i < ndumped && i < 200; i++) {
		depth += strchr(dumped[i], '{') != NULL;
		depth -= strstr(dumped[i], "};") != NULL;
		min = depth < min ? depth : min;
	}
	ok(depth == 0 && min == 0 && ndumped < 200, "braces balanced");
	ok(dumped_line("/ {") && dumped_line("  cpus {") && dumped_line("    cpu@1 {") &&
		   dumped_line("      reg = <0x1>;") && dumped_line("    };") && dumped_line("};"),
	   "nodes nested by indentation");
	ok(dumped_line("    compatible = \"arm,pl011\", \"arm,primecell\";") &&
		   dumped_line("    reg = <0x0 0x40000000 0x0 0x10000000>;") &&
		   dumped_line("    interrupt-controller;") &&
		   dumped_line("    linux,initrd-start = <0x0 0x42010000>;") &&
		   dumped_line("    bootargs = \"console=ttyAMA0 tern.init=poweroff\";") &&
		   dumped_line("    interrupts = <0x0 0x10 0x1>;"),
	   "string lists, cells, empty properties");
	ok(dumped_line("    interrupts = <0x1 0xd 0x4 0x1 0xe 0x4 0x1 0xb 0x4 0x1 0xa 0x4>;"),
	   "the timer's twelve cells");

	/* A property of odd length and a long one, made by hand. */
	fdt_create(blob, 4096);
	fdt_finish_reservemap(blob);
	fdt_begin_node(blob, "");
	fdt_property(blob, "bytes", "\x01\x02\x03", 3);
	static const uint8_t zeros[100];
	fdt_property(blob, "long", zeros, sizeof(zeros));
	fdt_property(blob, "nul", "a\0\0b", 5);
	fdt_end_node(blob);
	fdt_finish(blob);
	ndumped = 0;
	ok(fdt_build_dump(blob, collect) == 0 && dumped_line("  bytes = [01 02 03];") &&
		   strstr(dumped[2], " ...>;") && dumped_line("  nul = [61 00 00 62 00];"),
	   "bytes, a value cut after 16 cells, an empty string in a list: as bytes");
	memset(blob, 0, 64);
	ok(fdt_build_dump(blob, collect) < 0, "a damaged blob: a libfdt error");
}

int main(void)
{
	test_trees();
	test_refusals();
	test_dump();
	return tap_done();
}
