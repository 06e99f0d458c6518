// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small PL011: writes to DR are the guest's console output, printed a line
 * at a time (moe tags the VMM's lines). The transmit FIFO is always empty
 * (FR: TXFE, never TXFF or BUSY), the receive FIFO too (RXFE: no input yet).
 * The registers Linux's amba-pl011 driver programs read back what it wrote;
 * the only interrupt is the transmit one (TXIS always raw), on the line while
 * the guest unmasks it in IMSC. The PrimeCell IDs let the AMBA bus find it.
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

uint32_t primecell_id(uint32_t periph_id, uint64_t off)
{
	unsigned i = (unsigned)(off - PRIMECELL_ID) / 4;
	uint32_t id = i < 4 ? periph_id : PRIMECELL_CELL_ID;

	return (id >> (8 * (i % 4))) & 0xff;
}

static uint32_t pl011_mis(const struct pl011 *u)
{
	return PL011_INT_TX & __atomic_load_n(&u->imsc, __ATOMIC_RELAXED);
}

static uint64_t pl011_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct pl011 *u = dev;

	if (off >= PRIMECELL_ID && off < PRIMECELL_ID_END && off % 4 == 0)
		return primecell_id(PL011_PERIPH_ID, off);
	switch (off) {
	case PL011_FR: return PL011_FR_TXFE | PL011_FR_RXFE;
	case PL011_IBRD: return u->ibrd;
	case PL011_FBRD: return u->fbrd;
	case PL011_LCR_H: return u->lcr_h;
	case PL011_CR: return u->cr;
	case PL011_IFLS: return u->ifls;
	case PL011_IMSC: return __atomic_load_n(&u->imsc, __ATOMIC_RELAXED);
	case PL011_RIS: return PL011_INT_TX;
	case PL011_MIS: return pl011_mis(u);
	default: return 0; /* DR with no input, and the rest */
	}
}

static void pl011_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	struct pl011 *u = dev;
	uint32_t v = (uint32_t)value;

	switch (off) {
	case PL011_DR:
		if (cpu < VMM_MAX_CPUS)
			pl011_putc(u, cpu, (uint8_t)value);
		return;
	case PL011_IBRD: u->ibrd = v & 0xffff; return;
	case PL011_FBRD: u->fbrd = v & 0x3f; return;
	case PL011_LCR_H: u->lcr_h = v & 0xff; return;
	case PL011_CR: u->cr = v & 0xffff; return;
	case PL011_IFLS: u->ifls = v & 0x3f; return;
	case PL011_IMSC:
		__atomic_store_n(&u->imsc, v & 0x7ff, __ATOMIC_RELAXED);
		if (u->gic)
			gic_set_level(u->gic, 0, u->intid, pl011_mis(u) != 0);
		return;
	default: return; /* ICR: TXIS cannot be cleared while the FIFO is empty */
	}
}

static const struct mmio_ops pl011_ops = {.read = pl011_read, .write = pl011_write};

int pl011_init(struct pl011 *u, struct mmio_bus *bus, uint64_t base, struct gic *gic,
	       unsigned intid)
{
	*u = (struct pl011){.gic = gic, .intid = intid};
	return bus_register(bus, base, PL011_SIZE, &pl011_ops, u, "pl011");
}
