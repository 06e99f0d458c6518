// SPDX-License-Identifier: BSD-2-Clause
/*
 * Size-class allocator for small kernel objects. Each class keeps a free list
 * threaded through free objects; pages are taken from the buddy allocator as
 * needed and kept (kernel objects come and go in similar numbers).
 */
#include <string.h>

#include "arch/memlayout.h"
#include "page_alloc.h"
#include "panic.h"
#include "slab.h"

#define SLAB_CLASSES 7 /* 32 .. 2048 */

struct free_obj {
	struct free_obj *next;
};

static struct free_obj *slab_free_lists[SLAB_CLASSES];

void *slab_alloc_class(unsigned c)
{
	CHECK(c < SLAB_CLASSES);
	size_t objsize = (size_t)SLAB_MIN_SIZE << c;

	if (!slab_free_lists[c]) {
		paddr_t pa = page_alloc_get(&kernel_pages, 0);
		if (pa == PADDR_INVALID)
			return NULL;
		u8 *page = pa_to_kva(pa);
		for (size_t off = 0; off + objsize <= PAGE_SIZE; off += objsize) {
			struct free_obj *o = (struct free_obj *)(page + off);
			o->next = slab_free_lists[c];
			slab_free_lists[c] = o;
		}
	}
	struct free_obj *o = slab_free_lists[c];
	slab_free_lists[c] = o->next;
	/* Word stores in line: objects are small, and a mapping makes one per page. */
	for (u64 *w = (u64 *)o, *end = w + objsize / sizeof(u64); w < end; w++)
		*w = 0;
	return o;
}

void slab_free_class(void *p, unsigned c)
{
	struct free_obj *o = p;

	o->next = slab_free_lists[c];
	slab_free_lists[c] = o;
}
