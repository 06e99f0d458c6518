// SPDX-License-Identifier: BSD-2-Clause
/* guest-hvc: hypercalls through HVC: Tern's ECHO and NOP, hvc #imm, PSCI_VERSION, unknown ids. */
#include "psci.h"
#include "runtime.h"
#include "tap.h"

/* Large values so that the sum wraps: the VMM must add all seven as 64-bit numbers. */
static bool hvc_echo(void)
{
	const uint64_t x[8] = {TERN_HVC_ECHO,
			       0x8000000000000001,
			       0x7fffffffffffffff,
			       3,
			       0xffffffff00000000,
			       0x100000000,
			       0x1234,
			       0x10000};
	uint64_t want = 0;
	for (unsigned i = 1; i < 8; i++)
		want += x[i];
	return hvc_call8(x) == want;
}

static bool hvc_nop(void)
{
	return hvc_call(TERN_HVC_NOP, 1, 2, 3) == 0;
}

/* x0 holds a valid PSCI id: the VMM must dispatch on the immediate first. */
static bool hvc_imms(void)
{
	return hvc_imm(1, PSCI_VERSION) == 0x1001 && hvc_imm(0x42, PSCI_VERSION) == 0x1042 &&
	       hvc_imm(0xfff, 0) == 0x1fff && hvc_imm(0xffff, ~0UL) == 0xffff;
}

static bool hvc_psci_version(void)
{
	return hvc_call(PSCI_VERSION, 0, 0, 0) >= 0x10000;
}

static bool hvc_unknown_psci(void)
{
	return (int64_t)hvc_call(0x8400ff00, 0, 0, 0) == PSCI_NOT_SUPPORTED;
}

static bool hvc_unknown_smccc(void)
{
	return (int64_t)hvc_call(0xc2000000, 0, 0, 0) == PSCI_NOT_SUPPORTED;
}

/* Only x0 carries a result: every other register must survive the exit. */
static bool hvc_preserves(uint64_t fn)
{
	uint64_t out[31] __attribute__((aligned(16)));
	bool same = true;

	smccc_regs_after_hvc(fn, out);
	for (unsigned n = 1; n <= 30; n++)
		if (out[n] != SMCCC_REG_PATTERN(n)) {
			tap_diag("x%u changed to %#lx", n, out[n]);
			same = false;
		}
	return same;
}

static bool hvc_preserves_unknown(void)
{
	return hvc_preserves(0x8400ff00);
}

static bool hvc_preserves_nop(void)
{
	return hvc_preserves(TERN_HVC_NOP);
}

static const struct tap_check hvc_checks[] = {
	{"TERN_HVC_ECHO sums x1..x7 with 64-bit wrap", hvc_echo, true},
	{"TERN_HVC_NOP returns 0", hvc_nop, true},
	{"hvc #imm returns 0x1000 | imm whatever x0 holds", hvc_imms, true},
	{"PSCI_VERSION is 1.0 or higher", hvc_psci_version, false},
	{"unknown PSCI id 0x8400ff00 returns NOT_SUPPORTED", hvc_unknown_psci, false},
	{"unknown SMCCC id 0xc2000000 returns NOT_SUPPORTED", hvc_unknown_smccc, false},
	{"an unknown id leaves x1..x30 alone", hvc_preserves_unknown, false},
	{"TERN_HVC_NOP leaves x1..x30 alone", hvc_preserves_nop, true},
};

void guest_main(void)
{
	tap_run(hvc_checks, sizeof(hvc_checks) / sizeof(hvc_checks[0]));
}
