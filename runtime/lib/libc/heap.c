// SPDX-License-Identifier: BSD-2-Clause
/* The program heap: sbrk for picolibc's malloc, over a fixed area in .bss. */
#include <errno.h>
#include <stddef.h>
#include <unistd.h>

/*
 * 8 MiB in .bss stand in for the heap until moe's dataspaces back it. The
 * loader maps (and zeroes) all of .bss when it starts the program, so a
 * program that uses malloc pays for the 8 MiB up front; one that does not
 * pays nothing, as the linker's --gc-sections drops this file's sections.
 */
#define HEAP_SIZE ((size_t)8 << 20)

static char heap[HEAP_SIZE] __attribute__((aligned(16)));
static size_t heap_used;

/*
 * errno is thread-local: start.c sets up the main thread's TLS before main,
 * so before anything can call malloc and get here.
 */
void *sbrk(ptrdiff_t incr)
{
	size_t old = heap_used;

	if (incr >= 0 ? (size_t)incr > HEAP_SIZE - old : (size_t)0 - (size_t)incr > old) {
		errno = ENOMEM;
		return (void *)-1;
	}
	heap_used = old + (size_t)incr;
	return heap + old;
}
