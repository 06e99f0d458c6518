// SPDX-License-Identifier: BSD-2-Clause
/*
 * sigma0's memory. As in Fiasco, the kernel keeps a reserve for its own
 * objects and gives the rest of RAM to sigma0, which hands it out first come,
 * first served. The share is taken from the buddy allocator in its largest
 * blocks and recorded here; sigma0 touches a page and the kernel maps it 1:1.
 */
#include "page_alloc.h"
#include "sigma0_mem.h"

#define MAX_BLOCKS 4096 /* of 4 MiB: 16 GiB */
#define BLOCK_SIZE (PAGE_SIZE << PAGE_ALLOC_MAX_ORDER)

static paddr_t blocks[MAX_BLOCKS];
static unsigned nblocks;

void sigma0_mem_init(void)
{
	u64 total = (kernel_pages.free_pages << PAGE_SHIFT);
	u64 reserve = MAX(KERNEL_RESERVE_MIN, total / 4);

	while (nblocks < MAX_BLOCKS &&
	       (kernel_pages.free_pages << PAGE_SHIFT) > reserve + BLOCK_SIZE) {
		paddr_t pa = page_alloc_get(&kernel_pages, PAGE_ALLOC_MAX_ORDER);
		if (pa == PADDR_INVALID)
			break;
		/* Keep the list sorted: lookups bisect it, ranges merge neighbours. */
		unsigned i = nblocks++;
		while (i > 0 && blocks[i - 1] > pa) {
			blocks[i] = blocks[i - 1];
			i--;
		}
		blocks[i] = pa;
	}
}

bool sigma0_mem_contains(paddr_t pa)
{
	unsigned lo = 0, hi = nblocks;

	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;
		if (pa < blocks[mid])
			hi = mid;
		else if (pa >= blocks[mid] + BLOCK_SIZE)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

unsigned sigma0_mem_ranges(struct mem_region *out, unsigned max)
{
	unsigned n = 0;

	for (unsigned i = 0; i < nblocks; i++) {
		if (n && out[n - 1].base + out[n - 1].size == blocks[i]) {
			out[n - 1].size += BLOCK_SIZE;
			continue;
		}
		if (n == max)
			break;
		out[n].base = blocks[i];
		out[n].size = BLOCK_SIZE;
		n++;
	}
	return n;
}
