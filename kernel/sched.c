// SPDX-License-Identifier: BSD-2-Clause
/* Round-robin scheduling on one CPU, with the idle loop as the fallback. */
#include "arch/psci.h"
#include "arch/sysreg.h"
#include "arch/timer.h"
#include "console.h"
#include "sched.h"
#include "task.h"

void arch_context_switch(struct arch_context *from, struct arch_context *to);

static struct cpu boot_cpu;

struct cpu *this_cpu(void)
{
	return &boot_cpu;
}

void sched_init(void)
{
	boot_cpu.rq.rq_next = boot_cpu.rq.rq_prev = &boot_cpu.rq;
	boot_cpu.current = NULL;
}

void sched_enqueue(struct thread *t)
{
	struct cpu *cpu = this_cpu();

	t->state = THREAD_READY;
	t->rq_prev = cpu->rq.rq_prev;
	t->rq_next = &cpu->rq;
	cpu->rq.rq_prev->rq_next = t;
	cpu->rq.rq_prev = t;
}

static struct thread *rq_pop(struct cpu *cpu)
{
	struct thread *t = cpu->rq.rq_next;
	if (t == &cpu->rq)
		return NULL;
	cpu->rq.rq_next = t->rq_next;
	t->rq_next->rq_prev = &cpu->rq;
	return t;
}

static void switch_to(struct cpu *cpu, struct thread *next)
{
	struct thread *prev = cpu->current ? cpu->current : &cpu->idle;

	cpu->need_resched = false;
	if (next == prev)
		return;
	if (next != &cpu->idle) {
		next->state = THREAD_RUNNING;
		vspace_activate(&next->task->vs);
		cpu->current = next;
	} else {
		vspace_deactivate();
		cpu->current = NULL;
	}
	arch_context_switch(&prev->ctx, &next->ctx);
}

void sched_yield(void)
{
	struct cpu *cpu = this_cpu();
	struct thread *next = rq_pop(cpu);

	if (!next)
		return; /* nothing else is ready: keep running */
	if (cpu->current)
		sched_enqueue(cpu->current);
	switch_to(cpu, next);
}

void sched_tick(void)
{
	struct cpu *cpu = this_cpu();

	if (cpu->current && cpu->rq.rq_next != &cpu->rq)
		cpu->need_resched = true;
}

void sched_preempt_point(void)
{
	if (this_cpu()->need_resched)
		sched_yield();
}

void sched_exit_current(void)
{
	struct cpu *cpu = this_cpu();
	struct thread *next = rq_pop(cpu);

	switch_to(cpu, next ? next : &cpu->idle);
	for (;;) /* a dead thread is never switched back to */
		__asm__ volatile("wfi");
}

static void sched_reap(struct cpu *cpu)
{
	while (cpu->nzombies)
		thread_free(cpu->zombies[--cpu->nzombies]);
}

void sched_run_idle(void)
{
	struct cpu *cpu = this_cpu();

	for (;;) {
		sched_reap(cpu);
		struct thread *next = rq_pop(cpu);
		if (next) {
			switch_to(cpu, next);
			continue;
		}
		if (cpu->user_threads == 0) {
			kprintf("[kernel] no user threads left after %lu timer ticks; powering "
				"off\n",
				timer_ticks());
			psci_system_off();
		}
		/* Wait for an interrupt with IRQs open only here. */
		__asm__ volatile("msr daifclr, #2; wfi; msr daifset, #2" ::: "memory");
		sched_preempt_point();
	}
}
