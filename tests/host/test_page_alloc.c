// SPDX-License-Identifier: BSD-2-Clause
/* Host tests of the buddy page allocator (kernel/page_alloc.c) over a fake RAM buffer. */
#include <stdlib.h>
#include <string.h>

#include "page_alloc.h"
#include "tap.h"

#define FAKE_BASE  0x40000000UL
#define FAKE_PAGES 4096 /* 16 MiB */

static u8 *ram;
static u8 meta[FAKE_PAGES];

static void setup(struct page_alloc *a)
{
	page_alloc_init(a, FAKE_BASE, FAKE_BASE + FAKE_PAGES * PAGE_SIZE, (u64)ram - FAKE_BASE,
			meta);
}

static int cmp_pa(const void *x, const void *y)
{
	paddr_t a = *(const paddr_t *)x, b = *(const paddr_t *)y;
	return a < b ? -1 : a > b;
}

int main(void)
{
	struct page_alloc a;
	static paddr_t got[FAKE_PAGES + 1];

	ram = aligned_alloc(PAGE_SIZE << PAGE_ALLOC_MAX_ORDER, FAKE_PAGES * PAGE_SIZE);

	setup(&a);
	ok(a.free_pages == 0, "a new allocator is empty");
	ok(page_alloc_get(&a, 0) == PADDR_INVALID, "an empty allocator gives nothing");

	page_alloc_add_range(&a, FAKE_BASE, FAKE_BASE + FAKE_PAGES * PAGE_SIZE);
	ok(a.free_pages == FAKE_PAGES, "all pages added: %lu", a.free_pages);

	unsigned n = 0;
	paddr_t pa;
	while ((pa = page_alloc_get(&a, 0)) != PADDR_INVALID && n <= FAKE_PAGES) {
		memset(ram + (pa - FAKE_BASE), 0xa5,
		       PAGE_SIZE); /* scribble: must not break lists */
		got[n++] = pa;
	}
	ok(n == FAKE_PAGES, "every page can be allocated once (%u)", n);
	ok(a.free_pages == 0, "then nothing is free");
	qsort(got, n, sizeof(got[0]), cmp_pa);
	int unique = 1, inside = 1;
	for (unsigned i = 0; i < n; i++) {
		if (i && got[i] == got[i - 1])
			unique = 0;
		if (got[i] < FAKE_BASE || got[i] >= FAKE_BASE + FAKE_PAGES * PAGE_SIZE ||
		    got[i] % PAGE_SIZE)
			inside = 0;
	}
	ok(unique, "no page handed out twice");
	ok(inside, "every page is aligned and inside the span");

	for (unsigned i = 0; i < n; i++)
		page_alloc_put(&a, got[i], 0);
	ok(a.free_pages == FAKE_PAGES, "freeing all restores the count");
	unsigned big = 0;
	while (page_alloc_get(&a, PAGE_ALLOC_MAX_ORDER) != PADDR_INVALID)
		big++;
	ok(big == FAKE_PAGES >> PAGE_ALLOC_MAX_ORDER, "buddies merge back into %u max-order blocks",
	   big);

	/* Alignment of every order. */
	setup(&a);
	page_alloc_add_range(&a, FAKE_BASE, FAKE_BASE + FAKE_PAGES * PAGE_SIZE);
	int aligned = 1;
	for (unsigned o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++) {
		pa = page_alloc_get(&a, o);
		if (pa == PADDR_INVALID || (pa - FAKE_BASE) % (PAGE_SIZE << o))
			aligned = 0;
	}
	ok(aligned, "blocks of each order are aligned to their size");
	ok(page_alloc_get(&a, PAGE_ALLOC_MAX_ORDER + 1) == PADDR_INVALID,
	   "an order above the maximum is refused");

	/* Ranges with a hole: nothing from the hole is ever handed out. */
	setup(&a);
	paddr_t hole_s = FAKE_BASE + 100 * PAGE_SIZE, hole_e = FAKE_BASE + 1000 * PAGE_SIZE;
	page_alloc_add_range(&a, FAKE_BASE + PAGE_SIZE, hole_s);
	page_alloc_add_range(&a, hole_e, FAKE_BASE + FAKE_PAGES * PAGE_SIZE);
	int outside_hole = 1;
	n = 0;
	while ((pa = page_alloc_get(&a, 0)) != PADDR_INVALID) {
		if ((pa >= hole_s && pa < hole_e) || pa == FAKE_BASE)
			outside_hole = 0;
		got[n++] = pa;
	}
	ok(outside_hole && n == FAKE_PAGES - 1 - 900, "reserved holes stay unused (%u pages)", n);
	for (unsigned i = 0; i < n; i++)
		page_alloc_put(&a, got[i], 0);
	ok(a.free_pages == n, "and the pages around them merge back");

	/* Misuse is caught, not silently corrupting. */
	setup(&a);
	page_alloc_add_range(&a, FAKE_BASE, FAKE_BASE + 16 * PAGE_SIZE);
	pa = page_alloc_get(&a, 2);
	page_alloc_put(&a, pa, 2);
	ok(PANICS(page_alloc_put(&a, pa, 2)), "double free is detected");
	ok(PANICS(page_alloc_put(&a, FAKE_BASE + FAKE_PAGES * PAGE_SIZE, 0)),
	   "freeing outside the span is detected");
	ok(PANICS(page_alloc_put(&a, FAKE_BASE + PAGE_SIZE, 1)),
	   "freeing a misaligned block is detected");
	ok(PANICS(page_alloc_add_range(&a, FAKE_BASE + 1, FAKE_BASE + PAGE_SIZE)),
	   "an unaligned range is refused");

	free(ram);
	return tap_done();
}
