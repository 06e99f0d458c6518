// SPDX-License-Identifier: BSD-2-Clause
/*
 * Buddy allocator of physical pages. Free blocks are kept in per-order lists
 * threaded through the free pages themselves; a metadata byte per page says
 * whether a free block of which order starts there, so the buddy of a block
 * being freed can be found and merged without touching allocated memory.
 */
#include "page_alloc.h"
#include "panic.h"

#define META_FREE	0x80
#define META_ORDER_MASK 0x0f

struct page_alloc kernel_pages;

static u64 page_index(const struct page_alloc *a, paddr_t pa)
{
	return (pa - a->span_start) >> PAGE_SHIFT;
}

static struct page_block *block_of(const struct page_alloc *a, paddr_t pa)
{
	return (struct page_block *)(pa + a->kva_offset);
}

static paddr_t pa_of(const struct page_alloc *a, const struct page_block *b)
{
	return (u64)b - a->kva_offset;
}

static void list_push(struct page_block *head, struct page_block *b)
{
	b->next = head->next;
	b->prev = head;
	head->next->prev = b;
	head->next = b;
}

static void list_remove(struct page_block *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

size_t page_alloc_meta_size(paddr_t span_start, paddr_t span_end)
{
	return (span_end - span_start) >> PAGE_SHIFT;
}

void page_alloc_init(struct page_alloc *a, paddr_t span_start, paddr_t span_end, u64 kva_offset,
		     u8 *meta)
{
	CHECK(IS_ALIGNED(span_start, PAGE_SIZE) && IS_ALIGNED(span_end, PAGE_SIZE));
	CHECK(span_start < span_end);
	a->span_start = span_start;
	a->span_end = span_end;
	a->kva_offset = kva_offset;
	a->meta = meta;
	a->free_pages = 0;
	for (u64 i = 0; i < page_alloc_meta_size(span_start, span_end); i++)
		meta[i] = 0;
	for (unsigned o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++)
		a->free[o].next = a->free[o].prev = &a->free[o];
}

static void free_block(struct page_alloc *a, paddr_t pa, unsigned order)
{
	/* Merge with the buddy while it is free and of the same order. */
	while (order < PAGE_ALLOC_MAX_ORDER) {
		u64 size = PAGE_SIZE << order;
		paddr_t buddy = ((pa - a->span_start) ^ size) + a->span_start;
		if (buddy < a->span_start || buddy + size > a->span_end)
			break;
		if (a->meta[page_index(a, buddy)] != (META_FREE | order))
			break;
		list_remove(block_of(a, buddy));
		a->meta[page_index(a, buddy)] = 0;
		pa = MIN(pa, buddy);
		order++;
	}
	a->meta[page_index(a, pa)] = (u8)(META_FREE | order);
	list_push(&a->free[order], block_of(a, pa));
}

void page_alloc_add_range(struct page_alloc *a, paddr_t start, paddr_t end)
{
	CHECK(IS_ALIGNED(start, PAGE_SIZE) && IS_ALIGNED(end, PAGE_SIZE));
	CHECK(start >= a->span_start && end <= a->span_end && start <= end);
	/* Largest blocks that are aligned (relative to the span) and fit. */
	while (start < end) {
		unsigned order = 0;
		while (order < PAGE_ALLOC_MAX_ORDER &&
		       IS_ALIGNED(start - a->span_start, PAGE_SIZE << (order + 1)) &&
		       start + (PAGE_SIZE << (order + 1)) <= end)
			order++;
		free_block(a, start, order);
		a->free_pages += 1UL << order;
		start += PAGE_SIZE << order;
	}
}

paddr_t page_alloc_get(struct page_alloc *a, unsigned order)
{
	unsigned o = order;

	if (order > PAGE_ALLOC_MAX_ORDER)
		return PADDR_INVALID;
	while (o <= PAGE_ALLOC_MAX_ORDER && a->free[o].next == &a->free[o])
		o++;
	if (o > PAGE_ALLOC_MAX_ORDER)
		return PADDR_INVALID;

	struct page_block *b = a->free[o].next;
	paddr_t pa = pa_of(a, b);
	list_remove(b);
	a->meta[page_index(a, pa)] = 0;
	/* Split: hand the upper halves back until the block has the wanted order. */
	while (o > order) {
		o--;
		paddr_t upper = pa + (PAGE_SIZE << o);
		a->meta[page_index(a, upper)] = (u8)(META_FREE | o);
		list_push(&a->free[o], block_of(a, upper));
	}
	a->free_pages -= 1UL << order;
	return pa;
}

/* Is any page of [pa, pa + 2^order pages) inside a free block? */
static bool page_is_free(const struct page_alloc *a, paddr_t pa, unsigned order)
{
	for (unsigned o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++) {
		paddr_t head = ALIGN_DOWN(pa - a->span_start, PAGE_SIZE << o) + a->span_start;
		u8 m = a->meta[page_index(a, head)];
		if ((m & META_FREE) && (m & META_ORDER_MASK) >= o)
			return true;
	}
	/* A free block inside the range being freed. */
	for (u64 i = 0; i < (1UL << order); i++)
		if (a->meta[page_index(a, pa) + i] & META_FREE)
			return true;
	return false;
}

void page_alloc_put(struct page_alloc *a, paddr_t pa, unsigned order)
{
	CHECK(order <= PAGE_ALLOC_MAX_ORDER);
	CHECK(pa >= a->span_start && pa + (PAGE_SIZE << order) <= a->span_end);
	CHECK(IS_ALIGNED(pa - a->span_start, PAGE_SIZE << order));
	CHECK(!page_is_free(a, pa, order)); /* double free */
	free_block(a, pa, order);
	a->free_pages += 1UL << order;
}
