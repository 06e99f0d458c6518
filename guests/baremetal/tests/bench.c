// SPDX-License-Identifier: BSD-2-Clause
/*
 * guest-bench: VM-exit micro-benchmarks after kvm-unit-tests' arm/micro-bench.c.
 * Each operation is timed one iteration at a time with CNTVCT_EL0 and
 * reported as "bench: <name> min <ns> median <ns> max <ns>"; under QEMU
 * -icount shift=0 a nanosecond is an instruction. TERN_HVC_BENCH brackets
 * each measured loop so the VMM can print its own host-side split.
 */
#include "console.h"
#include "gic.h"
#include "psci.h"
#include "runtime.h"
#include "smp.h"
#include "tdev.h"
#include "timer.h"
#include "trap.h"

#define BENCH_FAILED	 UINT64_MAX /* a measure that timed out */
#define BENCH_TIMEOUT_MS 1000
#define SGI_EOI		 5
#define SGI_IPI		 6

struct bench_op {
	const char *name;
	unsigned iterations;
	bool tern_only;		   /* needs tdev */
	bool two_cpus;		   /* needs vCPU 1 */
	uint64_t (*measure)(void); /* counter ticks of one iteration, or BENCH_FAILED */
};

static uint64_t bench_samples[1000];

/* Written by vCPU 0. */
static volatile unsigned ipi_sent;
static volatile bool cpu1_stop;
/* Written by vCPU 1 (or its IRQ handler). */
static volatile unsigned ipi_seen;
static volatile bool cpu1_ready;
/* Written by vCPU 0's IRQ handler. */
static volatile uint64_t timer_stamp;
static volatile unsigned bench_unexpected;

static void bench_irq(unsigned intid, struct trap_frame *f)
{
	if (intid == SGI_IPI) {
		ipi_seen = ipi_sent;
	} else if (intid == GIC_INTID_VTIMER) {
		timer_set_ctl(0); /* a level: off before the EOI */
		timer_stamp = f->stamp;
	} else {
		bench_unexpected++;
	}
}

static uint64_t bench_hvc(void)
{
	register uint64_t x0 __asm__("x0") = TERN_HVC_NOP;
	uint64_t t0 = timer_now();
	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	return timer_now() - t0;
}

static uint64_t bench_mmio_read(uint64_t addr)
{
	uint32_t v;
	uint64_t t0 = timer_now();
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return timer_now() - t0;
}

static uint64_t bench_mmio_read_user(void)
{
	return bench_mmio_read(TDEV_SCRATCH);
}

static uint64_t bench_mmio_read_vgic(void)
{
	return bench_mmio_read(GICD_BASE + GICD_IIDR);
}

/* Only the EOI of an acknowledged SGI is timed: with a hardware vGIC it must not exit. */
static uint64_t bench_eoi(void)
{
	uint64_t deadline = timer_deadline_ms(BENCH_TIMEOUT_MS);
	unsigned intid;

	gic_send_sgi(SGI_EOI, 1u << runtime_cpu());
	while ((intid = gic_ack()) >= GIC_INTID_SPURIOUS)
		if (timer_passed(deadline))
			return BENCH_FAILED;
	if (intid != SGI_EOI) {
		gic_eoi(intid);
		return BENCH_FAILED;
	}
	uint64_t t0 = timer_now();
	__asm__ volatile("msr icc_eoir1_el1, %0" ::"r"((uint64_t)intid) : "memory");
	return timer_now() - t0;
}

/* From the SGI write on vCPU 0 until vCPU 0 sees the flag vCPU 1's handler set. */
static uint64_t bench_ipi(void)
{
	uint64_t deadline = timer_deadline_ms(BENCH_TIMEOUT_MS);
	unsigned seq = ipi_sent + 1;

	ipi_sent = seq;
	uint64_t t0 = timer_now();
	gic_send_sgi(SGI_IPI, 1u << 1);
	while (ipi_seen != seq) {
		if (timer_passed(deadline))
			return BENCH_FAILED;
		runtime_relax();
	}
	return timer_now() - t0;
}

/* From the programmed deadline to the first instruction of the IRQ vector. */
static uint64_t bench_timer_10ms(void)
{
	uint64_t deadline = timer_deadline_ms(BENCH_TIMEOUT_MS);
	uint64_t cval = timer_now() + timer_ms_to_ticks(10);

	timer_stamp = 0;
	timer_set_cval(cval);
	timer_set_ctl(CNTV_CTL_ENABLE);
	trap_irq_enable();
	while (!timer_stamp && !timer_passed(deadline))
		runtime_relax();
	trap_irq_disable();
	timer_set_ctl(0);
	if (!timer_stamp)
		return BENCH_FAILED;
	return timer_stamp > cval ? timer_stamp - cval : 0;
}

static const struct bench_op bench_ops[] = {
	{"hvc", 1000, false, false, bench_hvc},
	{"mmio_read_user", 1000, true, false, bench_mmio_read_user},
	{"mmio_read_vgic", 1000, false, false, bench_mmio_read_vgic},
	{"eoi", 1000, false, false, bench_eoi},
	{"ipi", 100, false, true, bench_ipi},
	{"timer_10ms", 20, false, false, bench_timer_10ms},
};

static void bench_sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static void bench_run(const struct bench_op *op, bool two_cpus)
{
	unsigned n = op->iterations;

	if (op->tern_only && !runtime_tern) {
		console_printf("bench: %s skipped (not under Tern)\n", op->name);
		return;
	}
	if (op->two_cpus && !two_cpus) {
		console_printf("bench: %s skipped (needs 2 vCPUs)\n", op->name);
		return;
	}
	/* Warm-up: first-use costs (translation, lazy state) are not the operation's. */
	for (unsigned i = 0; i < n / 10 + 1; i++)
		op->measure();
	tern_bench(0, n, op->name);
	for (unsigned i = 0; i < n; i++)
		bench_samples[i] = op->measure();
	tern_bench(1, n, op->name);
	bench_sort(bench_samples, n);
	if (bench_samples[n - 1] == BENCH_FAILED) {
		console_printf("bench: %s failed (an iteration timed out)\n", op->name);
		return;
	}
	console_printf("bench: %s min %lu median %lu max %lu\n", op->name,
		       timer_ticks_to_ns(bench_samples[0]), timer_ticks_to_ns(bench_samples[n / 2]),
		       timer_ticks_to_ns(bench_samples[n - 1]));
}

/* vCPU 1 sleeps in WFI and takes the IPIs. */
static void bench_cpu1(uint64_t ctx)
{
	gic_cpu_init();
	cpu1_ready = true;
	while (!cpu1_stop)
		trap_wait_irq();
}

void guest_main(void)
{
	trap_set_irq_handler(bench_irq);
	gic_cpu_init();
	console_printf("# counter %lu Hz: %lu ns per tick\n", timer_freq(), timer_ticks_to_ns(1));

	uint64_t deadline = timer_deadline_ms(BENCH_TIMEOUT_MS);
	bool two_cpus = smp_start(1, bench_cpu1, 0) == PSCI_SUCCESS;
	while (two_cpus && !cpu1_ready && !timer_passed(deadline))
		runtime_relax();
	two_cpus = two_cpus && cpu1_ready;

	for (unsigned i = 0; i < sizeof(bench_ops) / sizeof(bench_ops[0]); i++)
		bench_run(&bench_ops[i], two_cpus);

	if (two_cpus) {
		cpu1_stop = true;
		gic_send_sgi(SGI_IPI, 1u << 1); /* wake it to see the flag */
		smp_wait_state(1, PSCI_AFF_OFF, BENCH_TIMEOUT_MS);
	}
	if (bench_unexpected)
		console_printf("bench: %u unexpected interrupts\n", bench_unexpected);
	console_puts("bench: done\n");
}
