// SPDX-License-Identifier: BSD-2-Clause
/*
 * A PL031 real-time clock (Arm DDI 0224): DR counts seconds from the date of
 * --date (default: the system's clock, 1970 without one) plus the VMM's counter since the start;
 * the VMM has no wall clock. A write to LR sets the time. The match register and the interrupt mask
 * are kept, but the match interrupt is never raised.
 */
#include "devices.h"

static uint64_t pl031_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct pl031 *r = dev;

	if (off >= PRIMECELL_ID && off < PRIMECELL_ID_END && off % 4 == 0)
		return primecell_id(PL031_PERIPH_ID, off);
	switch (off) {
	case PL031_DR: return (uint32_t)(r->offset + r->now());
	case PL031_MR: return r->mr;
	case PL031_CR: return 1; /* RTCStart: always counting */
	case PL031_IMSC: return r->imsc;
	default: return 0; /* LR reads 0 here; RIS and MIS: no match interrupt */
	}
}

static void pl031_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	struct pl031 *r = dev;

	switch (off) {
	case PL031_MR: r->mr = (uint32_t)value; return;
	case PL031_LR: r->offset = (uint32_t)value - r->now(); return;
	case PL031_IMSC: r->imsc = (uint32_t)value & 1; return;
	default: return;
	}
}

static const struct mmio_ops pl031_ops = {.read = pl031_read, .write = pl031_write};

int pl031_init(struct pl031 *r, struct mmio_bus *bus, uint64_t base, uint64_t date,
	       uint64_t (*now)(void))
{
	*r = (struct pl031){.now = now};
	r->offset = date - now();
	return bus_register(bus, base, PL031_SIZE, &pl031_ops, r, "pl031");
}
