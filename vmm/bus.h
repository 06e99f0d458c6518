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
	const struct mmio_ops *ops; /* a NULL callback: reads as zero, writes ignored */
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

/* The low size bytes of v. */
static inline uint64_t mmio_trunc(uint64_t v, unsigned size)
{
	return size >= 8 ? v : v & ((1ULL << (size * 8)) - 1);
}
