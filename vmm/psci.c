// SPDX-License-Identifier: BSD-2-Clause
/*
 * PSCI 1.1 (Arm DEN0022) for the guest: version, features, CPU_ON, CPU_OFF,
 * AFFINITY_INFO, SYSTEM_OFF, SYSTEM_RESET. A vCPU's power state changes by
 * compare-and-swap (vmm.h), since any vCPU may turn any other on while that
 * one's thread looks at its state. Every argument comes from the guest and is
 * checked: target MPIDRs against the vCPUs, entry points against RAM.
 */
#include <inttypes.h>

#include "smccc.h"

/* The vCPU whose MPIDR affinity fields are mpidr (Aff0 = index, the others 0), or NULL. */
static struct vcpu *psci_target(struct vm *vm, uint64_t mpidr)
{
	if (mpidr & ~(uint64_t)0xff || mpidr >= vm->ncpus)
		return NULL;
	return &vm->vcpu[mpidr];
}

int64_t psci_version(struct vcpu *v, const uint64_t *x)
{
	return PSCI_VERSION_1_1;
}

int64_t psci_features(struct vcpu *v, const uint64_t *x)
{
	uint32_t fid = (uint32_t)x[1];
	return PSCI_FN_IS_PSCI(fid) && smccc_implemented(fid) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
}

/* x1 = target MPIDR, x2 = entry point (guest-physical), x3 = context id: x0 of the new vCPU. */
int64_t psci_cpu_on(struct vcpu *v, const uint64_t *x)
{
	struct vm *vm = v->vm;
	struct vcpu *t = psci_target(vm, x[1]);
	int power = VCPU_OFF;

	if (!t)
		return PSCI_INVALID_PARAMETERS;
	if (x[2] % 4 || !ram_contains(&vm->ram, x[2], 4))
		return PSCI_INVALID_ADDRESS;
	if (!__atomic_compare_exchange_n(&t->power, &power, VCPU_STARTING, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_ACQUIRE))
		return power == VCPU_ON ? PSCI_ALREADY_ON : PSCI_ON_PENDING;
	__atomic_add_fetch(&vm->cpus_on, 1, __ATOMIC_RELAXED);
	t->start_pc = x[2];
	t->start_arg = x[3];
	__atomic_store_n(&t->power, VCPU_ON_PENDING, __ATOMIC_RELEASE);
	vcpu_wake(t);
	vmm_debug("vcpu %u: CPU_ON vcpu %u at 0x%" PRIx64, v->idx, t->idx, x[2]);
	return PSCI_SUCCESS;
}

/* The caller stops; its thread waits for the next CPU_ON. Does not return to the guest. */
int64_t psci_cpu_off(struct vcpu *v, const uint64_t *x)
{
	struct vm *vm = v->vm;

	__atomic_store_n(&v->power, VCPU_OFF, __ATOMIC_RELEASE);
	vmm_debug("vcpu %u: CPU_OFF", v->idx);
	/* Only a running vCPU can turn another on: with none left the VM can do nothing more. */
	if (__atomic_sub_fetch(&vm->cpus_on, 1, __ATOMIC_ACQ_REL) == 0) {
		vmm_log("VM halted: every vCPU is off");
		vm_end(vm, 1);
	}
	return PSCI_SUCCESS;
}

/* x1 = target MPIDR, x2 = lowest affinity level (only level 0: there are no clusters). */
int64_t psci_affinity_info(struct vcpu *v, const uint64_t *x)
{
	struct vcpu *t = psci_target(v->vm, x[1]);

	if (!t || x[2] != 0)
		return PSCI_INVALID_PARAMETERS;
	switch (__atomic_load_n(&t->power, __ATOMIC_ACQUIRE)) {
	case VCPU_ON: return PSCI_AFFINITY_ON;
	case VCPU_OFF: return PSCI_AFFINITY_OFF;
	default: return PSCI_AFFINITY_ON_PENDING;
	}
}

int64_t psci_system_off(struct vcpu *v, const uint64_t *x)
{
	vmm_log("guest powered off");
	vm_end(v->vm, 0);
	return PSCI_SUCCESS;
}

/* The main thread stops every vCPU, loads the guest again and starts vCPU 0. */
int64_t psci_system_reset(struct vcpu *v, const uint64_t *x)
{
	vmm_log("guest asked for a reset");
	vm_end(v->vm, VMM_EXIT_RESET);
	return PSCI_SUCCESS;
}
