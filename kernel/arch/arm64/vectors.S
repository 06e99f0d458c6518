// SPDX-License-Identifier: BSD-2-Clause
// EL2 exception vectors (VBAR_EL2) and the entry/exit paths around them.
#include "arch/frame.h"

.macro save_frame from_el0
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
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
	.if \from_el0
	mrs	x21, sp_el0
	.else
	add	x21, sp, #FRAME_SIZE
	.endif
	stp	x30, x21, [sp, #FRAME_X(30)]
	mrs	x22, elr_el2
	mrs	x23, spsr_el2
	stp	x22, x23, [sp, #FRAME_ELR]
.endm

.macro vector handler
	.balign 0x80
	b	\handler
.endm

	.section .text.vectors, "ax"
	.balign 0x800
	.global exception_vectors
exception_vectors:
	// Current EL with SP_EL0: never used by Tern.
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	// Current EL with SP_EL2: the kernel itself.
	vector	el2_sync
	vector	el2_irq
	vector	bad_exception
	vector	bad_exception
	// Lower EL, AArch64: EL0 tasks (guests have guest_vectors below).
	vector	el0_sync
	vector	el0_irq
	vector	bad_exception
	vector	el0_serror
	// Lower EL, AArch32: no native task is AArch32.
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception

el2_sync:
	save_frame 0
	mov	x0, sp
	bl	exception_kernel_sync
	b	return_to_el2

el2_irq:
	save_frame 0
	mov	x0, sp
	bl	exception_irq
	b	return_to_el2

bad_exception:
	save_frame 0
	mov	x0, sp
	bl	exception_unexpected
	b	.

el0_sync:
	save_frame 1
	mov	x0, sp
	// System calls skip the exception-class table.
	mrs	x1, esr_el2
	lsr	x1, x1, #26
	cmp	x1, #0x15
	b.ne	1f
	bl	exception_user_svc
	b	return_to_el0
1:	bl	exception_user_sync
	b	return_to_el0

el0_irq:
	save_frame 1
	mov	x0, sp
	bl	exception_irq
	bl	exception_user_return
	b	return_to_el0

el0_serror:
	save_frame 1
	mov	x0, sp
	bl	exception_user_serror
	b	return_to_el0

return_to_el2:
	ldp	x22, x23, [sp, #FRAME_ELR]
	msr	elr_el2, x22
	msr	spsr_el2, x23
	b	restore_gprs

// The first entry of a thread to EL0 comes here too, with sp at its frame.
	.global return_to_el0
return_to_el0:
	ldp	x22, x23, [sp, #FRAME_ELR]
	msr	elr_el2, x22
	msr	spsr_el2, x23
	ldr	x21, [sp, #FRAME_SP_EL0]
	msr	sp_el0, x21
restore_gprs:
	ldp	x0, x1, [sp, #16 * 0]
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
	ldr	x30, [sp, #FRAME_X(30)]
	add	sp, sp, #FRAME_SIZE
	eret

// While a guest runs, VBAR_EL2 points here (guest.S switches it): every
// exception from the guest, at EL1 or at EL0 in either execution state,
// saves its registers into the vCPU state area (sp points at its end) and
// returns from guest_enter with the kind of exit.
.macro guest_vector kind
	.balign 0x80
	save_frame 1
	mov	x0, #\kind
	b	guest_exit
.endm

	.balign 0x800
	.global guest_vectors
guest_vectors:
	// Current EL: the kernel between switching VBAR_EL2 and the eret.
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	bad_exception
	vector	el2_sync
	vector	el2_irq
	vector	bad_exception
	vector	bad_exception
	// Lower EL, AArch64 and AArch32 (a guest's EL0): sync, IRQ, FIQ, SError.
	guest_vector 0
	guest_vector 1
	guest_vector 1
	guest_vector 2
	guest_vector 0
	guest_vector 1
	guest_vector 1
	guest_vector 2
