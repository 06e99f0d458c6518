/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI 1.0 and Tern hypercalls through HVC or SMC (SMC Calling Convention, Arm DEN 0028). */
#pragma once

#include <stdint.h>

#define PSCI_VERSION	   0x84000000u
#define PSCI_CPU_OFF	   0x84000002u
#define PSCI_CPU_ON	   0xc4000003u
#define PSCI_AFFINITY_INFO 0xc4000004u
#define PSCI_SYSTEM_OFF	   0x84000008u
#define PSCI_SYSTEM_RESET  0x84000009u

/* Return codes (Arm DEN 0022). */
#define PSCI_SUCCESS		0
#define PSCI_NOT_SUPPORTED	(-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED		(-3)
#define PSCI_ALREADY_ON		(-4)
#define PSCI_ON_PENDING		(-5)

/* AFFINITY_INFO results. */
#define PSCI_AFF_ON	    0
#define PSCI_AFF_OFF	    1
#define PSCI_AFF_ON_PENDING 2

/* Tern's vendor-specific hypervisor calls (SMCCC owner 6). */
#define TERN_HVC_ECHO  0x86000001u /* x0 = x1 + ... + x7 */
#define TERN_HVC_NOP   0x86000002u /* x0 = 0 */
#define TERN_HVC_BENCH 0x86000003u /* x1 = 0 start / 1 stop, x2 = iterations, x3 = name */

/* x0..x3 (or x0..x7) in, x0 out; x1..x3 may change as SMCCC allows. */
uint64_t hvc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
uint64_t smc_call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3);
uint64_t hvc_call8(const uint64_t x[8]);
uint64_t smc_call8(const uint64_t x[8]);

/* hvc #imm for a constant imm: x0 in and out. */
#define hvc_imm(imm, x0)                                        \
	({                                                      \
		register uint64_t hvc_x0_ __asm__("x0") = (x0); \
		__asm__ volatile("hvc #%1"                      \
				 : "+r"(hvc_x0_)                \
				 : "i"(imm)                     \
				 : "x1", "x2", "x3", "memory"); \
		hvc_x0_;                                        \
	})

/*
 * Calls x0 = fn with x1..x30 holding known values (smccc.S) and stores the
 * registers x0..x30 after the call in out: a caller checks which the call
 * changed.
 */
void smccc_regs_after_hvc(uint64_t fn, uint64_t out[31]);
void smccc_regs_after_smc(uint64_t fn, uint64_t out[31]);
/* The value smccc.S puts in xn (1..30) before the call. */
#define SMCCC_REG_PATTERN(n) (0xa5a5000000000000UL | (uint64_t)(n) << 8 | (uint64_t)(n))

int64_t psci_cpu_on(uint64_t mpidr, uint64_t entry, uint64_t ctx);
int64_t psci_affinity_info(uint64_t mpidr);
void psci_cpu_off(void);
__attribute__((noreturn)) void psci_system_off(void);

/* Tern's benchmark brackets: the VMM counts host instructions between start and stop. */
void tern_bench(unsigned stop, uint64_t iterations, const char *name);
