// SPDX-License-Identifier: BSD-2-Clause
/* PSCI calls through SMC or HVC (SMC Calling Convention, Arm DEN 0028). */
#include "arch/psci.h"

/* SMC until the device tree says otherwise: an HVC from EL2 would trap to ourselves. */
static enum psci_conduit psci_conduit = PSCI_CONDUIT_SMC;

void psci_set_conduit(enum psci_conduit c)
{
	psci_conduit = c;
}

u64 psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	register u64 x0 __asm__("x0") = fn;
	register u64 x1 __asm__("x1") = a1;
	register u64 x2 __asm__("x2") = a2;
	register u64 x3 __asm__("x3") = a3;

	if (psci_conduit == PSCI_CONDUIT_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	else
		__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"memory");
	return x0;
}

void psci_system_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}
