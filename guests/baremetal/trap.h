/* SPDX-License-Identifier: BSD-2-Clause */
/* EL1 exceptions: the frame start.S saves, and the handlers a guest installs. */
#pragma once

/* struct trap_frame layout, for start.S. */
#define TRAP_FRAME_X30	240
#define TRAP_FRAME_SPSR 256
#define TRAP_FRAME_FAR	272
#define TRAP_FRAME_SIZE 288

/* Vector numbers (offset in VBAR_EL1 / 0x80): origin * 4 + type (Arm ARM, exception vectors). */
#define TRAP_SYNC   0
#define TRAP_IRQ    1
#define TRAP_FIQ    2
#define TRAP_SERROR 3

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct trap_frame {
	uint64_t x[31];
	uint64_t elr; /* restored at return: a handler may move it */
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t stamp; /* CNTVCT_EL0 read first thing in the vector */
};
_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame layout");
_Static_assert(__builtin_offsetof(struct trap_frame, x[30]) == TRAP_FRAME_X30, "x30");
_Static_assert(__builtin_offsetof(struct trap_frame, spsr) == TRAP_FRAME_SPSR, "spsr");
_Static_assert(__builtin_offsetof(struct trap_frame, far) == TRAP_FRAME_FAR, "far");

/* ESR_EL1 exception classes the guests meet (Arm ARM, ESR_EL1). */
#define ESR_EC(esr)	  ((unsigned)((esr) >> 26) & 0x3f)
#define ESR_IL		  (1UL << 25) /* a 32-bit instruction */
#define ESR_WNR		  (1UL << 6)  /* data abort: the access was a write */
#define ESR_FSC(esr)	  ((unsigned)(esr)&0x3f)
#define EC_UNKNOWN	  0x00
#define EC_HVC64	  0x16
#define EC_SMC64	  0x17
#define EC_SYSREG	  0x18
#define EC_IABT_CUR	  0x21
#define EC_DABT_CUR	  0x25
#define EC_BRK64	  0x3c
#define FSC_SYNC_EXTERNAL 0x10

/*
 * A synchronous exception handler returns true when it dealt with the
 * exception (usually after moving f->elr past the faulting instruction);
 * false reports it as unexpected and powers the guest off.
 */
void trap_set_sync_handler(bool (*fn)(struct trap_frame *f));

/*
 * IRQs: the runtime acknowledges through ICC_IAR1_EL1, calls fn with the
 * INTID, then writes ICC_EOIR1_EL1 (EOImode 0). Shared by all vCPUs.
 */
void trap_set_irq_handler(void (*fn)(unsigned intid, struct trap_frame *f));

/* Called from start.S with the frame and the vector number (0..15). */
void trap_dispatch(struct trap_frame *f, unsigned vector);

static inline void trap_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void trap_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

/*
 * Sleep until an interrupt is pending, then let it be taken. Called with
 * PSTATE.I set: WFI wakes on an interrupt even while PSTATE masks it, so
 * an interrupt arriving between the caller's check and the WFI is not lost.
 */
static inline void trap_wait_irq(void)
{
	__asm__ volatile("wfi\n\tmsr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}
#endif
