/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Calls from the guest through HVC #0 or SMC #0 (SMC Calling Convention,
 * Arm DEN0028): function identifier in w0, arguments in x1..x7, result in
 * x0. Served: PSCI 1.1 (Arm DEN0022) and Tern's hypercalls (vmm/README.md).
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "vmm.h"

/* Function identifier: fast call 31, SMC64 30, owner 29..24, number 15..0. */
#define SMCCC_OWNER(fid)       (((fid) >> 24) & 0x3fU)
#define SMCCC_OWNER_STANDARD   4U /* standard secure service calls: PSCI */
#define SMCCC_OWNER_VENDOR_HYP 6U /* vendor-specific hypervisor service calls: Tern's */

#define PSCI_FN_VERSION	      0x84000000U
#define PSCI_FN_CPU_OFF	      0x84000002U
#define PSCI_FN_CPU_ON	      0xc4000003U
#define PSCI_FN_AFFINITY_INFO 0xc4000004U
#define PSCI_FN_SYSTEM_OFF    0x84000008U
#define PSCI_FN_SYSTEM_RESET  0x84000009U
#define PSCI_FN_FEATURES      0x8400000aU
/* PSCI's part of the standard service range: function numbers 0x00..0x1f, SMC32 or SMC64. */
#define PSCI_FN_IS_PSCI(fid) (((fid) & ~0x4000001fU) == 0x84000000U)

#define PSCI_VERSION_1_1	 0x10001
#define PSCI_SUCCESS		 0
#define PSCI_NOT_SUPPORTED	 (-1)
#define PSCI_INVALID_PARAMETERS	 (-2)
#define PSCI_ALREADY_ON		 (-4)
#define PSCI_ON_PENDING		 (-5)
#define PSCI_INVALID_ADDRESS	 (-9)
#define PSCI_AFFINITY_ON	 0
#define PSCI_AFFINITY_OFF	 1
#define PSCI_AFFINITY_ON_PENDING 2

/* Tern's hypercalls. */
#define TERN_HVC_ECHO  0x86000001U /* x0 = x1 + ... + x7 */
#define TERN_HVC_NOP   0x86000002U /* x0 = 0 */
#define TERN_HVC_BENCH 0x86000003U /* x1 = 0 start / 1 stop, x2 = iterations, x3 = name (IPA) */
#define TERN_HVC_IMM   0x1000U	   /* HVC #imm, imm != 0: x0 = TERN_HVC_IMM | imm */

/* TERN_HVC_ECHO: x1 + ... + x7, wrapping. */
static inline uint64_t smccc_echo(const uint64_t *x)
{
	return x[1] + x[2] + x[3] + x[4] + x[5] + x[6] + x[7];
}

/* smccc_call for the identifiers not answered in line: the table. */
void smccc_call_table(struct vcpu *v);

/*
 * Serve the call in v's registers: x0 = the function identifier, the result
 * goes to x0. The calls a guest makes in a loop are answered here without a
 * table scan or a call; the table has them too, for PSCI_FEATURES.
 */
static inline void smccc_call(struct vcpu *v)
{
	uint64_t *x = v->state->regs.x;

	switch ((uint32_t)x[0]) {
	case TERN_HVC_NOP: x[0] = 0; break;
	case TERN_HVC_ECHO: x[0] = smccc_echo(x); break;
	default: smccc_call_table(v); break;
	}
}

/* The function identifier is served (PSCI_FEATURES asks). */
bool smccc_implemented(uint32_t fid);

/* psci.c: each takes the caller and its x0..x7 and returns x0. */
int64_t psci_version(struct vcpu *v, const uint64_t *x);
int64_t psci_features(struct vcpu *v, const uint64_t *x);
int64_t psci_cpu_on(struct vcpu *v, const uint64_t *x);
int64_t psci_cpu_off(struct vcpu *v, const uint64_t *x);
int64_t psci_affinity_info(struct vcpu *v, const uint64_t *x);
int64_t psci_system_off(struct vcpu *v, const uint64_t *x);
int64_t psci_system_reset(struct vcpu *v, const uint64_t *x);

/* bench.c: TERN_HVC_BENCH. */
int64_t bench_call(struct vcpu *v, uint64_t op, uint64_t iterations, uint64_t name_ipa);
