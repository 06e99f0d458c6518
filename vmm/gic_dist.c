// SPDX-License-Identifier: BSD-2-Clause
/*
 * The GICv3 interrupt logic, the per-interrupt registers and the
 * distributor (Arm IHI 0069 chapters 4 and 12). As KVM's vGIC, the guest
 * sees one security state (GICD_CTLR.DS = 1, so GICD_IGRPMODR and
 * GICD_NSACR are RAZ/WI) with affinity routing always on (ARE = 1, so the
 * distributor's SGI and PPI registers and GICD_ITARGETSR are RAZ/WI).
 *
 * An interrupt is delivered (handed to the kernel through the inject
 * callback) when it is enabled, pending, not active, in group 1 with
 * EnableGrp1 set, and has a target vCPU. A level-triggered one goes with
 * L4_VIRQ_NOTIFY_EOI and stays active here until gic_eoi; an
 * edge-triggered one goes without, and its pending latch is cleared: the
 * kernel keeps it pending (once) until the guest takes it.
 *
 * What the guest reads is what the model knows, not what the list
 * registers hold: they are the kernel's (KVM, which owns its list
 * registers, even stops all vCPUs to read the active state exactly).
 * ISPENDR shows the latch (an edge or an ISPENDR write not delivered yet)
 * and the line of a level-triggered interrupt; ISACTIVER shows a delivered
 * level-triggered interrupt from delivery to the EOI, pending or active in
 * the guest. An edge-triggered one reads as neither once delivered.
 * ICPENDR and ICENABLER cannot take back what the kernel holds already.
 * SGIs the guest sends and the virtual timer (PPI 27) are the kernel's: it
 * routes and delivers them without this model (docs/vm.md), so their
 * enables and priorities here do not affect them. Group 0 would be a
 * virtual FIQ, which the kernel's list registers never make: a group-0
 * interrupt stays pending.
 */
#include <string.h>
#include <tern/vcpu.h>

#include "gic.h"

/* One interrupt's state word */
#define GIC_IRQ_ENABLED	   (1U << 0)
#define GIC_IRQ_LATCH	   (1U << 1) /* pending latch: a rising edge, or ISPENDR */
#define GIC_IRQ_ACTIVE	   (1U << 2) /* delivered with NOTIFY_EOI and not EOIed, or ISACTIVER */
#define GIC_IRQ_LINE	   (1U << 3) /* the device's line is high */
#define GIC_IRQ_GROUP1	   (1U << 4)
#define GIC_IRQ_EDGE	   (1U << 5) /* GICD_ICFGR: edge-triggered */
#define GIC_IRQ_PRIO_SHIFT 8
#define GIC_IRQ_PRIO	   (0xffU << GIC_IRQ_PRIO_SHIFT)

/* The 1-bit-per-INTID registers, by off / 0x80 (GICD_IGROUPR .. GICD_ICACTIVER) */
enum gic_bitreg {
	GIC_IGROUPR = 1,
	GIC_ISENABLER,
	GIC_ICENABLER,
	GIC_ISPENDR,
	GIC_ICPENDR,
	GIC_ISACTIVER,
	GIC_ICACTIVER,
};
_Static_assert(GICD_IGROUPR / 0x80 == GIC_IGROUPR && GICD_ICACTIVER / 0x80 == GIC_ICACTIVER,
	       "the 1-bit registers follow each other, 0x80 bytes (1024 INTIDs) each");
_Static_assert(GIC_INTID_SPI_BASE + GIC_SPIS_MAX <= 1020, "SPIs end below INTID 1020 (special)");

static void gic_inject_nothing(void *ctx, unsigned vcpu, uint64_t virq) {}

/* INTID intid's state as frame rd sees it (rd < 0: the distributor), or NULL. */
static uint32_t *gic_irq(struct gic *g, int rd, unsigned intid)
{
	if (rd >= 0)
		return intid < GIC_PRIVATE ? &g->priv[rd][intid] : NULL;
	if (intid < GIC_INTID_SPI_BASE || intid - GIC_INTID_SPI_BASE >= g->nspis)
		return NULL;
	return &g->spi[intid - GIC_INTID_SPI_BASE];
}

/* Pending as the GIC defines it (IHI 0069 chapter 4): the latch, or a level-triggered line high. */
static bool gic_pending(uint32_t s)
{
	return (s & GIC_IRQ_LATCH) || (s & (GIC_IRQ_LINE | GIC_IRQ_EDGE)) == GIC_IRQ_LINE;
}

/* Would go to the guest were its group enabled and a target named: only the others can stop it. */
static bool gic_waiting(uint32_t s)
{
	return (s & (GIC_IRQ_ENABLED | GIC_IRQ_ACTIVE)) == GIC_IRQ_ENABLED && gic_pending(s);
}

/* The vCPU an SPI's GICD_IROUTER names (IRM: any, vCPU 0), or -1 for none (it waits). */
static int gic_route_target(const struct gic *g, uint64_t route)
{
	if (route & GICD_IROUTER_IRM)
		return 0;
	/* vCPU n has MPIDR Aff0 = n and Aff1..3 = 0. */
	return route < g->ncpus ? (int)route : -1;
}

/*
 * Change INTID intid's state (it exists in frame rd): clear, then set bits;
 * setting the line of an edge-triggered interrupt that was low latches it.
 * Then deliver it if it can go. The decision and the state it leaves are
 * one compare-and-swap, so of threads racing on one interrupt exactly one
 * delivers it. The group enables and the route are read before; a thread
 * changing those stores first and then looks at the interrupts
 * (gicd_write_ctlr, gicd_write_router), and one that found them closed
 * looks again after its swap: with sequentially consistent accesses on
 * both sides, one of the two sees the other's change.
 */
static void gic_update(struct gic *g, int rd, unsigned intid, uint32_t set, uint32_t clear)
{
	uint32_t *w = gic_irq(g, rd, intid);
	uint32_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	for (;;) {
		uint32_t ctlr = __atomic_load_n(&g->ctlr, __ATOMIC_SEQ_CST);
		uint64_t route = 0;
		int target = rd;
		if (rd < 0) {
			route = __atomic_load_n(&g->router[intid - GIC_INTID_SPI_BASE],
						__ATOMIC_SEQ_CST);
			target = gic_route_target(g, route);
		}
		uint32_t next = (old & ~clear) | set;
		if ((set & GIC_IRQ_LINE) && (old & (GIC_IRQ_LINE | GIC_IRQ_EDGE)) == GIC_IRQ_EDGE)
			next |= GIC_IRQ_LATCH;
		bool go = gic_waiting(next) && (next & GIC_IRQ_GROUP1) && (ctlr & GICD_CTLR_GRP1) &&
			  target >= 0;
		bool level = !(next & GIC_IRQ_EDGE);
		if (go)
			next = (next & ~GIC_IRQ_LATCH) | (level ? GIC_IRQ_ACTIVE : 0);
		if (!__atomic_compare_exchange_n(w, &old, next, false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST))
			continue;
		if (go) {
			uint64_t prio = (next & GIC_IRQ_PRIO) >> GIC_IRQ_PRIO_SHIFT;
			g->inject(g->ctx, (unsigned)target,
				  L4_VIRQ(intid, prio) | (level ? L4_VIRQ_NOTIFY_EOI : 0));
			return;
		}
		if (!gic_waiting(next) ||
		    (__atomic_load_n(&g->ctlr, __ATOMIC_SEQ_CST) == ctlr &&
		     (rd >= 0 || __atomic_load_n(&g->router[intid - GIC_INTID_SPI_BASE],
						 __ATOMIC_SEQ_CST) == route)))
			return;
		/* The enables or the route changed under us: decide again. */
		set = clear = 0;
		old = next;
	}
}

/* Look at INTID intid again after its group enable or route changed. */
static void gic_recheck(struct gic *g, int rd, unsigned intid)
{
	if (gic_waiting(__atomic_load_n(gic_irq(g, rd, intid), __ATOMIC_SEQ_CST)))
		gic_update(g, rd, intid, 0, 0);
}

/* The frame (rd) of a device's line, or false for an INTID without one. */
static bool gic_line_frame(const struct gic *g, unsigned vcpu, unsigned intid, int *rd)
{
	if (intid < 16)
		return false; /* SGIs */
	if (intid < GIC_PRIVATE) {
		*rd = (int)vcpu;
		return vcpu < g->ncpus;
	}
	*rd = -1;
	return intid - GIC_INTID_SPI_BASE < g->nspis;
}

void gic_set_level(struct gic *g, unsigned vcpu, unsigned intid, bool level)
{
	int rd;

	if (!gic_line_frame(g, vcpu, intid, &rd))
		return;
	gic_update(g, rd, intid, level ? GIC_IRQ_LINE : 0, level ? 0 : GIC_IRQ_LINE);
}

void gic_eoi(struct gic *g, unsigned vcpu, unsigned intid)
{
	int rd = intid < GIC_PRIVATE ? (int)vcpu : -1;

	if ((rd >= 0 && vcpu >= g->ncpus) || !gic_irq(g, rd, intid))
		return;
	gic_update(g, rd, intid, 0, GIC_IRQ_ACTIVE);
}

/* ---- per-interrupt registers: the distributor's, and each SGI frame's -------- */

/* A 1-bit-per-INTID register's bit for state s. */
static uint32_t gic_bitreg_bit(enum gic_bitreg reg, uint32_t s)
{
	switch (reg) {
	case GIC_IGROUPR: return !!(s & GIC_IRQ_GROUP1);
	case GIC_ISENABLER:
	case GIC_ICENABLER: return s & GIC_IRQ_ENABLED;
	case GIC_ISPENDR:
	case GIC_ICPENDR: return gic_pending(s);
	case GIC_ISACTIVER:
	case GIC_ICACTIVER: return !!(s & GIC_IRQ_ACTIVE);
	}
	return 0;
}

uint32_t gic_irqregs_read(struct gic *g, int rd, uint64_t off, unsigned size)
{
	uint32_t v = 0;

	if (off < GICD_IPRIORITYR) {
		const uint32_t *s = gic_irq(g, rd, (unsigned)(off % 0x80) * 8);
		if (size != 4 || !s)
			return 0;
		for (unsigned i = 0; i < 32; i++)
			v |= gic_bitreg_bit(off / 0x80, __atomic_load_n(&s[i], __ATOMIC_RELAXED))
			     << i;
		return v;
	}
	if (off < GICD_ITARGETSR) {
		/* Whole words or single bytes (IHI 0069 chapter 12's access sizes). */
		const uint32_t *s = gic_irq(g, rd, (unsigned)(off - GICD_IPRIORITYR));
		if ((size != 4 && size != 1) || !s)
			return 0;
		for (unsigned i = 0; i < size; i++)
			v |= ((__atomic_load_n(&s[i], __ATOMIC_RELAXED) & GIC_IRQ_PRIO) >>
			      GIC_IRQ_PRIO_SHIFT)
			     << (8 * i);
		return v;
	}
	if (off >= GICD_ICFGR && off < GICD_IGRPMODR) {
		const uint32_t *s = gic_irq(g, rd, (unsigned)(off - GICD_ICFGR) * 4);
		if (size != 4 || !s)
			return 0;
		for (unsigned i = 0; i < 16; i++)
			if (__atomic_load_n(&s[i], __ATOMIC_RELAXED) & GIC_IRQ_EDGE)
				v |= 2U << (2 * i);
		return v;
	}
	return 0; /* ITARGETSR (ARE), IGRPMODR and NSACR (DS) */
}

/* A write of v to a 1-bit-per-INTID register for the 32 INTIDs from first. */
static void gic_bitreg_write(struct gic *g, int rd, enum gic_bitreg reg, unsigned first, uint32_t v)
{
	static const uint32_t bit[] = {
		[GIC_IGROUPR] = GIC_IRQ_GROUP1,	   [GIC_ISENABLER] = GIC_IRQ_ENABLED,
		[GIC_ICENABLER] = GIC_IRQ_ENABLED, [GIC_ISPENDR] = GIC_IRQ_LATCH,
		[GIC_ICPENDR] = GIC_IRQ_LATCH,	   [GIC_ISACTIVER] = GIC_IRQ_ACTIVE,
		[GIC_ICACTIVER] = GIC_IRQ_ACTIVE,
	};
	bool set = reg == GIC_ISENABLER || reg == GIC_ISPENDR || reg == GIC_ISACTIVER;

	for (unsigned i = 0; i < 32; i++) {
		bool one = v >> i & 1;
		if (reg == GIC_IGROUPR)
			gic_update(g, rd, first + i, one ? bit[reg] : 0, one ? 0 : bit[reg]);
		else if (one) /* set-enable, clear-pending...: only the ones act */
			gic_update(g, rd, first + i, set ? bit[reg] : 0, set ? 0 : bit[reg]);
	}
}

void gic_irqregs_write(struct gic *g, int rd, uint64_t off, unsigned size, uint32_t v)
{
	if (off < GICD_IPRIORITYR) {
		unsigned first = (unsigned)(off % 0x80) * 8;
		if (size == 4 && gic_irq(g, rd, first))
			gic_bitreg_write(g, rd, off / 0x80, first, v);
		return;
	}
	if (off < GICD_ITARGETSR) {
		unsigned first = (unsigned)(off - GICD_IPRIORITYR);
		if ((size != 4 && size != 1) || !gic_irq(g, rd, first))
			return;
		for (unsigned i = 0; i < size; i++) {
			uint32_t prio = (v >> (8 * i)) & GIC_PRIO_MASK;
			gic_update(g, rd, first + i, prio << GIC_IRQ_PRIO_SHIFT, GIC_IRQ_PRIO);
		}
		return;
	}
	/* ICFGR: SGIs edge-triggered, PPIs level-triggered, fixed (as KVM's); SPIs choose. */
	if (off >= GICD_ICFGR && off < GICD_IGRPMODR && size == 4 && rd < 0) {
		unsigned first = (unsigned)(off - GICD_ICFGR) * 4;
		if (!gic_irq(g, rd, first))
			return;
		for (unsigned i = 0; i < 16; i++) {
			bool edge = v >> (2 * i + 1) & 1;
			gic_update(g, rd, first + i, edge ? GIC_IRQ_EDGE : 0,
				   edge ? 0 : GIC_IRQ_EDGE);
		}
	}
}

/* ---- distributor (IHI 0069 chapter 12, GICD_*) ------------------------------- */

/* The SPI whose GICD_IROUTER holds off (8-byte registers), or -1. */
static int gicd_router_spi(const struct gic *g, uint64_t off)
{
	uint64_t intid = (off - GICD_IROUTER) / 8;

	if (off < GICD_IROUTER || intid < GIC_INTID_SPI_BASE ||
	    intid - GIC_INTID_SPI_BASE >= g->nspis)
		return -1;
	return (int)(intid - GIC_INTID_SPI_BASE);
}

/* Out of line: the hot reads (identification, CTLR) stay in gicd_read. */
static __attribute__((noinline)) uint64_t gicd_read_other(struct gic *g, uint64_t off,
							  unsigned size)
{
	if (off % size)
		return 0;
	if (gic_irqregs_holds(off))
		return gic_irqregs_read(g, -1, off, size);
	/* IROUTER: 64-bit, or either 32-bit half, as KVM allows. */
	int spi = gicd_router_spi(g, off);
	if (spi >= 0 && (size == 8 || size == 4))
		return __atomic_load_n(&g->router[spi], __ATOMIC_RELAXED) >> (8 * (off % 8));
	return 0; /* TYPER2, STATUSR (nothing to report), reserved offsets, wrong sizes */
}

/* The bus cuts the result to size bytes. */
static uint64_t gicd_read(void *dev, uint64_t off, unsigned size, unsigned cpu)
{
	struct gic *g = dev;

	if (size == 4) {
		switch (off) {
		case GICD_CTLR:
			return __atomic_load_n(&g->ctlr, __ATOMIC_RELAXED) | GICD_CTLR_ARE |
			       GICD_CTLR_DS;
		case GICD_TYPER: return g->typer;
		case GICD_IIDR: return GIC_IIDR_VALUE;
		case GICD_PIDR2: return GIC_PIDR2_V3;
		}
	}
	return gicd_read_other(g, off, size);
}

/* The group enables (RWP is 0: changes take effect at once). Newly enabled: deliver what waits. */
static void gicd_write_ctlr(struct gic *g, uint32_t v)
{
	uint32_t old = __atomic_exchange_n(&g->ctlr, v & GICD_CTLR_ENABLES, __ATOMIC_SEQ_CST);

	if (!(v & ~old & GICD_CTLR_ENABLES))
		return;
	for (unsigned rd = 0; rd < g->ncpus; rd++)
		for (unsigned i = 0; i < GIC_PRIVATE; i++)
			gic_recheck(g, (int)rd, i);
	for (unsigned i = 0; i < g->nspis; i++)
		gic_recheck(g, -1, GIC_INTID_SPI_BASE + i);
}

static void gicd_write_router(struct gic *g, unsigned spi, uint64_t off, unsigned size, uint64_t v)
{
	uint64_t *r = &g->router[spi];
	uint64_t old = __atomic_load_n(r, __ATOMIC_RELAXED), next;

	do {
		if (size == 8)
			next = v;
		else if (off % 8)
			next = (old & 0xffffffffUL) | v << 32;
		else
			next = (old & ~0xffffffffUL) | (v & 0xffffffffUL);
		next &= GICD_IROUTER_MASK;
	} while (!__atomic_compare_exchange_n(r, &old, next, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	gic_recheck(g, -1, GIC_INTID_SPI_BASE + spi);
}

static void gicd_write(void *dev, uint64_t off, unsigned size, uint64_t v, unsigned cpu)
{
	struct gic *g = dev;

	if (off % size)
		return;
	if (off == GICD_CTLR && size == 4) {
		gicd_write_ctlr(g, (uint32_t)v);
		return;
	}
	if (gic_irqregs_holds(off)) {
		gic_irqregs_write(g, -1, off, size, (uint32_t)v);
		return;
	}
	int spi = gicd_router_spi(g, off);
	if (spi >= 0 && (size == 8 || size == 4))
		gicd_write_router(g, (unsigned)spi, off, size, v);
}

static const struct mmio_ops gicd_ops = {.read = gicd_read, .write = gicd_write};

/* ---- set-up ------------------------------------------------------------------ */

int gic_setup(struct gic *g, const struct gic_params *p)
{
	if (p->ncpus < 1 || p->ncpus > VMM_MAX_CPUS || p->nspis < 32 || p->nspis > GIC_SPIS_MAX ||
	    p->nspis % 32)
		return BUS_EINVAL;
	memset(g, 0, sizeof(*g));
	g->ncpus = p->ncpus;
	g->nspis = p->nspis;
	g->inject = p->inject ? p->inject : gic_inject_nothing;
	g->ctx = p->ctx;
	/* ITLinesNumber: 32 * (N + 1) INTIDs; CPUNumber: vCPUs - 1; no LPIs, 1 of N routing. */
	g->typer = p->nspis / 32 | (p->ncpus - 1) << 5 | GICD_TYPER_IDBITS | GICD_TYPER_A3V;
	/*
	 * Out of reset: all disabled and idle, priority 0, SPIs level-triggered
	 * and routed to vCPU 0, SGIs edge-triggered; group 1 everywhere, as
	 * KVM's vGICv3 (Linux sets it anyway); each redistributor's processor
	 * asleep (GICR_WAKER).
	 */
	for (unsigned rd = 0; rd < VMM_MAX_CPUS; rd++) {
		g->waker[rd] = GICR_WAKER_PS | GICR_WAKER_CA;
		for (unsigned i = 0; i < GIC_PRIVATE; i++)
			g->priv[rd][i] = GIC_IRQ_GROUP1 | (i < 16 ? GIC_IRQ_EDGE : 0);
	}
	for (unsigned i = 0; i < GIC_SPIS_MAX; i++)
		g->spi[i] = GIC_IRQ_GROUP1;
	return BUS_OK;
}

int gic_register(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base)
{
	int err = bus_register(bus, dist_base, GICD_SIZE, &gicd_ops, g, "gicd");
	if (err)
		return err;
	return bus_register(bus, redist_base, g->ncpus * GICR_STRIDE, &gicr_ops, g, "gicr");
}

int gic_init(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base,
	     unsigned ncpus)
{
	const struct gic_params p = {.ncpus = ncpus, .nspis = GIC_SPIS_DEFAULT};
	int err = gic_setup(g, &p);

	return err ? err : gic_register(g, bus, dist_base, redist_base);
}
