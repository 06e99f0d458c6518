/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's GICv3 distributor and redistributors (Arm IHI 0069): the
 * registers Linux's irq-gic-v3 driver uses and the interrupt state behind
 * them. The virtual CPU interface (list registers) is the kernel's; this
 * model decides when an interrupt goes to a vCPU and hands it over through
 * the inject callback as an L4_VIRQ word. Pure C without L4 calls: host
 * tests drive it through the MMIO bus and gic_set_level/gic_eoi.
 *
 * gic_dist.c holds the interrupt logic, the per-interrupt registers shared
 * by the distributor and the redistributors' SGI frames, and the
 * distributor; gic_redist.c the redistributors.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "bus.h"
#include "config.h"

/* ---- frames and registers (IHI 0069 chapter 12) ------------------------------ */

#define GICD_SIZE     0x10000UL
#define GICR_STRIDE   0x20000UL /* RD_base and SGI_base frames, 64 KiB each */
#define GICR_SGI_BASE 0x10000UL

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_TYPER2	0x000c
#define GICD_STATUSR	0x0010
#define GICD_IGROUPR	0x0080 /* the per-interrupt registers: 1 bit per INTID ... */
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICPENDR	0x0280
#define GICD_ISACTIVER	0x0300
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400 /* ... 8 bits per INTID ... */
#define GICD_ITARGETSR	0x0800
#define GICD_ICFGR	0x0c00 /* ... 2 bits per INTID ... */
#define GICD_IGRPMODR	0x0d00
#define GICD_NSACR	0x0e00 /* ... up to here */
#define GICD_IROUTER	0x6000 /* 64-bit, one per INTID: SPIs from 0x6100 */
#define GICD_PIDR2	0xffe8

/* RD_base frame */
#define GICR_CTLR    0x0000
#define GICR_IIDR    0x0004
#define GICR_TYPER   0x0008 /* 64-bit */
#define GICR_STATUSR 0x0010
#define GICR_WAKER   0x0014
#define GICR_PIDR2   0xffe8

/* SGI_base frame: the distributor's per-interrupt registers for INTIDs 0..31 */
#define GICR_IGROUPR0	 GICD_IGROUPR
#define GICR_ISENABLER0	 GICD_ISENABLER
#define GICR_ICENABLER0	 GICD_ICENABLER
#define GICR_ISPENDR0	 GICD_ISPENDR
#define GICR_ICPENDR0	 GICD_ICPENDR
#define GICR_ISACTIVER0	 GICD_ISACTIVER
#define GICR_ICACTIVER0	 GICD_ICACTIVER
#define GICR_IPRIORITYR0 GICD_IPRIORITYR
#define GICR_ICFGR0	 GICD_ICFGR
#define GICR_ICFGR1	 (GICD_ICFGR + 4)
#define GICR_IGRPMODR0	 GICD_IGRPMODR

/* ---- register values --------------------------------------------------------- */

#define GIC_IIDR_VALUE	   0x43bU    /* implementer Arm (JEP106 0x43b) */
#define GIC_PIDR2_V3	   0x30U     /* ArchRev 3: GICv3 */
#define GICD_CTLR_GRP0	   (1U << 0) /* EnableGrp0 (with DS = 1) */
#define GICD_CTLR_GRP1	   (1U << 1) /* EnableGrp1 (Linux's EnableGrp1A) */
#define GICD_CTLR_ENABLES  (GICD_CTLR_GRP0 | GICD_CTLR_GRP1)
#define GICD_CTLR_ARE	   (1U << 4)  /* affinity routing: always on */
#define GICD_CTLR_DS	   (1U << 6)  /* one security state: the guest sees no Secure side */
#define GICD_TYPER_IDBITS  (9U << 19) /* 10 bits of INTID, no LPIs */
#define GICD_TYPER_A3V	   (1U << 24) /* IROUTER keeps Aff3 */
#define GICD_IROUTER_IRM   (1UL << 31)
#define GICD_IROUTER_MASK  0xff80ffffffUL /* Aff3, IRM, Aff2..0 */
#define GICR_TYPER_LAST	   (1U << 4)
#define GICR_WAKER_PS	   (1U << 1)   /* ProcessorSleep */
#define GICR_WAKER_CA	   (1U << 2)   /* ChildrenAsleep: follows ProcessorSleep at once */
#define GIC_ICFGR_SGIS	   0xaaaaaaaaU /* SGIs are edge-triggered, fixed */
#define GIC_PRIO_MASK	   0xf8U       /* 5 priority bits, as the list registers keep */
#define GIC_SPIS_DEFAULT   64	       /* INTIDs 32..95, QEMU virt's count */
#define GIC_SPIS_MAX	   960	       /* INTIDs 32..991: ITLinesNumber up to 30 */
#define GIC_PRIVATE	   32	       /* SGIs 0..15 and PPIs 16..31 of each redistributor */
#define GIC_INTID_SPI_BASE 32

/* ---- the model --------------------------------------------------------------- */

/*
 * Hand virtual interrupt virq (L4_VIRQ(intid, prio), with L4_VIRQ_NOTIFY_EOI
 * for a level-triggered one) to vCPU vcpu. Called from whichever thread
 * changed the state (any vCPU's, or a device back end's), never with a lock
 * held; it must not lose the interrupt, nor call back into the model.
 */
typedef void (*gic_inject_fn)(void *ctx, unsigned vcpu, uint64_t virq);

struct gic_params {
	unsigned ncpus;	      /* 1..VMM_MAX_CPUS */
	unsigned nspis;	      /* a multiple of 32, 32..GIC_SPIS_MAX */
	gic_inject_fn inject; /* NULL: nothing is ever delivered */
	void *ctx;
};

/*
 * Each interrupt's state is one word (enable, pending latch, active, line
 * level, group, trigger, priority) changed only by compare-and-swap, so
 * vCPU threads and device back ends use the model at once without a lock,
 * and exactly one of them delivers an interrupt that becomes deliverable.
 */
struct gic {
	unsigned ncpus, nspis;
	gic_inject_fn inject;
	void *ctx;
	uint32_t typer;				  /* GICD_TYPER, fixed at set-up */
	uint32_t ctlr;				  /* GICD_CTLR's group enables; atomic */
	uint32_t waker[VMM_MAX_CPUS];		  /* GICR_WAKER; atomic */
	uint32_t priv[VMM_MAX_CPUS][GIC_PRIVATE]; /* SGIs and PPIs per redistributor; atomic */
	uint32_t spi[GIC_SPIS_MAX];		  /* atomic */
	uint64_t router[GIC_SPIS_MAX];		  /* GICD_IROUTER<32 + i>; atomic */
};

/* The model out of reset; BUS_EINVAL for a bad vCPU or SPI count. */
int gic_setup(struct gic *g, const struct gic_params *p) __attribute__((warn_unused_result));
/* Its distributor at dist_base, its redistributors from redist_base (GICR_STRIDE apart). */
int gic_register(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base)
	__attribute__((warn_unused_result));
/* Both, with GIC_SPIS_DEFAULT SPIs and no inject callback (nothing is delivered). */
int gic_init(struct gic *g, struct mmio_bus *bus, uint64_t dist_base, uint64_t redist_base,
	     unsigned ncpus) __attribute__((warn_unused_result));

/*
 * A device's interrupt line: an SPI (vcpu ignored) or vCPU vcpu's PPI. A
 * level-triggered one is pending while the line is high; an edge-triggered
 * one latches a rising edge. SGIs have no line: ignored, as INTIDs the GIC
 * does not have.
 */
void gic_set_level(struct gic *g, unsigned vcpu, unsigned intid, bool level);
/*
 * vCPU vcpu's guest EOIed intid, delivered with L4_VIRQ_NOTIFY_EOI
 * (exit.eoi[]): it is no longer active, and goes again if still pending.
 */
void gic_eoi(struct gic *g, unsigned vcpu, unsigned intid);

/* ---- between gic_dist.c and gic_redist.c ------------------------------------- */

/* GICD_IGROUPR..GICD_NSACR, the range of the per-interrupt registers */
static inline bool gic_irqregs_holds(uint64_t off)
{
	return off >= GICD_IGROUPR && off < GICD_NSACR + 0x100;
}

/*
 * A per-interrupt register at off (gic_irqregs_holds) of the distributor
 * (rd < 0: SPIs) or of redistributor rd's SGI frame (INTIDs 0..31); size 1,
 * 2, 4 or 8 at an aligned off, only 4 (and 1 for IPRIORITYR) taken.
 */
uint32_t gic_irqregs_read(struct gic *g, int rd, uint64_t off, unsigned size);
void gic_irqregs_write(struct gic *g, int rd, uint64_t off, unsigned size, uint32_t v);

/* The redistributors' MMIO callbacks (gic_redist.c). */
extern const struct mmio_ops gicr_ops;
