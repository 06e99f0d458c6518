// SPDX-License-Identifier: BSD-2-Clause
/*
 * GICv3 set-up for the boot CPU (Arm IHI 0069): affinity routing on, all
 * interrupts in Non-secure Group 1, the CPU interface through ICC_* system
 * registers. QEMU virt without EL3 has one security state (GICD_CTLR.DS=1).
 */
#include "arch/gic.h"
#include "arch/memlayout.h"
#include "arch/sysreg.h"
#include "panic.h"

#define GICD_CTLR	     0x0000
#define GICD_TYPER	     0x0004
#define GICD_IGROUPR(n)	     (0x0080 + 4 * (n))
#define GICD_ICENABLER(n)    (0x0180 + 4 * (n))
#define GICD_ISENABLER(n)    (0x0100 + 4 * (n))
#define GICD_IPRIORITYR(n)   (0x0400 + (n))
#define GICD_IROUTER(n)	     (0x6000 + 8 * (n))
#define GICD_CTLR_RWP	     (1U << 31)
#define GICD_CTLR_ARE_NS     (1U << 4)
#define GICD_CTLR_ENABLE_G1A (1U << 1)

/* Redistributor: RD_base frame, then SGI_base frame 64 KiB above. */
#define GICR_WAKER		   0x0014
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)
#define GICR_SGI_BASE		   0x10000
#define GICR_IGROUPR0		   (GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0		   (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0		   (GICR_SGI_BASE + 0x0180)
#define GICR_IPRIORITYR(n)	   (GICR_SGI_BASE + 0x0400 + (n))

#define ICC_SRE_SRE    (1UL << 0)
#define ICC_SRE_ENABLE (1UL << 3)

static volatile u8 *gicd, *gicr;
static unsigned gic_lines;

static inline u32 rd32(volatile u8 *base, u32 off)
{
	return *(volatile u32 *)(base + off);
}
static inline void wr32(volatile u8 *base, u32 off, u32 v)
{
	*(volatile u32 *)(base + off) = v;
}

static void gicd_wait_rwp(void)
{
	for (unsigned i = 0; rd32(gicd, GICD_CTLR) & GICD_CTLR_RWP; i++)
		CHECK(i < 1000000);
}

void gic_init(paddr_t dist, paddr_t redist)
{
	gicd = pa_to_kva(dist);
	gicr = pa_to_kva(redist);
	gic_lines = 32 * ((rd32(gicd, GICD_TYPER) & 0x1f) + 1);

	/* Distributor: off, every SPI disabled and in Group 1, then on with ARE. */
	wr32(gicd, GICD_CTLR, 0);
	gicd_wait_rwp();
	for (unsigned n = 1; n < gic_lines / 32; n++) {
		wr32(gicd, GICD_ICENABLER(n), ~0U);
		wr32(gicd, GICD_IGROUPR(n), ~0U);
	}
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A);
	gicd_wait_rwp();

	/* Redistributor of this CPU: wake it, SGIs/PPIs disabled and Group 1. */
	wr32(gicr, GICR_WAKER, rd32(gicr, GICR_WAKER) & ~GICR_WAKER_PROCESSOR_SLEEP);
	for (unsigned i = 0; rd32(gicr, GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP; i++)
		CHECK(i < 1000000);
	wr32(gicr, GICR_ICENABLER0, ~0U);
	wr32(gicr, GICR_IGROUPR0, ~0U);

	/* CPU interface. */
	sysreg_write(icc_sre_el2, sysreg_read(icc_sre_el2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	isb();
	sysreg_write(icc_pmr_el1, 0xff);
	sysreg_write(icc_bpr1_el1, 0);
	sysreg_write(icc_ctlr_el1, 0); /* EOImode 0: EOIR both drops priority and deactivates */
	sysreg_write(icc_igrpen1_el1, 1);
	isb();
}

void gic_enable_ppi(unsigned intid)
{
	CHECK(intid >= 16 && intid < 32);
	*(volatile u8 *)(gicr + GICR_IPRIORITYR(intid)) = 0xa0;
	wr32(gicr, GICR_ISENABLER0, 1U << intid);
}

unsigned gic_ack(void)
{
	return (unsigned)sysreg_read(icc_iar1_el1) & 0xffffff;
}

void gic_eoi(unsigned intid)
{
	sysreg_write(icc_eoir1_el1, intid);
}

void gic_configure_spi(unsigned intid)
{
	CHECK(intid >= 32 && intid < gic_lines);
	u64 mpidr = sysreg_read(mpidr_el1);
	/* Route to this CPU (affinity fields of MPIDR_EL1), Group 1, mid priority. */
	*(volatile u64 *)(gicd + GICD_IROUTER(intid)) =
		(mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 32);
	gicd[GICD_IPRIORITYR(intid)] = 0xa0;
	wr32(gicd, GICD_IGROUPR(intid / 32),
	     rd32(gicd, GICD_IGROUPR(intid / 32)) | 1U << (intid % 32));
}

void gic_mask(unsigned intid)
{
	if (intid < 32)
		wr32(gicr, GICR_ICENABLER0, 1U << intid);
	else
		wr32(gicd, GICD_ICENABLER(intid / 32), 1U << (intid % 32));
}

void gic_unmask(unsigned intid)
{
	if (intid < 32)
		wr32(gicr, GICR_ISENABLER0, 1U << intid);
	else
		wr32(gicd, GICD_ISENABLER(intid / 32), 1U << (intid % 32));
}

unsigned gic_spi_count(void)
{
	return gic_lines - 32;
}
