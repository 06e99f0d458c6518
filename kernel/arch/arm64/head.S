// SPDX-License-Identifier: BSD-2-Clause
// Kernel entry: the arm64 Image header, EL2 (VHE) set-up and the MMU switch-on.
#include "arch/memlayout.h"
#include "arch/pte.h"

// SCTLR_EL2 with E2H=TGE=1 has the SCTLR_EL1 layout (Arm ARM D19.2.140).
#define SCTLR_M (1 << 0)
#define SCTLR_C (1 << 2)
#define SCTLR_SA (1 << 3)
#define SCTLR_SA0 (1 << 4)
#define SCTLR_EOS (1 << 11)
#define SCTLR_I (1 << 12)
#define SCTLR_DZE (1 << 14)
#define SCTLR_UCT (1 << 15)
#define SCTLR_TSCXT (1 << 20)
#define SCTLR_EIS (1 << 22)
#define SCTLR_SPAN (1 << 23)
#define SCTLR_UCI (1 << 26)
#define SCTLR_nTLSMD (1 << 28)
#define SCTLR_LSMAOE (1 << 29)
#define SCTLR_VALUE (SCTLR_M | SCTLR_C | SCTLR_SA | SCTLR_SA0 | SCTLR_EOS | SCTLR_I | \
		     SCTLR_DZE | SCTLR_UCT | SCTLR_TSCXT | SCTLR_EIS | SCTLR_SPAN | SCTLR_UCI | \
		     SCTLR_nTLSMD | SCTLR_LSMAOE)

// TCR_EL2 with E2H=1 has the TCR_EL1 layout: 48-bit VA in both halves, 4 KiB
// granule, inner-shareable write-back walks, 16-bit ASIDs from TTBR0.
#define TCR_T0SZ (16 << 0)
#define TCR_IRGN0_WBWA (1 << 8)
#define TCR_ORGN0_WBWA (1 << 10)
#define TCR_SH0_INNER (3 << 12)
#define TCR_T1SZ (16 << 16)
#define TCR_IRGN1_WBWA (1 << 24)
#define TCR_ORGN1_WBWA (1 << 26)
#define TCR_SH1_INNER (3 << 28)
#define TCR_TG1_4K (2 << 30)
#define TCR_IPS_SHIFT 32
#define TCR_AS (1 << 36)
#define TCR_VALUE (TCR_T0SZ | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_T1SZ | \
		   TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | TCR_TG1_4K)

#define HCR_VALUE ((1 << 27) | (1 << 31) | (1 << 34)) // TGE | RW | E2H
// CPTR_EL2 (E2H=1 layout): FPEN=0b11, no trap of FP/SIMD at EL0 or EL2.
#define CPTR_VALUE (3 << 20)
// CNTHCTL_EL2 (E2H=1): EL0 may read the virtual counter, nothing else.
#define CNTHCTL_VALUE (1 << 1)

	.section .text.head, "ax"
	.global _head
_head:
	// arm64 Linux Image header (Documentation/arm64/booting.rst).
	b	primary_entry		// code0
	.long	0			// code1
	.quad	0			// text_offset: from a 2 MiB aligned base
	.quad	__image_size		// image_size, including bss
	.quad	0xa			// flags: little endian, 4K pages, anywhere in RAM
	.quad	0, 0, 0			// res2-4
	.ascii	"ARM\x64"		// magic
	.long	0			// res5

primary_entry:
	mov	x19, x0			// physical address of the device tree
	adr	x20, _head		// physical address of the image

	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2

	// Boot stack and bss, at physical addresses until the MMU is on.
	adrp	x1, boot_stack_top
	add	x1, x1, :lo12:boot_stack_top
	mov	sp, x1
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:
	// VHE first: TTBR1_EL2 and the EL1-style TCR/SCTLR exist only with E2H=1.
	ldr	x1, =HCR_VALUE
	msr	hcr_el2, x1
	isb
	ldr	x1, =CPTR_VALUE
	msr	cptr_el2, x1
	ldr	x1, =CNTHCTL_VALUE
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr

	bl	boot_mmu_build

	ldr	x1, =MAIR_VALUE
	msr	mair_el2, x1
	// IPS from the CPU's physical address range, capped at 48 bits.
	mrs	x2, id_aa64mmfr0_el1
	and	x2, x2, #0xf
	cmp	x2, #5
	mov	x3, #5
	csel	x2, x2, x3, ls
	ldr	x1, =TCR_VALUE
	orr	x1, x1, x2, lsl #TCR_IPS_SHIFT
	// 16-bit ASIDs where the CPU has them (ID_AA64MMFR0_EL1.ASIDBits).
	mrs	x2, id_aa64mmfr0_el1
	ubfx	x2, x2, #4, #4
	cmp	x2, #2
	b.ne	3f
	orr	x1, x1, #TCR_AS
3:	msr	tcr_el2, x1
	adrp	x1, boot_ttbr0
	ldr	x1, [x1, :lo12:boot_ttbr0]
	msr	ttbr0_el2, x1
	adrp	x1, boot_ttbr1
	ldr	x1, [x1, :lo12:boot_ttbr1]
	msr	ttbr1_el2, x1
	isb
	tlbi	alle2
	dsb	ish
	isb
	ldr	x1, =SCTLR_VALUE
	msr	sctlr_el2, x1
	isb

	// Now running through the identity map; jump to the kernel's own address.
	ldr	x1, =high_entry
	br	x1

high_entry:
	ldr	x1, =boot_stack_top
	mov	sp, x1
	ldr	x1, =exception_vectors
	msr	vbar_el2, x1
	isb
	mov	x0, x19
	mov	x1, x20
	bl	kernel_main
	b	.

not_el2:
	// Tern must be entered at EL2; there is no console yet to say so.
	wfe
	b	not_el2

	.section .bss.stack, "aw", %nobits
	.balign 16
	.global boot_stack_top
boot_stack:
	.space 16384
boot_stack_top:
