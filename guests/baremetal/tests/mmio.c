// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-mmio: emulated loads and stores on tdev, one instruction form at a
 * time, so that the VMM's decoding of the data abort syndrome (Arm ARM, ISS
 * encoding for a Data Abort: size, sign extension, SF, register number) is
 * checked form by form.
 */
#include "runtime.h"
#include "tap.h"
#include "tdev.h"

/* Junk that a load must overwrite entirely, or a store must not send beyond its size. */
#define JUNK 0x5a5a5a5a5a5a5a5aUL

static uint64_t ldr_x(uint64_t addr)
{
	uint64_t v;
	__asm__ volatile("mov %0, %1\n\tldr %0, [%2]" : "=&r"(v) : "r"(JUNK), "r"(addr) : "memory");
	return v;
}

static void str_x(uint64_t addr, uint64_t v)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(addr) : "memory");
}

/* Loads: junk first in the destination, so a VMM that writes only part of it is caught. */
#define LOAD(insn, addr)                                \
	({                                              \
		uint64_t v_;                            \
		__asm__ volatile("mov %0, %1\n\t" insn  \
				 : "=&r"(v_)            \
				 : "r"(JUNK), "r"(addr) \
				 : "memory");           \
		v_;                                     \
	})
#define STORE(insn, addr, v) __asm__ volatile(insn ::"r"((uint64_t)(v)), "r"(addr) : "memory")

static bool mmio_scratch_8(void)
{
	STORE("strb %w0, [%1]", TDEV_SCRATCH, 0x1122334455667788);
	return LOAD("ldrb %w0, [%2]", TDEV_SCRATCH) == 0x88 && ldr_x(TDEV_SCRATCH) == 0x88;
}

static bool mmio_scratch_16(void)
{
	STORE("strh %w0, [%1]", TDEV_SCRATCH, 0x1122334455667788);
	return LOAD("ldrh %w0, [%2]", TDEV_SCRATCH) == 0x7788 && ldr_x(TDEV_SCRATCH) == 0x7788;
}

static bool mmio_scratch_32(void)
{
	STORE("str %w0, [%1]", TDEV_SCRATCH, 0x1122334455667788);
	return LOAD("ldr %w0, [%2]", TDEV_SCRATCH) == 0x55667788 &&
	       ldr_x(TDEV_SCRATCH) == 0x55667788;
}

static bool mmio_scratch_64(void)
{
	str_x(TDEV_SCRATCH, 0x1122334455667788);
	return ldr_x(TDEV_SCRATCH) == 0x1122334455667788;
}

/* A narrow read of a wide value returns its low bytes. */
static bool mmio_scratch_narrow(void)
{
	str_x(TDEV_SCRATCH, 0x8877665544332211);
	return LOAD("ldrb %w0, [%2]", TDEV_SCRATCH) == 0x11 &&
	       LOAD("ldrh %w0, [%2]", TDEV_SCRATCH) == 0x2211 &&
	       LOAD("ldr %w0, [%2]", TDEV_SCRATCH) == 0x44332211;
}

static bool mmio_pattern_zero_extend(void)
{
	return LOAD("ldrb %w0, [%2]", TDEV_PATTERN) == 0xf7 &&
	       LOAD("ldrh %w0, [%2]", TDEV_PATTERN) == 0xe6f7 &&
	       LOAD("ldr %w0, [%2]", TDEV_PATTERN) == 0xc4d5e6f7 &&
	       ldr_x(TDEV_PATTERN) == TDEV_PATTERN_VALUE;
}

/* Into a W register the sign extension stops at bit 31: the upper half is zero (SF = 0). */
static bool mmio_pattern_sign_w(void)
{
	return LOAD("ldrsb %w0, [%2]", TDEV_PATTERN) == 0xfffffff7 &&
	       LOAD("ldrsh %w0, [%2]", TDEV_PATTERN) == 0xffffe6f7;
}

static bool mmio_pattern_sign_x(void)
{
	return LOAD("ldrsb %0, [%2]", TDEV_PATTERN) == 0xfffffffffffffff7 &&
	       LOAD("ldrsh %0, [%2]", TDEV_PATTERN) == 0xffffffffffffe6f7 &&
	       LOAD("ldrsw %0, [%2]", TDEV_PATTERN) == 0xffffffffc4d5e6f7;
}

/* Register 31 in a load or store is XZR/WZR, not SP. */
static bool mmio_store_zero(void)
{
	bool ok = true;

	str_x(TDEV_SCRATCH, ~0UL);
	__asm__ volatile("str xzr, [%0]" ::"r"(TDEV_SCRATCH) : "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0;
	str_x(TDEV_SCRATCH, ~0UL);
	__asm__ volatile("str wzr, [%0]" ::"r"(TDEV_SCRATCH) : "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0;
	str_x(TDEV_SCRATCH, ~0UL);
	__asm__ volatile("strh wzr, [%0]" ::"r"(TDEV_SCRATCH) : "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0;
	str_x(TDEV_SCRATCH, ~0UL);
	__asm__ volatile("strb wzr, [%0]" ::"r"(TDEV_SCRATCH) : "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0;
	return ok;
}

static bool mmio_load_zero_reg(void)
{
	uint64_t sp_before, sp_after;

	__asm__ volatile("mov %0, sp\n\tldr xzr, [%2]\n\tldr wzr, [%2]\n\tmov %1, sp"
			 : "=&r"(sp_before), "=&r"(sp_after)
			 : "r"(TDEV_PATTERN)
			 : "memory");
	return sp_before == sp_after;
}

/* The register number comes from the syndrome: try x0, x17 and x30 as destinations. */
static bool mmio_load_regs(void)
{
	uint64_t v0, v17, v30;

	__asm__ volatile("mov x0, %3\n\tldr x0, [%4]\n\tmov %0, x0\n\t"
			 "mov x17, %3\n\tldr x17, [%4]\n\tmov %1, x17\n\t"
			 "mov x30, %3\n\tldr x30, [%4]\n\tmov %2, x30"
			 : "=&r"(v0), "=&r"(v17), "=&r"(v30)
			 : "r"(JUNK), "r"(TDEV_PATTERN)
			 : "x0", "x17", "x30", "memory");
	return v0 == TDEV_PATTERN_VALUE && v17 == TDEV_PATTERN_VALUE && v30 == TDEV_PATTERN_VALUE;
}

static bool mmio_store_regs(void)
{
	bool ok = true;

	__asm__ volatile("mov x0, %1\n\tstr x0, [%0]" ::"r"(TDEV_SCRATCH), "r"(0x1000UL)
			 : "x0", "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0x1000;
	__asm__ volatile("mov x17, %1\n\tstr x17, [%0]" ::"r"(TDEV_SCRATCH), "r"(0x1717UL)
			 : "x17", "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0x1717;
	__asm__ volatile("mov x30, %1\n\tstr x30, [%0]" ::"r"(TDEV_SCRATCH), "r"(0x3030UL)
			 : "x30", "memory");
	ok &= ldr_x(TDEV_SCRATCH) == 0x3030;
	return ok;
}

/* An immediate offset is part of the address the VMM gets (FAR/HPFAR), not of the syndrome. */
static bool mmio_offset(void)
{
	uint64_t v;
	__asm__ volatile("ldr %0, [%1, #8]" : "=r"(v) : "r"(TDEV_SCRATCH) : "memory");
	return v == TDEV_PATTERN_VALUE;
}

/* COUNT grows with every access; whether it counts its own read is the VMM's choice. */
static bool mmio_count(void)
{
	uint64_t before = ldr_x(TDEV_COUNT);
	ldr_x(TDEV_PATTERN);
	str_x(TDEV_SCRATCH, 1);
	ldr_x(TDEV_SCRATCH);
	uint64_t after = ldr_x(TDEV_COUNT);
	if (after < before + 3 || after > before + 5)
		tap_diag("COUNT went from %lu to %lu over 3 accesses", before, after);
	return after >= before + 3 && after <= before + 5;
}

static const struct tap_check mmio_checks[] = {
	{"SCRATCH strb/ldrb, zero-extended to 64 bits", mmio_scratch_8, true},
	{"SCRATCH strh/ldrh, zero-extended to 64 bits", mmio_scratch_16, true},
	{"SCRATCH str w/ldr w, zero-extended to 64 bits", mmio_scratch_32, true},
	{"SCRATCH str x/ldr x", mmio_scratch_64, true},
	{"SCRATCH narrow reads return the low bytes", mmio_scratch_narrow, true},
	{"PATTERN ldrb/ldrh/ldr w/ldr x zero-extend", mmio_pattern_zero_extend, true},
	{"PATTERN ldrsb/ldrsh into W sign-extend to 32 bits only", mmio_pattern_sign_w, true},
	{"PATTERN ldrsb/ldrsh/ldrsw into X sign-extend to 64 bits", mmio_pattern_sign_x, true},
	{"stores of xzr/wzr (8, 4, 2, 1 bytes) write 0", mmio_store_zero, true},
	{"loads into xzr/wzr leave SP alone", mmio_load_zero_reg, true},
	{"loads into x0, x17, x30", mmio_load_regs, true},
	{"stores from x0, x17, x30", mmio_store_regs, true},
	{"ldr with an immediate offset", mmio_offset, true},
	{"COUNT grows by the accesses made", mmio_count, true},
};

void guest_main(void)
{
	tap_run(mmio_checks, sizeof(mmio_checks) / sizeof(mmio_checks[0]));
}
