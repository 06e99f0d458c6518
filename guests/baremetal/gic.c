// SPDX-License-Identifier: BSD-2-Clause
/* GICv3 set-up for one vCPU (Arm IHI 0069). */
#include "gic.h"
#include "runtime.h"
#include "timer.h"

#define GICD_CTLR_GRP0	   (1u << 0)
#define GICD_CTLR_GRP1	   (1u << 1)
#define GICD_CTLR_ARE	   (1u << 4)
#define GICR_WAKER	   0x0014
#define GICR_WAKER_SLEEP   (1u << 1) /* ProcessorSleep */
#define GICR_WAKER_ASLEEP  (1u << 2) /* ChildrenAsleep */
#define GICR_SGI_FRAME	   0x10000
#define GICR_IGROUPR0	   0x0080
#define GICR_ISENABLER0	   0x0100
#define GICR_IPRIORITYR(n) (0x0400 + 4 * (n))

static void gic_write32(uint64_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

static uint32_t gic_read32(uint64_t addr)
{
	return *(volatile uint32_t *)addr;
}

/* Bare QEMU: nothing is enabled at reset, and SGIs/PPIs reset to group 0 (FIQ). */
static void gic_qemu_init(unsigned cpu)
{
	uint64_t rd = GICR_BASE + cpu * GICR_STRIDE;
	uint64_t deadline = timer_deadline_ms(100);

	gic_write32(GICD_BASE + GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1 | GICD_CTLR_GRP0);
	gic_write32(rd + GICR_WAKER, gic_read32(rd + GICR_WAKER) & ~GICR_WAKER_SLEEP);
	while ((gic_read32(rd + GICR_WAKER) & GICR_WAKER_ASLEEP) && !timer_passed(deadline))
		runtime_relax();
	for (unsigned i = 0; i < 8; i++)
		gic_write32(rd + GICR_SGI_FRAME + GICR_IPRIORITYR(i), 0xa0a0a0a0);
	gic_write32(rd + GICR_SGI_FRAME + GICR_IGROUPR0, 0xffffffff);
	gic_write32(rd + GICR_SGI_FRAME + GICR_ISENABLER0, 0xffff | 1u << GIC_INTID_VTIMER);
}

void gic_cpu_init(void)
{
	if (!runtime_tern)
		gic_qemu_init(runtime_cpu());
	__asm__ volatile("msr icc_pmr_el1, %0" ::"r"(0xffUL));
	__asm__ volatile("msr icc_igrpen1_el1, %0" ::"r"(1UL));
	__asm__ volatile("isb" ::: "memory");
}
