/* SPDX-License-Identifier: BSD-2-Clause */
/* GICv3 as the guest sees it: the system-register CPU interface and the emulated distributor. */
#pragma once

#include <stdint.h>

/* QEMU virt layout (the platform contract). */
#define GICD_BASE   0x08000000UL
#define GICD_CTLR   0x0000
#define GICD_TYPER  0x0004
#define GICD_IIDR   0x0008
#define GICR_BASE   0x080a0000UL
#define GICR_STRIDE 0x20000UL

#define GIC_INTID_SPURIOUS 1020 /* 1020..1023: no interrupt to acknowledge */
#define GIC_INTID_VTIMER   27

/*
 * This vCPU's CPU interface: priority mask open, group 1 on. On bare QEMU
 * also the distributor and this vCPU's redistributor (group 1, SGIs and the
 * virtual timer enabled), which the Tern VMM does not need.
 */
void gic_cpu_init(void);

static inline unsigned gic_ack(void)
{
	uint64_t v;
	__asm__ volatile("mrs %0, icc_iar1_el1" : "=r"(v)::"memory");
	return (unsigned)(v & 0xffffff);
}

static inline void gic_eoi(unsigned intid)
{
	__asm__ volatile("msr icc_eoir1_el1, %0\n\tisb" ::"r"((uint64_t)intid) : "memory");
}

/* ICC_SGI1R_EL1 (Arm IHI 0069): INTID [27:24], target list [15:0] of Aff0 values. */
#define ICC_SGI1R_INTID(n) ((uint64_t)(n) << 24)
#define ICC_SGI1R_IRM	   (1UL << 40) /* to every PE but this one */

static inline void gic_send_sgi(unsigned intid, uint16_t targets)
{
	uint64_t v = ICC_SGI1R_INTID(intid) | targets;
	__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" ::"r"(v) : "memory");
}

static inline void gic_send_sgi_others(unsigned intid)
{
	uint64_t v = ICC_SGI1R_INTID(intid) | ICC_SGI1R_IRM;
	__asm__ volatile("msr icc_sgi1r_el1, %0\n\tisb" ::"r"(v) : "memory");
}

static inline uint32_t gicd_read(unsigned off)
{
	return *(volatile uint32_t *)(GICD_BASE + off);
}
