// SPDX-License-Identifier: BSD-2-Clause
/* The MMIO bus: a sorted array of device windows, searched by binary search. */
#include <string.h>

#include "bus.h"

/* What a device without a read or write callback does: RAZ/WI. */
static uint64_t bus_read_zero(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	return 0;
}

static void bus_write_ignore(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
}

void bus_init(struct mmio_bus *b)
{
	memset(b, 0, sizeof(*b));
}

enum bus_status bus_register(struct mmio_bus *b, uint64_t base, uint64_t size,
			     const struct mmio_ops *ops, void *dev, const char *name)
{
	unsigned i;

	/* Windows end below 2^64, so base + size never wraps in the checks below. */
	if (!ops || size == 0 || base + size < base)
		return BUS_EINVAL;
	/* The first region that starts above base; the one before it must end at or below base. */
	for (i = 0; i < b->count && b->region[i].base <= base; i++)
		;
	if (i > 0 && b->region[i - 1].base + b->region[i - 1].size > base)
		return BUS_EOVERLAP;
	if (i < b->count && base + size > b->region[i].base)
		return BUS_EOVERLAP;
	if (b->count == MMIO_BUS_MAX)
		return BUS_EFULL;
	memmove(&b->region[i + 1], &b->region[i], (b->count - i) * sizeof(b->region[0]));
	/* The callbacks are copied, NULL ones replaced: an access makes one call, no checks. */
	b->region[i] = (struct mmio_region){
		.base = base,
		.size = size,
		.ops = {.read = ops->read ? ops->read : bus_read_zero,
			.write = ops->write ? ops->write : bus_write_ignore},
		.dev = dev,
		.name = name,
	};
	b->count++;
	return BUS_OK;
}

const struct mmio_region *bus_find(const struct mmio_bus *b, uint64_t addr)
{
	unsigned lo = 0, hi = b->count;

	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		const struct mmio_region *r = &b->region[mid];
		if (addr < r->base)
			hi = mid;
		else if (addr - r->base >= r->size)
			lo = mid + 1;
		else
			return r;
	}
	return NULL;
}

bool bus_access(const struct mmio_bus *b, struct mmio_access *a)
{
	if (!mmio_size_ok(a->size))
		return false;
	const struct mmio_region *r = bus_find(b, a->addr);
	if (!r || !mmio_region_holds(r, a->addr, a->size))
		return false;
	if (a->write)
		bus_write(r, a->addr, a->size, a->value, a->cpu);
	else
		a->value = bus_read(r, a->addr, a->size, a->cpu);
	return true;
}
