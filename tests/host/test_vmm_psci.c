// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of the guest's calls into the VMM (vmm/smccc.c, psci.c,
 * bench.c): PSCI 1.1 with every argument check, the vCPU power states,
 * Tern's hypercalls and the benchmark brackets, on fake vCPUs.
 */
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "smccc.h"
#include "tap.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (1UL << 20)

static struct vm vm;
static struct l4_vcpu_state states[VMM_MAX_CPUS];

static void vm_setup(unsigned ncpus)
{
	static uint8_t *host;

	if (!host)
		host = calloc(1, RAM_SIZE);
	memset(&vm, 0, sizeof(vm));
	memset(states, 0, sizeof(states));
	vm.ncpus = ncpus;
	vm.ram = (struct guest_ram){RAM_BASE, RAM_SIZE, host, 0};
	vm.cpus_on = 1;
	for (unsigned i = 0; i < VMM_MAX_CPUS; i++) {
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].idx = i;
		vm.vcpu[i].state = &states[i];
		vm.vcpu[i].power = i == 0 ? VCPU_ON : VCPU_OFF;
	}
	fake_reset();
}

/* The call as vCPU v makes it; x4..x7 hold a pattern. Returns x0. */
static int64_t call(unsigned v, uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	uint64_t *x = states[v].regs.x;

	x[0] = x0;
	x[1] = x1;
	x[2] = x2;
	x[3] = x3;
	for (unsigned i = 4; i < 31; i++)
		x[i] = 0xa5a5000000000000UL | i;
	smccc_call(&vm.vcpu[v]);
	return (int64_t)x[0];
}

static void test_basics(void)
{
	vm_setup(2);
	ok(call(0, PSCI_FN_VERSION, 0, 0, 0) == 0x10001, "PSCI_VERSION: 1.1");
	ok(call(0, 0xffffffff00000000UL | PSCI_FN_VERSION, 0, 0, 0) == 0x10001,
	   "the function id is w0: x0's upper half does not matter");
	const uint32_t psci[] = {PSCI_FN_VERSION,     PSCI_FN_FEATURES,	     PSCI_FN_CPU_ON,
				 PSCI_FN_CPU_OFF,     PSCI_FN_AFFINITY_INFO, PSCI_FN_SYSTEM_OFF,
				 PSCI_FN_SYSTEM_RESET};
	bool all = true;
	for (unsigned i = 0; i < sizeof(psci) / sizeof(psci[0]); i++)
		all &= call(0, PSCI_FN_FEATURES, psci[i], 0, 0) == PSCI_SUCCESS;
	ok(all, "PSCI_FEATURES: every implemented PSCI function is there");
	ok(call(0, PSCI_FN_FEATURES, 0xc4000001, 0, 0) == PSCI_NOT_SUPPORTED &&
		   call(0, PSCI_FN_FEATURES, 0x84000003, 0, 0) == PSCI_NOT_SUPPORTED &&
		   call(0, PSCI_FN_FEATURES, 0x8400001f, 0, 0) == PSCI_NOT_SUPPORTED,
	   "PSCI_FEATURES: CPU_SUSPEND, SMC32 CPU_ON and others are not");
	ok(call(0, PSCI_FN_FEATURES, TERN_HVC_ECHO, 0, 0) == PSCI_NOT_SUPPORTED &&
		   call(0, PSCI_FN_FEATURES, 0x80000000, 0, 0) == PSCI_NOT_SUPPORTED,
	   "PSCI_FEATURES answers for PSCI functions only");
	ok(call(0, 0x8400ff00, 1, 2, 3) == PSCI_NOT_SUPPORTED &&
		   call(0, 0xc2000000, 0, 0, 0) == PSCI_NOT_SUPPORTED &&
		   call(0, 0, 0, 0, 0) == PSCI_NOT_SUPPORTED &&
		   call(0, 0x86000004, 0, 0, 0) == PSCI_NOT_SUPPORTED,
	   "unknown function ids: NOT_SUPPORTED");
	bool kept = states[0].regs.x[1] == 0 && states[0].regs.x[2] == 0;
	for (unsigned i = 4; i < 31; i++)
		kept &= states[0].regs.x[i] == (0xa5a5000000000000UL | i);
	ok(kept, "only x0 changes");
	ok(!vm.ended && fake.ends == 0, "none of it ends the VM");

	uint64_t *x = states[0].regs.x;
	x[0] = TERN_HVC_ECHO;
	x[1] = 0x8000000000000001UL;
	x[2] = 0x7fffffffffffffffUL;
	x[3] = 3;
	x[4] = 0xffffffff00000000UL;
	x[5] = 0x100000000UL;
	x[6] = 0x1234;
	x[7] = 0x10000;
	smccc_call(&vm.vcpu[0]);
	ok(x[0] == 0x11237, "ECHO adds x1..x7 with 64-bit wrap (0x%llx)", (unsigned long long)x[0]);
	ok(call(0, TERN_HVC_NOP, 5, 6, 7) == 0, "NOP returns 0");
}

static void test_cpu_on(void)
{
	struct vcpu *v1 = &vm.vcpu[1];

	vm_setup(2);
	ok(call(0, PSCI_FN_CPU_ON, 2, RAM_BASE, 0) == PSCI_INVALID_PARAMETERS &&
		   call(0, PSCI_FN_CPU_ON, 7, RAM_BASE, 0) == PSCI_INVALID_PARAMETERS,
	   "CPU_ON of a vCPU that does not exist: INVALID_PARAMETERS");
	ok(call(0, PSCI_FN_CPU_ON, 1UL << 8 | 1, RAM_BASE, 0) == PSCI_INVALID_PARAMETERS &&
		   call(0, PSCI_FN_CPU_ON, 1UL << 32 | 1, RAM_BASE, 0) == PSCI_INVALID_PARAMETERS &&
		   call(0, PSCI_FN_CPU_ON, 1UL << 31 | 1, RAM_BASE, 0) == PSCI_INVALID_PARAMETERS,
	   "CPU_ON with Aff1, Aff3 or other bits set: INVALID_PARAMETERS");
	ok(call(0, PSCI_FN_CPU_ON, 1, RAM_BASE - 4, 0) == PSCI_INVALID_ADDRESS &&
		   call(0, PSCI_FN_CPU_ON, 1, RAM_BASE + RAM_SIZE, 0) == PSCI_INVALID_ADDRESS &&
		   call(0, PSCI_FN_CPU_ON, 1, RAM_BASE + RAM_SIZE - 2, 0) == PSCI_INVALID_ADDRESS &&
		   call(0, PSCI_FN_CPU_ON, 1, RAM_BASE + 2, 0) == PSCI_INVALID_ADDRESS &&
		   call(0, PSCI_FN_CPU_ON, 1, UINT64_MAX - 3, 0) == PSCI_INVALID_ADDRESS,
	   "CPU_ON with an entry outside RAM or unaligned: INVALID_ADDRESS");
	ok(v1->power == VCPU_OFF && fake.wakes[1] == 0 && vm.cpus_on == 1,
	   "refused CPU_ONs change nothing");
	ok(call(0, PSCI_FN_CPU_ON, 0, RAM_BASE, 0) == PSCI_ALREADY_ON,
	   "CPU_ON of the caller: ALREADY_ON");
	ok(call(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0) == PSCI_AFFINITY_OFF &&
		   call(0, PSCI_FN_AFFINITY_INFO, 0, 0, 0) == PSCI_AFFINITY_ON,
	   "AFFINITY_INFO: vCPU 1 off, vCPU 0 on");
	ok(call(0, PSCI_FN_AFFINITY_INFO, 2, 0, 0) == PSCI_INVALID_PARAMETERS &&
		   call(0, PSCI_FN_AFFINITY_INFO, 1, 1, 0) == PSCI_INVALID_PARAMETERS,
	   "AFFINITY_INFO of no vCPU, or above level 0: INVALID_PARAMETERS");

	uint64_t entry = RAM_BASE + RAM_SIZE - 4;
	ok(call(0, PSCI_FN_CPU_ON, 1, entry, 0x0123456789abcdefUL) == PSCI_SUCCESS,
	   "CPU_ON vCPU 1 at the last word of RAM");
	ok(v1->power == VCPU_ON_PENDING && v1->start_pc == entry &&
		   v1->start_arg == 0x0123456789abcdefUL && fake.wakes[1] == 1 && vm.cpus_on == 2,
	   "vCPU 1 is ON_PENDING with its entry and context id, and its thread woken");
	ok(call(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0) == PSCI_AFFINITY_ON_PENDING,
	   "AFFINITY_INFO while it starts: ON_PENDING");
	ok(call(0, PSCI_FN_CPU_ON, 1, RAM_BASE, 0) == PSCI_ON_PENDING && v1->start_pc == entry,
	   "a second CPU_ON while it starts: ON_PENDING, the first entry stays");
	v1->power = VCPU_ON; /* what its thread does */
	ok(call(0, PSCI_FN_CPU_ON, 1, RAM_BASE, 0) == PSCI_ALREADY_ON &&
		   call(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0) == PSCI_AFFINITY_ON,
	   "once running: ALREADY_ON, and AFFINITY_INFO ON");

	ok(call(1, PSCI_FN_CPU_OFF, 0, 0, 0) == PSCI_SUCCESS && v1->power == VCPU_OFF &&
		   vm.cpus_on == 1 && !vm.ended,
	   "CPU_OFF on vCPU 1: off, the VM goes on");
	ok(call(0, PSCI_FN_AFFINITY_INFO, 1, 0, 0) == PSCI_AFFINITY_OFF,
	   "AFFINITY_INFO: off again");
	ok(call(0, PSCI_FN_CPU_ON, 1, RAM_BASE, 42) == PSCI_SUCCESS && fake.wakes[1] == 2 &&
		   v1->start_pc == RAM_BASE && v1->start_arg == 42,
	   "and it can be turned on again");
	v1->power = VCPU_ON;
	ok(call(0, PSCI_FN_CPU_OFF, 0, 0, 0) == PSCI_SUCCESS && !vm.ended,
	   "vCPU 0 goes off while vCPU 1 runs: the VM goes on");
	ok(call(1, PSCI_FN_CPU_OFF, 0, 0, 0) == PSCI_SUCCESS && vm.ended && vm.exit_code == 1 &&
		   fake_logged("VM halted: every vCPU is off"),
	   "the last vCPU goes off: the VM halts (exit code 1)");
}

static void test_system(void)
{
	vm_setup(1);
	call(0, PSCI_FN_SYSTEM_OFF, 0, 0, 0);
	ok(vm.ended && vm.exit_code == 0 && fake_logged("vmm: guest powered off"),
	   "SYSTEM_OFF: \"vmm: guest powered off\", exit code 0");
	vm_setup(1);
	call(0, PSCI_FN_SYSTEM_RESET, 0, 0, 0);
	ok(vm.ended && vm.exit_code == VMM_EXIT_RESET &&
		   fake_logged("vmm: guest asked for a reset"),
	   "SYSTEM_RESET: \"vmm: guest asked for a reset\", the VM ends for a restart");
}

static void test_bench(void)
{
	char *ram;
	const uint64_t name = RAM_BASE + 0x100;

	vm_setup(1);
	ram = (char *)vm.ram.host;
	strcpy(ram + 0x100, "hvc-null");
	ok(call(0, TERN_HVC_BENCH, 1, 10, name) == PSCI_INVALID_PARAMETERS && fake.log_lines == 0,
	   "BENCH stop without a start: INVALID_PARAMETERS, nothing printed");
	fake.pmu = (struct pmu_sample){.el0 = 100, .el1 = 1000, .el2 = 5000};
	ok(call(0, TERN_HVC_BENCH, 0, 0, 0) == 0, "BENCH start");
	fake.pmu = (struct pmu_sample){.el0 = 115, .el1 = 1330, .el2 = 5000 + 12345};
	ok(call(0, TERN_HVC_BENCH, 1, 0, name) == PSCI_INVALID_PARAMETERS &&
		   call(0, TERN_HVC_BENCH, 2, 10, name) == PSCI_INVALID_PARAMETERS,
	   "BENCH with 0 iterations or an unknown op: INVALID_PARAMETERS");
	ok(call(0, TERN_HVC_BENCH, 1, 10, RAM_BASE - 1) == PSCI_INVALID_ADDRESS &&
		   call(0, TERN_HVC_BENCH, 1, 10, UINT64_MAX) == PSCI_INVALID_ADDRESS,
	   "BENCH stop with a name outside RAM: INVALID_ADDRESS");
	memset(ram + RAM_SIZE - 4, 'z', 4);
	ok(call(0, TERN_HVC_BENCH, 1, 10, RAM_BASE + RAM_SIZE - 4) == PSCI_INVALID_ADDRESS,
	   "BENCH stop with a name running off the end of RAM: INVALID_ADDRESS");
	ok(fake.log_lines == 0, "nothing printed so far");
	ok(call(0, TERN_HVC_BENCH, 1, 10, name) == 0 &&
		   fake_logged("bench: exit-split hvc-null el0 1.5 el1 33.0 el2 1234.5"),
	   "BENCH stop prints instructions per iteration per level");
	ok(call(0, TERN_HVC_BENCH, 1, 10, name) == PSCI_INVALID_PARAMETERS,
	   "a second stop without a start: INVALID_PARAMETERS");

	fake_reset();
	strcpy(ram + 0x200, "a b\x1b[2Jcdefghijklmnopqrstuvwxyz0123456789");
	fake.pmu = (struct pmu_sample){.el0 = 0xfffffff0, .el1 = 0, .el2 = 0};
	call(0, TERN_HVC_BENCH, 0, 0, 0);
	fake.pmu = (struct pmu_sample){.el0 = 0x10, .el1 = 3, .el2 = 2};
	ok(call(0, TERN_HVC_BENCH, 1, 3, RAM_BASE + 0x200) == 0 &&
		   fake_logged("bench: exit-split a_b_[2Jcdefghijklmnopqrstuvwxyz0 el0 10.7 el1 "
			       "1.0 el2 0.7"),
	   "names: spaces and control characters replaced, cut at 32; a 32-bit counter wrap");
	fake_reset();
	ram[0x300] = '\0';
	call(0, TERN_HVC_BENCH, 0, 0, 0);
	ok(call(0, TERN_HVC_BENCH, 1, 1, RAM_BASE + 0x300) == 0 &&
		   fake_logged("bench: exit-split - el0"),
	   "an empty name prints as '-'");
}

int main(void)
{
	test_basics();
	test_cpu_on();
	test_system();
	test_bench();
	return tap_done();
}
