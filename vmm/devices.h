/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The emulated devices. Each registers its window on the MMIO bus and never
 * sees how an access reached it; all are pure C (host unit tests run them).
 */
#pragma once

#include <stdint.h>

#include "bus.h"
#include "config.h"

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

/* ---- GICv3 distributor and redistributors (GICv3 spec, IHI 0069) ------------ */

#define GICD_SIZE	  0x10000UL
#define GICR_STRIDE	  0x20000UL /* RD_base and SGI_base frames, 64 KiB each */
#define GICD_CTLR	  0x0000
#define GICD_TYPER	  0x0004
#define GICD_IIDR	  0x0008
#define GICD_PIDR2	  0xffe8
#define GICR_CTLR	  0x0000
#define GICR_TYPER	  0x0008
#define GICR_WAKER	  0x0014
#define GICR_PIDR2	  0xffe8
#define GIC_SPIS	  64	    /* SPIs the distributor claims to have (INTIDs 32..95) */
#define GIC_IIDR_VALUE	  0x43bU    /* implementer Arm (JEP106 0x43b) */
#define GIC_PIDR2_V3	  0x30U	    /* ArchRev 3: GICv3 */
#define GICD_CTLR_ENABLES 0x3U	    /* EnableGrp0, EnableGrp1 */
#define GICD_CTLR_ARE	  (1U << 4) /* affinity routing: always on */
#define GICD_CTLR_DS	  (1U << 6) /* one security state: the guest sees no Secure side */
#define GICR_WAKER_PS	  (1U << 1) /* ProcessorSleep */
#define GICR_WAKER_CA	  (1U << 2) /* ChildrenAsleep: follows ProcessorSleep at once */

struct gic {
	unsigned ncpus;
	uint32_t dist_ctlr;
	uint32_t waker[VMM_MAX_CPUS];
};

/* The distributor at dist_base and ncpus redistributors from redist_base. */
int gic_init(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base,
	     unsigned ncpus) __attribute__((warn_unused_result));
