// SPDX-License-Identifier: BSD-2-Clause
/*
 * The program heap: sbrk for picolibc's malloc.
 *
 * A program moe started grows its heap with dataspaces from its memory
 * allocator, attached one after the other inside an address range it
 * reserved in its region map, so the heap stays contiguous. Moe charges a
 * dataspace in full when it makes it, so at the quota the allocation fails,
 * sbrk says ENOMEM and malloc returns NULL: the program decides what then.
 *
 * Programs without an allocator (moe and sigma0 themselves, programs started
 * alone with tern.root) use 8 MiB of .bss instead, paged in on first touch.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

#include <l4/sys/task.h>
#include <l4re/client.h>

#define STATIC_HEAP_SIZE ((size_t)8 << 20)
#define HEAP_AREA_HINT	 0x100000000UL	    /* 4 GiB: above any program image */
#define HEAP_AREA_SIZE	 ((size_t)64 << 30) /* address space only; memory is the quota's */
#define HEAP_CHUNK_MIN	 ((size_t)256 << 10)
#define HEAP_CHUNK_ALIGN ((size_t)64 << 10)
/* Capability slots of the heap's dataspaces (docs/runtime.md lists the ranges). */
#define HEAP_FIRST_SLOT 4096UL
#define HEAP_SLOTS	512UL

/*
 * In a segment of its own (tern-user.ld), so moe need not reserve RAM for
 * it; the section is NOBITS like .bss (the "//" ends the line for the
 * assembler, after the flags GCC would add).
 */
static char static_heap[STATIC_HEAP_SIZE]
	__attribute__((aligned(16), section(".tern_static_heap,\"aw\",@nobits//")));

static struct {
	int mode;	 /* 0: not chosen yet, 1: .bss, 2: dataspaces */
	char *base;	 /* start of the heap */
	size_t used;	 /* the break, from base */
	size_t backed;	 /* bytes backed by memory from base on */
	size_t limit;	 /* bytes the heap may reach */
	unsigned chunks; /* dataspaces attached */
} heap;

static void choose(void)
{
	unsigned rights;
	uint64_t area = HEAP_AREA_HINT;

	heap.mode = 1;
	heap.base = static_heap;
	heap.backed = heap.limit = STATIC_HEAP_SIZE;
	if (l4_task_cap_info(L4_BASE_TASK_CAP, L4RE_MEM_ALLOC_CAP, &rights) != L4_OBJ_GATE ||
	    l4re_rm_reserve_area(&area, HEAP_AREA_SIZE, L4RE_RM_SEARCH) != 0)
		return;
	heap.mode = 2;
	heap.base = (char *)area;
	heap.backed = 0;
	heap.limit = HEAP_AREA_SIZE;
}

/* Back at least need more bytes after the backed part; false when moe says no. */
static bool grow(size_t need)
{
	size_t page = 4096, exact = (need + page - 1) & ~(page - 1);
	/* A quarter more each time keeps the number of dataspaces small. */
	size_t chunk = heap.backed / 4 > HEAP_CHUNK_MIN ? heap.backed / 4 : HEAP_CHUNK_MIN;

	/* Whole 64 KiB blocks keep the heap's end aligned, so moe can map 64 KiB at a fault. */
	chunk = (chunk + HEAP_CHUNK_ALIGN - 1) & ~(HEAP_CHUNK_ALIGN - 1);
	if (chunk < exact)
		chunk = (exact + HEAP_CHUNK_ALIGN - 1) & ~(HEAP_CHUNK_ALIGN - 1);
	if (heap.chunks == HEAP_SLOTS)
		return false;
	l4_cap_idx_t slot = (HEAP_FIRST_SLOT + heap.chunks) << L4_CAP_SHIFT;
	if (chunk > heap.limit - heap.backed || l4re_ma_alloc(chunk, slot) != 0) {
		/* Near the quota: just what is needed may still fit. */
		chunk = exact;
		if (chunk > heap.limit - heap.backed || l4re_ma_alloc(chunk, slot) != 0)
			return false;
	}
	uint64_t at = (uint64_t)(heap.base + heap.backed);
	if (l4re_rm_attach(&at, chunk, L4RE_RM_R | L4RE_RM_W | L4RE_RM_IN_AREA, slot, 0) != 0) {
		/* Our area is gone (freed by the program?): stop growing rather than spend quota.
		 */
		l4_task_release_cap(L4_BASE_TASK_CAP, slot); /* moe frees it when we end */
		heap.limit = heap.backed;
		return false;
	}
	heap.chunks++;
	heap.backed += chunk;
	return true;
}

void *sbrk(ptrdiff_t incr)
{
	if (!heap.mode)
		choose();
	size_t old = heap.used;
	if (incr < 0) {
		if ((size_t)0 - (size_t)incr > old)
			goto nomem;
		heap.used = old - ((size_t)0 - (size_t)incr);
		return heap.base + old;
	}
	if ((size_t)incr > heap.limit - old)
		goto nomem;
	if (old + (size_t)incr > heap.backed && !grow(old + (size_t)incr - heap.backed))
		goto nomem;
	heap.used = old + (size_t)incr;
	return heap.base + old;
nomem:
	/* errno is thread-local: start.c has set up TLS before main, so before any malloc. */
	errno = ENOMEM;
	return (void *)-1;
}
