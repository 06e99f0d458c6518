// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the VMM's GICv3 model (vmm/gic_dist.c, gic_redist.c)
 * through the MMIO bus, as MMIO exits reach it, and gic_set_level/gic_eoi
 * as device models and the EOI handling will call them: reset values,
 * access sizes and reserved offsets, the redistributor frames per vCPU, and
 * what is delivered to which vCPU, recorded by a fake inject callback.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tern/vcpu.h>

#include "gic.h"
#include "tap.h"

#define GICD	0x08000000UL
#define GICR	0x080a0000UL
#define SGI	GICR_SGI_BASE
#define NOTHING 0xbad0bad0bad0bad0ULL /* no device answered */

static struct mmio_bus bus;
static struct gic g;

__attribute__((format(printf, 1, 2))) static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* What the model delivered: the fake inject callback's record. */
#define MAX_INJECTS 64
static struct {
	unsigned n; /* atomic: the threaded test counts from several threads */
	unsigned vcpu[MAX_INJECTS];
	uint64_t virq[MAX_INJECTS];
} inj;

static void fake_inject(void *ctx, unsigned vcpu, uint64_t virq)
{
	unsigned i = __atomic_fetch_add(&inj.n, 1, __ATOMIC_RELAXED);

	if (ctx != &inj || i >= MAX_INJECTS)
		return;
	inj.vcpu[i] = vcpu;
	inj.virq[i] = virq;
}

/* Exactly one delivery since the last check: intid at prio to vcpu, level ones with NOTIFY_EOI. */
static bool injected(unsigned vcpu, unsigned intid, unsigned prio, bool level)
{
	uint64_t want = L4_VIRQ(intid, prio) | (level ? L4_VIRQ_NOTIFY_EOI : 0);
	bool match = inj.n == 1 && inj.vcpu[0] == vcpu && inj.virq[0] == want;

	if (!match)
		diag("%u deliveries; the first to vCPU %u: 0x%llx (wanted 0x%llx to %u)", inj.n,
		     inj.vcpu[0], (unsigned long long)inj.virq[0], (unsigned long long)want, vcpu);
	inj.n = 0;
	return match;
}

static bool nothing_injected(void)
{
	bool none = inj.n == 0;

	if (!none)
		diag("%u deliveries, the first INTID %u to vCPU %u", inj.n,
		     L4_VIRQ_INTID(inj.virq[0]), inj.vcpu[0]);
	inj.n = 0;
	return none;
}

static void setup(unsigned ncpus, unsigned nspis)
{
	const struct gic_params p = {
		.ncpus = ncpus, .nspis = nspis, .inject = fake_inject, .ctx = &inj};

	bus_init(&bus);
	if (gic_setup(&g, &p) || gic_register(&g, &bus, GICD, GICR))
		abort();
	inj.n = 0;
}

static uint64_t rd(uint64_t addr, unsigned size)
{
	struct mmio_access a = {.addr = addr, .size = size, .value = 0xdead};
	return bus_access(&bus, &a) ? a.value : NOTHING;
}

static uint32_t rd32(uint64_t addr)
{
	return (uint32_t)rd(addr, 4);
}

static void wr(uint64_t addr, unsigned size, uint64_t value)
{
	struct mmio_access a = {.addr = addr, .size = size, .write = true, .value = value};
	if (!bus_access(&bus, &a))
		abort();
}

static void wr32(uint64_t addr, uint32_t value)
{
	wr(addr, 4, value);
}

/* The redistributor frames of vCPU n */
static uint64_t rdb(unsigned n)
{
	return GICR + n * GICR_STRIDE;
}

static uint64_t sgib(unsigned n)
{
	return rdb(n) + SGI;
}

/* A 1-bit-per-INTID register's word and bit for intid */
static uint64_t bitreg(uint64_t base, unsigned reg, unsigned intid)
{
	return base + reg + intid / 32 * 4;
}

static uint32_t bit(unsigned intid)
{
	return 1U << (intid % 32);
}

/* ---- set-up ------------------------------------------------------------------ */

static void test_setup(void)
{
	struct gic_params p = {.ncpus = 2, .nspis = 64};

	bus_init(&bus);
	p.ncpus = 0;
	ok(gic_setup(&g, &p) == BUS_EINVAL, "0 vCPUs are refused");
	p.ncpus = VMM_MAX_CPUS + 1;
	ok(gic_setup(&g, &p) == BUS_EINVAL, "%d vCPUs are refused", VMM_MAX_CPUS + 1);
	p.ncpus = 1;
	p.nspis = 0;
	ok(gic_setup(&g, &p) == BUS_EINVAL, "0 SPIs are refused");
	p.nspis = 48;
	ok(gic_setup(&g, &p) == BUS_EINVAL, "48 SPIs are refused: ITLinesNumber counts 32s");
	p.nspis = GIC_SPIS_MAX + 32;
	ok(gic_setup(&g, &p) == BUS_EINVAL, "%d SPIs are refused", GIC_SPIS_MAX + 32);
	p.nspis = GIC_SPIS_MAX;
	ok(gic_setup(&g, &p) == BUS_OK && gic_register(&g, &bus, GICD, GICR) == BUS_OK,
	   "%d SPIs, 1 vCPU, no inject callback", GIC_SPIS_MAX);
	ok(rd(GICD + GICD_SIZE - 4, 4) == 0 && rd(GICD + GICD_SIZE, 4) == NOTHING,
	   "the distributor is 64 KiB");
	ok(rd(GICR + GICR_STRIDE - 4, 4) == 0 && rd(GICR + GICR_STRIDE, 4) == NOTHING,
	   "one redistributor: 128 KiB");
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	wr32(GICD + GICD_ISENABLER + 4, ~0U);
	gic_set_level(&g, 0, 40, true);
	ok(rd32(bitreg(GICD, GICD_ISPENDR, 40)) == bit(40),
	   "without a callback the model keeps its state and delivers nothing (no crash)");

	bus_init(&bus);
	ok(gic_init(&g, &bus, GICD, GICR, 0) != 0 && gic_init(&g, &bus, GICD, GICR, 5) != 0,
	   "gic_init refuses 0 or 5 vCPUs");
	ok(gic_init(&g, &bus, GICD, GICR, 4) == 0 &&
		   (rd32(GICD + GICD_TYPER) & 0x1f) == GIC_SPIS_DEFAULT / 32 &&
		   rd(GICR + 4 * GICR_STRIDE - 4, 4) == 0 &&
		   rd(GICR + 4 * GICR_STRIDE, 4) == NOTHING,
	   "gic_init: %d SPIs, a redistributor per vCPU", GIC_SPIS_DEFAULT);
}

/* ---- reset values ------------------------------------------------------------ */

static void test_dist_reset(void)
{
	setup(2, 64);
	ok(rd32(GICD + GICD_CTLR) == (GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR: groups disabled, ARE and DS set, RWP clear");
	uint32_t typer = rd32(GICD + GICD_TYPER);
	ok((typer & 0x1f) == 2, "GICD_TYPER.ITLinesNumber 2: 64 SPIs, INTIDs up to 95");
	ok((typer >> 5 & 7) == 1, "GICD_TYPER.CPUNumber 1: 2 vCPUs");
	ok((typer >> 19 & 0x1f) == 9, "GICD_TYPER.IDbits 9: 10 bits of INTID");
	ok(!(typer & (1U << 17 | 1U << 16 | 1U << 18)), "GICD_TYPER: no LPIs, MBIs or DVIS");
	ok(!(typer & 1U << 10), "GICD_TYPER.SecurityExtn 0: one security state");
	ok((typer & (1U << 24 | 1U << 25 | 1U << 26)) == 1U << 24,
	   "GICD_TYPER: A3V (Aff3 kept), 1 of N routing (No1N 0), RSS 0 (0x%x)", typer);
	ok(rd32(GICD + GICD_IIDR) == 0x43b, "GICD_IIDR 0x43b (Arm)");
	ok(rd32(GICD + GICD_TYPER2) == 0, "GICD_TYPER2 0");
	ok(rd32(GICD + GICD_STATUSR) == 0, "GICD_STATUSR 0");
	ok((rd32(GICD + GICD_PIDR2) >> 4 & 0xf) == 3 && rd32(GICD + GICD_PIDR2) == 0x30,
	   "GICD_PIDR2: ArchRev 3");

	bool all = true;
	for (unsigned n = 1; n <= 2; n++) {
		all &= rd32(GICD + GICD_IGROUPR + 4 * n) == ~0U;
		all &= rd32(GICD + GICD_ISENABLER + 4 * n) == 0;
		all &= rd32(GICD + GICD_ICENABLER + 4 * n) == 0;
		all &= rd32(GICD + GICD_ISPENDR + 4 * n) == 0;
		all &= rd32(GICD + GICD_ICPENDR + 4 * n) == 0;
		all &= rd32(GICD + GICD_ISACTIVER + 4 * n) == 0;
		all &= rd32(GICD + GICD_ICACTIVER + 4 * n) == 0;
		all &= rd32(GICD + GICD_IGRPMODR + 4 * n) == 0;
	}
	ok(all, "SPIs: group 1, disabled, not pending, not active, IGRPMODR 0");
	all = true;
	for (unsigned n = 8; n < 24; n++)
		all &= rd32(GICD + GICD_IPRIORITYR + 4 * n) == 0;
	for (unsigned n = 2; n < 6; n++)
		all &= rd32(GICD + GICD_ICFGR + 4 * n) == 0;
	for (unsigned i = 32; i < 96; i++)
		all &= rd(GICD + GICD_IROUTER + 8 * i, 8) == 0;
	ok(all, "SPIs: priority 0, level-triggered, routed to Aff0 0");
	all = true;
	for (unsigned r = GICD_IGROUPR; r <= GICD_ICACTIVER; r += 0x80)
		all &= rd32(GICD + r) == 0 && rd32(GICD + r + 12) == 0;
	ok(all, "SGIs and PPIs (affinity routing), INTIDs beyond 95: RAZ in every bit register");
	ok(rd32(GICD + GICD_IPRIORITYR) == 0 && rd32(GICD + GICD_ICFGR) == 0 &&
		   rd32(GICD + GICD_ICFGR + 4) == 0 && rd(GICD + GICD_IROUTER + 8 * 31, 8) == 0 &&
		   rd(GICD + GICD_IROUTER + 8 * 96, 8) == 0,
	   "... and in IPRIORITYR, ICFGR and IROUTER");

	setup(4, GIC_SPIS_MAX);
	ok((rd32(GICD + GICD_TYPER) & 0xff) == (30 | 3 << 5) &&
		   rd32(GICD + GICD_IGROUPR + 4 * 30) == ~0U &&
		   rd32(GICD + GICD_IGROUPR + 4 * 31) == 0,
	   "%d SPIs: ITLinesNumber 30, CPUNumber 3, INTIDs up to 991", GIC_SPIS_MAX);
}

static void test_redist_reset(void)
{
	for (unsigned n = 1; n <= VMM_MAX_CPUS; n++) {
		setup(n, 64);
		bool all = true;
		for (unsigned i = 0; i < n; i++) {
			uint64_t want = (uint64_t)i << 32 | i << 8 | (i == n - 1 ? 1U << 4 : 0);
			all &= rd(rdb(i) + GICR_TYPER, 8) == want;
			all &= rd32(rdb(i) + GICR_TYPER) == (uint32_t)want;
			all &= rd32(rdb(i) + GICR_TYPER + 4) == i;
		}
		ok(all,
		   "%u vCPU(s): GICR_TYPER Aff0 = Processor_Number = index, Last on the last only",
		   n);
		ok(rd(rdb(n), 4) == NOTHING, "%u vCPU(s): no redistributor beyond", n);
	}
	setup(2, 64);
	for (unsigned i = 0; i < 2; i++) {
		uint64_t r = rdb(i), s = sgib(i);
		ok(rd32(r + GICR_CTLR) == 0 && rd32(r + GICR_IIDR) == 0x43b &&
			   rd32(r + GICR_STATUSR) == 0 && rd32(r + GICR_PIDR2) == 0x30,
		   "vCPU %u: GICR_CTLR 0, GICR_IIDR 0x43b, GICR_STATUSR 0, GICR_PIDR2 GICv3", i);
		ok(rd32(r + GICR_WAKER) == (GICR_WAKER_PS | GICR_WAKER_CA),
		   "vCPU %u: GICR_WAKER asleep out of reset", i);
		ok(rd32(s + GICR_IGROUPR0) == ~0U && rd32(s + GICR_ISENABLER0) == 0 &&
			   rd32(s + GICR_ICENABLER0) == 0 && rd32(s + GICR_ISPENDR0) == 0 &&
			   rd32(s + GICR_ICPENDR0) == 0 && rd32(s + GICR_ISACTIVER0) == 0 &&
			   rd32(s + GICR_ICACTIVER0) == 0 && rd32(s + GICR_IGRPMODR0) == 0,
		   "vCPU %u: SGIs and PPIs in group 1, disabled, idle", i);
		bool prio = true;
		for (unsigned n = 0; n < 8; n++)
			prio &= rd32(s + GICR_IPRIORITYR0 + 4 * n) == 0;
		ok(prio, "vCPU %u: GICR_IPRIORITYR0..7 0", i);
		ok(rd32(s + GICR_ICFGR0) == 0xaaaaaaaa && rd32(s + GICR_ICFGR1) == 0,
		   "vCPU %u: SGIs edge-triggered, PPIs level-triggered", i);
		ok(rd32(s + GICR_IGROUPR0 + 4) == 0 && rd32(s + GICR_IPRIORITYR0 + 32) == 0 &&
			   rd32(s + GICR_ICFGR1 + 4) == 0,
		   "vCPU %u: the SGI frame has registers for INTIDs 0..31 only", i);
	}
}

/* ---- access sizes and reserved offsets --------------------------------------- */

static void test_sizes(void)
{
	setup(2, 64);
	/* IPRIORITYR: bytes or words (INTID 33 is byte 1 of IPRIORITYR8). */
	wr(GICD + GICD_IPRIORITYR + 33, 1, 0xa0);
	ok(rd32(GICD + GICD_IPRIORITYR + 32) == 0xa000 &&
		   rd(GICD + GICD_IPRIORITYR + 33, 1) == 0xa0,
	   "IPRIORITYR: a byte write sets one priority, byte and word reads see it");
	wr32(GICD + GICD_IPRIORITYR + 36, 0x80706050);
	ok(rd(GICD + GICD_IPRIORITYR + 38, 1) == 0x70 &&
		   rd32(GICD + GICD_IPRIORITYR + 36) == 0x80706050,
	   "IPRIORITYR: a word write sets four");
	wr(GICD + GICD_IPRIORITYR + 40, 1, 0xff);
	ok(rd(GICD + GICD_IPRIORITYR + 40, 1) == 0xf8,
	   "IPRIORITYR keeps 5 bits, as the list registers (0xff reads 0xf8)");
	wr(GICD + GICD_IPRIORITYR + 44, 2, 0xffff);
	wr(GICD + GICD_IPRIORITYR + 32, 8, ~0ULL);
	ok(rd32(GICD + GICD_IPRIORITYR + 44) == 0 && rd32(GICD + GICD_IPRIORITYR + 32) == 0xa000 &&
		   rd(GICD + GICD_IPRIORITYR + 32, 2) == 0 &&
		   rd(GICD + GICD_IPRIORITYR + 32, 8) == 0,
	   "IPRIORITYR: 16- and 64-bit accesses are RAZ/WI");
	wr(rdb(1) + SGI + GICR_IPRIORITYR0 + 27, 1, 0x90);
	ok(rd(sgib(1) + GICR_IPRIORITYR0 + 27, 1) == 0x90 &&
		   rd32(sgib(1) + GICR_IPRIORITYR0 + 24) == 0x90000000 &&
		   rd32(sgib(0) + GICR_IPRIORITYR0 + 24) == 0,
	   "GICR_IPRIORITYR: byte access, banked per vCPU");

	wr(GICD + GICD_ISENABLER + 4, 1, 0xff);
	wr(GICD + GICD_ISENABLER + 4, 2, 0xffff);
	wr(GICD + GICD_ISENABLER + 4, 8, ~0ULL);
	ok(rd32(GICD + GICD_ISENABLER + 4) == 0,
	   "ISENABLER: 8-, 16- and 64-bit writes are ignored");
	wr32(GICD + GICD_ISENABLER + 4, 0x11);
	ok(rd(GICD + GICD_ISENABLER + 4, 1) == 0 && rd(GICD + GICD_ISENABLER + 4, 8) == 0 &&
		   rd32(GICD + GICD_ISENABLER + 4) == 0x11,
	   "ISENABLER: 32-bit only; narrower and wider reads are RAZ");
	wr(GICD + GICD_ISENABLER + 6, 4, ~0ULL);
	ok(rd(GICD + GICD_ISENABLER + 6, 4) == 0 && rd32(GICD + GICD_ISENABLER + 4) == 0x11,
	   "an unaligned access is RAZ/WI");
	wr(GICD + GICD_CTLR, 8, ~0ULL);
	wr(GICD + GICD_CTLR, 1, ~0ULL);
	ok(rd32(GICD + GICD_CTLR) == (GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR: 8- and 1-byte writes are ignored");
	wr32(GICD + GICD_CTLR, ~0U);
	ok(rd32(GICD + GICD_CTLR) == (GICD_CTLR_ENABLES | GICD_CTLR_ARE | GICD_CTLR_DS),
	   "GICD_CTLR keeps the group enables only (RWP, E1NWF, nASSGIreq stay 0)");
	wr32(GICD + GICD_CTLR, 0);

	/* IROUTER: 64-bit, or 32-bit halves; reserved bits read 0. */
	uint64_t ir40 = GICD + GICD_IROUTER + 8 * 40;
	wr(ir40, 8, ~0ULL);
	ok(rd(ir40, 8) == GICD_IROUTER_MASK, "IROUTER keeps Aff3, IRM, Aff2..0 (0x%llx)",
	   (unsigned long long)rd(ir40, 8));
	wr(ir40, 4, 0x00010203);
	ok(rd(ir40, 8) == 0xff00010203ULL && rd(ir40, 4) == 0x00010203 && rd(ir40 + 4, 4) == 0xff,
	   "IROUTER: a 32-bit write of the low half keeps the high one");
	wr(ir40 + 4, 4, 0x12);
	ok(rd(ir40, 8) == 0x1200010203ULL, "IROUTER: and of the high half");
	wr(ir40, 1, 0);
	wr(ir40, 2, 0);
	ok(rd(ir40, 8) == 0x1200010203ULL && rd(ir40, 1) == 0 && rd(ir40, 2) == 0,
	   "IROUTER: byte and 16-bit accesses are RAZ/WI");
	wr(ir40 + 4, 8, ~0ULL);
	ok(rd(ir40 + 4, 8) == 0 && rd(ir40, 8) == 0x1200010203ULL,
	   "IROUTER: an unaligned 64-bit access is RAZ/WI");
	wr(GICD + GICD_IROUTER + 8 * 31, 8, 1);
	wr(GICD + GICD_IROUTER + 8 * 96, 8, 1);
	ok(rd(GICD + GICD_IROUTER + 8 * 31, 8) == 0 && rd(GICD + GICD_IROUTER + 8 * 96, 8) == 0,
	   "IROUTER of a PPI or a missing SPI is RAZ/WI");

	/* ICFGR: SPIs choose, bit 0 of each pair is RES0; SGIs and PPIs are fixed. */
	wr32(GICD + GICD_ICFGR + 8, 0xffffffff);
	ok(rd32(GICD + GICD_ICFGR + 8) == 0xaaaaaaaa, "ICFGR2: edge for 16 SPIs, bit 0s RES0");
	wr32(GICD + GICD_ICFGR + 8, 0x8);
	ok(rd32(GICD + GICD_ICFGR + 8) == 0x8, "ICFGR2: INTID 33 edge, the others level again");
	wr32(sgib(0) + GICR_ICFGR0, 0);
	wr32(sgib(0) + GICR_ICFGR1, 0xaaaaaaaa);
	ok(rd32(sgib(0) + GICR_ICFGR0) == 0xaaaaaaaa && rd32(sgib(0) + GICR_ICFGR1) == 0,
	   "GICR_ICFGR0/1 are read-only (SGIs edge, PPIs level, as KVM's)");

	/* 64-bit GICR_TYPER, 32-bit elsewhere in RD_base */
	ok(rd(rdb(1) + GICR_TYPER, 1) == 0 && rd(rdb(1) + GICR_TYPER, 2) == 0 &&
		   rd(rdb(1) + GICR_TYPER + 4, 8) == 0,
	   "GICR_TYPER: 8-, 16-bit and unaligned 64-bit reads are RAZ");
	wr(rdb(1) + GICR_WAKER, 1, 0);
	wr(rdb(1) + GICR_WAKER - 4, 8, 0);
	ok(rd32(rdb(1) + GICR_WAKER) == (GICR_WAKER_PS | GICR_WAKER_CA) &&
		   rd(rdb(1) + GICR_WAKER, 1) == 0 && rd(rdb(1) + GICR_WAKER - 4, 8) == 0,
	   "GICR_WAKER: 32-bit only");
	wr(rdb(1) + GICR_TYPER, 8, ~0ULL);
	ok(rd(rdb(1) + GICR_TYPER, 8) == ((uint64_t)1 << 32 | 1 << 8 | GICR_TYPER_LAST),
	   "GICR_TYPER ignores writes");

	/* Reserved and RAZ/WI offsets: writes of all ones change nothing anywhere. */
	static const uint32_t dist_raz[] = {0x0014,
					    0x0040,
					    0x0048,
					    0x007c,
					    GICD_ITARGETSR + 32,
					    GICD_IGRPMODR + 4,
					    GICD_NSACR + 8,
					    0x0f00,
					    0x0f10,
					    0x0f20,
					    0x4000,
					    0x8000,
					    0xc000,
					    0xffd0,
					    0xffe0,
					    0xfffc};
	bool all = true;
	for (unsigned i = 0; i < sizeof(dist_raz) / sizeof(dist_raz[0]); i++) {
		wr32(GICD + dist_raz[i], ~0U);
		all &= rd32(GICD + dist_raz[i]) == 0;
	}
	ok(all, "reserved distributor offsets, ITARGETSR, IGRPMODR, NSACR, SGIR are RAZ/WI");
	static const uint32_t rd_raz[] = {GICR_CTLR, GICR_STATUSR, 0x0018, 0x0070, 0x0078,
					  0x00a0,    0x0100,	   0x8000, 0xfffc};
	all = true;
	for (unsigned i = 0; i < sizeof(rd_raz) / sizeof(rd_raz[0]); i++) {
		wr32(rdb(0) + rd_raz[i], ~0U);
		all &= rd32(rdb(0) + rd_raz[i]) == 0;
	}
	static const uint32_t sgi_raz[] = {
		0x0000, 0x0004, 0x0084, GICR_IPRIORITYR0 + 32, GICR_ICFGR0 + 8, GICR_IGRPMODR0,
		0x0e00, 0x8000, 0xfffc};
	for (unsigned i = 0; i < sizeof(sgi_raz) / sizeof(sgi_raz[0]); i++) {
		wr32(sgib(0) + sgi_raz[i], ~0U);
		all &= rd32(sgib(0) + sgi_raz[i]) == 0;
	}
	ok(all, "reserved redistributor offsets, GICR_CTLR (no LPIs), IGRPMODR0 are RAZ/WI");
	ok(nothing_injected(), "none of these delivered anything");
}

/* Every size at every offset of every frame, all ones: nothing breaks. */
static void test_hostile_sweep(void)
{
	setup(2, 64);
	for (unsigned size = 1; size <= 8; size *= 2) {
		for (uint64_t off = 0; off < GICD_SIZE; off += size)
			wr(GICD + off, size, ~0ULL);
		for (uint64_t off = 0; off < 2 * GICR_STRIDE; off += size)
			wr(GICR + off, size, ~0ULL);
	}
	uint64_t sum = 0;
	for (uint64_t off = 0; off < GICD_SIZE; off += 4)
		sum += rd(GICD + off, 4);
	ok(rd32(GICD + GICD_IIDR) == 0x43b && rd(rdb(1) + GICR_TYPER, 8) == (1ULL << 32 | 0x110),
	   "all ones everywhere: identification intact (sum of reads 0x%llx)",
	   (unsigned long long)sum);
	/* Each clear register comes after its set register: the last writes disable and clear. */
	ok(rd32(GICD + GICD_ISENABLER + 4) == 0 && rd32(GICD + GICD_ISPENDR + 4) == 0 &&
		   rd32(GICD + GICD_ISACTIVER + 4) == 0 && rd32(sgib(1) + GICR_ISENABLER0) == 0,
	   "... every interrupt disabled and idle again");
	ok(rd32(GICD + GICD_IPRIORITYR + 32) == 0xf8f8f8f8 &&
		   rd32(GICD + GICD_ICFGR + 8) == 0xaaaaaaaa &&
		   rd(GICD + GICD_IROUTER + 8 * 95, 8) == GICD_IROUTER_MASK,
	   "... priorities 0xf8, SPIs edge-triggered, IROUTER's writable bits set");
	ok(nothing_injected(), "... and nothing was delivered: never enabled and pending at once");
}

/* ---- redistributor power management ------------------------------------------ */

static void test_waker(void)
{
	setup(3, 64);
	wr32(rdb(1) + GICR_WAKER, 0);
	ok(rd32(rdb(1) + GICR_WAKER) == 0,
	   "clearing ProcessorSleep: ChildrenAsleep clears at once");
	ok(rd32(rdb(0) + GICR_WAKER) == (GICR_WAKER_PS | GICR_WAKER_CA) &&
		   rd32(rdb(2) + GICR_WAKER) == (GICR_WAKER_PS | GICR_WAKER_CA),
	   "the other redistributors stay asleep");
	wr32(rdb(1) + GICR_WAKER, GICR_WAKER_PS);
	ok(rd32(rdb(1) + GICR_WAKER) == (GICR_WAKER_PS | GICR_WAKER_CA),
	   "setting ProcessorSleep: asleep again, ChildrenAsleep set");
	wr32(rdb(2) + GICR_WAKER, 0x80000001 | GICR_WAKER_CA);
	ok(rd32(rdb(2) + GICR_WAKER) == 0,
	   "ChildrenAsleep is read-only; the IMPLEMENTATION DEFINED bits are RAZ/WI");
}

/* ---- delivery ---------------------------------------------------------------- */

/* Enable SPI intid at prio, routed to Aff0 vcpu. */
static void spi_setup(unsigned intid, unsigned prio, unsigned vcpu)
{
	wr(GICD + GICD_IPRIORITYR + intid, 1, prio);
	wr(GICD + GICD_IROUTER + 8 * intid, 8, vcpu);
	wr32(bitreg(GICD, GICD_ISENABLER, intid), bit(intid));
}

static void test_level(void)
{
	setup(2, 64);
	spi_setup(40, 0xa0, 1);
	gic_set_level(&g, 0, 40, true);
	ok(nothing_injected(), "level SPI, line high, groups disabled: nothing delivered");
	ok(rd32(bitreg(GICD, GICD_ISPENDR, 40)) == bit(40) &&
		   rd32(bitreg(GICD, GICD_ICPENDR, 40)) == bit(40),
	   "ISPENDR and ICPENDR show it pending");
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP0);
	ok(nothing_injected(), "EnableGrp0 alone does not deliver a group-1 interrupt");
	wr32(GICD + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1);
	ok(injected(1, 40, 0xa0, true),
	   "EnableGrp1: delivered to vCPU 1 (IROUTER), priority 0xa0, with NOTIFY_EOI");
	ok(rd32(bitreg(GICD, GICD_ISACTIVER, 40)) == bit(40) &&
		   rd32(bitreg(GICD, GICD_ISPENDR, 40)) == bit(40),
	   "delivered, line high: active and pending as the model sees it");
	gic_set_level(&g, 0, 40, true);
	wr32(bitreg(GICD, GICD_ISENABLER, 40), bit(40));
	ok(nothing_injected(), "the line staying high, enabling again: not delivered twice");
	gic_eoi(&g, 1, 40);
	ok(injected(1, 40, 0xa0, true), "EOI with the line still high: delivered again");
	gic_set_level(&g, 0, 40, false);
	ok(nothing_injected() && rd32(bitreg(GICD, GICD_ISPENDR, 40)) == 0,
	   "the line falls: no longer pending, nothing delivered");
	gic_eoi(&g, 1, 40);
	ok(nothing_injected() && rd32(bitreg(GICD, GICD_ISACTIVER, 40)) == 0,
	   "EOI with the line low: idle, nothing delivered");
	gic_set_level(&g, 0, 40, true);
	ok(injected(1, 40, 0xa0, true), "the line rises again: delivered");
	gic_eoi(&g, 1, 40);
	ok(injected(1, 40, 0xa0, true), "and again at its EOI while it stays high");
	gic_set_level(&g, 0, 40, false);
	gic_eoi(&g, 1, 40);
	ok(nothing_injected(), "until it falls");

	/* Disabled interrupts are never delivered; enabling one that is pending delivers it. */
	wr32(bitreg(GICD, GICD_ICENABLER, 40), bit(40));
	ok(rd32(bitreg(GICD, GICD_ISENABLER, 40)) == 0, "ICENABLER disables it");
	gic_set_level(&g, 0, 40, true);
	ok(nothing_injected(), "disabled: the line rising delivers nothing");
	wr(GICD + GICD_IPRIORITYR + 40, 1, 0x48);
	wr32(bitreg(GICD, GICD_ISENABLER, 40), bit(40));
	ok(injected(1, 40, 0x48, true), "enabled with the line high: delivered, the new priority");
	gic_set_level(&g, 0, 40, false);
	gic_eoi(&g, 1, 40);
	wr32(bitreg(GICD, GICD_ICENABLER, 40), bit(40));
	gic_set_level(&g, 0, 40, true);
	gic_set_level(&g, 0, 40, false);
	wr32(bitreg(GICD, GICD_ISENABLER, 40), bit(40));
	ok(nothing_injected(), "a level pulse while disabled is gone when enabled (no latch)");

	/* EnableGrp1 cleared: pending ones wait. */
	wr32(GICD + GICD_CTLR, 0);
	gic_set_level(&g, 0, 40, true);
	ok(nothing_injected(), "EnableGrp1 clear: nothing delivered");
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	ok(injected(1, 40, 0x48, true), "set again: the waiting one goes");
	gic_set_level(&g, 0, 40, false);
	gic_eoi(&g, 1, 40);
	ok(nothing_injected(), "EOI after the line fell: nothing");
}

static void test_edge(void)
{
	setup(2, 64);
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	wr32(GICD + GICD_ICFGR + 41 / 16 * 4, 2U << (2 * (41 % 16)));
	spi_setup(41, 0x20, 0);
	wr(GICD + GICD_IROUTER + 8 * 41, 8, GICD_IROUTER_IRM | 3);
	gic_set_level(&g, 0, 41, true);
	ok(injected(0, 41, 0x20, false),
	   "edge SPI with IRM: a rising edge goes to vCPU 0, no NOTIFY");
	ok(rd32(bitreg(GICD, GICD_ISPENDR, 41)) == 0 && rd32(bitreg(GICD, GICD_ISACTIVER, 41)) == 0,
	   "delivered: the model shows it neither pending nor active");
	gic_set_level(&g, 0, 41, true);
	ok(nothing_injected(), "the line staying high is no new edge");
	gic_set_level(&g, 0, 41, false);
	gic_set_level(&g, 0, 41, true);
	ok(injected(0, 41, 0x20, false), "low, then high: a second edge, delivered again");
	gic_set_level(&g, 0, 41, false);

	wr32(bitreg(GICD, GICD_ICENABLER, 41), bit(41));
	gic_set_level(&g, 0, 41, true);
	gic_set_level(&g, 0, 41, false);
	gic_set_level(&g, 0, 41, true);
	gic_set_level(&g, 0, 41, false);
	ok(nothing_injected() && rd32(bitreg(GICD, GICD_ISPENDR, 41)) == bit(41),
	   "disabled: two edges latch it pending, nothing delivered");
	wr32(bitreg(GICD, GICD_ISENABLER, 41), bit(41));
	ok(injected(0, 41, 0x20, false) && rd32(bitreg(GICD, GICD_ISPENDR, 41)) == 0,
	   "enabled: delivered once, the latch cleared");
	gic_eoi(&g, 0, 41);
	ok(nothing_injected(), "an EOI of an edge interrupt changes nothing");

	wr32(bitreg(GICD, GICD_ICENABLER, 41), bit(41));
	gic_set_level(&g, 0, 41, true);
	wr32(bitreg(GICD, GICD_ICPENDR, 41), bit(41));
	wr32(bitreg(GICD, GICD_ISENABLER, 41), bit(41));
	ok(nothing_injected() && rd32(bitreg(GICD, GICD_ISPENDR, 41)) == 0,
	   "ICPENDR clears a latched edge before it goes");
}

static void test_routing(void)
{
	setup(2, 64);
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	spi_setup(50, 0x10, 5);
	gic_set_level(&g, 0, 50, true);
	ok(nothing_injected() && rd32(bitreg(GICD, GICD_ISPENDR, 50)) == bit(50),
	   "IROUTER naming Aff0 5 (no such vCPU): it waits, pending");
	wr(GICD + GICD_IROUTER + 8 * 50, 8, 1 << 8);
	ok(nothing_injected(), "Aff1 1, Aff0 0: no such vCPU either");
	wr(GICD + GICD_IROUTER + 8 * 50, 8, 1ULL << 32);
	ok(nothing_injected(), "Aff3 1: no such vCPU either");
	wr(GICD + GICD_IROUTER + 8 * 50, 4, 1);
	ok(nothing_injected(), "the low half naming vCPU 1, Aff3 still 1: no");
	wr(GICD + GICD_IROUTER + 8 * 50 + 4, 4, 0);
	ok(injected(1, 50, 0x10, true), "the high half cleared: delivered to vCPU 1");
	wr(GICD + GICD_IROUTER + 8 * 50, 8, 0);
	gic_eoi(&g, 1, 50);
	ok(injected(0, 50, 0x10, true),
	   "re-routed to vCPU 0 while active: the EOI delivers it there");
	gic_set_level(&g, 0, 50, false);
	gic_eoi(&g, 0, 50);
	ok(nothing_injected(), "line low at the EOI: done");

	/* PPIs belong to one vCPU each; their registers are in that vCPU's SGI frame. */
	wr32(sgib(1) + GICR_ISENABLER0, bit(23));
	wr(sgib(1) + GICR_IPRIORITYR0 + 23, 1, 0x68);
	gic_set_level(&g, 1, 23, true);
	ok(injected(1, 23, 0x68, true), "PPI 23 of vCPU 1: level, delivered to vCPU 1 with NOTIFY");
	gic_set_level(&g, 0, 23, true);
	ok(nothing_injected() && rd32(sgib(0) + GICR_ISPENDR0) == bit(23),
	   "PPI 23 of vCPU 0 is another interrupt: disabled there, pending");
	ok(rd32(sgib(1) + GICR_ISACTIVER0) == bit(23) && rd32(sgib(0) + GICR_ISACTIVER0) == 0,
	   "GICR_ISACTIVER0 is per vCPU");
	gic_set_level(&g, 1, 23, false);
	gic_eoi(&g, 1, 23);
	ok(nothing_injected() && rd32(sgib(1) + GICR_ISACTIVER0) == 0, "PPI EOI with the line low");
	wr32(sgib(0) + GICR_ICPENDR0, bit(23));
	ok(rd32(sgib(0) + GICR_ISPENDR0) == bit(23),
	   "ICPENDR cannot clear a level interrupt whose line is high");
	gic_set_level(&g, 0, 23, false);

	/* SGIs: no line; ISPENDR0 makes one pending on that redistributor's vCPU. */
	wr32(sgib(0) + GICR_ISENABLER0, 0xffff);
	wr(sgib(0) + GICR_IPRIORITYR0 + 5, 1, 0xa0);
	wr32(sgib(0) + GICR_ISPENDR0, bit(5));
	ok(injected(0, 5, 0xa0, false), "GICR_ISPENDR0 of SGI 5: delivered to vCPU 0, edge");
	gic_set_level(&g, 0, 5, true);
	ok(nothing_injected(), "gic_set_level of an SGI does nothing");
}

static void test_pending_active_groups(void)
{
	setup(2, 64);
	wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	spi_setup(60, 0x30, 0);
	wr32(bitreg(GICD, GICD_ISPENDR, 60), bit(60));
	ok(injected(0, 60, 0x30, true),
	   "ISPENDR of an enabled level SPI: delivered (NOTIFY: level), line low");
	ok(rd32(bitreg(GICD, GICD_ISPENDR, 60)) == 0 &&
		   rd32(bitreg(GICD, GICD_ISACTIVER, 60)) == bit(60),
	   "its latch went with it; active until the EOI");
	wr32(bitreg(GICD, GICD_ISPENDR, 60), bit(60));
	ok(nothing_injected(), "pending again while active: waits");
	gic_eoi(&g, 0, 60);
	ok(injected(0, 60, 0x30, true), "the EOI delivers the waiting one");
	gic_eoi(&g, 0, 60);
	ok(nothing_injected(), "then idle");

	/* ICACTIVER: the guest deactivates it itself (Linux does at boot). */
	gic_set_level(&g, 0, 60, true);
	ok(injected(0, 60, 0x30, true), "line high: delivered");
	wr32(bitreg(GICD, GICD_ICACTIVER, 60), bit(60));
	ok(injected(0, 60, 0x30, true) && rd32(bitreg(GICD, GICD_ISACTIVER, 60)) == bit(60),
	   "ICACTIVER with the line high: no longer active, so delivered again");
	gic_set_level(&g, 0, 60, false);
	wr32(bitreg(GICD, GICD_ICACTIVER, 60), bit(60));
	wr32(bitreg(GICD, GICD_ISACTIVER, 60), bit(60));
	gic_set_level(&g, 0, 60, true);
	ok(nothing_injected(), "ISACTIVER makes it active: a high line waits");
	wr32(bitreg(GICD, GICD_ICACTIVER, 60), bit(60));
	ok(injected(0, 60, 0x30, true), "until ICACTIVER");
	gic_set_level(&g, 0, 60, false);
	gic_eoi(&g, 0, 60);

	/* Groups: group 0 would be a virtual FIQ, which the kernel never makes. */
	wr32(GICD + GICD_CTLR, GICD_CTLR_ENABLES);
	wr32(bitreg(GICD, GICD_IGROUPR, 60), ~bit(60));
	ok(rd32(bitreg(GICD, GICD_IGROUPR, 60)) == ~bit(60), "IGROUPR puts SPI 60 in group 0");
	gic_set_level(&g, 0, 60, true);
	ok(nothing_injected(), "a group-0 interrupt is not delivered, EnableGrp0 or not");
	wr32(bitreg(GICD, GICD_IGROUPR, 60), ~0U);
	ok(injected(0, 60, 0x30, true), "back in group 1: delivered");
	gic_set_level(&g, 0, 60, false);
	gic_eoi(&g, 0, 60);

	/* A priority change alone delivers nothing. */
	wr32(GICD + GICD_IPRIORITYR + 60, 0xf0f0f0f0);
	ok(nothing_injected() && rd(GICD + GICD_IPRIORITYR + 60, 1) == 0xf0,
	   "priority writes deliver nothing");

	/* Calls for INTIDs the GIC does not have */
	gic_set_level(&g, 0, 96, true);
	gic_set_level(&g, 0, 1019, true);
	gic_set_level(&g, 2, 20, true);
	gic_set_level(&g, 99, 20, true);
	gic_eoi(&g, 0, 96);
	gic_eoi(&g, 7, 20);
	gic_eoi(&g, 0, 5000);
	ok(nothing_injected(), "lines and EOIs of missing INTIDs or vCPUs are ignored");
}

/* ---- threads ----------------------------------------------------------------- */

#define RACE_ROUNDS 20000

static void *race_enables(void *arg)
{
	unsigned intid = *(unsigned *)arg;

	for (unsigned i = 0; i < RACE_ROUNDS; i++) {
		wr32(bitreg(GICD, GICD_ICENABLER, intid), bit(intid));
		wr32(bitreg(GICD, GICD_ISENABLER, intid), bit(intid));
	}
	return arg;
}

static void *race_ctlr(void *arg)
{
	for (unsigned i = 0; i < RACE_ROUNDS; i++) {
		wr32(GICD + GICD_CTLR, 0);
		wr32(GICD + GICD_CTLR, GICD_CTLR_GRP1);
	}
	return arg;
}

static void *race_route(void *arg)
{
	for (unsigned i = 0; i < RACE_ROUNDS; i++) {
		wr(GICD + GICD_IROUTER + 8 * 70, 8, 9);
		wr(GICD + GICD_IROUTER + 8 * 70, 8, 1);
	}
	return arg;
}

static void *race_edges(void *arg)
{
	for (unsigned i = 0; i < RACE_ROUNDS; i++) {
		gic_set_level(&g, 0, 71, true);
		gic_set_level(&g, 0, 71, false);
	}
	return arg;
}

static void test_threads(void)
{
	pthread_t t[4];
	unsigned spi70 = 70, spi71 = 71;

	setup(2, 64);
	spi_setup(70, 0x40, 1);
	gic_set_level(&g, 0, 70, true);
	pthread_create(&t[0], NULL, race_enables, &spi70);
	pthread_create(&t[1], NULL, race_ctlr, NULL);
	pthread_create(&t[2], NULL, race_route, NULL);
	for (unsigned i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	ok(injected(1, 70, 0x40, true),
	   "a high level line while three threads toggle enable, EnableGrp1 and route: "
	   "delivered exactly once");

	wr32(GICD + GICD_ICFGR + 71 / 16 * 4, 2U << (2 * (71 % 16)));
	spi_setup(71, 0x40, 0);
	pthread_create(&t[0], NULL, race_edges, NULL);
	pthread_create(&t[1], NULL, race_ctlr, NULL);
	pthread_create(&t[2], NULL, race_enables, &spi71);
	pthread_join(t[0], NULL);
	pthread_join(t[1], NULL);
	pthread_join(t[2], NULL);
	unsigned n = inj.n;
	inj.n = 0;
	ok(n > 0 && !(rd32(bitreg(GICD, GICD_ISPENDR, 71)) & bit(71)),
	   "edges racing EnableGrp1 and enable toggles: %u delivered, none left latched", n);
}

int main(void)
{
	test_setup();
	test_dist_reset();
	test_redist_reset();
	test_sizes();
	test_hostile_sweep();
	test_waker();
	test_level();
	test_edge();
	test_routing();
	test_pending_active_groups();
	test_threads();
	return tap_done();
}
