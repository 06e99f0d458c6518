/* SPDX-License-Identifier: BSD-2-Clause */
/* vCPU mode of threads and Vm objects (arch/arm64/vcpu.c, docs/vm.md). */
#pragma once

#include "types.h"

struct thread;
struct task;
struct factory;

/* Is hardware virtualization usable (stage 2, GICv3 virtual interface)? Set at boot. */
bool vcpu_supported(void);
void vcpu_init(void);

/* The thread operations L4_THREAD_VCPU_*_OP; reply tags. */
u64 vcpu_op_control(struct thread *t, struct thread *caller, unsigned words);
u64 vcpu_op_resume(struct thread *t, struct thread *caller, unsigned words);
u64 vcpu_op_irq(struct thread *t, struct thread *caller, unsigned words);
u64 vcpu_op_kick(struct thread *t);

/* An IRQ object attached to t fired: a vCPU waiting in WFI wakes up to exit. */
void vcpu_notify(struct thread *t);
/* t ends: its vCPU state goes (state page, guest registers, Vm reference). */
void vcpu_destroy(struct thread *t);
/* A Vm is deleted: the CPU must not keep its stage-2 tables loaded. */
void vcpu_vm_destroyed(struct task *vm);
/* A Vm: a task whose address space is a guest-physical one. */
struct task *vm_create(struct factory *f, long *err) __must_check;
