// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-hostile: everything a guest should not do, to show that Tern
 * contains it. It sweeps MRS/MSR over the system registers (op0 = 3) and
 * the debug registers (op0 = 2), makes hypercalls with junk, executes
 * undefined and EL2/EL3-only instructions, makes accesses the VMM cannot
 * decode, jumps into holes, starts vCPU 1 at an unmapped address, and
 * finally spins with all interrupts masked for ever. It prints progress,
 * not TAP: nothing here is expected to pass. The test around it checks
 * that native programs keep running beside it.
 */
#include "console.h"
#include "gic.h"
#include "psci.h"
#include "runtime.h"
#include "tdev.h"
#include "trap.h"

#define HOLE	   0x0e000000UL
#define INSN_RET   0xd65f03c0u
#define INSN_MRS   0xd5200000u /* MRS x<Rt>, S<op0>_<op1>_C<n>_C<m>_<op2> (Arm ARM, MRS) */
#define INSN_MSR   0xd5000000u /* MSR S<op0>_<op1>_C<n>_C<m>_<op2>, x<Rt> (MSR register) */
#define SWEEP_SIZE (16 * 16 * 8)

/* Generated code, run from RAM (with the MMU off all of RAM is executable). */
static uint32_t sweep_code[SWEEP_SIZE + 1] __attribute__((aligned(64)));

/* Exceptions seen, by exception class. */
static volatile unsigned hostile_ecs[64];
/* Set around a branch into a hole: resume at the branch's return address. */
static volatile bool hostile_jumping;

static bool hostile_trap(struct trap_frame *f)
{
	hostile_ecs[ESR_EC(f->esr)]++;
	if (hostile_jumping) {
		hostile_jumping = false;
		f->elr = f->x[30];
	} else {
		f->elr += 4;
	}
	return true;
}

static unsigned hostile_count(void)
{
	unsigned n = 0;
	for (unsigned ec = 0; ec < 64; ec++)
		n += hostile_ecs[ec];
	return n;
}

__attribute__((format(printf, 1, 2))) static void hostile_report(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_puts("hostile: ");
	console_vprintf(fmt, ap);
	va_end(ap);
	console_printf(": %u exceptions", hostile_count());
	for (unsigned ec = 0; ec < 64; ec++)
		if (hostile_ecs[ec])
			console_printf(" (EC %#x: %u)", ec, hostile_ecs[ec]);
	console_putc('\n');
	for (unsigned ec = 0; ec < 64; ec++)
		hostile_ecs[ec] = 0;
}

/*
 * Writes that would take the guest itself down rather than test the
 * hypervisor: SCTLR_EL1 (MMU on with junk tables), CPACR_EL1, VBAR_EL1,
 * everything in CRn = 4 (SPSel, DAIF, NZCV, ELR/SPSR, SP_EL0, FPCR...),
 * ICC_SRE_EL1, CNTFRQ_EL0 (writable at EL1 on bare QEMU: timeouts), and
 * MDSCR_EL1 (debug exceptions, single step). Keyed without op1, so the EL12
 * aliases are spared as well.
 */
static bool hostile_may_write(unsigned op0, unsigned crn, unsigned crm, unsigned op2)
{
	unsigned reg = crn << 8 | crm << 4 | op2;

	if (op0 == 2)
		return reg != 0x022;
	return crn != 4 && reg != 0x100 && reg != 0x102 && reg != 0xc00 && reg != 0xcc5 &&
	       reg != 0xe00;
}

static void hostile_run_code(uint64_t x1)
{
	/* New code: make the instruction side see it (Arm ARM, instruction cache maintenance). */
	__asm__ volatile("dsb sy\n\tic iallu\n\tdsb sy\n\tisb" ::: "memory");
	/* The code may write x0..x2 (and x1 by writeback); all else is left alone. */
	__asm__ volatile("mov x1, %1\n\tblr %0"
			 :
			 : "r"(sweep_code), "r"(x1)
			 : "x0", "x1", "x2", "x30", "memory", "cc");
}

static void hostile_sweep(bool write, unsigned op0, unsigned op1)
{
	unsigned n = 0;

	for (unsigned crn = 0; crn < 16; crn++)
		for (unsigned crm = 0; crm < 16; crm++)
			for (unsigned op2 = 0; op2 < 8; op2++) {
				uint32_t sysreg =
					op0 << 19 | op1 << 16 | crn << 12 | crm << 8 | op2 << 5;
				if (!write)
					sweep_code[n++] = INSN_MRS | sysreg | 0;
				else if (hostile_may_write(op0, crn, crm, op2))
					sweep_code[n++] = INSN_MSR | sysreg | 1;
			}
	sweep_code[n] = INSN_RET;
	hostile_run_code(~0UL);
	hostile_report("%s op0=%u op1=%u, %u registers", write ? "msr" : "mrs", op0, op1, n);
}

/* op0 = 3: the system registers; op0 = 2: debug (op1 = 0) and debug comms (op1 = 3). */
static void hostile_sysregs(void)
{
	static const unsigned spaces[][2] = {{3, 0}, {3, 3}, {3, 4}, {3, 5},
					     {3, 6}, {3, 7}, {2, 0}, {2, 3}};

	for (unsigned write = 0; write < 2; write++)
		for (unsigned i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++)
			hostile_sweep(write, spaces[i][0], spaces[i][1]);
}

/* Junk function ids and arguments; none is a PSCI call that would stop or suspend us. */
static void hostile_calls(void)
{
	static const uint64_t ids[] = {
		0,	    0xffffffff, 0xffffffffffffffff, 0x7fffffff, 0x80000000,
		0x80000001, 0x80008000, 0x8400001f,	    0xc400001f, 0x86000000,
		0x8600ffff, 0xc6000001, 0xbf00ff01,	    0xf2000000, 0x12345678deadbeef,
	};
	/* BENCH with a bad phase, huge counts and names that are not in RAM or not ended. */
	static const uint64_t bench[][3] = {
		{0, ~0UL, 0},	    {0, 1, HOLE},      {1, 1, ~0UL},
		{2, 0, 0x40000000}, {0, 1, GICD_BASE}, {1, 0, TDEV_BASE},
	};

	for (unsigned i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		hvc_call(ids[i], ~0UL, 0x8000000000000000, ids[i]);
		smc_call(ids[i], ~0UL, 0x8000000000000000, ids[i]);
	}
	for (unsigned i = 0; i < sizeof(bench) / sizeof(bench[0]); i++)
		hvc_call(TERN_HVC_BENCH, bench[i][0], bench[i][1], bench[i][2]);
	hvc_call(PSCI_CPU_ON, ~0UL, 0, 0);
	hvc_call(PSCI_AFFINITY_INFO, ~0UL, ~0UL, 0);
	hvc_call(PSCI_AFFINITY_INFO, 0, 7, 0);
	hvc_imm(1, 0xdead);
	hvc_imm(0x7fff, 0xdead);
	hvc_imm(0xffff, 0xdead);
	__asm__ volatile("mov x0, %0\n\tsmc #0x1234" ::"r"(0xdeadUL)
			 : "x0", "x1", "x2", "x3", "memory");
	__asm__ volatile("mov x0, %0\n\tsmc #0xffff" ::"r"(0xdeadUL)
			 : "x0", "x1", "x2", "x3", "memory");
	hostile_report("junk hvc/smc");
}

/* Undefined here (udf, EL2/EL3-only and debug-state instructions) or trapped to EL2. */
static void hostile_instructions(void)
{
	static const uint32_t insns[] = {
		0x00000000, /* udf #0 */
		0x0000ffff, /* udf #0xffff */
		0xffffffff, /* unallocated */
		0xd50c871f, /* tlbi alle2 */
		0xd50e871f, /* tlbi alle3 */
		0xd50c7800, /* at s1e2r, x0 */
		0xd4400000, /* hlt #0 */
		0xd4a00001, /* dcps1 */
		0xd4a00002, /* dcps2 */
		0xd4a00003, /* dcps3 */
		0xd4200840, /* brk #0x42 */
		0xd5087640, /* dc isw, x0: set/way, trapped by HCR_EL2.TSW */
		0xd5087e40, /* dc cisw, x0 */
		0xd508871f, /* tlbi vmalle1 */
		0xd508831f, /* tlbi vmalle1is */
		0xd508751f, /* ic iallu */
		0xd503201f, /* nop */
	};
	unsigned n = 0;

	for (unsigned r = 0; r < 4; r++)
		for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
			sweep_code[n++] = insns[i];
	sweep_code[n] = INSN_RET;
	hostile_run_code(0);
	hostile_report("undefined and privileged instructions");
}

/* Accesses the VMM gets without a usable syndrome, or that fault before it sees them. */
static void hostile_accesses(void)
{
	static const uint32_t insns[] = {
		0xa9400820, /* ldp x0, x2, [x1]: no ISV */
		0xf8408420, /* ldr x0, [x1], #8: writeback, no ISV */
		0xc85f7c20, /* ldxr x0, [x1] */
		0xc8027c20, /* stxr w2, x0, [x1] */
		0xc8dffc20, /* ldar x0, [x1] */
		0xc89ffc20, /* stlr x0, [x1] */
		0xf8200020, /* ldadd x0, x0, [x1] */
		0x4c407020, /* ld1 {v0.16b}, [x1] */
		0xd5087621, /* dc ivac, x1 */
		0xd50b7421, /* dc zva, x1 */
		0xf9800020, /* prfm pldl1keep, [x1] */
		0xf9400020, /* ldr x0, [x1] */
		0xf9000020, /* str x0, [x1] */
		0x39400020, /* ldrb w0, [x1] */
	};
	/*
	 * Not the PL011: DC ZVA zeroes a 64-byte block there on QEMU, junk in
	 * the log. 0x407ffff8: the last word of the smallest RAM (8 MiB).
	 */
	static const uint64_t targets[] = {
		TDEV_SCRATCH,
		TDEV_PATTERN + 1,
		TDEV_BASE + 0xff8,
		HOLE,
		GICD_BASE,
		GICD_BASE + 0xfffc,
		GICR_BASE + 7 * GICR_STRIDE,
		0x0000ffff00000000,
		0xffff000000000000,
		0x407ffff8,
	};
	unsigned n = 0;

	for (unsigned i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		sweep_code[n++] = insns[i];
	sweep_code[n] = INSN_RET;
	for (unsigned t = 0; t < sizeof(targets) / sizeof(targets[0]); t++) {
		/* The ldr with writeback moves x1: run each target from a fresh x1. */
		hostile_run_code(targets[t]);
	}
	hostile_report("undecodable and faulting accesses");
}

static void hostile_jumps(void)
{
	static const uint64_t targets[] = {HOLE + 0x1000, 0x40000002, 0x0000ffff00000000, 0};

	for (unsigned i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		hostile_jumping = true;
		__asm__ volatile("blr %0" ::"r"(targets[i]) : "x30", "memory");
		hostile_jumping = false;
	}
	hostile_report("jumps into holes");
}

void guest_main(void)
{
	console_printf("hostile: starting (%s)\n", runtime_tern ? "under Tern" : "bare QEMU");
	trap_set_sync_handler(hostile_trap);
	hostile_calls();
	hostile_instructions();
	hostile_accesses();
	hostile_jumps();
	hostile_sysregs();
	/* vCPU 1, if there is one, starts in a hole and faults for as long as the VMM lets it. */
	int64_t r = psci_cpu_on(1, HOLE, 0);
	console_printf("hostile: CPU_ON of vCPU 1 at %#lx returned %ld\n", HOLE, r);
	console_puts("hostile: spinning with all interrupts masked\n");
	__asm__ volatile("msr daifset, #0xf\n1:\tb 1b" ::: "memory");
	__builtin_unreachable();
}
