// SPDX-License-Identifier: BSD-2-Clause
/* guest-smc: the SMCCC calls of guest-hvc through SMC #0, which the VMM traps and handles alike. */
#include "psci.h"
#include "runtime.h"
#include "tap.h"
#include "trap.h"

/*
 * Bare QEMU has no EL2 or EL3 to take an SMC, so it is UNDEFINED there
 * (Arm ARM, SMC): the handler steps over it and the checks are skipped.
 */
static volatile bool smc_undefined;

static bool smc_trap(struct trap_frame *f)
{
	uint32_t insn = *(volatile uint32_t *)f->elr;

	if (ESR_EC(f->esr) != EC_UNKNOWN || (insn & 0xffe0001f) != 0xd4000003)
		return false;
	smc_undefined = true;
	f->elr += 4;
	return true;
}

static bool smc_psci_version(void)
{
	return smc_call(PSCI_VERSION, 0, 0, 0) >= 0x10000;
}

static bool smc_unknown_psci(void)
{
	return (int64_t)smc_call(0x8400ff00, 0, 0, 0) == PSCI_NOT_SUPPORTED;
}

static bool smc_unknown_smccc(void)
{
	return (int64_t)smc_call(0xc2000000, 0, 0, 0) == PSCI_NOT_SUPPORTED;
}

static bool smc_echo(void)
{
	const uint64_t x[8] = {TERN_HVC_ECHO, 1, 2, 3, 4, 5, 6, 0xffffffffffffffff};
	return smc_call8(x) == 20;
}

static bool smc_nop(void)
{
	return smc_call(TERN_HVC_NOP, 0, 0, 0) == 0;
}

/* The VMM must step the PC past the SMC (the exit leaves it at the SMC) and keep x1..x30. */
static bool smc_preserves(void)
{
	uint64_t out[31] __attribute__((aligned(16)));
	bool same = true;

	smccc_regs_after_smc(TERN_HVC_NOP, out);
	for (unsigned n = 1; n <= 30; n++)
		if (out[n] != SMCCC_REG_PATTERN(n)) {
			tap_diag("x%u changed to %#lx", n, out[n]);
			same = false;
		}
	return same && out[0] == 0;
}

static const struct tap_check smc_checks[] = {
	{"PSCI_VERSION through smc is 1.0 or higher", smc_psci_version, false},
	{"unknown PSCI id 0x8400ff00 through smc returns NOT_SUPPORTED", smc_unknown_psci, false},
	{"unknown SMCCC id 0xc2000000 through smc returns NOT_SUPPORTED", smc_unknown_smccc, false},
	{"TERN_HVC_ECHO through smc sums x1..x7", smc_echo, true},
	{"TERN_HVC_NOP through smc returns 0", smc_nop, true},
	{"TERN_HVC_NOP through smc returns past the smc with x1..x30 kept", smc_preserves, true},
};

void guest_main(void)
{
	trap_set_sync_handler(smc_trap);
	smc_call(PSCI_VERSION, 0, 0, 0);
	if (smc_undefined) {
		for (unsigned i = 0; i < sizeof(smc_checks) / sizeof(smc_checks[0]); i++)
			tap_skip("smc is UNDEFINED here (no EL2/EL3 to take it)", "%s",
				 smc_checks[i].name);
		return;
	}
	tap_run(smc_checks, sizeof(smc_checks) / sizeof(smc_checks[0]));
}
