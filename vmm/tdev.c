// SPDX-License-Identifier: BSD-2-Clause
/*
 * tdev, the test device: a scratch register, a fixed pattern and an access
 * counter, so guest tests can check every access size and the MMIO path's
 * zero- and sign-extension. Any vCPU may access it at any time: atomics.
 */
#include "devices.h"

static uint64_t tdev_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct tdev *t = dev;
	unsigned long count = __atomic_add_fetch(&t->count, 1, __ATOMIC_RELAXED);

	/* The bus cuts the value to size bytes. SCRATCH first: guests read it in loops. */
	if (off == TDEV_SCRATCH)
		return __atomic_load_n(&t->scratch, __ATOMIC_RELAXED);
	switch (off) {
	case TDEV_PATTERN: return TDEV_PATTERN_VALUE;
	case TDEV_COUNT: return count;
	default: return 0;
	}
}

static void tdev_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	struct tdev *t = dev;

	__atomic_add_fetch(&t->count, 1, __ATOMIC_RELAXED);
	if (off == TDEV_SCRATCH) /* value is size bytes, zero-extended, from the bus */
		__atomic_store_n(&t->scratch, value, __ATOMIC_RELAXED);
}

static const struct mmio_ops tdev_ops = {.read = tdev_read, .write = tdev_write};

int tdev_init(struct tdev *t, struct mmio_bus *bus, uint64_t base)
{
	t->scratch = 0;
	t->count = 0;
	return bus_register(bus, base, TDEV_SIZE, &tdev_ops, t, "tdev");
}
