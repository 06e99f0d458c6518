// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-s2fault: accesses to guest-physical addresses with nothing behind
 * them. Under the VMM's "inject" policy each one comes back as a
 * synchronous external abort at VBAR_EL1 with FAR_EL1 = the address; the
 * handler steps over a faulting load or store and returns from a faulting
 * branch to its caller (x30). On bare QEMU the same addresses abort too.
 */
#include "runtime.h"
#include "tap.h"
#include "trap.h"

#define HOLE_DATA  0x0e000000UL
#define HOLE_FETCH 0x0e001000UL

/* The last abort, as the handler saw it. */
static volatile unsigned fault_count;
static volatile uint64_t fault_esr, fault_far, fault_elr;

static bool fault_trap(struct trap_frame *f)
{
	unsigned ec = ESR_EC(f->esr);

	if (ec != EC_DABT_CUR && ec != EC_IABT_CUR)
		return false;
	fault_count++;
	fault_esr = f->esr;
	fault_far = f->far;
	fault_elr = f->elr;
	/* A data abort: skip the access. A fetch abort: return to where the branch came from. */
	f->elr = ec == EC_DABT_CUR ? f->elr + 4 : f->x[30];
	return true;
}

static void fault_reset(void)
{
	fault_count = 0;
	fault_esr = fault_far = fault_elr = 0;
}

static void fault_report(const char *what, unsigned want_ec, uint64_t addr, bool write)
{
	bool one = fault_count == 1;

	tap_ok(one, "%s: one abort taken (%u)", what, fault_count);
	tap_ok(one && ESR_EC(fault_esr) == want_ec && (fault_esr & ESR_IL) &&
		       ESR_FSC(fault_esr) == FSC_SYNC_EXTERNAL,
	       "%s: EC %#x, IL, synchronous external abort (ESR_EL1 %#lx)", what, want_ec,
	       fault_esr);
	tap_ok(one && fault_far == addr, "%s: FAR_EL1 %#lx (got %#lx)", what, addr, fault_far);
	if (want_ec == EC_DABT_CUR)
		tap_ok(one && !!(fault_esr & ESR_WNR) == write, "%s: ESR_EL1.WnR = %d", what,
		       write);
}

void guest_main(void)
{
	uint64_t v = 0x1234;

	trap_set_sync_handler(fault_trap);

	fault_reset();
	__asm__ volatile("ldr %0, [%1]" : "+r"(v) : "r"(HOLE_DATA) : "memory");
	fault_report("load from 0x0e000000", EC_DABT_CUR, HOLE_DATA, false);
	tap_ok(v == 0x1234, "the skipped load left its register alone");

	fault_reset();
	__asm__ volatile("str %w0, [%1]" ::"r"(0xdeadUL), "r"(HOLE_DATA + 0x10) : "memory");
	fault_report("store to 0x0e000010", EC_DABT_CUR, HOLE_DATA + 0x10, true);

	fault_reset();
	__asm__ volatile("blr %0" ::"r"(HOLE_FETCH) : "x30", "memory");
	fault_report("branch to 0x0e001000", EC_IABT_CUR, HOLE_FETCH, false);
	tap_ok(fault_elr == HOLE_FETCH, "branch to 0x0e001000: ELR_EL1 is the target (%#lx)",
	       fault_elr);

	/* The same again: the VMM keeps no state that makes a second abort different. */
	fault_reset();
	__asm__ volatile("ldrb %w0, [%1]" : "+r"(v) : "r"(HOLE_DATA + 0xfff) : "memory");
	fault_report("byte load from 0x0e000fff", EC_DABT_CUR, HOLE_DATA + 0xfff, false);
}
