// SPDX-License-Identifier: BSD-2-Clause
// memcpy, memmove and memset for programs, replacing picolibc's, which this
// build of it does a byte at a time (20,000 instructions for a page). These
// move 64 bytes per loop turn and finish with one step per bit of the
// remaining length. Loads and stores may be unaligned (SCTLR_EL2.A is
// clear): for Normal memory only, never for device registers.

	.text

// Copy x2 (< 64) bytes from x1 to x3, advancing both: each load of a step
// comes before its store, so memmove may use this going forwards too.
.macro	tail_copy
	tbz	x2, #5, 1f
	ldp	x4, x5, [x1], #16
	ldp	x6, x7, [x1], #16
	stp	x4, x5, [x3], #16
	stp	x6, x7, [x3], #16
1:	tbz	x2, #4, 1f
	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x3], #16
1:	tbz	x2, #3, 1f
	ldr	x4, [x1], #8
	str	x4, [x3], #8
1:	tbz	x2, #2, 1f
	ldr	w4, [x1], #4
	str	w4, [x3], #4
1:	tbz	x2, #1, 1f
	ldrh	w4, [x1], #2
	strh	w4, [x3], #2
1:	tbz	x2, #0, 1f
	ldrb	w4, [x1]
	strb	w4, [x3]
1:
.endm

// 64 bytes from x1 to x3 per turn while x2 >= 64; leaves x2 < 64.
.macro	block_copy
	subs	x2, x2, #64
	b.lo	2f
1:	ldp	x4, x5, [x1]
	ldp	x6, x7, [x1, #16]
	ldp	x8, x9, [x1, #32]
	ldp	x10, x11, [x1, #48]
	add	x1, x1, #64
	stp	x4, x5, [x3]
	stp	x6, x7, [x3, #16]
	stp	x8, x9, [x3, #32]
	stp	x10, x11, [x3, #48]
	add	x3, x3, #64
	subs	x2, x2, #64
	b.hs	1b
2:	add	x2, x2, #64
.endm

	.global	memcpy
	.type	memcpy, %function
memcpy:
	mov	x3, x0
	cmp	x2, #64
	b.lo	.Lcopy_tail
	// The first 16 bytes at once; then on from the next 16-byte boundary
	// of the destination (stores aligned; the overlap is written twice).
	ldp	x4, x5, [x1]
	stp	x4, x5, [x3]
	neg	x6, x3
	and	x6, x6, #15
	add	x1, x1, x6
	add	x3, x3, x6
	sub	x2, x2, x6
	block_copy
.Lcopy_tail:
	tail_copy
	ret
	.size	memcpy, . - memcpy

	.global	memmove
	.type	memmove, %function
memmove:
	sub	x3, x0, x1
	cmp	x3, x2
	b.lo	.Lbackward		// src < dst < src + n: from the end
	sub	x3, x1, x0
	cmp	x3, #16
	b.hs	memcpy			// its first store cannot reach unread source bytes
	// dst below src by less than 16: forwards, every load before its store.
	mov	x3, x0
	block_copy
	tail_copy
	ret
.Lbackward:
	add	x1, x1, x2
	add	x3, x0, x2
	subs	x2, x2, #16
	b.lo	2f
1:	ldp	x4, x5, [x1, #-16]!
	stp	x4, x5, [x3, #-16]!
	subs	x2, x2, #16
	b.hs	1b
2:	adds	x2, x2, #16
	b.eq	4f
3:	ldrb	w4, [x1, #-1]!
	strb	w4, [x3, #-1]!
	subs	x2, x2, #1
	b.ne	3b
4:	ret
	.size	memmove, . - memmove

	.global	memset
	.type	memset, %function
memset:
	mov	x3, x0
	and	x1, x1, #0xff
	mov	x4, #0x0101010101010101
	mul	x1, x1, x4
	cmp	x2, #64
	b.lo	.Lset_tail
	stp	x1, x1, [x3]		// as memcpy: 16 bytes, then aligned
	neg	x5, x3
	and	x5, x5, #15
	add	x3, x3, x5
	sub	x2, x2, x5
	// Zeroing a page or more: DC ZVA clears a 64-byte block in one
	// instruction, if DCZID_EL0 allows it (DZP clear) with that block size.
	cbnz	x1, .Lset_blocks
	cmp	x2, #256
	b.lo	.Lset_blocks
	mrs	x5, dczid_el0
	and	x5, x5, #0x1f
	cmp	x5, #4			// DZP 0, BS 4: 2^4 words
	b.ne	.Lset_blocks
1:	tst	x3, #63
	b.eq	2f
	stp	xzr, xzr, [x3], #16
	sub	x2, x2, #16
	b	1b
2:	subs	x2, x2, #256		// 256 bytes a turn while they last
	b.lo	4f
3:	dc	zva, x3
	add	x3, x3, #64
	dc	zva, x3
	add	x3, x3, #64
	dc	zva, x3
	add	x3, x3, #64
	dc	zva, x3
	add	x3, x3, #64
	subs	x2, x2, #256
	b.hs	3b
4:	add	x2, x2, #256		// then 64 at a time, then the tail
5:	subs	x2, x2, #64
	b.lo	6f
	dc	zva, x3
	add	x3, x3, #64
	b	5b
6:	add	x2, x2, #64
	b	.Lset_tail
.Lset_blocks:
	subs	x2, x2, #64
	b.lo	2f
1:	stp	x1, x1, [x3]
	stp	x1, x1, [x3, #16]
	stp	x1, x1, [x3, #32]
	stp	x1, x1, [x3, #48]
	add	x3, x3, #64
	subs	x2, x2, #64
	b.hs	1b
2:	add	x2, x2, #64
.Lset_tail:
	tbz	x2, #5, 1f
	stp	x1, x1, [x3], #16
	stp	x1, x1, [x3], #16
1:	tbz	x2, #4, 1f
	stp	x1, x1, [x3], #16
1:	tbz	x2, #3, 1f
	str	x1, [x3], #8
1:	tbz	x2, #2, 1f
	str	w1, [x3], #4
1:	tbz	x2, #1, 1f
	strh	w1, [x3], #2
1:	tbz	x2, #0, 1f
	strb	w1, [x3]
1:	ret
	.size	memset, . - memset
