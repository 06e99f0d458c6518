// SPDX-License-Identifier: BSD-2-Clause
/*
 * A small PL011: writes to DR are the guest's console output, printed a line
 * at a time (moe tags the VMM's lines); a write to IMSC shows the partial
 * line at once, as Linux's driver writes IMSC when it has sent all it had (a
 * shell's prompt). The transmit FIFO is always empty (FR: TXFE, never TXFF or
 * BUSY). Console input waits in the receive FIFO until the guest reads DR;
 * while it holds any, RXIS and RTIS are raw. The registers Linux's
 * amba-pl011 driver programs read back what it wrote; the interrupt line is
 * RIS & IMSC. The PrimeCell IDs let the AMBA bus find it.
 */
#include "devices.h"
#include "log.h"

/* The guest's bytes are not trusted with the terminal: printable ASCII, tabs, backspaces. */
static char pl011_safe_char(uint8_t c)
{
	return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\b' ? (char)c : '?';
}

static void pl011_flush_partial(struct pl011 *u, unsigned cpu)
{
	struct pl011_line *l = &u->line[cpu];

	if (l->len)
		vmm_write(l->buf, l->len < PL011_LINE_MAX ? l->len : PL011_LINE_MAX);
	l->len = 0;
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

	/*
	 * Escape sequences (a shell asking where the cursor is, colours) are
	 * dropped whole: the console is shared and moe's tags break them.
	 */
	if (l->esc == 1) {
		l->esc = c == '[' ? 2 : 0;
		return;
	}
	if (l->esc == 2) {
		if (c >= 0x40 && c <= 0x7e)
			l->esc = 0;
		return;
	}
	if (c == 0x1b) {
		l->esc = 1;
		return;
	}
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

static unsigned rx_count(const struct pl011 *u)
{
	return __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE);
}

static uint32_t pl011_ris(const struct pl011 *u)
{
	return PL011_INT_TX | (rx_count(u) ? PL011_INT_RX | PL011_INT_RT : 0);
}

static uint32_t pl011_mis(const struct pl011 *u)
{
	return pl011_ris(u) & __atomic_load_n(&u->imsc, __ATOMIC_RELAXED);
}

/*
 * The line follows RIS & IMSC. Threads race here (input arrives while a vCPU
 * reads the last byte): whoever sets the level looks again afterwards, so
 * the last change wins.
 */
static void pl011_update_irq(struct pl011 *u)
{
	if (!u->gic)
		return;
	bool level;
	do {
		level = pl011_mis(u) != 0;
		gic_set_level(u->gic, 0, u->intid, level);
	} while ((pl011_mis(u) != 0) != level);
}

/* A byte of input, or 0 when there is none. Several vCPUs may read at once. */
static uint8_t rx_pop(struct pl011 *u)
{
	unsigned head = __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE);
	for (;;) {
		if (head == __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE))
			return 0;
		uint8_t c = u->rx[head % PL011_RX_SIZE];
		/* The slot is ours only if nobody took it meanwhile; the producer never
		 * writes a slot between head and tail. */
		if (__atomic_compare_exchange_n(&u->rx_head, &head, head + 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return c;
	}
}

void pl011_input(struct pl011 *u, const char *buf, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		unsigned tail = __atomic_load_n(&u->rx_tail, __ATOMIC_RELAXED);
		if (tail - __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE) >= PL011_RX_SIZE) {
			__atomic_add_fetch(&u->rx_dropped, n - i, __ATOMIC_RELAXED);
			break;
		}
		u->rx[tail % PL011_RX_SIZE] = (uint8_t)buf[i];
		__atomic_store_n(&u->rx_tail, tail + 1, __ATOMIC_RELEASE);
	}
	pl011_update_irq(u);
}

static uint64_t pl011_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct pl011 *u = dev;

	if (off >= PRIMECELL_ID && off < PRIMECELL_ID_END && off % 4 == 0)
		return primecell_id(PL011_PERIPH_ID, off);
	switch (off) {
	case PL011_DR: {
		uint8_t c = rx_pop(u);
		pl011_update_irq(u);
		return c;
	}
	case PL011_FR: {
		unsigned n = rx_count(u);
		return PL011_FR_TXFE | (n ? 0 : PL011_FR_RXFE) |
		       (n >= PL011_RX_SIZE ? PL011_FR_RXFF : 0);
	}
	case PL011_IBRD: return u->ibrd;
	case PL011_FBRD: return u->fbrd;
	case PL011_LCR_H: return u->lcr_h;
	case PL011_CR: return u->cr;
	case PL011_IFLS: return u->ifls;
	case PL011_IMSC: return __atomic_load_n(&u->imsc, __ATOMIC_RELAXED);
	case PL011_RIS: return pl011_ris(u);
	case PL011_MIS: return pl011_mis(u);
	default: return 0;
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
		if (cpu < VMM_MAX_CPUS)
			pl011_flush_partial(u, cpu);
		__atomic_store_n(&u->imsc, v & 0x7ff, __ATOMIC_RELAXED);
		pl011_update_irq(u);
		return;
	default: return; /* ICR: TXIS, RXIS and RTIS stay while their FIFO state does */
	}
}

static const struct mmio_ops pl011_ops = {.read = pl011_read, .write = pl011_write};

int pl011_init(struct pl011 *u, struct mmio_bus *bus, uint64_t base, struct gic *gic,
	       unsigned intid)
{
	*u = (struct pl011){.gic = gic, .intid = intid};
	return bus_register(bus, base, PL011_SIZE, &pl011_ops, u, "pl011");
}
