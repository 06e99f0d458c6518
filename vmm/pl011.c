// SPDX-License-Identifier: BSD-2-Clause
/*
 * A tiny PL011: writes to DR are the guest's console output, printed a line
 * at a time (moe tags the VMM's lines). FR reads 0: the transmit FIFO is never
 * full and never busy. Everything else reads 0 and ignores writes; there is
 * no input and no interrupt yet.
 */
#include "devices.h"
#include "log.h"

/* The guest's bytes are not trusted with the terminal: printable ASCII and tabs only. */
static char pl011_safe_char(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' ? (char)c : '?';
}

void pl011_flush(struct pl011 *u, unsigned cpu)
{
	if (cpu >= VMM_MAX_CPUS)
		return;
	struct pl011_line *l = &u->line[cpu];
	unsigned len = l->len < PL011_LINE_MAX ? l->len : PL011_LINE_MAX;

	vmm_print("%.*s", (int)len, l->buf);
	l->len = 0;
}

static void pl011_putc(struct pl011 *u, unsigned cpu, uint8_t c)
{
	struct pl011_line *l = &u->line[cpu];

	if (c == '\n') {
		pl011_flush(u, cpu);
		return;
	}
	if (c == '\r')
		return;
	if (l->len >= PL011_LINE_MAX)
		pl011_flush(u, cpu);
	l->buf[l->len++] = pl011_safe_char(c);
}

static uint64_t pl011_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	return 0; /* FR too: TXFF and BUSY clear */
}

static void pl011_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	if (off == PL011_DR && cpu < VMM_MAX_CPUS)
		pl011_putc(dev, cpu, (uint8_t)value);
}

static const struct mmio_ops pl011_ops = {.read = pl011_read, .write = pl011_write};

int pl011_init(struct pl011 *u, struct mmio_bus *bus, uint64_t base)
{
	for (unsigned i = 0; i < VMM_MAX_CPUS; i++)
		u->line[i].len = 0;
	return bus_register(bus, base, PL011_SIZE, &pl011_ops, u, "pl011");
}
