// SPDX-License-Identifier: BSD-2-Clause
/*
 * picolibc's locks, for programs with several threads (l4re/thread.h).
 * picolibc is built with _RETARGETABLE_LOCKING: malloc, free and realloc (and
 * getenv, atexit, the time-zone code) take __lock___libc_recursive_mutex,
 * buffered stdio files take a lock of their own, all through the
 * __retarget_lock_* functions, whose library versions do nothing. These
 * replace every one of them (a single library definition left would clash).
 *
 * A lock is its owner's UTCB address (one per thread) in one word, taken
 * with a compare-and-swap, and a depth for recursion. Uncontended, that is
 * all: single-threaded programs (moe, sigma0) make no system call here. A
 * thread that finds the lock taken sleeps a little and tries again: the
 * holder may have any priority, lower ones too, and a sleep (not a yield)
 * lets it run and let go.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/lock.h>

#include <l4/sys/ipc.h>
#include <l4re/thread.h>

#define SLEEP_US 100

struct __lock {
	uintptr_t owner; /* UTCB address of the thread holding it; 0: free */
	unsigned long depth;
};

struct __lock __lock___libc_recursive_mutex;
static unsigned long contentions;

/*
 * Set by l4re_thread_create before the second thread exists: until then there
 * is nobody to exclude, and stdio takes a lock per character. A lock skipped
 * before and released after is not ours, so give_back leaves it alone.
 */
bool __l4re_threads_started;

static bool single_threaded(void)
{
	return !__atomic_load_n(&__l4re_threads_started, __ATOMIC_ACQUIRE);
}

unsigned long l4re_libc_lock_contentions(void)
{
	return __atomic_load_n(&contentions, __ATOMIC_RELAXED);
}

/* A lock picolibc never initialised (or could not allocate) falls back to the global one. */
static struct __lock *lock_of(_LOCK_T l)
{
	return l ? l : &__lock___libc_recursive_mutex;
}

static bool try_take(struct __lock *l, uintptr_t me)
{
	uintptr_t free_owner = 0;

	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me) {
		l->depth++; /* only this thread can have set owner to itself */
		return true;
	}
	if (!__atomic_compare_exchange_n(&l->owner, &free_owner, me, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED))
		return false;
	l->depth = 1;
	return true;
}

static void pause_a_little(void)
{
	uint64_t tls;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(tls));
	if (!tls) {
		/* No TLS (a thread made by hand): WFE traps and yields, to equals only. */
		__asm__ volatile("wfe");
		return;
	}
	/* A closed wait on oneself: no message can come, only the timeout. */
	l4_ipc_receive(l4re_thread_self(), L4_TIMEOUTS(0, SLEEP_US));
}

static void take(_LOCK_T lock)
{
	struct __lock *l = lock_of(lock);
	uintptr_t me = (uintptr_t)l4_utcb();

	if (single_threaded() || try_take(l, me))
		return;
	__atomic_add_fetch(&contentions, 1, __ATOMIC_RELAXED);
	do
		pause_a_little();
	while (!try_take(l, me));
}

static void give_back(_LOCK_T lock)
{
	struct __lock *l = lock_of(lock);

	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != (uintptr_t)l4_utcb())
		return; /* not ours: a release without acquire changes nothing */
	if (--l->depth == 0)
		__atomic_store_n(&l->owner, 0, __ATOMIC_RELEASE);
}

void __retarget_lock_init(_LOCK_T *lock)
{
	*lock = calloc(1, sizeof(struct __lock));
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
	__retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
	if (lock != &__lock___libc_recursive_mutex)
		free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
	__retarget_lock_close(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
	take(lock);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
	take(lock);
}

/* 1: taken (as picolibc's own versions answer). */
int __retarget_lock_try_acquire(_LOCK_T lock)
{
	if (single_threaded())
		return 1;
	return try_take(lock_of(lock), (uintptr_t)l4_utcb());
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
	return __retarget_lock_try_acquire(lock);
}

void __retarget_lock_release(_LOCK_T lock)
{
	give_back(lock);
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
	give_back(lock);
}
