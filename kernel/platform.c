// SPDX-License-Identifier: BSD-2-Clause
/*
 * Device-tree parsing with libfdt: memory, reserved ranges, UART, GICv3,
 * architected timer, PSCI, CPUs and /chosen (bootargs, initrd).
 * Bindings: Documentation/devicetree/bindings in Linux (arm/gic-v3.yaml,
 * timer/arm,arch_timer.yaml, arm/psci.yaml, chosen.yaml).
 */
#include <libfdt.h>
#include <string.h>

#include "platform.h"

/* Read a cells-wide big-endian number and advance. */
static u64 read_cells(const fdt32_t **p, int cells)
{
	u64 v = 0;
	while (cells-- > 0)
		v = (v << 32) | fdt32_to_cpu(*(*p)++);
	return v;
}

/* The n-th (base, size) pair of a node's reg property, with the root's cell sizes. */
static bool node_reg(const void *fdt, int node, int n, paddr_t *base, u64 *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = fdt_address_cells(fdt, parent), sc = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2)
		return false;
	int entry = (ac + sc) * 4;
	if (len < entry * (n + 1))
		return false;
	reg += (ac + sc) * n;
	*base = read_cells(&reg, ac);
	*size = read_cells(&reg, sc);
	return true;
}

static const char *parse_memory(const void *fdt, struct platform *p)
{
	int node;

	fdt_for_each_subnode (node, fdt, 0) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		if (!type || strcmp(type, "memory") != 0)
			continue;
		for (int i = 0; p->nmemory < PLATFORM_MAX_REGIONS; i++) {
			struct mem_region *r = &p->memory[p->nmemory];
			if (!node_reg(fdt, node, i, &r->base, &r->size))
				break;
			if (r->size)
				p->nmemory++;
		}
	}
	if (p->nmemory == 0)
		return "no /memory node with a usable reg property";

	int n = fdt_num_mem_rsv(fdt);
	for (int i = 0; i < n && p->nreserved < PLATFORM_MAX_REGIONS; i++) {
		struct mem_region *r = &p->reserved[p->nreserved];
		if (fdt_get_mem_rsv(fdt, i, &r->base, &r->size) == 0 && r->size)
			p->nreserved++;
	}
	int rsv = fdt_path_offset(fdt, "/reserved-memory");
	if (rsv >= 0) {
		fdt_for_each_subnode (node, fdt, rsv) {
			struct mem_region *r = &p->reserved[p->nreserved];
			if (p->nreserved < PLATFORM_MAX_REGIONS &&
			    node_reg(fdt, node, 0, &r->base, &r->size))
				p->nreserved++;
		}
	}
	return NULL;
}

static const char *parse_uart(const void *fdt, struct platform *p)
{
	int node = -1;
	u64 size;
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_getprop(fdt, chosen, "stdout-path", NULL) : NULL;

	if (path) {
		/* "path[:options]" */
		const char *colon = strchr(path, ':');
		int len = colon ? (int)(colon - path) : (int)strlen(path);
		node = fdt_path_offset_namelen(fdt, path, len);
		if (node >= 0 && fdt_node_check_compatible(fdt, node, "arm,pl011") != 0)
			node = -1;
	}
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl011");
	if (node < 0 || !node_reg(fdt, node, 0, &p->uart_base, &size))
		return "no PL011 UART (compatible \"arm,pl011\")";
	int len;
	const fdt32_t *irq = fdt_getprop(fdt, node, "interrupts", &len);
	/* GIC binding: <type number flags>; type 0 = SPI, INTID = number + 32. */
	if (irq && len >= 12 && fdt32_to_cpu(irq[0]) == 0 && fdt32_to_cpu(irq[1]) < 988)
		p->uart_intid = fdt32_to_cpu(irq[1]) + 32;
	return NULL;
}

/* Optional: the wall-clock time at boot (QEMU virt's PL031 has the host's). */
static void parse_rtc(const void *fdt, struct platform *p)
{
	u64 size;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,pl031");

	if (node < 0 || !node_reg(fdt, node, 0, &p->rtc_base, &size) || size < 4)
		p->rtc_base = 0;
}

static const char *parse_gic(const void *fdt, struct platform *p)
{
	u64 size;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");

	if (node < 0)
		return "no GICv3 (compatible \"arm,gic-v3\")";
	if (!node_reg(fdt, node, 0, &p->gicd_base, &size) ||
	    !node_reg(fdt, node, 1, &p->gicr_base, &p->gicr_size))
		return "GICv3 node lacks distributor and redistributor regs";
	return NULL;
}

/* The timer's interrupts: secure phys, non-secure phys, virt, hyp phys (PPIs). */
static const char *parse_timer(const void *fdt, struct platform *p)
{
	int len;
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *irq = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;

	if (!irq)
		return "no architected timer (compatible \"arm,armv8-timer\")";
	if (len < 4 * 3 * 4)
		return "timer node has fewer than four interrupts";
	/* GIC binding: <type number flags>; type 1 = PPI, INTID = number + 16. */
	if (fdt32_to_cpu(irq[3 * 2]) != 1 || fdt32_to_cpu(irq[3 * 3]) != 1)
		return "timer interrupts are not PPIs";
	p->timer_virt_intid = fdt32_to_cpu(irq[3 * 2 + 1]) + 16;
	p->timer_hyp_intid = fdt32_to_cpu(irq[3 * 3 + 1]) + 16;
	if (p->timer_hyp_intid >= 32 || p->timer_virt_intid >= 32)
		return "timer interrupt numbers out of the PPI range";
	return NULL;
}

static void parse_psci(const void *fdt, struct platform *p)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_offset_by_compatible(fdt, -1, "arm,psci-1.0");
	const char *method = node >= 0 ? fdt_getprop(fdt, node, "method", NULL) : NULL;

	p->has_psci = method != NULL;
	p->psci_hvc = method && strcmp(method, "hvc") == 0;
}

static void parse_cpus(const void *fdt, struct platform *p)
{
	int cpus = fdt_path_offset(fdt, "/cpus"), node;

	p->ncpus = 0;
	if (cpus < 0)
		return;
	fdt_for_each_subnode (node, fdt, cpus) {
		const char *type = fdt_getprop(fdt, node, "device_type", NULL);
		if (type && strcmp(type, "cpu") == 0)
			p->ncpus++;
	}
}

/* linux,initrd-start/end may be 32 or 64 bits wide. */
static bool read_u32_or_u64(const void *fdt, int node, const char *name, u64 *out)
{
	int len;
	const fdt32_t *v = fdt_getprop(fdt, node, name, &len);

	if (!v || (len != 4 && len != 8))
		return false;
	*out = read_cells(&v, len / 4);
	return true;
}

static const char *parse_chosen(const void *fdt, struct platform *p)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	u64 start, end;

	p->bootargs = "";
	p->initrd_start = p->initrd_end = 0;
	if (chosen < 0)
		return NULL;
	const char *args = fdt_getprop(fdt, chosen, "bootargs", NULL);
	if (args)
		p->bootargs = args;
	bool has_start = read_u32_or_u64(fdt, chosen, "linux,initrd-start", &start);
	bool has_end = read_u32_or_u64(fdt, chosen, "linux,initrd-end", &end);
	if (has_start != has_end)
		return "/chosen has only one of linux,initrd-start and linux,initrd-end";
	if (has_start) {
		if (end < start)
			return "/chosen initrd range ends before it starts";
		p->initrd_start = start;
		p->initrd_end = end;
	}
	return NULL;
}

const char *platform_parse(const void *fdt, struct platform *p)
{
	const char *err;

	memset(p, 0, sizeof(*p));
	if (fdt_check_header(fdt) != 0)
		return "not a flattened device tree (bad header)";
	if ((err = parse_memory(fdt, p)) || (err = parse_uart(fdt, p)) ||
	    (err = parse_gic(fdt, p)) || (err = parse_timer(fdt, p)) ||
	    (err = parse_chosen(fdt, p)))
		return err;
	parse_psci(fdt, p);
	parse_rtc(fdt, p);
	parse_cpus(fdt, p);
	return NULL;
}
