/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI calls to firmware (Arm DEN 0022), through the conduit the device tree names. */
#pragma once

#include "types.h"

#define PSCI_VERSION	  0x84000000U
#define PSCI_SYSTEM_OFF	  0x84000008U
#define PSCI_SYSTEM_RESET 0x84000009U

enum psci_conduit { PSCI_CONDUIT_SMC, PSCI_CONDUIT_HVC };

void psci_set_conduit(enum psci_conduit c);
u64 psci_call(u32 fn, u64 a1, u64 a2, u64 a3);
void psci_system_off(void);
