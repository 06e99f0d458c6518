// SPDX-License-Identifier: BSD-2-Clause
/*
 * A VMM that crashes: a vCPU thread runs a guest that waits in WFI (blocked
 * in the kernel), a second vCPU thread a guest that spins with interrupts
 * masked, and then the main thread writes through a null pointer. moe
 * reports the crash and ends the task, vCPU threads, Vm and all; programs
 * beside it must not notice (tests/scenarios/vm_vmm_crash.scn).
 */
#include <stdint.h>
#include <stdio.h>

#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/vcpu.h>
#include <l4re/env.h>
#include <l4re/thread.h>

#define GUEST_IPA 0x40000000UL

/* Two tiny guests: one waits for an interrupt for ever, one spins masked. */
__asm__(".pushsection .text\n.balign 4096\n.global crash_guest\ncrash_guest:\n"
	"1:	wfi\n	b 1b\n"
	"2:	b 2b\n"
	".balign 4096\n.popsection\n");
extern const char crash_guest[];

static l4_cap_idx_t vm = L4RE_FIRST_FREE_CAP + (40UL << L4_CAP_SHIFT);
static volatile int running;

static void vcpu_fn(void *arg)
{
	l4_umword_t state;
	l4_cap_idx_t self = l4re_thread_self();

	if (l4re_utcb_page_alloc(&state) != 0 || l4_thread_vcpu_control(self, state) != 0) {
		printf("vmm_crash: no vCPU\n");
		return;
	}
	struct l4_vcpu_state *s = (struct l4_vcpu_state *)state;
	s->regs.pc = GUEST_IPA + (uintptr_t)arg;
	s->regs.pstate = L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF;
	s->resume_flags = L4_VCPU_RESUME_LOAD_SYSREGS;
	running++;
	for (;;)
		l4_thread_vcpu_resume(self, vm);
}

int main(void)
{
	static struct l4re_thread t[2];

	if (l4_factory_create_vm(L4_BASE_FACTORY_CAP, vm) != 0 ||
	    l4_task_map(vm, L4_BASE_TASK_CAP, L4_MEM_FPAGE((uintptr_t)crash_guest, 12, L4_FPAGE_RX),
			GUEST_IPA) != 0) {
		printf("vmm_crash: no Vm\n");
		return 1;
	}
	l4re_thread_create(&t[0], vcpu_fn, (void *)0, 0);
	l4re_thread_create(&t[1], vcpu_fn, (void *)8, 0);
	while (running < 2)
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 10000));
	/* Let the spinning guest have the CPU for a few time slices. */
	l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 100000));
	printf("vmm_crash: two guests running; crashing now\n");
	*(volatile int *)0 = 1;
	return 0;
}
