// SPDX-License-Identifier: BSD-2-Clause
/*
 * A minimal GICv3 distributor and redistributors: enough identification and
 * control for a guest to find and wake its GIC; every other register reads
 * as zero and ignores writes (RAZ/WI). The virtual CPU interface is the
 * kernel's (ICH_*_EL2); interrupts reach a vCPU through virq[] and
 * l4_thread_vcpu_irq. The full model (enables, priorities, routing of SPIs)
 * grows here: each frame is a function from a 32-bit register offset to its
 * value, and accesses of any size are assembled from those words.
 *
 * As KVM's vGIC, the guest sees one security state (GICD_CTLR.DS = 1) with
 * affinity routing always on (ARE = 1).
 */
#include "devices.h"

typedef uint32_t (*gic_word_fn)(struct gic *g, unsigned cpu, uint64_t off);
typedef void (*gic_store_fn)(struct gic *g, unsigned cpu, uint64_t off, uint32_t v);

/* Registers are little-endian 32-bit words: any access is the bytes of the words it covers. */
static __attribute__((noinline)) uint64_t gic_read_bytes(struct gic *g, uint64_t off, unsigned size,
							 unsigned cpu, gic_word_fn word)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < size; i++) {
		uint64_t b = off + i;
		uint32_t w = word(g, cpu, b & ~3UL);
		v |= (uint64_t)((w >> ((b & 3) * 8)) & 0xff) << (i * 8);
	}
	return v;
}

/*
 * Word-aligned 32- and 64-bit reads, nearly all of them, take whole words.
 * The arguments are in the bus callbacks' order: no moves before the call.
 */
static inline uint64_t gic_read_words(struct gic *g, uint64_t off, unsigned size, unsigned cpu,
				      gic_word_fn word)
{
	if (off % 4 == 0 && size == 4)
		return word(g, cpu, off);
	if (off % 4 == 0 && size == 8)
		return word(g, cpu, off) | (uint64_t)word(g, cpu, off + 4) << 32;
	return gic_read_bytes(g, off, size, cpu, word);
}

/* Only whole words are written (the spec's 32- and 64-bit accesses); smaller writes are ignored. */
static void gic_write_words(gic_store_fn store, struct gic *g, unsigned cpu, uint64_t off,
			    unsigned size, uint64_t v)
{
	if (off % 4 || size < 4)
		return;
	for (unsigned i = 0; i < size / 4; i++)
		store(g, cpu, off + 4 * i, (uint32_t)(v >> (32 * i)));
}

/* ---- distributor (GICv3 spec chapter 12, the GICD_* registers) ------------- */

static inline uint32_t gicd_word(struct gic *g, unsigned cpu, uint64_t off)
{
	switch (off) {
	case GICD_CTLR:
		return (__atomic_load_n(&g->dist_ctlr, __ATOMIC_RELAXED) & GICD_CTLR_ENABLES) |
		       GICD_CTLR_ARE | GICD_CTLR_DS;
	case GICD_TYPER:
		/* ITLinesNumber: 32 * (N + 1) INTIDs; CPUNumber: vCPUs - 1. */
		return (GIC_SPIS / 32) | (g->ncpus - 1) << 5;
	case GICD_IIDR: return GIC_IIDR_VALUE;
	case GICD_PIDR2: return GIC_PIDR2_V3;
	default: return 0;
	}
}

static void gicd_store(struct gic *g, unsigned cpu, uint64_t off, uint32_t v)
{
	if (off == GICD_CTLR)
		__atomic_store_n(&g->dist_ctlr, v & GICD_CTLR_ENABLES, __ATOMIC_RELAXED);
}

static uint64_t gicd_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	return gic_read_words(dev, off, size, cpu, gicd_word);
}

static void gicd_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	gic_write_words(gicd_store, dev, cpu, off, size, value);
}

/* ---- redistributors (GICR_*): a 128 KiB frame pair per vCPU ----------------- */

/* off is inside redistributor r's frames; r is its vCPU's index. */
static inline uint32_t gicr_word(struct gic *g, unsigned r, uint64_t off)
{
	switch (off) {
	case GICR_TYPER:
		/* Processor_Number, and Last on the last redistributor of the region. */
		return r << 8 | (r + 1 == g->ncpus ? 1U << 4 : 0);
	case GICR_TYPER + 4:
		return r; /* Affinity_Value: Aff0 = the vCPU index, as its MPIDR says */
	case GICR_WAKER: return __atomic_load_n(&g->waker[r], __ATOMIC_RELAXED);
	case GICR_PIDR2: return GIC_PIDR2_V3;
	default: return 0;
	}
}

static void gicr_store(struct gic *g, unsigned r, uint64_t off, uint32_t v)
{
	if (off == GICR_WAKER)
		__atomic_store_n(&g->waker[r],
				 v & GICR_WAKER_PS ? GICR_WAKER_PS | GICR_WAKER_CA : 0,
				 __ATOMIC_RELAXED);
}

/* The bus gives offsets into the whole redistributor region: split it into vCPU and frame. */
static uint64_t gicr_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	return gic_read_words(dev, off % GICR_STRIDE, size, (unsigned)(off / GICR_STRIDE),
			      gicr_word);
}

static void gicr_write(void *dev, uint64_t off, unsigned size, uint64_t value, unsigned cpu)
{
	gic_write_words(gicr_store, dev, (unsigned)(off / GICR_STRIDE), off % GICR_STRIDE, size,
			value);
}

static const struct mmio_ops gicd_ops = {.read = gicd_read, .write = gicd_write};
static const struct mmio_ops gicr_ops = {.read = gicr_read, .write = gicr_write};

int gic_init(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base,
	     unsigned ncpus)
{
	if (ncpus < 1 || ncpus > VMM_MAX_CPUS)
		return BUS_EINVAL;
	g->ncpus = ncpus;
	g->dist_ctlr = 0;
	/* Out of reset a redistributor's processor is asleep (GICR_WAKER). */
	for (unsigned i = 0; i < VMM_MAX_CPUS; i++)
		g->waker[i] = GICR_WAKER_PS | GICR_WAKER_CA;
	int err = bus_register(bus, dist_base, GICD_SIZE, &gicd_ops, g, "gicd");
	if (err)
		return err;
	return bus_register(bus, redist_base, ncpus * GICR_STRIDE, &gicr_ops, g, "gicr");
}
