// SPDX-License-Identifier: BSD-2-Clause
// arch_context_switch(from, to): switch kernel stacks and user register state.
//
// The kernel is built with -mgeneral-regs-only, so the FP/SIMD registers
// always belong to the user thread and are switched here with the rest.
#include "arch/callee_saved.S"

	.text
	.global arch_context_switch
arch_context_switch:
	save_callee_saved x0
	mov	x2, sp
	mrs	x3, tpidr_el0
	stp	x2, x3, [x0, #CALLEE_SAVED_SP]

	ldp	x2, x3, [x1, #CALLEE_SAVED_SP]
	mov	sp, x2
	msr	tpidr_el0, x3
	ldr	x2, [x1, #16 * 7]
	msr	tpidrro_el0, x2
	restore_callee_saved x1
	ret

// fpu_save(fp_state), fpu_restore(fp_state): the FP/SIMD registers of a user
// thread or a guest, moved only when another one first touches FP/SIMD.
	.global fpu_save
fpu_save:
	mrs	x2, fpcr
	mrs	x3, fpsr
	stp	x2, x3, [x0]
	add	x0, x0, #16
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	ret

	.global fpu_restore
fpu_restore:
	ldp	x2, x3, [x0]
	msr	fpcr, x2
	msr	fpsr, x3
	add	x0, x0, #16
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	ret

// A new thread's first switch lands here (its lr), with sp at its user frame.
	.global arch_thread_start
arch_thread_start:
	b	return_to_el0
