// SPDX-License-Identifier: BSD-2-Clause
/* Threads: creation with a kernel stack and a UTCB, the first user frame, death. */
#include <string.h>

#include "arch/memlayout.h"
#include "arch/sysreg.h"
#include "page_alloc.h"
#include "panic.h"
#include "sched.h"
#include "task.h"

_Static_assert(sizeof(struct thread) <= PAGE_SIZE, "a thread fits in one page");

extern char arch_thread_start[];
static u32 thread_next_id = 1;

struct thread *thread_create(struct task *task, uaddr_t utcb_uva, paddr_t utcb_pa)
{
	paddr_t pa = page_alloc_get(&kernel_pages, 0);
	if (pa == PADDR_INVALID)
		return NULL;
	paddr_t stack = page_alloc_get(&kernel_pages, THREAD_KSTACK_ORDER);
	if (stack == PADDR_INVALID) {
		page_alloc_put(&kernel_pages, pa, 0);
		return NULL;
	}

	struct thread *t = pa_to_kva(pa);
	memset(t, 0, sizeof(*t));
	t->obj.type = KOBJ_THREAD;
	t->obj.refs = 1;
	t->id = thread_next_id++;
	t->task = task;
	task->obj.refs++;
	task->nthreads++;
	t->kstack = pa_to_kva(stack);
	t->uframe = (struct trap_frame *)(t->kstack + (PAGE_SIZE << THREAD_KSTACK_ORDER)) - 1;
	memset(t->uframe, 0, sizeof(*t->uframe));
	t->utcb_uva = utcb_uva;
	t->utcb = pa_to_kva(utcb_pa);
	t->state = THREAD_READY;
	this_cpu()->user_threads++;

	/* The first switch to t "returns" into arch_thread_start with sp at its frame. */
	t->ctx.lr = (u64)arch_thread_start;
	t->ctx.sp = (u64)t->uframe;
	t->ctx.tpidrro_el0 = utcb_uva;
	return t;
}

void thread_set_user_entry(struct thread *t, u64 pc, u64 sp, u64 x0, u64 x1)
{
	t->uframe->elr = pc;
	t->uframe->sp_el0 = sp;
	t->uframe->spsr = SPSR_MODE_EL0T; /* all interrupts unmasked at EL0 */
	t->uframe->x[0] = x0;
	t->uframe->x[1] = x1;
}

void thread_free(struct thread *t)
{
	struct task *task = t->task;

	task->nthreads--;
	task_put(task); /* first: the task's capabilities may still name t */
	page_alloc_put(&kernel_pages, kva_to_pa(t->kstack), THREAD_KSTACK_ORDER);
	page_alloc_put(&kernel_pages, kva_to_pa(t), 0);
}

void thread_kill(struct thread *t)
{
	struct cpu *cpu = this_cpu();

	if (t->state == THREAD_DEAD)
		return;
	if (t->state == THREAD_READY) {
		t->rq_prev->rq_next = t->rq_next;
		t->rq_next->rq_prev = t->rq_prev;
	}
	bool running = t == cpu->current;
	t->state = THREAD_DEAD;
	cpu->user_threads--;
	CHECK(cpu->nzombies < ARRAY_SIZE(cpu->zombies));
	cpu->zombies[cpu->nzombies++] = t;
	if (running)
		sched_exit_current();
}
