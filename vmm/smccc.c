// SPDX-License-Identifier: BSD-2-Clause
/*
 * SMCCC dispatch: a table of the function identifiers the VMM serves. Any
 * other identifier returns -1 (SMCCC's Unknown Function Identifier, PSCI's
 * NOT_SUPPORTED) and the guest goes on. The table also answers PSCI_FEATURES.
 * Tern's NOP and ECHO are answered before the table (smccc_call, smccc.h).
 */
#include <stddef.h>

#include "smccc.h"

static int64_t hvc_echo(struct vcpu *v, const uint64_t *x)
{
	return (int64_t)smccc_echo(x);
}

static int64_t hvc_nop(struct vcpu *v, const uint64_t *x)
{
	return 0;
}

static int64_t hvc_bench(struct vcpu *v, const uint64_t *x)
{
	return bench_call(v, x[1], x[2], x[3]);
}

static const struct smccc_fn {
	uint32_t fid;
	int64_t (*call)(struct vcpu *v, const uint64_t *x);
} smccc_fns[] = {
	{PSCI_FN_VERSION, psci_version},
	{PSCI_FN_FEATURES, psci_features},
	{PSCI_FN_CPU_ON, psci_cpu_on},
	{PSCI_FN_CPU_OFF, psci_cpu_off},
	{PSCI_FN_AFFINITY_INFO, psci_affinity_info},
	{PSCI_FN_SYSTEM_OFF, psci_system_off},
	{PSCI_FN_SYSTEM_RESET, psci_system_reset},
	{TERN_HVC_ECHO, hvc_echo},
	{TERN_HVC_NOP, hvc_nop},
	{TERN_HVC_BENCH, hvc_bench},
};

static const struct smccc_fn *smccc_find(uint32_t fid)
{
	for (size_t i = 0; i < sizeof(smccc_fns) / sizeof(smccc_fns[0]); i++)
		if (smccc_fns[i].fid == fid)
			return &smccc_fns[i];
	return NULL;
}

bool smccc_implemented(uint32_t fid)
{
	return smccc_find(fid) != NULL;
}

void smccc_call_table(struct vcpu *v)
{
	uint64_t *x = v->state->regs.x;
	const struct smccc_fn *f = smccc_find((uint32_t)x[0]);

	x[0] = (uint64_t)(f ? f->call(v, x) : PSCI_NOT_SUPPORTED);
}
