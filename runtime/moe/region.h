/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The region map of one task (L4Re's Rm): which dataspace backs each part of
 * its virtual address space, and which address ranges are reserved areas.
 * Moe keeps one per task and resolves page faults with rm_find.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RM_PAGE_SHIFT 12
#define RM_PAGE_SIZE  (1ULL << RM_PAGE_SHIFT)

/* The user half of a 48-bit address space, less the first 64 KiB (NULL pointers fault). */
#define RM_USER_MIN 0x10000ULL
#define RM_USER_END 0x0000800000000000ULL

enum rm_flag {
	RM_R = 1u << 0, /* rights the fault handler maps the pages with */
	RM_W = 1u << 1,
	RM_X = 1u << 2,
	RM_RIGHTS = RM_R | RM_W | RM_X,
	RM_RESERVED = 1u << 3,	  /* stored on areas: addresses reserved, nothing mapped */
	RM_SEARCH_ADDR = 1u << 4, /* request: choose the lowest free address at or above *addr */
	RM_IN_AREA = 1u << 5,	  /* request: attach inside a reserved area */
	RM_GUARD = 1u << 6,	  /* area: its pages without a region are guard pages */
};

/* Errors, returned negated. */
enum rm_error {
	RM_EINVAL = 1,	  /* unaligned, zero size, wrap-around, outside the range, bad flags */
	RM_EEXIST,	  /* overlaps a region or an area */
	RM_ENOMEM,	  /* out of memory for the map itself */
	RM_ENOENT,	  /* no region or area there */
	RM_EBUSY,	  /* area still holds regions */
	RM_EPERM,	  /* fault with more rights than the region gives */
	RM_EADDRNOTAVAIL, /* RM_SEARCH_ADDR found no free range (L4Re's -L4_EADDRNOTAVAIL) */
};

struct rm_region {
	uint64_t start, size;
	uint64_t ds;	 /* the caller's dataspace handle; 0 for areas */
	uint64_t offset; /* into the dataspace, of start */
	unsigned flags;	 /* RM_RIGHTS for regions, RM_RESERVED for areas */
};

/* Entries sorted by start, never overlapping each other. */
struct rm_set {
	struct rm_region *v;
	size_t n, cap;
};

/*
 * Regions and areas live in separate sets: regions may lie inside areas, so
 * one sorted array could not hold both without overlap.
 */
struct rm {
	uint64_t min, end; /* the usable range [min, end) */
	struct rm_set regions, areas;
};

/*
 * Test hook: every allocation of the region map goes through this (realloc by
 * default), so host tests can make any one of them fail.
 */
extern void *(*rm_realloc)(void *p, size_t size);

/* [min, end) is clipped to [RM_USER_MIN, RM_USER_END) and rounded inward to pages. */
void rm_init(struct rm *rm, uint64_t min, uint64_t end);
void rm_destroy(struct rm *rm);

/*
 * Attach [*addr, *addr + size) backed by ds from offset; flags are rights plus
 * RM_SEARCH_ADDR and RM_IN_AREA. With RM_SEARCH_ADDR, *addr is a hint: the
 * lowest free range at or above it aligned to 1 << align_order (12..63) is
 * chosen and stored in *addr. With RM_IN_AREA the region must fit in the one
 * reserved area holding *addr (-RM_ENOENT otherwise); without it, areas count
 * as occupied. On error nothing changes.
 */
int rm_attach(struct rm *rm, uint64_t *addr, uint64_t size, unsigned flags, uint64_t ds,
	      uint64_t offset, unsigned align_order) __attribute__((warn_unused_result));

/* Remove the region holding addr and give it back in *out (may be NULL). */
int rm_detach(struct rm *rm, uint64_t addr, struct rm_region *out)
	__attribute__((warn_unused_result));

/*
 * Reserve [*addr, *addr + size); flags may be RM_SEARCH_ADDR, which works as
 * for attach, and RM_GUARD, kept on the area (a stack's guard page).
 */
int rm_reserve_area(struct rm *rm, uint64_t *addr, uint64_t size, unsigned flags,
		    unsigned align_order) __attribute__((warn_unused_result));

/* Free the area holding addr; -RM_EBUSY while regions are attached inside it. */
int rm_free_area(struct rm *rm, uint64_t addr) __attribute__((warn_unused_result));

/* The region (never an area) holding addr, or NULL. Valid until the map changes. */
const struct rm_region *rm_find(const struct rm *rm, uint64_t addr);

/* The area holding addr, or NULL. */
const struct rm_region *rm_find_area(const struct rm *rm, uint64_t addr);

static inline size_t rm_count(const struct rm *rm)
{
	return rm->regions.n;
}

static inline size_t rm_area_count(const struct rm *rm)
{
	return rm->areas.n;
}

/*
 * For a fault at addr inside r: the dataspace offset of the faulting page;
 * -RM_EPERM for a write to a region without RM_W, -RM_EINVAL if addr is not in r.
 */
int rm_fault_offset(const struct rm_region *r, uint64_t addr, bool write, uint64_t *ds_offset)
	__attribute__((warn_unused_result));

/*
 * For a fault at addr inside r: the order (RM_PAGE_SHIFT..max) of the
 * largest aligned block around addr that lies inside r and whose dataspace
 * offsets are aligned alike (start - offset a multiple of its size), so one
 * flexpage of that size can answer the fault.
 */
unsigned rm_fault_order(const struct rm_region *r, uint64_t addr, unsigned max);

/*
 * The alignment (RM_PAGE_SHIFT..max) for placing size bytes of a dataspace
 * from offset at a searched address: the largest block that fits in size
 * and divides offset, so faults can be answered with blocks that large.
 */
unsigned rm_search_order(uint64_t size, uint64_t offset, unsigned max);
