// SPDX-License-Identifier: BSD-2-Clause
/* Boot-time memory set-up: free RAM minus reservations goes to the buddy allocator. */
#include "arch/memlayout.h"
#include "memory.h"
#include "page_alloc.h"

#define MAX_RESV (PLATFORM_MAX_REGIONS + 8)

static bool overlaps(paddr_t s, paddr_t e, const struct mem_region *r)
{
	return s < r->base + r->size && r->base < e;
}

/* Add [start, end) minus every reservation (page-rounded outward). */
static void add_free(paddr_t start, paddr_t end, const struct mem_region *resv, unsigned n)
{
	start = ALIGN_UP(start, PAGE_SIZE);
	end = ALIGN_DOWN(end, PAGE_SIZE);
	if (start >= end)
		return;
	for (unsigned i = 0; i < n; i++) {
		if (!overlaps(start, end, &resv[i]))
			continue;
		paddr_t rs = ALIGN_DOWN(resv[i].base, PAGE_SIZE);
		paddr_t re = ALIGN_UP(resv[i].base + resv[i].size, PAGE_SIZE);
		if (rs > start)
			add_free(start, rs, resv, n);
		if (re < end)
			add_free(re, end, resv, n);
		return;
	}
	page_alloc_add_range(&kernel_pages, start, end);
}

const char *memory_init(const struct platform *p, const struct mem_region *in_resv, unsigned nin)
{
	struct mem_region resv[MAX_RESV];
	unsigned n = 0;
	paddr_t span_start = ~0UL, span_end = 0;

	for (unsigned i = 0; i < nin && n < MAX_RESV - 1; i++)
		resv[n++] = in_resv[i];
	for (unsigned i = 0; i < p->nreserved && n < MAX_RESV - 1; i++)
		resv[n++] = p->reserved[i];
	for (unsigned i = 0; i < p->nmemory; i++) {
		span_start = MIN(span_start, ALIGN_DOWN(p->memory[i].base, PAGE_SIZE));
		span_end =
			MAX(span_end, ALIGN_UP(p->memory[i].base + p->memory[i].size, PAGE_SIZE));
	}
	if (span_end > PHYSMAP_SIZE)
		return "RAM above the 512 GiB physical map";

	/* The allocator's metadata: the first gap in RAM big enough for it. */
	u64 meta_size = ALIGN_UP(page_alloc_meta_size(span_start, span_end), PAGE_SIZE);
	paddr_t meta = 0;
	for (unsigned m = 0; m < p->nmemory && !meta; m++) {
		paddr_t cand = ALIGN_UP(p->memory[m].base, PAGE_SIZE);
		paddr_t rend = p->memory[m].base + p->memory[m].size;
		for (unsigned i = 0; i < n && cand + meta_size <= rend; i++) {
			if (overlaps(cand, cand + meta_size, &resv[i])) {
				cand = ALIGN_UP(resv[i].base + resv[i].size, PAGE_SIZE);
				i = (unsigned)-1; /* check every reservation again */
			}
		}
		if (cand + meta_size <= rend)
			meta = cand;
	}
	if (!meta)
		return "no room for the page allocator's metadata";
	resv[n++] = (struct mem_region){meta, meta_size};

	page_alloc_init(&kernel_pages, span_start, span_end, PHYSMAP_BASE, pa_to_kva(meta));
	for (unsigned i = 0; i < p->nmemory; i++)
		add_free(p->memory[i].base, p->memory[i].base + p->memory[i].size, resv, n);
	return NULL;
}
