// SPDX-License-Identifier: BSD-2-Clause
// guest_enter(host, regs): run a guest until it exits to EL2 (as KVM's
// __guest_enter). The kernel's callee-saved registers and stack go to host,
// whose address TPIDR_EL2 keeps for the way back; the stack pointer is set
// to the end of the guest's register frame (the vCPU state area), so the
// exception entry in vectors.S saves the guest's registers right there.
#include "arch/frame.h"

	.text
	.global guest_enter
guest_enter:
	stp	x19, x20, [x0, #16 * 0]
	stp	x21, x22, [x0, #16 * 1]
	stp	x23, x24, [x0, #16 * 2]
	stp	x25, x26, [x0, #16 * 3]
	stp	x27, x28, [x0, #16 * 4]
	stp	x29, x30, [x0, #16 * 5]
	mov	x2, sp
	str	x2, [x0, #16 * 6]
	msr	tpidr_el2, x0
	adr	x2, guest_vectors
	msr	vbar_el2, x2
	mov	sp, x1
	b	return_to_el0

// From guest_vectors, with the guest's registers saved and x0 = GUEST_EXIT_*.
	.global guest_exit
guest_exit:
	adr	x1, exception_vectors
	msr	vbar_el2, x1
	isb
	mrs	x1, tpidr_el2
	ldp	x19, x20, [x1, #16 * 0]
	ldp	x21, x22, [x1, #16 * 1]
	ldp	x23, x24, [x1, #16 * 2]
	ldp	x25, x26, [x1, #16 * 3]
	ldp	x27, x28, [x1, #16 * 4]
	ldp	x29, x30, [x1, #16 * 5]
	ldr	x2, [x1, #16 * 6]
	mov	sp, x2
	ret
