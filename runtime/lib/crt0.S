// SPDX-License-Identifier: BSD-2-Clause
// Program entry. Whoever loads a program (the kernel or moe) leaves argc at
// the initial, 16-byte aligned sp and argv[0..argc] right above it.
	.section .text._start, "ax"
	.global _start
_start:
	ldr	x0, [sp]
	add	x1, sp, #8
	mov	x29, xzr
	mov	x30, xzr
	bl	__tern_start
	b	.
