// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of VM-exit handling (vmm/exit.c, sysreg.c, vcpu_state.c): what
 * each exit reason makes the next resume do, under each fault policy, on
 * fake vCPUs with the real bus and devices.
 */
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "smccc.h"
#include "sysreg.h"
#include "tap.h"

#define RAM_BASE 0x40000000UL
#define RAM_SIZE (1UL << 20)
#define TDEV	 0x0c000000UL
#define HOLE	 0x0e000000UL

static struct vm vm;
static struct l4_vcpu_state states[VMM_MAX_CPUS];
static struct l4_vcpu_state *s0 = &states[0];

static void vm_setup(unsigned ncpus, enum fault_policy policy)
{
	static uint8_t *host;

	if (!host)
		host = calloc(1, RAM_SIZE);
	memset(&vm, 0, sizeof(vm));
	memset(states, 0, sizeof(states));
	vm.ncpus = ncpus;
	vm.cfg.fault = policy;
	vm.ram = (struct guest_ram){RAM_BASE, RAM_SIZE, host, 0};
	vm.vm_cap = 0x1234000;
	bus_init(&vm.bus);
	if (tdev_init(&vm.tdev, &vm.bus, TDEV) ||
	    pl011_init(&vm.uart, &vm.bus, 0x09000000, NULL, 0) ||
	    gic_init(&vm.gic, &vm.bus, 0x08000000, 0x080a0000, ncpus))
		abort();
	for (unsigned i = 0; i < VMM_MAX_CPUS; i++) {
		vm.vcpu[i].vm = &vm;
		vm.vcpu[i].idx = i;
		vm.vcpu[i].state = &states[i];
		vm.vcpu[i].power = VCPU_ON;
		vcpu_reset_state(&vm.vcpu[i], RAM_BASE, 0);
		states[i].resume_flags = 0;
	}
	fake_reset();
}

/* An exit of vCPU v with the given fields; returns the resume flags it leaves. */
static uint64_t exit_with(unsigned v, struct l4_vcpu_exit e)
{
	states[v].exit = e;
	states[v].resume_flags = 0;
	exit_dispatch(&vm.vcpu[v]);
	return states[v].resume_flags;
}

static struct l4_vcpu_exit mmio(uint64_t ipa, unsigned size, bool write, uint64_t value)
{
	return (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_MMIO,
				     .addr = ipa,
				     .ipa = ipa,
				     .far = ipa,
				     .size = (uint8_t)size,
				     .write = write,
				     .value = value};
}

static struct l4_vcpu_exit pf(uint64_t ipa, bool write, bool exec)
{
	return (struct l4_vcpu_exit){
		.reason = L4_VCPU_EXIT_PF, .ipa = ipa, .far = ipa, .write = write, .exec = exec};
}

static struct l4_vcpu_exit sysreg(uint32_t enc, bool write, uint64_t value)
{
	return (struct l4_vcpu_exit){
		.reason = L4_VCPU_EXIT_SYSREG, .addr = enc, .write = write, .value = value};
}

static void test_reset_state(void)
{
	vm_setup(4, FAULT_IGNORE);
	s0->virq_count = 3;
	s0->regs.x[5] = 7;
	vcpu_reset_state(&vm.vcpu[2], 0x40001000, 0xabc);
	const struct l4_vcpu_state *s = &states[2];
	ok(s->regs.pc == 0x40001000 && s->regs.x[0] == 0xabc && s->regs.x[1] == 0 &&
		   s->regs.pstate == (L4_VCPU_PSTATE_EL1H | L4_VCPU_PSTATE_DAIF),
	   "a start: pc = entry, x0 = argument, EL1h with DAIF masked");
	ok(s->sysregs.sctlr == 0x30d00800 && s->sysregs.vmpidr == (1UL << 31 | 2) &&
		   s->sysregs.vpidr == 0 && s->sysregs.cpacr == 0 && s->sysregs.cntkctl == 0 &&
		   s->sysregs.vbar == 0 && s->sysregs.ttbr0 == 0,
	   "reset sysregs: SCTLR 0x30d00800, MPIDR Aff0 = the vCPU, MIDR 0 (the kernel shows the "
	   "host's), the rest 0");
	ok(s->resume_flags == L4_VCPU_RESUME_LOAD_SYSREGS && s->virq_count == 0,
	   "the first resume loads them");
	vcpu_reset_state(&vm.vcpu[0], RAM_BASE, 0);
	ok(s0->virq_count == 0 && s0->regs.x[5] == 0,
	   "a restart forgets earlier registers and virqs");
	bool pushed = true;
	for (unsigned i = 0; i < L4_VCPU_VIRQ_SLOTS; i++)
		pushed &= vcpu_virq_push(&vm.vcpu[0], i);
	ok(pushed && !vcpu_virq_push(&vm.vcpu[0], 99) && s0->virq_count == L4_VCPU_VIRQ_SLOTS,
	   "virq[] takes %d entries, then refuses", L4_VCPU_VIRQ_SLOTS);
}

static void test_calls(void)
{
	vm_setup(1, FAULT_IGNORE);
	s0->regs.x[0] = PSCI_FN_VERSION;
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_HVC, .imm = 0x42}) == 0 &&
		   s0->regs.x[0] == 0x1042,
	   "hvc #0x42: x0 = 0x1042 whatever x0 held, no COMPLETE");
	s0->regs.x[0] = ~0UL;
	exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_HVC, .imm = 0xffff});
	ok(s0->regs.x[0] == 0xffff, "hvc #0xffff: 0x1000 | imm");
	s0->regs.x[0] = PSCI_FN_VERSION;
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_HVC}) == 0 &&
		   s0->regs.x[0] == 0x10001,
	   "hvc #0: an SMCCC call, PC already past it: no COMPLETE");
	s0->regs.x[0] = PSCI_FN_VERSION;
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_SMC}) ==
			   L4_VCPU_RESUME_COMPLETE &&
		   s0->regs.x[0] == 0x10001,
	   "smc #0: an SMCCC call, resumed with COMPLETE");
	s0->regs.x[0] = PSCI_FN_VERSION;
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_SMC, .imm = 1}) ==
			   L4_VCPU_RESUME_COMPLETE &&
		   (int64_t)s0->regs.x[0] == PSCI_NOT_SUPPORTED,
	   "smc #1: NOT_SUPPORTED, stepped over");
	s0->regs.x[0] = PSCI_FN_SYSTEM_OFF;
	exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_SMC});
	ok(vm.ended && vm.exit_code == 0, "SYSTEM_OFF through SMC ends the VM with 0");
}

static void test_mmio(void)
{
	vm_setup(2, FAULT_IGNORE);
	ok(exit_with(0, mmio(TDEV + TDEV_PATTERN, 4, false, 0x5555)) == L4_VCPU_RESUME_COMPLETE &&
		   s0->exit.value == 0xc4d5e6f7,
	   "an MMIO read of tdev: the value, COMPLETE");
	ok(exit_with(1, mmio(TDEV, 2, true, 0x1122334455667788)) == L4_VCPU_RESUME_COMPLETE &&
		   vm.tdev.scratch == 0x7788,
	   "an MMIO write from vCPU 1 reaches tdev, cut to its size");
	ok(exit_with(0, mmio(TDEV, 8, false, 0)) == L4_VCPU_RESUME_COMPLETE &&
		   s0->exit.value == 0x7788,
	   "and reads back");
	ok(exit_with(0, mmio(0x08000000 + GICD_PIDR2, 4, false, 0)) == L4_VCPU_RESUME_COMPLETE &&
		   s0->exit.value == 0x30,
	   "the GIC distributor is on the bus");

	ok(exit_with(0, mmio(RAM_BASE + 0x12345, 4, false, 0)) == 0 && fake.maps == 1 &&
		   fake.map_ipa == RAM_BASE + 0x12345,
	   "an MMIO exit inside RAM maps its chunk, no COMPLETE: the guest retries");
	ok(exit_with(0, pf(RAM_BASE + RAM_SIZE - 1, true, true)) == 0 && fake.maps == 2 &&
		   fake.map_ipa == RAM_BASE + RAM_SIZE - 1,
	   "a PF exit at the last byte of RAM too");
	unsigned i;
	for (i = 0; i < 20 && !vm.ended; i++)
		exit_with(0, pf(RAM_BASE + 0x8000 + i % 8, false, false));
	ok(vm.ended && vm.exit_code == 1 && fake_logged("persists") &&
		   i == VCPU_FAULT_REPEAT_MAX + 1,
	   "faults at one page that mapping does not cure halt the VM (after %u)", i);

	vm_setup(1, FAULT_IGNORE);
	fake.map_result = -12;
	exit_with(0, pf(RAM_BASE, false, false));
	ok(vm.ended && vm.exit_code == 1 && fake_logged("cannot map guest RAM"),
	   "a mapping the kernel refuses halts the VM");

	vm_setup(1, FAULT_IGNORE);
	ok(exit_with(0, mmio(TDEV, 3, false, 0)) == L4_VCPU_RESUME_INJECT_UNDEF && !vm.ended,
	   "an MMIO exit of a size that cannot be: undefined instruction (ignore policy)");
}

static void test_policies(void)
{
	vm_setup(1, FAULT_IGNORE);
	ok(exit_with(0, mmio(HOLE, 8, false, 0x77)) == L4_VCPU_RESUME_COMPLETE &&
		   s0->exit.value == 0 && fake_logged("ignored"),
	   "ignore: a read of a hole gives 0, COMPLETE, a warning");
	ok(exit_with(0, mmio(HOLE, 4, true, 0x77)) == L4_VCPU_RESUME_COMPLETE,
	   "ignore: a write to a hole is dropped");
	ok(exit_with(0, mmio(TDEV + TDEV_SIZE - 4, 8, false, 0)) == L4_VCPU_RESUME_COMPLETE &&
		   s0->exit.value == 0,
	   "ignore: an access across a device's end is a hole");
	ok(exit_with(0, pf(HOLE, false, true)) == L4_VCPU_RESUME_INJECT_IABT,
	   "ignore: a fetch from a hole cannot be skipped: prefetch abort");
	ok(exit_with(0, pf(HOLE, true, false)) == L4_VCPU_RESUME_INJECT_DABT,
	   "ignore: an undecoded access to a hole: data abort");
	fake.log_lines = 0;
	for (unsigned i = 0; i < 100; i++)
		exit_with(0, mmio(HOLE, 4, false, 0));
	ok(fake.log_lines <= RATELIMIT_BURST, "the warnings are rate-limited (%u of 100)",
	   fake.log_lines);
	ok(!vm.ended, "ignore never ends the VM");

	vm_setup(1, FAULT_INJECT);
	ok(exit_with(0, mmio(HOLE, 4, false, 0)) == L4_VCPU_RESUME_INJECT_DABT &&
		   exit_with(0, mmio(HOLE, 4, true, 0)) == L4_VCPU_RESUME_INJECT_DABT &&
		   exit_with(0, pf(HOLE, false, true)) == L4_VCPU_RESUME_INJECT_IABT && !vm.ended,
	   "inject: data aborts for loads and stores, prefetch aborts for fetches");
	ok(exit_with(0, mmio(TDEV + TDEV_PATTERN, 1, false, 0)) == L4_VCPU_RESUME_COMPLETE,
	   "inject: devices work as always");
	ok(exit_with(0, pf(TDEV, false, false)) == L4_VCPU_RESUME_INJECT_DABT &&
		   fake_logged(
			   "read at IPA 0xc000000 (pc 0x40000000): a device, but the access has "
			   "no syndrome"),
	   "an access to a device that the kernel could not decode: data abort, said so");

	vm_setup(1, FAULT_HALT);
	s0->regs.x[17] = 0x1717;
	s0->regs.pc = 0x40000abc;
	exit_with(0, mmio(HOLE, 4, false, 0));
	ok(vm.ended && vm.exit_code == 1, "halt: the VM ends with exit code 1");
	ok(fake_logged("vmm: VM halted: read at IPA 0xe000000: no RAM or device there"),
	   "halt: \"vmm: VM halted: <reason>\"");
	ok(fake_logged("x16 0000000000000000  x17 0000000000001717") &&
		   fake_logged("pc  0000000040000abc") && fake_logged("ipa 000000000e000000"),
	   "halt: with a register dump");
	unsigned lines = fake.log_lines;
	exit_with(0, mmio(HOLE, 4, false, 0));
	ok(fake.log_lines == lines, "a VM that has ended reports nothing more");
}

static void test_sysreg(void)
{
	unsigned intid;

	ok(sysreg_sgi_targets(5UL << 24 | 0x3, 0, 4, &intid) == 0x3 && intid == 5,
	   "SGI1R: target list 0 and 1, INTID 5");
	ok(sysreg_sgi_targets(0xfUL << 24 | 0xffff, 1, 2, &intid) == 0x3 && intid == 15,
	   "SGI1R: targets beyond the vCPUs are dropped");
	ok(sysreg_sgi_targets(1UL << 40 | 0xffff, 1, 4, &intid) == 0xd,
	   "SGI1R: IRM means all but the sender, whatever the list says");
	ok(sysreg_sgi_targets(1UL << 16 | 1, 0, 4, &intid) == 0 &&
		   sysreg_sgi_targets(1UL << 32 | 1, 0, 4, &intid) == 0 &&
		   sysreg_sgi_targets(1UL << 48 | 1, 0, 4, &intid) == 0 &&
		   sysreg_sgi_targets(1UL << 44 | 1, 0, 4, &intid) == 0,
	   "SGI1R: Aff1, Aff2, Aff3 or RS not zero reach no vCPU");

	vm_setup(3, FAULT_IGNORE);
	ok(exit_with(0, sysreg(SYSREG_ICC_SGI1R_EL1, true, 3UL << 24 | 0x3)) ==
		   L4_VCPU_RESUME_COMPLETE,
	   "an SGI1R write is completed");
	ok(s0->virq_count == 1 && s0->virq[0] == L4_VIRQ(3, 0xa0),
	   "the sender's own SGI goes into its virq[]");
	ok(fake.nvirqs == 1 && fake.virqs[0].target == 1 && fake.virqs[0].virq == L4_VIRQ(3, 0xa0),
	   "the other's through the kernel");
	fake_reset();
	exit_with(1, sysreg(SYSREG_ICC_SGI1R_EL1, true, 1UL << 40 | 9UL << 24));
	ok(fake.nvirqs == 2 && fake.virqs[0].target == 0 && fake.virqs[1].target == 2 &&
		   L4_VIRQ_INTID(fake.virqs[1].virq) == 9 && states[1].virq_count == 0,
	   "IRM from vCPU 1: SGI 9 to vCPUs 0 and 2");
	fake_reset();
	states[0].virq_count = L4_VCPU_VIRQ_SLOTS;
	exit_with(0, sysreg(SYSREG_ICC_SGI1R_EL1, true, 1));
	ok(fake.nvirqs == 1 && fake.virqs[0].target == 0,
	   "own SGI with virq[] full: through the kernel instead");
	fake_reset();
	ok(exit_with(0, sysreg(SYSREG_ICC_SGI1R_EL1, true, 1UL << 16 | 1)) ==
			   L4_VCPU_RESUME_COMPLETE &&
		   fake.nvirqs == 0,
	   "an SGI to Aff1 = 1 goes nowhere, and is completed");
	ok(exit_with(0, sysreg(SYSREG_ICC_SGI1R_EL1, false, 0)) == L4_VCPU_RESUME_INJECT_UNDEF,
	   "reading SGI1R (write-only): undefined instruction");
	ok(exit_with(0, sysreg(L4_VCPU_SYSREG(3, 0, 1, 0, 0), true, 0)) ==
			   L4_VCPU_RESUME_INJECT_UNDEF &&
		   fake_logged("write of S3_0_C1_C0_0"),
	   "any other trapped register: undefined instruction, logged by name");
	ok(!vm.ended, "none of it ends the VM");
}

static void test_other_exits(void)
{
	vm_setup(1, FAULT_IGNORE);
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_IRQ,
					      .label = VCPU_WAKE_LABEL}) == 0 &&
		   vm.vcpu[0].irq_exits == 0 && fake.log_lines == 0,
	   "an IRQ exit for a late wake-up: nothing");
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_IRQ, .label = 0x40}) == 0 &&
		   vm.vcpu[0].irq_exits == 1 && fake_logged("IRQ exit 1, label 0x40"),
	   "another IRQ exit: counted and logged");
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_KICK}) == 0 &&
		   exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_NONE}) == 0,
	   "KICK and NONE: nothing");
	fake_reset();
	struct l4_vcpu_exit e = {.reason = L4_VCPU_EXIT_EOI, .eoi_count = 2, .eoi = {33, 34}};
	ok(exit_with(0, e) == 0 && fake.log_lines == 2 && fake_logged("EOIed INTID 34"),
	   "EOI exit: each EOI at debug level");
	fake_reset();
	e = (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_KICK, .eoi_count = 1000};
	exit_with(0, e);
	ok(fake.log_lines == L4_VCPU_EOI_SLOTS, "an eoi_count beyond the slots is clamped");
	fake_reset();
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_UNKNOWN, .esr = 0x2000000}) ==
			   L4_VCPU_RESUME_INJECT_UNDEF &&
		   fake_logged("unhandled exit (reason 9, ESR 0x2000000)") && fake_logged("x0 "),
	   "UNKNOWN (ignore): reported with registers, undefined instruction");
	ok(exit_with(0, (struct l4_vcpu_exit){.reason = 77}) == L4_VCPU_RESUME_INJECT_UNDEF &&
		   exit_with(0, (struct l4_vcpu_exit){.reason = ~0UL}) ==
			   L4_VCPU_RESUME_INJECT_UNDEF &&
		   !vm.ended,
	   "reasons beyond the table: the same");
	vm_setup(1, FAULT_HALT);
	exit_with(0, (struct l4_vcpu_exit){.reason = L4_VCPU_EXIT_UNKNOWN, .esr = 0x2000000});
	ok(vm.ended && vm.exit_code == 1 && fake_logged("VM halted: unhandled exit"),
	   "UNKNOWN (halt): the VM halts");
}

int main(void)
{
	test_reset_state();
	test_calls();
	test_mmio();
	test_policies();
	test_sysreg();
	test_other_exits();
	return tap_done();
}
