// SPDX-License-Identifier: BSD-2-Clause
// Guest entry (boot vCPU and PSCI CPU_ON) and the EL1 exception vectors.
#include "runtime.h"
#include "trap.h"

// Common to both entries: x0 (context id) kept in x19, entry CurrentEL and
// DAIF in x20/x21, FP/SIMD enabled, vectors installed, this vCPU's stack.
.macro cpu_setup
	mov	x19, x0
	mrs	x20, CurrentEL
	mrs	x21, daif
	msr	daifset, #0xf
	mov	x1, #(3 << 20)		// CPACR_EL1.FPEN = 0b11: FP/SIMD does not trap (D17.2.30)
	msr	cpacr_el1, x1
	adrp	x1, vectors
	add	x1, x1, :lo12:vectors
	msr	vbar_el1, x1
	msr	spsel, #1
	isb
	mrs	x1, mpidr_el1
	and	x22, x1, #0xff
	cmp	x22, #RUNTIME_MAX_CPUS
	b.hs	park			// no stack for this vCPU
	adrp	x1, __stacks_top
	add	x1, x1, :lo12:__stacks_top
	lsl	x2, x22, #RUNTIME_STACK_SHIFT
	sub	sp, x1, x2
.endm

	.section .text.boot, "ax"
	.global _start
_start:
	cpu_setup
	// Plain stores: with the MMU off all memory is Device memory (no DC ZVA).
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	mov	x0, x20
	mov	x1, x21
	bl	runtime_boot
	b	park

	.global secondary_entry
secondary_entry:
	cpu_setup
	mov	w0, w22
	mov	x1, x19
	mov	x2, x20
	mov	x3, x21
	bl	runtime_secondary
park:
	msr	daifset, #0xf
	wfi
	b	park

// Every vector saves the full frame and calls trap_dispatch(frame, vector).
.macro ventry n
	.balign 0x80
	sub	sp, sp, #TRAP_FRAME_SIZE
	stp	x0, x1, [sp]
	mrs	x0, cntvct_el0		// exception entry is context synchronizing: no ISB
	mov	x1, #\n
	b	trap_entry
.endm

	.text
	.balign 0x800
vectors:
	.irp n, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	ventry	\n
	.endr

trap_entry:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #TRAP_FRAME_X30]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #TRAP_FRAME_SPSR]
	mrs	x2, far_el1
	stp	x2, x0, [sp, #TRAP_FRAME_FAR]
	mov	x0, sp
	bl	trap_dispatch
	ldp	x30, x2, [sp, #TRAP_FRAME_X30]
	msr	elr_el1, x2
	ldr	x2, [sp, #TRAP_FRAME_SPSR]
	msr	spsr_el1, x2
	ldp	x0, x1, [sp]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #TRAP_FRAME_SIZE
	eret
