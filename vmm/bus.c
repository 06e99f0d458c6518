// SPDX-License-Identifier: BSD-2-Clause
/* The MMIO bus: a sorted array of device windows, searched by binary search. */
#include <string.h>

#include "bus.h"

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
	b->region[i] = (struct mmio_region){base, size, ops, dev, name};
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
	if (a->size != 1 && a->size != 2 && a->size != 4 && a->size != 8)
		return false;
	const struct mmio_region *r = bus_find(b, a->addr);
	uint64_t off = r ? a->addr - r->base : 0;
	if (!r || a->size > r->size - off)
		return false;
	if (a->write) {
		if (r->ops->write)
			r->ops->write(r->dev, off, a->size, mmio_trunc(a->value, a->size), a->cpu);
	} else {
		a->value = r->ops->read
				   ? mmio_trunc(r->ops->read(r->dev, off, a->size, a->cpu), a->size)
				   : 0;
	}
	return true;
}
