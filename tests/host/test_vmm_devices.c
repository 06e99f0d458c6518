// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the VMM's devices through the MMIO bus, as MMIO exits reach
 * them: tdev's registers at every size, the GICv3 distributor's and
 * redistributors' identification and control registers as the VMM registers
 * them (the full GIC model is in test_vmm_gic.c), the PL011's lines.
 */
#include <string.h>

#include "console_key.h"
#include "devices.h"
#include "fake/fake.h"
#include "tap.h"

static struct mmio_bus bus;

static uint64_t rd(uint64_t addr, unsigned size, unsigned cpu)
{
	struct mmio_access a = {.addr = addr, .size = size, .cpu = cpu, .value = 0xdead};
	return bus_access(&bus, &a) ? a.value : 0xbad0bad0bad0bad0;
}

static bool wr(uint64_t addr, unsigned size, uint64_t value, unsigned cpu)
{
	struct mmio_access a = {
		.addr = addr, .size = size, .write = true, .value = value, .cpu = cpu};
	return bus_access(&bus, &a);
}

#define TDEV 0x0c000000UL

static void test_tdev(void)
{
	struct tdev t;

	bus_init(&bus);
	ok(tdev_init(&t, &bus, TDEV) == 0, "tdev registers");
	ok(rd(TDEV + TDEV_COUNT, 8, 0) == 1, "COUNT counts its own read: 1 first");
	ok(wr(TDEV + TDEV_SCRATCH, 1, 0x1122334455667788, 0) && rd(TDEV, 8, 0) == 0x88,
	   "a 1-byte write stores one byte, zero-extended");
	ok(wr(TDEV, 2, 0x1122334455667788, 0) && rd(TDEV, 8, 0) == 0x7788, "2 bytes");
	ok(wr(TDEV, 4, 0x1122334455667788, 0) && rd(TDEV, 8, 0) == 0x55667788, "4 bytes");
	ok(wr(TDEV, 8, 0x1122334455667788, 0) && rd(TDEV, 8, 0) == 0x1122334455667788, "8 bytes");
	ok(rd(TDEV, 1, 0) == 0x88 && rd(TDEV, 2, 0) == 0x7788 && rd(TDEV, 4, 0) == 0x55667788,
	   "narrow reads of SCRATCH give its low bytes");
	ok(rd(TDEV + TDEV_PATTERN, 1, 0) == 0xf7 && rd(TDEV + TDEV_PATTERN, 2, 0) == 0xe6f7 &&
		   rd(TDEV + TDEV_PATTERN, 4, 0) == 0xc4d5e6f7 &&
		   rd(TDEV + TDEV_PATTERN, 8, 1) == TDEV_PATTERN_VALUE,
	   "PATTERN at every size");
	ok(wr(TDEV + TDEV_PATTERN, 8, 0, 0) && rd(TDEV + TDEV_PATTERN, 8, 0) == TDEV_PATTERN_VALUE,
	   "PATTERN ignores writes");
	uint64_t before = rd(TDEV + TDEV_COUNT, 8, 0);
	wr(TDEV + TDEV_COUNT, 8, 0, 0);
	rd(TDEV + 0x18, 4, 0);
	wr(TDEV + 0xff8, 8, 1, 0);
	ok(rd(TDEV + TDEV_COUNT, 4, 0) == before + 4,
	   "COUNT ignores writes and counts every access, other registers too");
	ok(rd(TDEV + 0x18, 8, 0) == 0 && rd(TDEV + 0xffc, 4, 0) == 0, "other offsets read as 0");
	ok(rd(TDEV + TDEV_SIZE, 4, 0) == 0xbad0bad0bad0bad0, "tdev is 4 KiB");
}

#define GICD 0x08000000UL
#define GICR 0x080a0000UL

static void test_gic(void)
{
	struct gic g;

	bus_init(&bus);
	ok(gic_init(&g, &bus, GICD, GICR, 0) != 0 && gic_init(&g, &bus, GICD, GICR, 5) != 0,
	   "0 or 5 vCPUs are refused");
	ok(gic_init(&g, &bus, GICD, GICR, 3) == 0, "a GIC for 3 vCPUs");
	ok((rd(GICD + GICD_TYPER, 4, 0) & 0xff) == (2 | 2 << 5),
	   "GICD_TYPER: ITLinesNumber 2 (64 SPIs), CPUNumber 2 (0x%llx)",
	   (unsigned long long)rd(GICD + GICD_TYPER, 4, 0));
	ok(rd(GICD + GICD_IIDR, 4, 0) == 0x43b, "GICD_IIDR 0x43b");
	ok(rd(GICD + GICD_PIDR2, 4, 0) == 0x30, "GICD_PIDR2: GICv3");
	ok(rd(GICD + GICD_CTLR, 4, 0) == (GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR out of reset: disabled, ARE and DS set");
	ok(wr(GICD + GICD_CTLR, 4, 0xffffffff, 0) &&
		   rd(GICD + GICD_CTLR, 4, 0) == (3 | GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR keeps the group enables, nothing else (no RWP)");
	ok(wr(GICD + GICD_CTLR, 4, GICD_CTLR_ARE | 2, 0) &&
		   rd(GICD + GICD_CTLR, 4, 0) == (2 | GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR: Linux's ARE | EnableGrp1");
	ok(wr(GICD + GICD_CTLR, 1, 0, 0) &&
		   rd(GICD + GICD_CTLR, 4, 0) == (2 | GICD_CTLR_ARE | GICD_CTLR_DS),
	   "a byte write to GICD_CTLR is ignored");
	/* The stub assembled any access from bytes; the spec allows 32-bit ones here. */
	ok(rd(GICD + GICD_TYPER, 1, 0) == 0 && rd(GICD, 8, 0) == 0,
	   "byte and 8-byte reads of 32-bit registers read as zero");
	ok(rd(GICD + 0x100, 4, 0) == 0 && wr(GICD + 0x100, 4, ~0UL, 0) &&
		   rd(GICD + 0x100, 4, 0) == 0,
	   "the distributor's SGI and PPI enables are RAZ/WI (affinity routing)");

	for (unsigned i = 0; i < 3; i++) {
		uint64_t rdb = GICR + i * GICR_STRIDE;
		uint64_t want = (uint64_t)i << 32 | i << 8 | (i == 2 ? 1U << 4 : 0);
		ok(rd(rdb + GICR_TYPER, 8, 0) == want,
		   "GICR_TYPER of vCPU %u: Aff0 %u, Processor_Number %u%s (0x%llx)", i, i, i,
		   i == 2 ? ", Last" : "", (unsigned long long)rd(rdb + GICR_TYPER, 8, 0));
		ok(rd(rdb + GICR_TYPER, 4, 0) == (uint32_t)want &&
			   rd(rdb + GICR_TYPER + 4, 4, 0) == i,
		   "GICR_TYPER of vCPU %u as two 32-bit reads", i);
		ok(rd(rdb + GICR_PIDR2, 4, 0) == 0x30, "GICR_PIDR2 of vCPU %u: GICv3", i);
		ok(rd(rdb + GICR_WAKER, 4, 0) == (GICR_WAKER_PS | GICR_WAKER_CA),
		   "GICR_WAKER of vCPU %u: asleep out of reset", i);
	}
	uint64_t rd1 = GICR + GICR_STRIDE;
	ok(wr(rd1 + GICR_WAKER, 4, 0, 1) && rd(rd1 + GICR_WAKER, 4, 1) == 0 &&
		   rd(GICR + GICR_WAKER, 4, 0) == (GICR_WAKER_PS | GICR_WAKER_CA),
	   "clearing ProcessorSleep wakes that redistributor (ChildrenAsleep clear), not others");
	ok(wr(rd1 + GICR_WAKER, 4, GICR_WAKER_PS, 1) &&
		   rd(rd1 + GICR_WAKER, 4, 1) == (GICR_WAKER_PS | GICR_WAKER_CA),
	   "setting ProcessorSleep puts it back to sleep");
	/* The stub's SGI frame was RAZ/WI; now it holds the vCPU's SGI and PPI enables. */
	ok(rd(GICR + 0x10000 + 0x100, 4, 0) == 0 && wr(GICR + 0x10000 + 0x100, 4, 1, 0) &&
		   rd(GICR + 0x10000 + 0x100, 4, 0) == 1 &&
		   rd(GICR + GICR_STRIDE + 0x10000 + 0x100, 4, 0) == 0,
	   "GICR_ISENABLER0 keeps the enables of its own vCPU");
	ok(rd(GICR + 0x10000, 4, 0) == 0 && wr(GICR + 0x10000, 4, ~0UL, 0) &&
		   rd(GICR + 0x10000, 4, 0) == 0,
	   "a reserved offset of the SGI frame is RAZ/WI");
	ok(rd(GICR + 3 * GICR_STRIDE, 4, 0) == 0xbad0bad0bad0bad0,
	   "no redistributor beyond the last vCPU");
}

#define UART 0x09000000UL

static uint64_t fake_seconds;
static uint64_t fake_now(void)
{
	return fake_seconds;
}

static void test_pl031(void)
{
	static struct pl031 r;
	const uint64_t RTC = 0x09010000;
	static const uint8_t ids[8] = {0x31, 0x10, 0x04, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	bool ids_ok = true;

	bus_init(&bus);
	fake_seconds = 5;
	ok(pl031_init(&r, &bus, RTC, 1700000000, fake_now) == 0, "a PL031");
	for (unsigned i = 0; i < 8; i++)
		ids_ok &= rd(RTC + 0xfe0 + 4 * i, 4, 0) == ids[i];
	ok(ids_ok, "the PrimeCell IDs of a PL031");
	fake_seconds = 7;
	ok(rd(RTC + PL031_DR, 4, 0) == 1700000002, "DR: the date plus the seconds since");
	wr(RTC + PL031_LR, 4, 100, 0);
	fake_seconds = 10;
	ok(rd(RTC + PL031_DR, 4, 0) == 103, "LR sets the time");
}

static void test_pl011(void)
{
	static struct pl011 u;
	const char *hello = "hello\r\n";

	fake_reset();
	bus_init(&bus);
	ok(pl011_init(&u, &bus, UART, NULL, 0) == 0, "a PL011");
	ok(rd(UART + PL011_FR, 4, 0) == (PL011_FR_TXFE | PL011_FR_RXFE),
	   "FR: transmit FIFO empty (never full, never busy), no input");
	static const uint8_t ids[8] = {0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	bool ids_ok = true;
	for (unsigned i = 0; i < 8; i++)
		ids_ok &= rd(UART + 0xfe0 + 4 * i, 4, 0) == ids[i];
	ok(ids_ok, "the PrimeCell IDs of a PL011");
	wr(UART + PL011_IBRD, 4, 13, 0);
	wr(UART + PL011_LCR_H, 4, 0x70, 0);
	wr(UART + PL011_IMSC, 4, 0x50, 0);
	ok(rd(UART + PL011_IBRD, 4, 0) == 13 && rd(UART + PL011_LCR_H, 4, 0) == 0x70 &&
		   rd(UART + PL011_IMSC, 4, 0) == 0x50 && rd(UART + PL011_RIS, 4, 0) == 0x20 &&
		   rd(UART + PL011_MIS, 4, 0) == 0,
	   "IBRD, LCR_H, IMSC read back; TX raw, masked");
	wr(UART + PL011_IMSC, 4, 0, 0);
	for (const char *c = hello; *c; c++)
		wr(UART + PL011_DR, 4, (uint8_t)*c, 0);
	ok(fake.log_lines == 1 && strcmp(fake.log[0], "hello") == 0,
	   "DR writes come out as one line at the newline, without the CR");
	wr(UART, 4, 'a', 0);
	wr(UART, 4, 'b', 1);
	wr(UART, 4, 'c', 0);
	wr(UART, 4, '\n', 1);
	wr(UART, 4, '\n', 0);
	ok(fake.log_lines == 3 && strcmp(fake.log[1], "b") == 0 && strcmp(fake.log[2], "ac") == 0,
	   "each vCPU has its own line");
	wr(UART, 1, 0x1b, 0);
	wr(UART, 1, '[', 0);
	wr(UART, 1, '6', 0);
	wr(UART, 1, 'n', 0);
	wr(UART, 1, 0x7, 0);
	wr(UART, 1, 0x80, 0);
	wr(UART, 1, '\t', 0);
	wr(UART, 4, 0x141, 0); /* only the low byte: 'A' */
	wr(UART, 1, '\n', 0);
	ok(fake.log_lines == 4 && strcmp(fake.log[3], "??\tA") == 0,
	   "escape sequences dropped, control and non-ASCII bytes replaced, tabs kept, only DR's "
	   "low byte counts");
	for (unsigned i = 0; i < PL011_LINE_MAX + 5; i++)
		wr(UART, 1, 'x', 2);
	ok(fake.log_lines == 5 && strlen(fake.log[4]) == PL011_LINE_MAX,
	   "a line longer than %d characters is split", PL011_LINE_MAX);
	pl011_flush(&u, 2);
	ok(fake.log_lines == 6 && strcmp(fake.log[5], "xxxxx") == 0, "flush prints the rest");
	wr(UART + 0x30, 4, 'z', 0);
	wr(UART, 1, '\n', 0);
	ok(fake.log_lines == 7 && strcmp(fake.log[6], "") == 0,
	   "writes to other registers are ignored");
	ok(rd(UART + 0x30, 4, 0) == (uint8_t)'z' && rd(UART + 0x80, 4, 0) == 0,
	   "CR keeps what was written; registers it lacks read 0");
	pl011_flush(&u, 99);
	ok(fake.log_lines == 7, "a flush for a vCPU that does not exist does nothing");

	/* The end of a transmission (IMSC written) shows a partial line: a prompt. */
	wr(UART, 4, '#', 1);
	wr(UART, 4, ' ', 1);
	wr(UART, 4, '\b', 1);
	wr(UART + PL011_IMSC, 4, 0x50, 1);
	ok(fake.written_len == 3 && memcmp(fake.written, "# \b", 3) == 0 && fake.log_lines == 7,
	   "an IMSC write shows the vCPU's partial line at once, backspaces kept");
	wr(UART, 4, 'l', 1);
	wr(UART, 4, '\n', 1);
	ok(fake.log_lines == 8 && strcmp(fake.log[7], "l") == 0, "the rest of the line follows");
}

static void test_console_filter(void)
{
	struct console_filter f = {0};
	enum console_request req = CONSOLE_NONE;
	char out[16];

	unsigned n = console_filter(&f, "ab\x1d", 3, out, &req);
	ok(n == 2 && memcmp(out, "ab", 2) == 0 && f.escaped && req == CONSOLE_NONE,
	   "bytes pass; the escape waits for the next one");
	n = console_filter(&f, "sc", 2, out, &req);
	ok(n == 1 && out[0] == 'c' && req == CONSOLE_STATS, "Ctrl-] s asks for the statistics");
	req = CONSOLE_NONE;
	n = console_filter(&f, "\x1d\x1d\x1dxy", 5, out, &req);
	ok(n == 2 && out[0] == 0x1d && out[1] == 'y' && req == CONSOLE_NONE,
	   "Ctrl-] twice sends one; Ctrl-] and another key drops both");
}

static void test_pl011_input(void)
{
	static struct pl011 u;

	fake_reset();
	bus_init(&bus);
	ok(pl011_init(&u, &bus, UART, NULL, 0) == 0, "a PL011 for input");
	wr(UART + PL011_IMSC, 4, PL011_INT_RX | PL011_INT_RT, 0);
	ok(rd(UART + PL011_MIS, 4, 0) == 0 && rd(UART + PL011_DR, 4, 0) == 0,
	   "no input: no RX interrupt, DR reads 0");
	pl011_input(&u, "ls\r", 3);
	ok(!(rd(UART + PL011_FR, 4, 0) & PL011_FR_RXFE) &&
		   rd(UART + PL011_MIS, 4, 0) == (PL011_INT_RX | PL011_INT_RT),
	   "input: FR without RXFE, RXIS and RTIS raised");
	wr(UART + PL011_ICR, 4, 0x7ff, 0);
	ok(rd(UART + PL011_RIS, 4, 0) & PL011_INT_RX, "ICR cannot clear RXIS while input waits");
	char got[4] = {0};
	for (unsigned i = 0; i < 3; i++)
		got[i] = (char)rd(UART + PL011_DR, 4, i % 2);
	ok(strcmp(got, "ls\r") == 0 && (rd(UART + PL011_FR, 4, 0) & PL011_FR_RXFE) &&
		   rd(UART + PL011_MIS, 4, 0) == 0,
	   "DR gives the bytes in order (from either vCPU), then RXFE and no interrupt");
	static char big[PL011_RX_SIZE + 10];
	memset(big, 'x', sizeof(big));
	pl011_input(&u, big, sizeof(big));
	ok((rd(UART + PL011_FR, 4, 0) & PL011_FR_RXFF) && u.rx_dropped == 10,
	   "a full FIFO sets RXFF and drops the rest");
	unsigned n = 0;
	while (!(rd(UART + PL011_FR, 4, 0) & PL011_FR_RXFE) && n < 2 * PL011_RX_SIZE)
		n += rd(UART + PL011_DR, 4, 0) == 'x';
	ok(n == PL011_RX_SIZE, "all %d bytes the FIFO holds come out", PL011_RX_SIZE);
}

int main(void)
{
	test_tdev();
	test_pl011_input();
	test_console_filter();
	test_gic();
	test_pl011();
	test_pl031();
	return tap_done();
}
