// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the VMM's MMIO bus (vmm/bus.c): registration and its errors,
 * lookup at window edges, access routing, size checks and truncation, and
 * random windows checked against a linear search.
 */
#include <stdlib.h>
#include <string.h>

#include "bus.h"
#include "tap.h"

/* A device that records its last access. */
struct probe {
	uint64_t off, value, reply;
	unsigned size, cpu, reads, writes;
};

static uint64_t probe_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct probe *p = dev;
	p->off = off;
	p->size = size;
	p->cpu = cpu;
	p->reads++;
	return p->reply;
}

static void probe_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	struct probe *p = dev;
	p->off = off;
	p->size = size;
	p->value = value;
	p->cpu = cpu;
	p->writes++;
}

static const struct mmio_ops probe_ops = {probe_read, probe_write};
static const struct mmio_ops razwi_ops = {NULL, NULL};

static void test_register(void)
{
	struct mmio_bus b;

	bus_init(&b);
	ok(bus_register(&b, 0x2000, 0x1000, &probe_ops, NULL, "b") == BUS_OK, "register a window");
	ok(bus_register(&b, 0x1000, 0x1000, &probe_ops, NULL, "a") == BUS_OK,
	   "register one right below it");
	ok(bus_register(&b, 0x3000, 0x1000, &probe_ops, NULL, "c") == BUS_OK,
	   "register one right above it");
	ok(b.count == 3 && b.region[0].base == 0x1000 && b.region[1].base == 0x2000 &&
		   b.region[2].base == 0x3000,
	   "windows are kept sorted");
	ok(bus_register(&b, 0x2000, 0x1000, &probe_ops, NULL, "x") == BUS_EOVERLAP,
	   "the same window twice: overlap");
	ok(bus_register(&b, 0x2800, 0x10, &probe_ops, NULL, "x") == BUS_EOVERLAP,
	   "a window inside another: overlap");
	ok(bus_register(&b, 0x0800, 0x1000, &probe_ops, NULL, "x") == BUS_EOVERLAP,
	   "a window reaching into the next: overlap");
	ok(bus_register(&b, 0x3fff, 0x10, &probe_ops, NULL, "x") == BUS_EOVERLAP,
	   "a window starting in the last byte of one: overlap");
	ok(bus_register(&b, 0x0, 0x10000, &probe_ops, NULL, "x") == BUS_EOVERLAP,
	   "a window holding all others: overlap");
	ok(bus_register(&b, 0x5000, 0, &probe_ops, NULL, "x") == BUS_EINVAL, "an empty window");
	ok(bus_register(&b, UINT64_MAX - 0xff, 0x200, &probe_ops, NULL, "x") == BUS_EINVAL,
	   "a window that wraps");
	ok(bus_register(&b, UINT64_MAX - 0xff, 0x100, &probe_ops, NULL, "x") == BUS_EINVAL,
	   "a window that ends at 2^64");
	ok(bus_register(&b, 0x5000, 0x10, NULL, NULL, "x") == BUS_EINVAL, "a window without ops");
	ok(b.count == 3, "refused windows leave the bus alone");

	bus_init(&b);
	for (unsigned i = 0; i < MMIO_BUS_MAX; i++)
		if (bus_register(&b, (uint64_t)(MMIO_BUS_MAX - i) * 0x1000, 0x1000, &probe_ops,
				 NULL, "n") != BUS_OK)
			break;
	ok(b.count == MMIO_BUS_MAX, "%d windows fit", MMIO_BUS_MAX);
	ok(bus_register(&b, 0x100000, 0x1000, &probe_ops, NULL, "x") == BUS_EFULL,
	   "one more: full");
}

static void test_find(void)
{
	struct mmio_bus b;

	bus_init(&b);
	ok(bus_find(&b, 0) == NULL, "an empty bus finds nothing");
	ok(bus_register(&b, 0x09000000, 0x1000, &probe_ops, NULL, "uart") == BUS_OK &&
		   bus_register(&b, 0x08000000, 0x10000, &probe_ops, NULL, "gicd") == BUS_OK,
	   "two windows");
	const struct mmio_region *r = bus_find(&b, 0x09000000);
	ok(r && strcmp(r->name, "uart") == 0, "the first byte of a window finds it");
	r = bus_find(&b, 0x09000fff);
	ok(r && strcmp(r->name, "uart") == 0, "the last byte of a window finds it");
	ok(bus_find(&b, 0x09001000) == NULL, "the byte after a window finds nothing");
	ok(bus_find(&b, 0x08ffffff) == NULL, "the byte before a window finds nothing");
	r = bus_find(&b, 0x0800ffff);
	ok(r && strcmp(r->name, "gicd") == 0, "the other window's last byte");
	ok(bus_find(&b, UINT64_MAX) == NULL && bus_find(&b, 0) == NULL, "far away: nothing");
}

static void test_access(void)
{
	struct mmio_bus b;
	struct probe p = {0};
	struct mmio_access a;

	bus_init(&b);
	ok(bus_register(&b, 0x1000, 0x100, &probe_ops, &p, "probe") == BUS_OK &&
		   bus_register(&b, 0x2000, 0x100, &razwi_ops, NULL, "razwi") == BUS_OK,
	   "a probe and a RAZ/WI window");

	a = (struct mmio_access){.addr = 0x1010, .size = 4, .write = true, .value = ~0UL, .cpu = 3};
	ok(bus_access(&b, &a) && p.writes == 1 && p.off == 0x10 && p.size == 4 &&
		   p.value == 0xffffffff && p.cpu == 3,
	   "a 4-byte write reaches the device at its offset, cut to 4 bytes, with the vCPU");
	p.reply = 0x1122334455667788;
	a = (struct mmio_access){.addr = 0x1008, .size = 2, .cpu = 1};
	ok(bus_access(&b, &a) && p.reads == 1 && p.off == 8 && a.value == 0x7788,
	   "a 2-byte read gives the device's value cut to 2 bytes");
	a = (struct mmio_access){.addr = 0x10f8, .size = 8};
	ok(bus_access(&b, &a) && a.value == 0x1122334455667788, "an 8-byte read at the end");
	a = (struct mmio_access){.addr = 0x10fc, .size = 8};
	ok(!bus_access(&b, &a) && p.reads == 2, "a read across the window's end is not routed");
	for (unsigned size = 0; size <= 16; size++) {
		if (size == 1 || size == 2 || size == 4 || size == 8)
			continue;
		a = (struct mmio_access){.addr = 0x1000, .size = size};
		if (bus_access(&b, &a)) {
			ok(0, "size %u refused", size);
			return;
		}
	}
	ok(p.reads == 2, "sizes other than 1, 2, 4, 8 are refused");
	a = (struct mmio_access){.addr = 0x3000, .size = 4};
	ok(!bus_access(&b, &a), "no device: not routed");
	a = (struct mmio_access){.addr = 0x2004, .size = 4, .value = 0x55};
	ok(bus_access(&b, &a) && a.value == 0, "no read callback: reads as zero");
	a = (struct mmio_access){.addr = 0x2004, .size = 4, .write = true, .value = 1};
	ok(bus_access(&b, &a), "no write callback: the write is taken and ignored");
}

/* Random windows: bus_find agrees with a linear search over what was accepted. */
static void test_random(void)
{
	struct mmio_bus b;
	uint64_t base[MMIO_BUS_MAX], size[MMIO_BUS_MAX];
	unsigned n = 0, wrong = 0, refused_right = 1;

	srand(42);
	bus_init(&b);
	for (unsigned i = 0; i < 500; i++) {
		uint64_t bs = (uint64_t)(rand() % 4096) * 0x100,
			 sz = (uint64_t)(rand() % 64 + 1) * 0x10;
		bool overlaps = false;
		for (unsigned j = 0; j < n; j++)
			overlaps |= bs < base[j] + size[j] && base[j] < bs + sz;
		enum bus_status st = bus_register(&b, bs, sz, &probe_ops, NULL, "r");
		if (st == BUS_OK) {
			base[n] = bs;
			size[n++] = sz;
			refused_right &= !overlaps;
		} else {
			refused_right &= overlaps || n == MMIO_BUS_MAX;
		}
	}
	for (uint64_t addr = 0; addr < 4096 * 0x100 + 0x400; addr += 8) {
		const struct mmio_region *got = bus_find(&b, addr);
		int want = -1;
		for (unsigned j = 0; j < n; j++)
			if (addr >= base[j] && addr < base[j] + size[j])
				want = (int)j;
		if (want < 0 ? got != NULL
			     : !got || got->base != base[want] || got->size != size[want])
			wrong++;
	}
	ok(refused_right, "random windows: exactly the overlapping ones (or those beyond the "
			  "limit) are refused");
	ok(wrong == 0, "random windows: every lookup agrees with a linear search (%u wrong)",
	   wrong);
}

int main(void)
{
	test_register();
	test_find();
	test_access();
	test_random();
	return tap_done();
}
