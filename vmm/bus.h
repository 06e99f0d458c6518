/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MMIO bus (as kvmtool's mmio.c): devices register guest-physical
 * windows [base, base + size) with read and write callbacks; an MMIO exit is
 * routed by its address. Pure C with no L4 calls: host unit tests run it.
 * Devices are registered before the vCPUs start; lookups need no lock.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define MMIO_BUS_MAX 64

/* off is relative to the window; size is 1, 2, 4 or 8; cpu is the accessing vCPU's index. */
struct mmio_ops {
	uint64_t (*read)(void *dev, uint64_t off, unsigned size, unsigned cpu);
	void (*write)(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu);
};

struct mmio_region {
	uint64_t base, size;
	struct mmio_ops ops; /* the device's; in place of a NULL one, reads as zero or ignores */
	void *dev;
	const char *name;
};

/* Regions sorted by base, never overlapping. */
struct mmio_bus {
	unsigned count;
	struct mmio_region region[MMIO_BUS_MAX];
};

struct mmio_access {
	uint64_t addr;
	unsigned size;
	bool write;
	uint64_t value; /* write: the value; read: the result (zero-extended from size bytes) */
	unsigned cpu;
};

enum bus_status { BUS_OK = 0, BUS_EINVAL = -1, BUS_EOVERLAP = -2, BUS_EFULL = -3 };

void bus_init(struct mmio_bus *b);
/* Add a device window; BUS_EINVAL for an empty or wrapping one or a bad size, BUS_EOVERLAP. */
enum bus_status bus_register(struct mmio_bus *b, uint64_t base, uint64_t size,
			     const struct mmio_ops *ops, void *dev, const char *name)
	__attribute__((warn_unused_result));
/* The region holding addr, or NULL. */
const struct mmio_region *bus_find(const struct mmio_bus *b, uint64_t addr);
/*
 * Route an access to the device whose window holds all of it; false if
 * there is none (no device, or the access crosses a window's end) or the
 * size is not 1, 2, 4 or 8. Values are cut to size bytes both ways.
 */
bool bus_access(const struct mmio_bus *b, struct mmio_access *a);

/* ---- bus_access in steps, in line for the MMIO exit (exit.c) ------------------ */

/* The bits an access of size bytes carries; 0 for sizes other than 1, 2, 4 and 8. */
static inline uint64_t mmio_size_mask(unsigned size)
{
	static const uint64_t masks[9] = {0, 0xff, 0xffff, 0, 0xffffffff, 0, 0, 0, ~0ULL};
	return size < 9 ? masks[size] : 0;
}

static inline bool mmio_size_ok(unsigned size)
{
	return mmio_size_mask(size) != 0;
}

/* The low size (1, 2, 4 or 8) bytes of v. */
static inline uint64_t mmio_trunc(uint64_t v, unsigned size)
{
	return v & mmio_size_mask(size);
}

/*
 * [addr, addr + size) lies in r. One compare for the start: below r->base,
 * addr - r->base wraps to at least 2^64 - r->base, beyond r->size (windows
 * end below 2^64, bus_register checks).
 */
static inline bool mmio_region_holds(const struct mmio_region *r, uint64_t addr, unsigned size)
{
	uint64_t off = addr - r->base;
	return off < r->size && size <= r->size - off;
}

/* A read of size (1, 2, 4 or 8) bytes at addr, inside r. */
static inline uint64_t bus_read(const struct mmio_region *r, uint64_t addr, unsigned size,
				unsigned cpu)
{
	return mmio_trunc(r->ops.read(r->dev, addr - r->base, size, cpu), size);
}

/* A write of size (1, 2, 4 or 8) bytes at addr, inside r. */
static inline void bus_write(const struct mmio_region *r, uint64_t addr, unsigned size,
			     uint64_t value, unsigned cpu)
{
	r->ops.write(r->dev, addr - r->base, size, mmio_trunc(value, size), cpu);
}
