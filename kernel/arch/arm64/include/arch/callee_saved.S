// SPDX-License-Identifier: BSD-2-Clause
// x19..x30 at [base], in the layout that struct arch_context (arch/frame.h)
// and struct guest_host_ctx (arch/vcpu.h) both start with, the stack
// pointer after them at CALLEE_SAVED_SP: what a switch away from the
// kernel's C code must keep (switch.S, guest.S). A .S file, not a header:
// clang-format would take the macros for C.
#include "arch/frame.h"

.macro save_callee_saved base
	stp	x19, x20, [\base, #16 * 0]
	stp	x21, x22, [\base, #16 * 1]
	stp	x23, x24, [\base, #16 * 2]
	stp	x25, x26, [\base, #16 * 3]
	stp	x27, x28, [\base, #16 * 4]
	stp	x29, x30, [\base, #16 * 5]
.endm

.macro restore_callee_saved base
	ldp	x19, x20, [\base, #16 * 0]
	ldp	x21, x22, [\base, #16 * 1]
	ldp	x23, x24, [\base, #16 * 2]
	ldp	x25, x26, [\base, #16 * 3]
	ldp	x27, x28, [\base, #16 * 4]
	ldp	x29, x30, [\base, #16 * 5]
.endm
