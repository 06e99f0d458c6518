// SPDX-License-Identifier: BSD-2-Clause
/*
 * The guest's device tree, as QEMU virt describes its machine (hw/arm/virt.c)
 * and with the bindings of Linux's Documentation/devicetree/bindings/:
 * interrupt-controller/arm,gic-v3.yaml, timer/arm,arch_timer.yaml,
 * arm/psci.yaml, serial/pl011.yaml, rtc/arm,pl031.yaml, virtio/mmio.yaml.
 * Written front to back with libfdt's sequential-write functions, so the
 * phandles are fixed numbers known before their nodes.
 */
#include <libfdt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fail.h"
#include "fdt_build.h"

/* GICv3 spec (IHI 0069) chapter 12: a 64 KiB distributor; per CPU, RD_base and SGI_base. */
#define GICD_FRAME   0x10000UL
#define GICR_PER_CPU 0x20000UL

/* The three cells of an arm,gic-v3 interrupt specifier: type, number, flags. */
#define GIC_SPI		0
#define GIC_PPI		1 /* number = INTID - 16 */
#define IRQ_EDGE_RISING 1
#define IRQ_LEVEL_HIGH	4

/* PPIs the architecture assigns (Arm BSA, "PPI assignments"): INTID 25, 26, 27, 29, 30. */
#define PPI_GIC_MAINT	 9
#define PPI_HYP_TIMER	 10
#define PPI_VIRT_TIMER	 11
#define PPI_SECURE_TIMER 13
#define PPI_PHYS_TIMER	 14

/* QEMU's apb-pclk: the AMBA bus wants a clock for every PrimeCell; the rate means nothing here. */
#define APB_PCLK_HZ 24000000U

#define CELLS_MAX      12 /* the longest value built here: the timer's interrupts */
#define DUMP_CELLS_MAX 16 /* a longer value prints cut */

/*
 * The writer: the first libfdt error sticks and every later call does
 * nothing, so the builders below read as the tree they make.
 */
struct dt {
	void *fdt;
	int err;
};

__attribute__((format(printf, 2, 3))) static void dt_begin(struct dt *d, const char *fmt, ...)
{
	char name[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	if (!d->err)
		d->err = fdt_begin_node(d->fdt, name);
}

static void dt_end(struct dt *d)
{
	if (!d->err)
		d->err = fdt_end_node(d->fdt);
}

static void dt_prop(struct dt *d, const char *name, const void *val, int len)
{
	if (!d->err)
		d->err = fdt_property(d->fdt, name, val, len);
}

/* A string list from a literal, "a\0b": its size counts the last NUL too. */
#define dt_strings(d, name, lit) dt_prop(d, name, lit, sizeof(lit))

static void dt_string(struct dt *d, const char *name, const char *s)
{
	dt_prop(d, name, s, (int)strlen(s) + 1);
}

/* A flag property: no value (but a valid pointer: libfdt copies 0 bytes from it). */
static void dt_empty(struct dt *d, const char *name)
{
	dt_prop(d, name, "", 0);
}

static void dt_u32(struct dt *d, const char *name, uint32_t v)
{
	if (!d->err)
		d->err = fdt_property_cell(d->fdt, name, v);
}

static void dt_u64(struct dt *d, const char *name, uint64_t v)
{
	if (!d->err)
		d->err = fdt_property_u64(d->fdt, name, v);
}

/* n cells (at most CELLS_MAX), big endian as every DT value. */
static void dt_cells(struct dt *d, const char *name, const uint32_t *v, unsigned n)
{
	fdt32_t be[CELLS_MAX];

	for (unsigned i = 0; i < n && i < CELLS_MAX; i++)
		be[i] = cpu_to_fdt32(v[i]);
	dt_prop(d, name, be, (int)(n * sizeof(fdt32_t)));
}

/* reg of n windows (base, size pairs), with the root's #address-cells = #size-cells = 2. */
static void dt_regs(struct dt *d, const uint64_t *pairs, unsigned n)
{
	uint32_t reg[8];

	for (unsigned i = 0; i < 2 * n && i < 4; i++) {
		reg[2 * i] = pairs[i] >> 32;
		reg[2 * i + 1] = (uint32_t)pairs[i];
	}
	dt_cells(d, "reg", reg, 4 * n);
}

static void dt_reg(struct dt *d, uint64_t base, uint64_t size)
{
	const uint64_t pair[] = {base, size};
	dt_regs(d, pair, 1);
}

static void dt_irq(struct dt *d, uint32_t type, uint32_t num, uint32_t flags)
{
	const uint32_t irq[] = {type, num, flags};
	dt_cells(d, "interrupts", irq, 3);
}

static void dt_memory(struct dt *d, const struct fdt_build_cfg *c)
{
	dt_begin(d, "memory@%llx", (unsigned long long)c->ram_base);
	dt_string(d, "device_type", "memory");
	dt_reg(d, c->ram_base, c->ram_size);
	dt_end(d);
}

/* reg is MPIDR_EL1's affinity: Aff0 = the vCPU's index, as the VMM sets VMPIDR. */
static void dt_cpus(struct dt *d, const struct fdt_build_cfg *c)
{
	dt_begin(d, "cpus");
	dt_u32(d, "#address-cells", 1);
	dt_u32(d, "#size-cells", 0);
	for (unsigned i = 0; i < c->ncpus; i++) {
		dt_begin(d, "cpu@%u", i);
		dt_string(d, "device_type", "cpu");
		dt_string(d, "compatible", "arm,armv8");
		dt_u32(d, "reg", i);
		dt_string(d, "enable-method", "psci");
		dt_end(d);
	}
	dt_end(d);
}

/* PSCI 0.2 and later use the standard function IDs: no cpu_on etc. properties. */
static void dt_psci(struct dt *d)
{
	dt_begin(d, "psci");
	dt_strings(d, "compatible", "arm,psci-1.0\0arm,psci-0.2");
	dt_string(d, "method", "hvc");
	dt_end(d);
}

/* One redistributor region with a frame pair per vCPU, GICR_TYPER.Last on the last. */
static void dt_gic(struct dt *d, const struct fdt_build_cfg *c)
{
	const uint64_t reg[] = {c->gicd_base, GICD_FRAME, c->gicr_base, GICR_PER_CPU * c->ncpus};

	dt_begin(d, "intc@%llx", (unsigned long long)c->gicd_base);
	dt_string(d, "compatible", "arm,gic-v3");
	/* No ITS children and no interrupt-map to read it: 0, which dtc's checks want said. */
	dt_u32(d, "#address-cells", 0);
	dt_u32(d, "#interrupt-cells", 3);
	dt_empty(d, "interrupt-controller");
	dt_u32(d, "#redistributor-regions", 1);
	dt_regs(d, reg, 2);
	dt_irq(d, GIC_PPI, PPI_GIC_MAINT, IRQ_LEVEL_HIGH);
	dt_u32(d, "phandle", FDT_PHANDLE_GIC);
	dt_end(d);
}

/*
 * The four timers in the binding's order. Flags 4 (level high) as QEMU gives
 * them for GICv3; GICv2's CPU mask in bits 8-15 does not exist with
 * affinity routing. Linux at EL1 uses the virtual timer.
 */
static void dt_timer(struct dt *d)
{
	static const uint32_t ppi[] = {PPI_SECURE_TIMER, PPI_PHYS_TIMER, PPI_VIRT_TIMER,
				       PPI_HYP_TIMER};
	uint32_t irqs[3 * 4];

	for (unsigned i = 0; i < 4; i++) {
		irqs[3 * i] = GIC_PPI;
		irqs[3 * i + 1] = ppi[i];
		irqs[3 * i + 2] = IRQ_LEVEL_HIGH;
	}
	dt_begin(d, "timer");
	dt_strings(d, "compatible", "arm,armv8-timer\0arm,armv7-timer");
	dt_cells(d, "interrupts", irqs, 12);
	dt_empty(d, "always-on");
	dt_end(d);
}

static void dt_clock(struct dt *d)
{
	dt_begin(d, "apb-pclk");
	dt_string(d, "compatible", "fixed-clock");
	dt_u32(d, "#clock-cells", 0);
	dt_u32(d, "clock-frequency", APB_PCLK_HZ);
	dt_string(d, "clock-output-names", "clk24mhz");
	dt_u32(d, "phandle", FDT_PHANDLE_CLK);
	dt_end(d);
}

/* PrimeCells: without clocks Linux's AMBA bus cannot read their ID registers and skips them. */
static void dt_pl011(struct dt *d, const struct fdt_build_dev *u)
{
	const uint32_t clocks[] = {FDT_PHANDLE_CLK, FDT_PHANDLE_CLK};

	dt_begin(d, "pl011@%llx", (unsigned long long)u->base);
	dt_strings(d, "compatible", "arm,pl011\0arm,primecell");
	dt_reg(d, u->base, u->size);
	dt_irq(d, GIC_SPI, u->spi, IRQ_LEVEL_HIGH);
	dt_cells(d, "clocks", clocks, 2);
	dt_strings(d, "clock-names", "uartclk\0apb_pclk");
	dt_end(d);
}

static void dt_pl031(struct dt *d, const struct fdt_build_dev *r)
{
	dt_begin(d, "pl031@%llx", (unsigned long long)r->base);
	dt_strings(d, "compatible", "arm,pl031\0arm,primecell");
	dt_reg(d, r->base, r->size);
	dt_irq(d, GIC_SPI, r->spi, IRQ_LEVEL_HIGH);
	dt_u32(d, "clocks", FDT_PHANDLE_CLK);
	dt_string(d, "clock-names", "apb_pclk");
	dt_end(d);
}

/*
 * Edge-triggered as QEMU and kvmtool describe virtio-mmio: the VMM injects
 * an edge per notification and needs no EOI; InterruptStatus still says why.
 */
static void dt_virtio(struct dt *d, const struct fdt_build_dev *v)
{
	dt_begin(d, "virtio_mmio@%llx", (unsigned long long)v->base);
	dt_string(d, "compatible", "virtio,mmio");
	dt_reg(d, v->base, v->size);
	dt_irq(d, GIC_SPI, v->spi, IRQ_EDGE_RISING);
	dt_empty(d, "dma-coherent");
	dt_end(d);
}

/* No kaslr-seed and no rng-seed: the VMM has no entropy to give yet. */
static void dt_chosen(struct dt *d, const struct fdt_build_cfg *c)
{
	char path[32];

	snprintf(path, sizeof(path), "/pl011@%llx", (unsigned long long)c->uart.base);
	dt_begin(d, "chosen");
	if (c->bootargs && c->bootargs[0])
		dt_string(d, "bootargs", c->bootargs);
	dt_string(d, "stdout-path", path);
	if (c->initrd) {
		dt_u64(d, "linux,initrd-start", c->initrd_start);
		dt_u64(d, "linux,initrd-end", c->initrd_end);
	}
	dt_end(d);
}

static bool dev_ok(const struct fdt_build_dev *v)
{
	return v->size && v->base <= UINT64_MAX - v->size && v->spi <= FDT_BUILD_SPI_MAX;
}

/* Each SPI at most once: two devices on one line is a VMM bug that the guest would only hint at. */
static bool spis_distinct(const struct fdt_build_cfg *c)
{
	unsigned spi[FDT_BUILD_VIRTIO_MAX + 2], n = 0;

	spi[n++] = c->uart.spi;
	if (c->rtc)
		spi[n++] = c->rtc_dev.spi;
	for (unsigned i = 0; i < c->nvirtio; i++)
		spi[n++] = c->virtio[i].spi;
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = i + 1; j < n; j++)
			if (spi[i] == spi[j])
				return false;
	return true;
}

static int fdt_build_check(const struct fdt_build_cfg *c, char *err, size_t errlen)
{
	if (c->ncpus < 1 || c->ncpus > VMM_MAX_CPUS)
		return vmm_fail(err, errlen, "%u vCPUs: the device tree describes 1 to %u",
				c->ncpus, VMM_MAX_CPUS);
	if (!c->ram_size || c->ram_base > UINT64_MAX - c->ram_size)
		return vmm_fail(err, errlen, "no RAM, or RAM beyond the address space");
	if (c->nvirtio > FDT_BUILD_VIRTIO_MAX || (c->nvirtio && !c->virtio))
		return vmm_fail(err, errlen, "%u virtio-mmio slots: at most %u", c->nvirtio,
				FDT_BUILD_VIRTIO_MAX);
	if (!dev_ok(&c->uart) || (c->rtc && !dev_ok(&c->rtc_dev)))
		return vmm_fail(err, errlen, "a device with an empty window or an SPI above %u",
				FDT_BUILD_SPI_MAX);
	for (unsigned i = 0; i < c->nvirtio; i++)
		if (!dev_ok(&c->virtio[i]))
			return vmm_fail(err, errlen,
					"virtio-mmio slot %u: an empty window or an SPI above %u",
					i, FDT_BUILD_SPI_MAX);
	if (!spis_distinct(c))
		return vmm_fail(err, errlen, "two devices share an SPI");
	if (c->initrd && (c->initrd_start > c->initrd_end || c->initrd_start < c->ram_base ||
			  c->initrd_end > c->ram_base + c->ram_size))
		return vmm_fail(err, errlen, "the initrd 0x%llx-0x%llx is not inside RAM",
				(unsigned long long)c->initrd_start,
				(unsigned long long)c->initrd_end);
	return 0;
}

long fdt_build(const struct fdt_build_cfg *c, void *buf, size_t bufsize, char *err, size_t errlen)
{
	struct dt d = {buf, 0};

	if (fdt_build_check(c, err, errlen))
		return -1;
	/* libfdt counts in int; a DT never comes near that. */
	d.err = fdt_create(buf, bufsize > INT_MAX ? INT_MAX : (int)bufsize);
	if (!d.err)
		d.err = fdt_finish_reservemap(buf);
	dt_begin(&d, "%s", ""); /* the root: a node without a name */
	dt_u32(&d, "#address-cells", 2);
	dt_u32(&d, "#size-cells", 2);
	dt_string(&d, "compatible", "linux,dummy-virt");
	dt_string(&d, "model", c->model ? c->model : "Tern VM (linux,dummy-virt)");
	dt_u32(&d, "interrupt-parent", FDT_PHANDLE_GIC);
	dt_memory(&d, c);
	dt_cpus(&d, c);
	dt_psci(&d);
	dt_gic(&d, c);
	dt_timer(&d);
	dt_clock(&d);
	dt_pl011(&d, &c->uart);
	if (c->rtc)
		dt_pl031(&d, &c->rtc_dev);
	for (unsigned i = 0; i < c->nvirtio; i++)
		dt_virtio(&d, &c->virtio[i]);
	dt_chosen(&d, c);
	dt_end(&d);
	if (!d.err)
		d.err = fdt_finish(buf);
	if (d.err == -FDT_ERR_NOSPACE)
		return vmm_fail(err, errlen,
				"a buffer of %zu bytes is too small for the device tree", bufsize);
	if (d.err)
		return vmm_fail(err, errlen, "libfdt: %s", fdt_strerror(d.err));
	return (long)fdt_totalsize(buf);
}

/* ---- the dump ---------------------------------------------------------------- */

/* Appends to a line buffer; a full buffer keeps what fitted. */
struct line {
	char buf[160];
	size_t len;
};

__attribute__((format(printf, 2, 3))) static void line_add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (l->len >= sizeof(l->buf) - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(l->buf + l->len, sizeof(l->buf) - l->len, fmt, ap);
	va_end(ap);
	l->len = n < 0 ? l->len : l->len + (size_t)n;
	if (l->len >= sizeof(l->buf))
		l->len = sizeof(l->buf) - 1;
}

/* One or more NUL-terminated printable strings, none empty. */
static bool is_strings(const char *v, int len)
{
	if (len < 2 || v[len - 1] || !v[0])
		return false;
	for (int i = 0; i < len - 1; i++)
		if (v[i] ? (v[i] < 0x20 || v[i] > 0x7e) : !v[i + 1])
			return false;
	return true;
}

static void dump_value(struct line *l, const void *val, int len)
{
	const uint8_t *b = val;
	const char *str = val;

	if (len <= 0)
		return;
	if (is_strings(str, len)) {
		line_add(l, " = \"%s\"", str);
		for (int i = (int)strlen(str) + 1; i < len; i += (int)strlen(str + i) + 1)
			line_add(l, ", \"%s\"", str + i);
	} else if (len % 4 == 0) {
		line_add(l, " = <");
		for (int i = 0; i < len / 4 && i < DUMP_CELLS_MAX; i++) {
			fdt32_t cell;
			memcpy(&cell, b + 4 * i, sizeof(cell));
			line_add(l, i ? " 0x%x" : "0x%x", fdt32_to_cpu(cell));
		}
		line_add(l, len / 4 > DUMP_CELLS_MAX ? " ...>" : ">");
	} else {
		line_add(l, " = [");
		for (int i = 0; i < len && i < 4 * DUMP_CELLS_MAX; i++)
			line_add(l, i ? " %02x" : "%02x", b[i]);
		line_add(l, len > 4 * DUMP_CELLS_MAX ? " ...]" : "]");
	}
}

int fdt_build_dump(const void *fdt, void (*print)(const char *fmt, ...))
{
	int depth = 0, open = -1, node, r = fdt_check_header(fdt);

	if (r)
		return r;
	for (node = 0; node >= 0 && depth >= 0; node = fdt_next_node(fdt, node, &depth)) {
		const char *name = fdt_get_name(fdt, node, NULL);
		int prop;

		for (; open >= depth; open--)
			print("%*s};", 2 * open, "");
		print("%*s%s {", 2 * depth, "", depth ? (name ? name : "?") : "/");
		fdt_for_each_property_offset (prop, fdt, node) {
			struct line l = {.len = 0};
			const char *pname = NULL;
			int len;
			const void *val = fdt_getprop_by_offset(fdt, prop, &pname, &len);

			line_add(&l, "%*s%s", 2 * depth + 2, "", pname ? pname : "?");
			dump_value(&l, val, val ? len : 0);
			print("%s;", l.buf);
		}
		open = depth;
	}
	for (; open >= 0; open--)
		print("%*s};", 2 * open, "");
	return node == -FDT_ERR_NOTFOUND || depth < 0 ? 0 : node;
}
