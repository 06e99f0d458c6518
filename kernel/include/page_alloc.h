/* SPDX-License-Identifier: BSD-2-Clause */
/* Buddy allocator of physical pages (orders 0 .. PAGE_ALLOC_MAX_ORDER). */
#pragma once

#include "types.h"

#define PAGE_ALLOC_MAX_ORDER 10 /* 4 MiB blocks */
#define PADDR_INVALID	     (~(paddr_t)0)

struct page_block {
	struct page_block *next, *prev;
};

struct page_alloc {
	paddr_t span_start, span_end; /* all pages the allocator may ever hold */
	u64 kva_offset;		      /* kernel address of a page = pa + kva_offset */
	u8 *meta;		      /* one byte per page in the span */
	struct page_block free[PAGE_ALLOC_MAX_ORDER + 1];
	u64 free_pages;
};

/*
 * Prepare an empty allocator for pages in [span_start, span_end). The caller
 * provides one byte of metadata per page (page_alloc_meta_size()).
 */
void page_alloc_init(struct page_alloc *a, paddr_t span_start, paddr_t span_end, u64 kva_offset,
		     u8 *meta);
size_t page_alloc_meta_size(paddr_t span_start, paddr_t span_end);

/* Give the pages of [start, end) (page aligned, inside the span) to the allocator. */
void page_alloc_add_range(struct page_alloc *a, paddr_t start, paddr_t end);

/* 2^order contiguous pages, aligned to their size; PADDR_INVALID when none are left. */
paddr_t page_alloc_get(struct page_alloc *a, unsigned order) __must_check;
void page_alloc_put(struct page_alloc *a, paddr_t pa, unsigned order);

/* The kernel's allocator over all free RAM. */
extern struct page_alloc kernel_pages;
