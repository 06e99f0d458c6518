/* SPDX-License-Identifier: BSD-2-Clause */
/* Vm objects and vCPU mode of threads (docs/vm.md, kernel/abi/tern/vcpu.h). */
#pragma once

#include <l4/sys/ipc.h>
#include <tern/vcpu.h>

/* A Vm: a guest-physical address space with its own VMID. */
static inline long l4_factory_create_vm(l4_cap_idx_t factory, l4_cap_idx_t slot)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = (l4_umword_t)L4_PROTO_VM;
	u->mr[1] = slot;
	return l4_result(l4_kcall(factory, L4_PROTO_FACTORY, 2));
}

/* Switch thread into vCPU mode with its state area at state (a free UTCB-area page). */
static inline long l4_thread_vcpu_control(l4_cap_idx_t thread, l4_umword_t state)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_VCPU_CONTROL_OP;
	u->mr[1] = state;
	return l4_result(l4_kcall(thread, L4_PROTO_THREAD, 2));
}

/* Enter the guest in vm; returns at the next exit (0) or with -L4_E*. */
static inline long l4_thread_vcpu_resume(l4_cap_idx_t self, l4_cap_idx_t vm)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_VCPU_RESUME_OP;
	u->mr[1] = vm;
	return l4_result(l4_kcall(self, L4_PROTO_THREAD, 2));
}

/* Make a virtual interrupt (L4_VIRQ word) pending on a vCPU thread. */
static inline long l4_thread_vcpu_irq(l4_cap_idx_t thread, l4_umword_t virq)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_VCPU_IRQ_OP;
	u->mr[1] = virq;
	return l4_result(l4_kcall(thread, L4_PROTO_THREAD, 2));
}

/* Make a vCPU return to its VMM with L4_VCPU_EXIT_KICK. */
static inline long l4_thread_vcpu_kick(l4_cap_idx_t thread)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_THREAD_VCPU_KICK_OP;
	return l4_result(l4_kcall(thread, L4_PROTO_THREAD, 1));
}
