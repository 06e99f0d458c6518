/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Threads in the program's own task (docs/runtime.md, "Threads"): each one a
 * kernel thread from L4_BASE_FACTORY_CAP with a UTCB page of the task's UTCB
 * area, a stack and TLS block from malloc, the main thread's pager and
 * exception handler, and an IPC gate bound to it for other threads to call.
 */
#pragma once

#include <stddef.h>

#include <l4/sys/ipc.h>
#include <l4re/env.h>

/* Threads besides the main one that fit the UTCB area (a page each; the main one has page 0). */
#define L4RE_THREAD_MAX		  ((1U << (L4RE_UTCB_ORDER - 12)) - 1)
#define L4RE_THREAD_STACK_DEFAULT (16UL << 10)
#define L4RE_THREAD_STACK_MIN	  (4UL << 10)

struct l4re_thread_attr {
	size_t stack_size; /* 0: L4RE_THREAD_STACK_DEFAULT */
	/* As l4_scheduler_run_thread on L4_BASE_SCHEDULER_CAP takes it; < 0: the caller's own. */
	int prio;
	unsigned slice_us; /* time slice; 0: the kernel's default */
};

/* The caller's; valid from l4re_thread_create until l4re_thread_join returns. */
struct l4re_thread {
	l4_cap_idx_t cap;  /* the kernel thread */
	l4_cap_idx_t gate; /* an IPC gate bound to it, label: this struct's address */
	l4_cap_idx_t irq;  /* triggered when fn has returned; join waits for it */
	void (*fn)(void *);
	void *arg;
	void *mem; /* stack and TLS block */
	void *tls;
	unsigned utcb_slot;
};

/*
 * Start fn(arg) in a new thread with a stack of stack_size bytes (0: the
 * default) at the caller's priority. Returns 0, or -L4_EINVAL (no fn, stack
 * below L4RE_THREAD_STACK_MIN), -L4_EBUSY (every UTCB slot taken: join one
 * first), -L4_ENOMEM (no memory, capability slots or factory quota), or what
 * the kernel said. On failure nothing stays allocated.
 */
int l4re_thread_create(struct l4re_thread *t, void (*fn)(void *), void *arg, size_t stack_size);
int l4re_thread_create_attr(struct l4re_thread *t, void (*fn)(void *), void *arg,
			    const struct l4re_thread_attr *attr);

/*
 * Block until fn has returned, then delete the thread and free its UTCB
 * slot, stack, TLS and capability slots. One joiner per thread; a thread
 * cannot join itself (-L4_EINVAL). Returns 0 or -L4_E*.
 */
int l4re_thread_join(struct l4re_thread *t);

/* The kernel thread: for closed waits on it, l4_thread_stats, ex_regs. */
static inline l4_cap_idx_t l4re_thread_cap(const struct l4re_thread *t)
{
	return t->cap;
}

/* The IPC gate bound to the thread: send or call it here (Tern sends through gates only). */
static inline l4_cap_idx_t l4re_thread_gate(const struct l4re_thread *t)
{
	return t->gate;
}

/* The calling thread's own capability (L4_BASE_THREAD_CAP in the main thread). */
l4_cap_idx_t l4re_thread_self(void);

/*
 * A free page of the UTCB area for another use than a thread's UTCB: a vCPU
 * state area (l4/sys/vcpu.h). It comes from the same slots as the threads'
 * UTCBs, so the two never collide, and counts against L4RE_THREAD_MAX.
 * Returns 0 with *addr set, or -L4_EBUSY when every page is taken. Free it
 * only when nothing uses it any more (a state area: its thread is gone).
 */
long l4re_utcb_page_alloc(l4_umword_t *addr);
/* Give a page from l4re_utcb_page_alloc back; other addresses are ignored. */
void l4re_utcb_page_free(l4_umword_t addr);

/* How often a C-library lock (malloc's, ...) was found taken and waited for; for tests. */
unsigned long l4re_libc_lock_contentions(void);
