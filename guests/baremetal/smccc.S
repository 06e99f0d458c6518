// SPDX-License-Identifier: BSD-2-Clause
// SMCCC calls with all eight argument registers, and probes of which registers a call changes.

// uint64_t hvc_call8(const uint64_t x[8]) / smc_call8: x0..x7 from the array, x0 back.
.macro call8 name, insn
	.global \name
\name:
	mov	x8, x0
	ldp	x0, x1, [x8]
	ldp	x2, x3, [x8, #16]
	ldp	x4, x5, [x8, #32]
	ldp	x6, x7, [x8, #48]
	\insn	#0
	ret
.endm

// void smccc_regs_after_hvc(uint64_t fn, uint64_t out[31]) / _smc: x1..x30 get
// SMCCC_REG_PATTERN(n) (psci.h), x0 = fn, one call; out[] = x0..x30 after it.
.macro regs_after name, insn
	.global \name
\name:
	sub	sp, sp, #112
	stp	x19, x20, [sp, #0]
	stp	x21, x22, [sp, #16]
	stp	x23, x24, [sp, #32]
	stp	x25, x26, [sp, #48]
	stp	x27, x28, [sp, #64]
	stp	x29, x30, [sp, #80]
	str	x1, [sp, #96]
	.irp n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	movz	x\n, #((\n << 8) | \n)
	movk	x\n, #0xa5a5, lsl #48
	.endr
	\insn	#0
	str	x30, [sp, #104]
	ldr	x30, [sp, #96]
	stp	x0, x1, [x30, #0]
	stp	x2, x3, [x30, #16]
	stp	x4, x5, [x30, #32]
	stp	x6, x7, [x30, #48]
	stp	x8, x9, [x30, #64]
	stp	x10, x11, [x30, #80]
	stp	x12, x13, [x30, #96]
	stp	x14, x15, [x30, #112]
	stp	x16, x17, [x30, #128]
	stp	x18, x19, [x30, #144]
	stp	x20, x21, [x30, #160]
	stp	x22, x23, [x30, #176]
	stp	x24, x25, [x30, #192]
	stp	x26, x27, [x30, #208]
	stp	x28, x29, [x30, #224]
	ldr	x0, [sp, #104]
	str	x0, [x30, #240]
	ldp	x19, x20, [sp, #0]
	ldp	x21, x22, [sp, #16]
	ldp	x23, x24, [sp, #32]
	ldp	x25, x26, [sp, #48]
	ldp	x27, x28, [sp, #64]
	ldp	x29, x30, [sp, #80]
	add	sp, sp, #112
	ret
.endm

	.text
	call8		hvc_call8, hvc
	call8		smc_call8, smc
	regs_after	smccc_regs_after_hvc, hvc
	regs_after	smccc_regs_after_smc, smc
