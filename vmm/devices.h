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

/* ---- PL011 UART (Arm PrimeCell UART PL011 TRM, DDI 0183): output only -------- */

#define PL011_SIZE     0x1000UL
#define PL011_DR       0x000
#define PL011_FR       0x018
#define PL011_LINE_MAX 160

/* Lines are collected per vCPU, so that two vCPUs writing at once never mix a line. */
struct pl011 {
	struct pl011_line {
		unsigned len;
		char buf[PL011_LINE_MAX];
	} line[VMM_MAX_CPUS];
};

int pl011_init(struct pl011 *u, struct mmio_bus *bus, uint64_t base)
	__attribute__((warn_unused_result));
/* Print what vCPU cpu wrote since its last newline, if anything. */
void pl011_flush(struct pl011 *u, unsigned cpu);

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
