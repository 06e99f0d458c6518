// SPDX-License-Identifier: BSD-2-Clause
/*
 * Micro-benchmarks of the kernel: null system call, IPC round trip between
 * two tasks, page fault to a user pager, IRQ trigger to receive. Each is
 * counted in instructions retired at EL0 and at EL2 (PMU event 0x08 with
 * the exception-level filters) and in counter time; under QEMU -icount
 * shift=0 the counter advances one nanosecond per instruction.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcpu.h>

#include "pmu_bench.h"

#define PAGE	    4096UL
#define ROOT_UTCB   0x700000000000UL
#define CHILD_UTCB  0x700000000000UL
#define CHILD_STACK 0x10000000UL
#define FAULT_AREA  0x20000000UL
#define ROUNDS	    2000
#define FAULT_PAGES 256

static l4_cap_idx_t next_slot = L4_FIRST_FREE_CAP;

static l4_cap_idx_t slot(void)
{
	l4_cap_idx_t s = next_slot;
	next_slot += 1UL << L4_CAP_SHIFT;
	return s;
}

static void die(const char *what, long err)
{
	printf("bench: %s failed: %ld\n", what, err);
	exit(1);
}

static void check(long r, const char *what)
{
	if (r < 0)
		die(what, r);
}

/* ---- threads and a child task ---------------------------------------------- */

static unsigned char child_stack_page[PAGE] __attribute__((aligned(PAGE)));
static unsigned char thread_stacks[4][8192] __attribute__((aligned(16)));
static unsigned root_threads = 1;

static l4_cap_idx_t start_thread(l4_cap_idx_t task, l4_umword_t utcb, void (*fn)(void),
				 l4_umword_t sp, unsigned prio, l4_cap_idx_t pager)
{
	l4_cap_idx_t t = slot();
	check(l4_factory_create_thread(L4_BASE_FACTORY_CAP, t), "create thread");
	check(l4_thread_control(t, L4_THREAD_CTL_BIND | L4_THREAD_CTL_PAGER, pager, L4_INVALID_CAP,
				task, utcb),
	      "bind thread");
	check(l4_thread_ex_regs(t, (l4_umword_t)fn, sp, 0), "ex_regs");
	check(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t, prio, 0, 0), "run thread");
	return t;
}

static l4_cap_idx_t root_thread(void (*fn)(void), unsigned prio)
{
	unsigned i = root_threads++;
	return start_thread(L4_BASE_TASK_CAP, ROOT_UTCB + i * PAGE, fn,
			    (l4_umword_t)thread_stacks[i] + sizeof(thread_stacks[i]), prio,
			    L4_INVALID_CAP);
}

/* A task sharing the root's program image (read-only) with one stack page. */
static l4_cap_idx_t child_task(void)
{
	l4_cap_idx_t t = slot();
	check(l4_factory_create_task(L4_BASE_FACTORY_CAP, t,
				     L4_MEM_FPAGE(CHILD_UTCB, 14, L4_FPAGE_RW)),
	      "create task");
	check(l4_task_map(t, L4_BASE_TASK_CAP, L4_MEM_FPAGE(0x400000, 22, L4_FPAGE_RX), 0x400000),
	      "map image");
	check(l4_task_map(t, L4_BASE_TASK_CAP,
			  L4_MEM_FPAGE((l4_umword_t)child_stack_page, 12, L4_FPAGE_RW),
			  CHILD_STACK),
	      "map stack");
	return t;
}

/* ---- the benchmarks ------------------------------------------------------------ */

static void bench_null(void)
{
	struct sample a = sample_now();
	for (unsigned i = 0; i < ROUNDS; i++)
		l4_ipc(L4_INVALID_CAP, L4_SYSF_CALL, 0, 0, 0);
	struct sample b = sample_now();
	report("null system call", a, b, ROUNDS, 1);
}

static void echo_server(void)
{
	l4_umword_t label;
	l4_ipc_wait(&label, L4_IPC_NEVER);
	for (;;)
		l4_ipc_reply_and_wait(L4_MSGTAG(0, 0, 0, 0), &label, L4_IPC_NEVER);
}

static void bench_ipc(void)
{
	l4_cap_idx_t child = child_task();
	l4_cap_idx_t server = start_thread(child, CHILD_UTCB, echo_server, CHILD_STACK + PAGE, 100,
					   L4_INVALID_CAP);
	l4_cap_idx_t gate = slot();
	check(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, server, 0x10), "create gate");
	/* Warm up: the server reaches its wait, the paths are in the caches. */
	for (unsigned i = 0; i < 10; i++)
		check(l4_result(l4_ipc_call(gate, 0, L4_IPC_NEVER)), "warm-up call");

	struct sample a = sample_now();
	for (unsigned i = 0; i < ROUNDS; i++)
		l4_ipc_call(gate, 0, L4_IPC_NEVER);
	struct sample b = sample_now();
	report("IPC call+reply (round trip)", a, b, ROUNDS, 1);
	report("IPC one way", a, b, ROUNDS, 2);
	l4_task_delete_obj(L4_BASE_TASK_CAP, child);
}

static volatile unsigned faults_served;

static void pager(void)
{
	static unsigned char page[PAGE] __attribute__((aligned(PAGE)));
	struct l4_utcb *u = l4_utcb();
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(&label, L4_IPC_NEVER);
	for (;;) {
		l4_umword_t addr = L4_PF_ADDR(u->mr[0]);
		faults_served++;
		u->mr[0] = L4_ITEM_MAP | (addr & ~(PAGE - 1));
		u->mr[1] = L4_MEM_FPAGE((l4_umword_t)page, 12, L4_FPAGE_RW);
		t = l4_ipc_reply_and_wait(L4_MSGTAG(0, 0, 1, 0), &label, L4_IPC_NEVER);
		(void)t;
	}
}

static void toucher(void)
{
	for (;;) {
		for (unsigned i = 0; i < FAULT_PAGES; i++)
			(void)*(volatile unsigned char *)(FAULT_AREA + i * PAGE);
		l4_ipc_wait(NULL, L4_IPC_NEVER); /* sleep: nothing is bound to this thread */
	}
}

static void bench_fault(void)
{
	l4_cap_idx_t pgate = slot();
	l4_cap_idx_t pthread = root_thread(pager, 120);
	check(l4_factory_create_gate(L4_BASE_FACTORY_CAP, pgate, pthread, 0x20), "pager gate");
	l4_cap_idx_t child = child_task();
	/* The child's pager capability goes into its own space at slot 8. */
	check(l4_task_map(child, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(pgate, 0, L4_CAP_FPAGE_RW),
			  L4_FIRST_FREE_CAP),
	      "map pager gate");
	struct sample a = sample_now();
	start_thread(child, CHILD_UTCB, toucher, CHILD_STACK + PAGE, 110, L4_FIRST_FREE_CAP);
	struct sample b = sample_now();
	if (faults_served != FAULT_PAGES)
		die("page faults served", (long)faults_served);
	report("page fault round trip", a, b, FAULT_PAGES, 1);
	l4_task_delete_obj(L4_BASE_TASK_CAP, child);
}

static l4_cap_idx_t irq;

static void irq_receiver(void)
{
	l4_umword_t label;
	for (;;)
		l4_ipc_wait(&label, L4_IPC_NEVER); /* IRQs attached to this thread arrive here */
}

static void bench_irq(void)
{
	irq = slot();
	check(l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq), "create irq");
	l4_cap_idx_t t = root_thread(irq_receiver, 120);
	check(l4_irq_attach(irq, t, 0x30), "attach irq");
	struct sample a = sample_now();
	for (unsigned i = 0; i < ROUNDS; i++)
		l4_irq_trigger(irq);
	struct sample b = sample_now();
	report("IRQ trigger to receive", a, b, ROUNDS, 1);
}

/* ---- a VM exit the VMM answers: the kernel's part --------------------------- */

/* A guest that calls the VMM for ever. */
__asm__(".pushsection .text\n.balign 4096\n.global bench_guest\nbench_guest:\n"
	"1:	hvc #0\n	b 1b\n.balign 4096\n.popsection\n");
extern const char bench_guest[];

/* The main thread becomes a vCPU (last: it stays one). */
static void bench_vm_hvc(void)
{
	l4_cap_idx_t vm = slot();
	struct l4_vcpu_state *s = (struct l4_vcpu_state *)(ROOT_UTCB + 63 * PAGE);

	check(l4_factory_create_vm(L4_BASE_FACTORY_CAP, vm), "create Vm");
	check(l4_task_map(vm, L4_BASE_TASK_CAP,
			  L4_MEM_FPAGE((uintptr_t)bench_guest, 12, L4_FPAGE_RX), 0x40000000UL),
	      "map guest");
	check(l4_thread_vcpu_control(L4_BASE_THREAD_CAP, (uintptr_t)s), "vcpu control");
	s->regs.pc = 0x40000000UL;
	s->resume_flags = L4_VCPU_RESUME_LOAD_SYSREGS;
	for (unsigned i = 0; i < 100; i++)
		check(l4_thread_vcpu_resume(L4_BASE_THREAD_CAP, vm), "resume");
	struct sample a = sample_now();
	for (unsigned i = 0; i < ROUNDS; i++)
		l4_thread_vcpu_resume(L4_BASE_THREAD_CAP, vm);
	struct sample b = sample_now();
	if (s->exit.reason != L4_VCPU_EXIT_HVC)
		die("guest exit", (long)s->exit.reason);
	report("VM exit hvc to EL0 and back", a, b, ROUNDS, 1);
}

int main(void)
{
	pmu_init();
	printf("bench: %-28s %10s %10s %10s %12s\n", "operation", "EL0 insns", "EL2 insns", "total",
	       "counter ns");
	bench_null();
	bench_ipc();
	bench_fault();
	bench_irq();
	bench_vm_hvc();
	printf("bench: done\n");
	return 0;
}
