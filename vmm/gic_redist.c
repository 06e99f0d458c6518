// SPDX-License-Identifier: BSD-2-Clause
/*
 * The GICv3 redistributors (Arm IHI 0069 chapter 12): one per vCPU, a
 * 64 KiB RD_base frame (identification, power management) and a 64 KiB
 * SGI_base frame with the per-interrupt registers of that vCPU's SGIs and
 * PPIs (gic_dist.c). No LPIs: GICR_CTLR, PROPBASER and PENDBASER are RAZ/WI.
 */
#include "gic.h"

/* GICR_TYPER: Affinity_Value = the vCPU's MPIDR (Aff0 = its index), Last. */
static uint64_t gicr_typer(const struct gic *g, unsigned rd)
{
	return (uint64_t)rd << 32 | rd << 8 | (rd + 1 == g->ncpus ? GICR_TYPER_LAST : 0);
}

/* A read in redistributor rd's RD_base frame; off is aligned to size. */
static uint64_t gicr_rd_read(struct gic *g, unsigned rd, uint64_t off, unsigned size)
{
	/* GICR_TYPER is 64-bit, read whole or as halves, as KVM allows. */
	if ((size == 8 || size == 4) && (off & ~4UL) == GICR_TYPER)
		return gicr_typer(g, rd) >> (8 * (off % 8));
	if (size != 4)
		return 0;
	switch (off) {
	case GICR_IIDR: return GIC_IIDR_VALUE;
	case GICR_WAKER: return __atomic_load_n(&g->waker[rd], __ATOMIC_RELAXED);
	case GICR_PIDR2: return GIC_PIDR2_V3;
	default: return 0; /* CTLR (no LPIs, RWP 0), STATUSR (nothing to report), reserved */
	}
}

/* The bus gives offsets into the whole redistributor region: split it into vCPU and frame. */
static uint64_t gicr_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct gic *g = dev;
	unsigned rd = (unsigned)(off / GICR_STRIDE);

	off %= GICR_STRIDE;
	if (off % size)
		return 0;
	if (off < GICR_SGI_BASE)
		return gicr_rd_read(g, rd, off, size);
	off -= GICR_SGI_BASE;
	return gic_irqregs_holds(off) ? gic_irqregs_read(g, (int)rd, off, size) : 0;
}

static void gicr_write(void *dev, uint64_t off, unsigned size, uint64_t v, unsigned cpu)
{
	struct gic *g = dev;
	unsigned rd = (unsigned)(off / GICR_STRIDE);

	off %= GICR_STRIDE;
	if (off % size)
		return;
	/*
	 * GICR_WAKER: the guest clears ProcessorSleep and waits for
	 * ChildrenAsleep to follow; here it follows at once.
	 */
	if (off == GICR_WAKER && size == 4)
		__atomic_store_n(&g->waker[rd],
				 v & GICR_WAKER_PS ? GICR_WAKER_PS | GICR_WAKER_CA : 0,
				 __ATOMIC_RELAXED);
	else if (off >= GICR_SGI_BASE && gic_irqregs_holds(off - GICR_SGI_BASE))
		gic_irqregs_write(g, (int)rd, off - GICR_SGI_BASE, size, (uint32_t)v);
}

const struct mmio_ops gicr_ops = {.read = gicr_read, .write = gicr_write};
