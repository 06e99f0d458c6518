// SPDX-License-Identifier: BSD-2-Clause
/* Tasks: creation, the capability table, termination. */
#include <string.h>

#include "arch/memlayout.h"
#include "console.h"
#include "format.h"
#include "page_alloc.h"
#include "panic.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "tern/syscall.h"

_Static_assert(sizeof(struct task) <= PAGE_SIZE, "a task fits in one page");

static u32 task_next_id = 1;

struct task *task_create(const char *name)
{
	paddr_t pa = page_alloc_get(&kernel_pages, 0);
	if (pa == PADDR_INVALID)
		return NULL;
	struct task *t = pa_to_kva(pa);
	memset(t, 0, sizeof(*t));
	t->obj.type = KOBJ_TASK;
	t->obj.refs = 1;
	t->id = task_next_id++;
	size_t n = strnlen(name, sizeof(t->name) - 1);
	memcpy(t->name, name, n);
	t->name[n] = '\0';
	if (vspace_init(&t->vs) != 0) {
		page_alloc_put(&kernel_pages, pa, 0);
		return NULL;
	}
	return t;
}

int task_cap_set(struct task *t, unsigned slot, struct kobject *obj, u8 rights)
{
	if (slot >= TASK_CAPS || t->caps[slot].obj)
		return -L4_EINVAL;
	t->caps[slot].obj = obj;
	t->caps[slot].rights = rights;
	if (obj != &t->obj) /* a task's capability to itself does not keep it alive */
		obj->refs++;
	return 0;
}

struct cap *task_cap_lookup(struct task *t, u64 selector)
{
	u64 slot = selector >> L4_CAP_SHIFT;

	if (slot >= TASK_CAPS || !t->caps[slot].obj)
		return NULL;
	return &t->caps[slot];
}

void task_put(struct task *t)
{
	CHECK(t->obj.refs > 0);
	if (--t->obj.refs)
		return;
	for (unsigned i = 0; i < TASK_CAPS; i++) {
		struct kobject *o = t->caps[i].obj;
		/* A task's capability to itself does not keep it alive. */
		if (o && o != &t->obj)
			o->refs--;
	}
	vspace_destroy(&t->vs);
	page_alloc_put(&kernel_pages, kva_to_pa(t), 0);
}

void task_terminate(struct task *t, const char *why)
{
	struct cpu *cpu = this_cpu();

	kprintf("[kernel] task %u (%s) %s\n", t->id, t->name, why);
	/* Kill the other threads first: killing the current one does not return. */
	for (struct thread *th = cpu->rq.rq_next; th != &cpu->rq;) {
		struct thread *next = th->rq_next;
		if (th->task == t)
			thread_kill(th);
		th = next;
	}
	if (cpu->current && cpu->current->task == t)
		thread_kill(cpu->current);
}

u64 task_invoke(struct kobject *obj, u8 rights, struct thread *caller, u64 tag)
{
	struct task *t = (struct task *)obj;
	struct l4_utcb *u = thread_utcb(caller);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_TASK)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (L4_MSGTAG_WORDS(tag) < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case L4_TASK_EXIT_OP: {
		if (!(rights & CAP_D))
			return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
		char why[40];
		long code = L4_MSGTAG_WORDS(tag) >= 2 ? (long)u->mr[1] : 0;
		format_snprintf(why, sizeof(why), "exited with code %ld", code);
		task_terminate(t, why);
		/* Only reached when the caller belongs to another task. */
		return L4_MSGTAG(L4_EOK, 0, 0, 0);
	}
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
