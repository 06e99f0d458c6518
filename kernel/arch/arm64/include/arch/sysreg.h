/* SPDX-License-Identifier: BSD-2-Clause */
/* System register access and the bits of the EL2 (VHE) registers Tern programs. */
#pragma once

#include "types.h"

#define sysreg_read(reg)                                       \
	({                                                     \
		u64 __v;                                       \
		__asm__ volatile("mrs %0, " #reg : "=r"(__v)); \
		__v;                                           \
	})
#define sysreg_write(reg, val) __asm__ volatile("msr " #reg ", %0" ::"r"((u64)(val)))

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}
static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}
static inline void dsb_ish(void)
{
	__asm__ volatile("dsb ish" ::: "memory");
}
static inline void dsb_ishst(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}

/* HCR_EL2 (Arm ARM D19.2.48). */
#define HCR_TGE (1UL << 27)
#define HCR_RW	(1UL << 31)
#define HCR_E2H (1UL << 34)

/* SPSR_EL2 (Arm ARM C5.2.19): mode field and interrupt masks. */
#define SPSR_MODE_EL0T 0x0
#define SPSR_MODE_EL2H 0x9
#define SPSR_F	       (1UL << 6)
#define SPSR_I	       (1UL << 7)
#define SPSR_A	       (1UL << 8)
#define SPSR_D	       (1UL << 9)

/* ESR_EL2 exception classes (Arm ARM D19.2.37). */
#define ESR_EC_SHIFT	 26
#define ESR_EC(esr)	 (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_IL		 (1UL << 25)
#define ESR_ISS(esr)	 ((esr)&0x1ffffff)
#define EC_UNKNOWN	 0x00
#define EC_WFX		 0x01
#define EC_FP_ASIMD	 0x07
#define EC_ILLEGAL_STATE 0x0e
#define EC_SVC64	 0x15
#define EC_HVC64	 0x16
#define EC_SMC64	 0x17
#define EC_SYSREG	 0x18
#define EC_SVE		 0x19
#define EC_IABT_LOW	 0x20
#define EC_IABT_CUR	 0x21
#define EC_PC_ALIGN	 0x22
#define EC_DABT_LOW	 0x24
#define EC_DABT_CUR	 0x25
#define EC_SP_ALIGN	 0x26
#define EC_FP_EXC64	 0x2c
#define EC_SERROR	 0x2f
#define EC_BRK64	 0x3c
#define EC_MAX		 0x3f

/* Data/instruction abort ISS: fault status code and write-not-read. */
#define ISS_DABT_WNR (1UL << 6)
#define ISS_FSC(iss) ((iss)&0x3f)
