/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VM and its vCPUs, as the VMM's modules share them, and the functions
 * the pure modules need from the L4 side (vcpu.c, ram.c, pmu.c; fakes in
 * vmm/fake/ for host tests). Capabilities are plain uint64_t here so that
 * this header needs no L4 system-call header.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <tern/vcpu.h>

#include "bus.h"
#include "config.h"
#include "devices.h"
#include "log.h"
#include "ram.h"
#include "stats.h"

/*
 * Guest-physical map: QEMU virt's (DESIGN.md section 5). The devices lie
 * below RAM (at least VMM_RAM_BASE_DEFAULT), never inside it.
 */
#define VMM_GICD_BASE  0x08000000UL
#define VMM_GICR_BASE  0x080a0000UL
#define VMM_PL011_BASE 0x09000000UL
#define VMM_PL031_BASE 0x09010000UL
#define VMM_TDEV_BASE  0x0c000000UL
#define VMM_PL011_SPI  1 /* SPI n is INTID 32 + n; QEMU virt's numbers */
#define VMM_PL031_SPI  2

/* What a vCPU starts with (Arm ARM: SCTLR_EL1's RES1 bits with the MMU and caches off). */
#define VCPU_SCTLR_RESET 0x30d00800UL
#define VCPU_MPIDR_RES1	 (1UL << 31)

/* The label of each vCPU's wake IRQ (CPU_ON), told apart from device IRQs at an IRQ exit. */
#define VCPU_WAKE_LABEL 0x100UL
/* vm_end's code for a guest reset: the main thread restarts the guest, the VMM stays. */
#define VMM_EXIT_RESET 256

/* Off the exit fast path: kept out of line, so the hot functions stay small and leaf-like. */
#define VMM_COLD __attribute__((cold, noinline))

/* Stage-2 faults at one page in a row, each answered by mapping RAM, before the VM halts. */
#define VCPU_FAULT_REPEAT_MAX 8

/*
 * Power states (PSCI). CPU_ON takes a vCPU OFF -> STARTING (claimed, start
 * values being written) -> ON_PENDING; its thread then takes it to ON.
 * CPU_OFF takes the caller's own back to OFF.
 */
enum vcpu_power { VCPU_OFF, VCPU_STARTING, VCPU_ON_PENDING, VCPU_ON };

/* PMU instruction counts per exception level (pmu.c). */
struct pmu_sample {
	uint64_t el0, el1, el2;
};

struct vcpu {
	struct vm *vm;
	unsigned idx;		     /* also its MPIDR Aff0 and its redistributor */
	struct l4_vcpu_state *state; /* shared with the kernel; only this vCPU's thread uses it */
	const struct mmio_region *mmio_hint; /* its last MMIO device, tried first (exit.c) */
	uint64_t state_page;		     /* its address: a page of the UTCB area */
	uint64_t thread;		     /* capability of its thread */
	uint64_t wake_irq;		     /* triggered by CPU_ON */
	int power;			     /* enum vcpu_power, atomic */
	uint64_t start_pc, start_arg;	     /* for the next start; valid from ON_PENDING */
	uint64_t last_fault_page;
	unsigned fault_repeats;
	bool bench_running;
	struct pmu_sample bench_start;
	unsigned long irq_exits;
	struct exit_stats stats; /* only this vCPU's thread writes it (stats.h) */
};

struct vm {
	struct vmm_config cfg;
	unsigned ncpus;
	uint64_t vm_cap;  /* the Vm object */
	uint64_t end_irq; /* the main thread waits for it */
	int ended;	  /* atomic: set once, by the first vm_end */
	int exit_code;
	int cpus_on; /* vCPUs not OFF, atomic: when none is left, nothing can wake one */
	uint64_t start_count, entry_count; /* the counter at main and at vCPU 0's first entry */
	struct guest_ram ram;
	struct mmio_bus bus;
	struct pl011 uart;
	struct pl031 rtc;
	struct tdev tdev;
	struct gic gic;
	struct ratelimit warn_unbacked, warn_sysreg, warn_unknown, warn_irq;
	struct vcpu vcpu[VMM_MAX_CPUS];
};

static inline bool vm_ended(struct vm *vm)
{
	return __atomic_load_n(&vm->ended, __ATOMIC_ACQUIRE);
}

/* ---- from the L4 side ------------------------------------------------------ */

/* vcpu.c: a thread per vCPU; vCPU 0 starts at entry with x0 = arg, the others wait for CPU_ON. */
long vcpu_start_all(struct vm *vm, uint64_t entry, uint64_t arg)
	__attribute__((warn_unused_result));

/* End the VM: the VMM exits with code (the first call decides), or restarts the guest. */
void vm_end(struct vm *vm, int code);
/* After vm_end: every vCPU thread out of the guest and gone (for a restart). */
void vcpu_stop_all(struct vm *vm);
/* Wake v's thread, which waits for a CPU_ON. */
void vcpu_wake(struct vcpu *v);
/* Make a virtual interrupt (L4_VIRQ word) pending on another vCPU. */
void vcpu_send_virq(struct vcpu *target, uint64_t virq);
/* The GIC model's inject callback (ctx: the vm): the own vCPU's virq[], or the kernel. */
void vcpu_gic_inject(void *ctx, unsigned vcpu, uint64_t virq);
/* pmu.c: count instructions per exception level; read the counters. */
void pmu_init(void);
void pmu_read(struct pmu_sample *s);

/* ---- vcpu_state.c: the state area -------------------------------------------- */

/* Registers and EL1 state for a start at pc with x0 = arg, EL1h, interrupts masked. */
void vcpu_reset_state(struct vcpu *v, uint64_t pc, uint64_t arg);
/* Queue a virtual interrupt for v's next resume; false when virq[] is full. */
bool vcpu_virq_push(struct vcpu *v, uint64_t virq);
/* A report: why, then the registers. */
void vcpu_dump(const struct vcpu *v, const char *why);
/* A report with registers, "vmm: VM halted: <why>", and the VM ends with code 1. */
void vcpu_halt(struct vcpu *v, const char *fmt, ...) VMM_PRINTF(2, 3);

/* ---- exit.c ------------------------------------------------------------------ */

/* Handle the exit in v's state area; sets what the next resume does. */
void exit_dispatch(struct vcpu *v);
