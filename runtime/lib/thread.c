// SPDX-License-Identifier: BSD-2-Clause
/*
 * Threads in the program's own task (l4re/thread.h). A new thread starts at
 * thread_entry with only pc and sp set: the struct l4re_thread waits for it
 * at sp. It sets up its TLS, runs fn(arg), triggers its IRQ (the joiner
 * waits for that) and deletes itself; the joiner deletes whatever is left and
 * frees the memory.
 *
 * Stacks have guard pages under moe: each thread's stack (with its TLS block
 * on top) is a dataspace of its own, attached in a reserved area one page
 * larger whose lowest page stays empty (L4RE_RM_GUARD), so an overflow faults
 * there and moe reports it, where it would otherwise overwrite whatever lies
 * below. moe frees dataspaces only when the program ends, so a joined
 * thread's stack stays for the next thread in its UTCB slot: the memory a
 * program has in stacks is bounded by its busiest moment. A program the
 * kernel started alone has no region map; its stacks come from malloc,
 * without a guard.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/thread.h>

#define UTCB_PAGE  4096UL
#define UTCB_SLOTS (1U << (L4RE_UTCB_ORDER - 12))
_Static_assert(UTCB_SLOTS <= 32, "the UTCB bitmap is one word");

/* picolibc's TLS set-up (as in start.c) and the sizes tern-user.ld defines. */
void _init_tls(void *tls);
void _set_tls(void *tls);
extern char __tls_size[], __tls_align[];

void l4re_thread_run_(struct l4re_thread *t);

/* Each thread's own capability: the main thread's TLS keeps the template's value. */
static __thread l4_cap_idx_t self_cap = L4_BASE_THREAD_CAP;

/* Slot 0 is the main thread's: moe (and the kernel, for a root task) bind it to the first page. */
static unsigned utcb_used = 1;

#define STACK_AREA_HINT	 0x10000000000UL /* 1 TiB: above the heap's area */
#define STACK_FIRST_SLOT 4608UL		 /* the stacks' dataspaces, one per UTCB slot (env.h) */

/* The stack kept for UTCB slot i; only the thread holding that slot touches it. */
static struct {
	uintptr_t base; /* above the guard page; 0: none */
	size_t size;
} stacks[UTCB_SLOTS];

__asm__(".text\n"
	".type l4re_thread_entry_, %function\n"
	"l4re_thread_entry_:\n"
	"	ldr x0, [sp]\n"
	"	mov x29, xzr\n"
	"	mov x30, xzr\n"
	"	bl l4re_thread_run_\n"
	"	b .\n"
	".size l4re_thread_entry_, . - l4re_thread_entry_\n");
extern char l4re_thread_entry_[];

l4_cap_idx_t l4re_thread_self(void)
{
	return self_cap;
}

void l4re_thread_run_(struct l4re_thread *t)
{
	_set_tls(t->tls);
	self_cap = t->cap;
	/* Read now: once the IRQ is triggered, t and this stack may go at any moment. */
	l4_cap_idx_t me = t->cap, irq = t->irq;

	t->fn(t->arg);
	l4_irq_trigger(irq);
	/* Not reached when a joiner ran in between: it has deleted this thread already. */
	l4_task_delete_obj(L4_BASE_TASK_CAP, me);
	for (;;) /* only if the deletion failed: wait for the joiner to delete it */
		l4_ipc_receive(me, L4_IPC_NEVER);
}

static int utcb_claim(void)
{
	unsigned old = __atomic_load_n(&utcb_used, __ATOMIC_RELAXED);

	for (;;) {
		unsigned free_bits = ~old & ((1UL << UTCB_SLOTS) - 1);
		if (!free_bits)
			return -1;
		int slot = __builtin_ctz(free_bits);
		if (__atomic_compare_exchange_n(&utcb_used, &old, old | (1U << slot), false,
						__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return slot;
	}
}

long l4re_utcb_page_alloc(l4_umword_t *addr)
{
	int slot = utcb_claim();

	if (slot < 0)
		return -L4_EBUSY;
	*addr = L4RE_UTCB_AREA + (l4_umword_t)slot * UTCB_PAGE;
	return 0;
}

void l4re_utcb_page_free(l4_umword_t addr)
{
	l4_umword_t slot = (addr - L4RE_UTCB_AREA) / UTCB_PAGE;

	/* Slot 0 is the main thread's UTCB, never handed out. */
	if (addr < L4RE_UTCB_AREA || addr % UTCB_PAGE || slot == 0 || slot >= UTCB_SLOTS)
		return;
	__atomic_and_fetch(&utcb_used, ~(1U << slot), __ATOMIC_RELEASE);
}

/* The caller's priority as L4_BASE_SCHEDULER_CAP takes it (a scheduler may add a base). */
static long caller_prio(void)
{
	struct l4_thread_stats s = {0};
	unsigned base, limit;
	long r = l4_thread_stats(self_cap, &s);

	if (r < 0)
		return r;
	if (l4_scheduler_range(L4_BASE_SCHEDULER_CAP, &base, &limit) != 0)
		base = 0;
	return s.prio > base ? (long)(s.prio - base) : 0;
}

/* Under moe the main thread's exceptions go to the parent, which reports the crash. */
static l4_cap_idx_t exc_handler(void)
{
	static int under_parent = -1;

	if (under_parent < 0)
		under_parent = getenv("L4RE_PARENT") != NULL;
	return under_parent ? L4RE_PARENT_CAP : L4_INVALID_CAP;
}

/* Is there a region map and a memory allocator (moe's), or only a .bss heap? */
static bool guarded_stacks(void)
{
	static int under_moe = -1;
	unsigned rights;

	if (under_moe < 0)
		under_moe = l4_task_cap_info(L4_BASE_TASK_CAP, L4RE_MEM_ALLOC_CAP, &rights) ==
			    L4_OBJ_GATE;
	return under_moe;
}

static void stack_drop(unsigned slot)
{
	if (!stacks[slot].base)
		return;
	/* The dataspace stays charged to the program until it ends: moe frees no sooner. */
	(void)l4re_rm_detach(stacks[slot].base);
	(void)l4re_rm_free_area(stacks[slot].base - UTCB_PAGE);
	l4_task_release_cap(L4_BASE_TASK_CAP, (STACK_FIRST_SLOT + slot) << L4_CAP_SHIFT);
	stacks[slot].base = 0;
}

/* size bytes of stack for the thread in UTCB slot slot, above a guard page under moe. */
static long stack_get(unsigned slot, size_t size, void **mem)
{
	l4_cap_idx_t ds = (STACK_FIRST_SLOT + slot) << L4_CAP_SHIFT;
	uint64_t area = STACK_AREA_HINT, at;
	long r;

	if (!guarded_stacks()) {
		*mem = malloc(size);
		return *mem ? 0 : -L4_ENOMEM;
	}
	size = (size + UTCB_PAGE - 1) & ~(UTCB_PAGE - 1);
	if (stacks[slot].base && stacks[slot].size >= size) {
		*mem = (void *)stacks[slot].base;
		return 0;
	}
	stack_drop(slot);
	if ((r = l4re_ma_alloc(size, ds)) != 0)
		return r;
	r = l4re_rm_reserve_area(&area, size + UTCB_PAGE, L4RE_RM_SEARCH | L4RE_RM_GUARD);
	at = area + UTCB_PAGE;
	if (r == 0 &&
	    (r = l4re_rm_attach(&at, size, L4RE_RM_R | L4RE_RM_W | L4RE_RM_IN_AREA, ds, 0)) != 0)
		(void)l4re_rm_free_area(area);
	if (r != 0) {
		l4_task_release_cap(L4_BASE_TASK_CAP, ds);
		return r;
	}
	stacks[slot].base = at;
	stacks[slot].size = size;
	*mem = (void *)at;
	return 0;
}

/* Undo create (or finish join): the thread first, so that it stops before its memory goes. */
static void release(struct l4re_thread *t)
{
	l4_cap_idx_t caps[3] = {t->cap, t->gate, t->irq};

	for (unsigned i = 0; i < 3; i++) {
		if (caps[i] == L4_INVALID_CAP)
			continue;
		/* An empty slot (the thread deleted itself, or creation failed) is fine. */
		l4_task_delete_obj(L4_BASE_TASK_CAP, caps[i]);
		l4re_cap_free(caps[i]);
	}
	if (!guarded_stacks())
		free(t->mem); /* else kept for the slot's next thread */
	__atomic_and_fetch(&utcb_used, ~(1U << t->utcb_slot), __ATOMIC_RELEASE);
	t->cap = t->gate = t->irq = L4_INVALID_CAP;
	t->mem = t->tls = NULL;
}

/* malloc_lock.c: from now on the C library's locks are taken for real. */
extern bool __l4re_threads_started;

int l4re_thread_create_attr(struct l4re_thread *t, void (*fn)(void *), void *arg,
			    const struct l4re_thread_attr *attr)
{
	size_t stack = attr && attr->stack_size ? attr->stack_size : L4RE_THREAD_STACK_DEFAULT;
	long prio = attr && attr->prio >= 0 ? attr->prio : caller_prio();
	size_t align = (uintptr_t)__tls_align > 16 ? (uintptr_t)__tls_align : 16;
	size_t tls = ((uintptr_t)__tls_size + 15) & ~15UL;
	long r;

	t->cap = t->gate = t->irq = L4_INVALID_CAP;
	t->mem = t->tls = NULL;
	t->fn = fn;
	t->arg = arg;
	if (!fn || stack < L4RE_THREAD_STACK_MIN || prio > L4_SCHED_MAX_PRIO)
		return -L4_EINVAL;
	__atomic_store_n(&__l4re_threads_started, true, __ATOMIC_RELEASE);
	if (prio < 0)
		return (int)prio;
	if (stack > SIZE_MAX - align - tls)
		return -L4_ENOMEM;
	int slot = utcb_claim();
	if (slot < 0)
		return -L4_EBUSY;
	t->utcb_slot = (unsigned)slot;

	/* One block: the TLS at the top, the stack below it growing down to the guard page. */
	r = stack_get(t->utcb_slot, stack + align + tls, &t->mem);
	if (r != 0) {
		t->mem = NULL;
		goto fail;
	}
	r = -L4_ENOMEM;
	t->cap = l4re_cap_alloc();
	t->gate = l4re_cap_alloc();
	t->irq = l4re_cap_alloc();
	if (t->cap == L4_INVALID_CAP || t->gate == L4_INVALID_CAP || t->irq == L4_INVALID_CAP)
		goto fail;
	t->tls = (void *)(((uintptr_t)t->mem + stack + align) & ~(align - 1));
	_init_tls(t->tls);
	uintptr_t sp = ((uintptr_t)t->tls & ~15UL) - 16;
	*(struct l4re_thread **)sp = t;

	r = l4_factory_create_thread(L4_BASE_FACTORY_CAP, t->cap);
	if (r == 0)
		r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, t->irq);
	if (r == 0)
		r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, t->gate, t->cap, (l4_umword_t)t);
	if (r == 0)
		r = l4_thread_control(t->cap,
				      L4_THREAD_CTL_BIND | L4_THREAD_CTL_PAGER |
					      L4_THREAD_CTL_EXC_HANDLER,
				      L4_BASE_PAGER_CAP, exc_handler(), L4_BASE_TASK_CAP,
				      L4RE_UTCB_AREA + (uintptr_t)slot * UTCB_PAGE);
	if (r == 0)
		r = l4_thread_ex_regs(t->cap, (uintptr_t)l4re_thread_entry_, sp, 0);
	if (r == 0)
		r = l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, t->cap, (unsigned)prio, 0,
					    attr ? attr->slice_us : 0);
	if (r == 0)
		return 0;
fail:
	release(t);
	return (int)r;
}

int l4re_thread_create(struct l4re_thread *t, void (*fn)(void *), void *arg, size_t stack_size)
{
	struct l4re_thread_attr attr = {.stack_size = stack_size, .prio = -1};

	return l4re_thread_create_attr(t, fn, arg, &attr);
}

int l4re_thread_join(struct l4re_thread *t)
{
	if (t->cap == L4_INVALID_CAP || t->cap == self_cap)
		return -L4_EINVAL;
	/* A trigger that came before the attach is delivered at the attach. */
	long r = l4_irq_attach(t->irq, self_cap, 0);
	if (r < 0)
		return (int)r;
	for (;;) {
		long e = l4_ipc_error(l4_irq_receive(t->irq, L4_IPC_NEVER));
		if (!e)
			break;
		if (e != L4_IPC_RECANCELED) /* ex_regs cancelled the wait: wait on */
			return (int)(-1000 - e);
	}
	release(t);
	return 0;
}
