// SPDX-License-Identifier: BSD-2-Clause
// Program entry: the kernel (later the loader) passes argc in x0, argv in x1
// and a 16-byte aligned stack.
	.section .text._start, "ax"
	.global _start
_start:
	mov	x29, xzr
	mov	x30, xzr
	bl	__tern_start
	b	.
