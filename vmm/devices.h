/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated devices. Each registers its window on the MMIO bus and never
 * sees how an access reached it; all are pure C (host unit tests run them).
 */
#pragma once

#include <stdint.h>

#include "bus.h"
#include "config.h"
#include "gic.h" /* the GICv3 distributor and redistributors */

/* PrimeCell peripheral and cell ID registers, 0xfe0..0xffc: a byte in each word. */
#define PRIMECELL_ID	  0xfe0
#define PRIMECELL_ID_END  0x1000
#define PRIMECELL_CELL_ID 0xb105f00dU /* PrimeCell TRMs: CellID 0x0d, 0xf0, 0x05, 0xb1 */

/* ---- PL011 UART (Arm PrimeCell UART PL011 TRM, DDI 0183) ----------------------- */

#define PL011_SIZE	0x1000UL
#define PL011_DR	0x000
#define PL011_FR	0x018
#define PL011_IBRD	0x024
#define PL011_FBRD	0x028
#define PL011_LCR_H	0x02c
#define PL011_CR	0x030
#define PL011_IFLS	0x034
#define PL011_IMSC	0x038
#define PL011_RIS	0x03c
#define PL011_MIS	0x040
#define PL011_ICR	0x044
#define PL011_FR_RXFE	(1U << 4)
#define PL011_FR_RXFF	(1U << 6)
#define PL011_FR_TXFE	(1U << 7)
#define PL011_INT_RX	(1U << 4)   /* RXIS: input waits */
#define PL011_INT_TX	(1U << 5)   /* TXIS: the FIFO is empty, always */
#define PL011_INT_RT	(1U << 6)   /* RTIS: input waits (no timing here: with RXIS) */
#define PL011_PERIPH_ID 0x00141011U /* DDI 0183 3.3.14: PartNumber 0x011, r1p4 */
#define PL011_LINE_MAX	160
#define PL011_RX_SIZE	1024 /* larger than the hardware's 32: typed and pasted input */

/* Lines are collected per vCPU, so that two vCPUs writing at once never mix a line. */
struct pl011 {
	struct pl011_line {
		unsigned len;
		unsigned esc; /* in an escape sequence: 1 after ESC, 2 in a CSI one */
		char buf[PL011_LINE_MAX];
	} line[VMM_MAX_CPUS];
	uint32_t ibrd, fbrd, lcr_h, cr, ifls, imsc; /* kept for the guest to read back */
	struct gic *gic;			    /* NULL: no interrupt */
	unsigned intid;
	/* Input: one producer (pl011_input), consumers on any vCPU (DR reads). */
	uint8_t rx[PL011_RX_SIZE];
	unsigned rx_head, rx_tail; /* free-running; atomic */
	unsigned long rx_dropped;  /* bytes that found the FIFO full */
};

/* The UART at base; its interrupt is INTID intid of gic (NULL: none). */
int pl011_init(struct pl011 *u, struct mmio_bus *bus, uint64_t base, struct gic *gic,
	       unsigned intid) __attribute__((warn_unused_result));
/* Print what vCPU cpu wrote since its last newline as a whole line, if anything. */
void pl011_flush(struct pl011 *u, unsigned cpu);
/* Console input for the guest: into the receive FIFO (what does not fit is dropped). */
void pl011_input(struct pl011 *u, const char *buf, unsigned n);

/* ---- PL031 RTC (Arm PrimeCell RTC PL031 TRM, DDI 0224) -------------------- */

#define PL031_SIZE	0x1000UL
#define PL031_DR	0x000 /* seconds, read-only */
#define PL031_MR	0x004
#define PL031_LR	0x008 /* a write sets the time */
#define PL031_CR	0x00c
#define PL031_IMSC	0x010
#define PL031_RIS	0x014
#define PL031_MIS	0x018
#define PL031_ICR	0x01c
#define PL031_PERIPH_ID 0x00041031U /* DDI 0224 3.3.10: PartNumber 0x031, r1p0 */

/*
 * The time is offset plus the seconds of now() (the VMM's counter); the
 * match interrupt is never raised (Linux only uses it for wake alarms).
 */
struct pl031 {
	uint64_t offset;
	uint64_t (*now)(void);
	uint32_t mr, imsc;
};

int pl031_init(struct pl031 *r, struct mmio_bus *bus, uint64_t base, uint64_t date,
	       uint64_t (*now)(void)) __attribute__((warn_unused_result));
/* A PrimeCell ID register at off (PRIMECELL_ID..): a byte of periph_id, then of the cell ID. */
uint32_t primecell_id(uint32_t periph_id, uint64_t off);

/* ---- tdev: the test device of the VMM's tests ------------------------------- */

#define TDEV_SIZE	   0x1000UL
#define TDEV_SCRATCH	   0x00 /* read/write: a write of size s stores the value zero-extended */
#define TDEV_PATTERN	   0x08 /* read-only: the low s bytes of TDEV_PATTERN_VALUE */
#define TDEV_COUNT	   0x10 /* read-only: accesses to tdev so far, this one included */
#define TDEV_PATTERN_VALUE 0x8091a2b3c4d5e6f7ULL

struct tdev {
	unsigned long count; /* first: every access adds to it */
	uint64_t scratch;
};

int tdev_init(struct tdev *t, struct mmio_bus *bus, uint64_t base)
	__attribute__((warn_unused_result));
