// SPDX-License-Identifier: BSD-2-Clause
// guest_enter(host, regs): run a guest until it exits to EL2 (as KVM's
// __guest_enter). The kernel's callee-saved registers and stack go to host,
// whose address TPIDR_EL2 keeps for the way back; the stack pointer is set
// to the end of the guest's register frame (the vCPU state area), so the
// exception entry in vectors.S saves the guest's registers right there.
#include "arch/callee_saved.S"

	.text
	.global guest_enter
guest_enter:
	save_callee_saved x0
	mov	x2, sp
	str	x2, [x0, #CALLEE_SAVED_SP]
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
	restore_callee_saved x1
	ldr	x2, [x1, #CALLEE_SAVED_SP]
	mov	sp, x2
	ret
