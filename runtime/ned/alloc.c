// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned's Lua allocator. Small blocks (most of what Lua allocates: strings,
 * tables, closures, call frames) come from free lists per size, carved from
 * 64 KiB chunks, so that freeing one costs the same however many there are:
 * picolibc's malloc walks its address-sorted free list on every free, and a
 * garbage collection of a few 100,000 objects (or the call frames after a
 * deep recursion) took minutes. Larger blocks are malloc's. Chunks are never
 * given back; their freed blocks serve later blocks of the same size.
 */
#include <stdlib.h>
#include <string.h>

#include "ned.h"

#define GRAIN	  16
#define SMALL_MAX 256
#define CHUNK	  (64U << 10)
#define CLASSES	  (SMALL_MAX / GRAIN)

struct free_block {
	struct free_block *next;
};

static struct free_block *free_list[CLASSES];
static char *chunk_at, *chunk_end;

/* Class c holds blocks of (c + 1) * GRAIN bytes; n is 1..SMALL_MAX. */
static unsigned size_class(size_t n)
{
	return (unsigned)((n + GRAIN - 1) / GRAIN) - 1;
}

static void small_free(void *p, size_t n)
{
	struct free_block *b = p;
	unsigned c = size_class(n);

	b->next = free_list[c];
	free_list[c] = b;
}

static void *small_alloc(size_t n)
{
	unsigned c = size_class(n);
	size_t size = (size_t)(c + 1) * GRAIN;
	struct free_block *b = free_list[c];

	if (b) {
		free_list[c] = b->next;
		return b;
	}
	if ((size_t)(chunk_end - chunk_at) < size) {
		char *chunk = malloc(CHUNK);
		if (!chunk)
			return NULL;
		/* The old chunk's tail (a multiple of GRAIN) serves its own size class. */
		if (chunk_end > chunk_at)
			small_free(chunk_at, (size_t)(chunk_end - chunk_at));
		chunk_at = chunk;
		chunk_end = chunk + CHUNK;
	}
	chunk_at += size;
	return chunk_at - size;
}

/* lua_Alloc: osize is the block's size whenever p is not NULL. */
void *ned_alloc(void *ud, void *p, size_t osize, size_t nsize)
{
	(void)ud;
	if (nsize == 0) {
		if (p && osize <= SMALL_MAX)
			small_free(p, osize);
		else
			free(p);
		return NULL;
	}
	if (!p)
		return nsize <= SMALL_MAX ? small_alloc(nsize) : malloc(nsize);
	if (osize > SMALL_MAX && nsize > SMALL_MAX)
		return realloc(p, nsize);
	if (osize <= SMALL_MAX && nsize <= SMALL_MAX && size_class(osize) == size_class(nsize))
		return p;
	void *q = nsize <= SMALL_MAX ? small_alloc(nsize) : malloc(nsize);
	if (!q)
		/* Shrinking may keep the block: it is large enough and later freed by its new size.
		 */
		return nsize < osize ? p : NULL;
	memcpy(q, p, nsize < osize ? nsize : osize);
	ned_alloc(ud, p, osize, 0);
	return q;
}
