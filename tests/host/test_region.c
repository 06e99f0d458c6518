// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of moe's region map (runtime/moe/region.c): attach, detach,
 * areas, address search, every error, allocation failure, and random
 * operations checked against a page-by-page reference model.
 */
#include <stdlib.h>
#include <string.h>

#include "region.h"
#include "tap.h"

#define PG   RM_PAGE_SIZE
#define MASK (RM_PAGE_SIZE - 1)

/* Allocations left before the next one fails; negative: never fail. */
static long allocs_left = -1;

static void *test_realloc(void *p, size_t size)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	return realloc(p, size);
}

static int attach(struct rm *rm, uint64_t addr, uint64_t size, unsigned flags)
{
	return rm_attach(rm, &addr, size, flags, 1, 0, RM_PAGE_SHIFT);
}

/* Search from hint; the chosen address, or the negative error. */
static int64_t search(struct rm *rm, uint64_t hint, uint64_t size, unsigned flags, unsigned order)
{
	int err = rm_attach(rm, &hint, size, flags | RM_SEARCH_ADDR, 2, 0, order);
	return err ? err : (int64_t)hint;
}

static int reserve(struct rm *rm, uint64_t addr, uint64_t size)
{
	return rm_reserve_area(rm, &addr, size, 0, RM_PAGE_SHIFT);
}

static void test_init(void)
{
	struct rm rm;

	rm_init(&rm, 0, UINT64_MAX);
	ok(rm.min == RM_USER_MIN && rm.end == RM_USER_END, "init clips to the user range");
	ok(rm_count(&rm) == 0 && rm_area_count(&rm) == 0 && !rm_find(&rm, RM_USER_MIN),
	   "a new map is empty");
	rm_init(&rm, 0x10001, 0x20fff);
	ok(rm.min == 0x11000 && rm.end == 0x20000, "init rounds the range inward to pages");
	rm_init(&rm, UINT64_MAX, UINT64_MAX);
	ok(rm.min == rm.end && attach(&rm, RM_USER_END - PG, PG, RM_R) == -RM_EINVAL,
	   "a range above the user half is empty, and refuses everything");
	rm_init(&rm, 0x50000, 0x40000);
	ok(rm.min == rm.end && search(&rm, 0, PG, RM_R, 12) == -RM_EADDRNOTAVAIL,
	   "an inverted range is empty: searches find nothing");
	rm_destroy(&rm);
}

static void test_attach(void)
{
	struct rm rm;
	uint64_t a = 0x100000, off;

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(rm_attach(&rm, &a, 3 * PG, RM_R | RM_W, 7, 0x2000, 12) == 0 && a == 0x100000,
	   "exact attach succeeds and keeps *addr");
	const struct rm_region *r = rm_find(&rm, 0x100000);
	ok(r && r->start == 0x100000 && r->size == 3 * PG && r->ds == 7 && r->offset == 0x2000 &&
		   r->flags == (RM_R | RM_W),
	   "find gives the region's fields");
	ok(rm_find(&rm, 0x102fff) == r, "find at the last byte");
	ok(!rm_find(&rm, 0x103000) && !rm_find(&rm, 0xfffff), "no region just outside");
	ok(rm_count(&rm) == 1, "count is 1");

	ok(rm_fault_offset(r, 0x101234, false, &off) == 0 && off == 0x3000,
	   "fault offset is the page's offset in the dataspace");
	ok(rm_fault_offset(r, 0x102fff, true, &off) == 0 && off == 0x4000,
	   "write fault, last byte");
	ok(rm_fault_offset(r, 0x103000, false, &off) == -RM_EINVAL,
	   "fault past the region: EINVAL");
	ok(rm_fault_offset(r, 0xfffff, false, &off) == -RM_EINVAL,
	   "fault below the region: EINVAL");

	ok(attach(&rm, 0x200000, PG, RM_R | RM_X) == 0, "a read-only region");
	ok(rm_fault_offset(rm_find(&rm, 0x200000), 0x200000, true, &off) == -RM_EPERM,
	   "write fault on a region without RM_W: EPERM");
	ok(rm_fault_offset(rm_find(&rm, 0x200000), 0x200008, false, &off) == 0 && off == 0,
	   "read fault on it is fine");

	/* Overlap in every shape, against [0x100000, 0x103000). */
	ok(attach(&rm, 0x0ff000, 2 * PG, RM_R) == -RM_EEXIST, "overlapping the start: EEXIST");
	ok(attach(&rm, 0x102000, 2 * PG, RM_R) == -RM_EEXIST, "overlapping the end: EEXIST");
	ok(attach(&rm, 0x101000, PG, RM_R) == -RM_EEXIST, "inside: EEXIST");
	ok(attach(&rm, 0x0f0000, 0x20000, RM_R) == -RM_EEXIST, "around: EEXIST");
	ok(attach(&rm, 0x100000, 3 * PG, RM_R) == -RM_EEXIST, "the same range: EEXIST");
	ok(attach(&rm, 0x0ff000, PG, RM_R) == 0 && attach(&rm, 0x103000, PG, RM_R) == 0,
	   "adjacent on both sides is fine");
	ok(rm_count(&rm) == 4, "count is 4");

	struct rm_region out;
	ok(rm_detach(&rm, 0x101800, &out) == 0 && out.start == 0x100000 && out.ds == 7 &&
		   out.size == 3 * PG,
	   "detach by an inner address gives the region back");
	ok(!rm_find(&rm, 0x100000) && rm_find(&rm, 0x0ff000) && rm_find(&rm, 0x103000),
	   "only that region is gone");
	ok(rm_detach(&rm, 0x101800, &out) == -RM_ENOENT, "detaching it again: ENOENT");
	ok(rm_detach(&rm, 0x0ff000, NULL) == 0 && rm_count(&rm) == 2, "detach with out NULL");
	ok(attach(&rm, 0x100000, 3 * PG, RM_R) == 0, "the freed range can be attached again");
	rm_destroy(&rm);
}

static void test_invalid(void)
{
	struct rm rm;
	uint64_t a;

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(attach(&rm, 0x100800, PG, RM_R) == -RM_EINVAL, "unaligned address: EINVAL");
	ok(attach(&rm, 0x100000, 0x800, RM_R) == -RM_EINVAL, "unaligned size: EINVAL");
	ok(attach(&rm, 0x100000, 0, RM_R) == -RM_EINVAL, "zero size: EINVAL");
	a = 0x100000;
	ok(rm_attach(&rm, &a, PG, RM_R, 1, 0x10, 12) == -RM_EINVAL, "unaligned offset: EINVAL");
	ok(rm_attach(&rm, &a, 2 * PG, RM_R, 1, UINT64_MAX & ~MASK, 12) == -RM_EINVAL,
	   "offset + size wrapping: EINVAL");
	ok(attach(&rm, RM_USER_MIN - PG, PG, RM_R) == -RM_EINVAL, "below the range: EINVAL");
	ok(attach(&rm, 0, PG, RM_R) == -RM_EINVAL, "page 0: EINVAL");
	ok(attach(&rm, RM_USER_END, PG, RM_R) == -RM_EINVAL, "at the end: EINVAL");
	ok(attach(&rm, RM_USER_END - PG, 2 * PG, RM_R) == -RM_EINVAL, "across the end: EINVAL");
	ok(attach(&rm, RM_USER_MIN, UINT64_MAX & ~MASK, RM_R) == -RM_EINVAL,
	   "a size that wraps addr + size: EINVAL");
	ok(attach(&rm, UINT64_MAX & ~MASK, 2 * PG, RM_R) == -RM_EINVAL,
	   "an address near 2^64 that wraps: EINVAL");
	ok(attach(&rm, 0x100000, PG, RM_RESERVED) == -RM_EINVAL, "RM_RESERVED on attach: EINVAL");
	ok(attach(&rm, 0x100000, PG, 1u << 12) == -RM_EINVAL, "unknown flag: EINVAL");
	ok(search(&rm, 0, PG, RM_R, 11) == -RM_EINVAL, "search aligned below a page: EINVAL");
	ok(search(&rm, 0, PG, RM_R, 64) == -RM_EINVAL, "search alignment 2^64: EINVAL");
	a = 0x100000;
	ok(rm_attach(&rm, &a, PG, RM_R, 1, 0, 0) == 0, "alignment is ignored without a search");

	a = 0x200000;
	ok(rm_reserve_area(&rm, &a, PG, RM_R, 12) == -RM_EINVAL, "rights on an area: EINVAL");
	ok(rm_reserve_area(&rm, &a, PG, RM_IN_AREA, 12) == -RM_EINVAL, "nested areas: EINVAL");
	a = 0x7000000;
	ok(rm_reserve_area(&rm, &a, 2 * PG, RM_GUARD, 12) == 0 &&
		   rm_find_area(&rm, a)->flags == (RM_RESERVED | RM_GUARD),
	   "a guard area keeps its flag");
	ok(rm_free_area(&rm, a) == 0, "a guard area is freed as any");
	ok(reserve(&rm, 0x200800, PG) == -RM_EINVAL, "unaligned area: EINVAL");
	ok(reserve(&rm, 0x200000, 0) == -RM_EINVAL, "empty area: EINVAL");
	ok(reserve(&rm, 0x200000, 0x1800) == -RM_EINVAL, "area of unaligned size: EINVAL");
	ok(reserve(&rm, 0x200000, UINT64_MAX & ~MASK) == -RM_EINVAL, "area that wraps: EINVAL");
	ok(reserve(&rm, RM_USER_END - PG, 2 * PG) == -RM_EINVAL, "area across the end: EINVAL");
	ok(rm_reserve_area(&rm, &a, PG, RM_SEARCH_ADDR, 5) == -RM_EINVAL,
	   "area search aligned below a page: EINVAL");
	ok(rm_count(&rm) == 1 && rm_area_count(&rm) == 0, "no failed call changed the map");
	rm_destroy(&rm);
}

static void test_boundaries(void)
{
	struct rm rm;

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(attach(&rm, RM_USER_MIN, PG, RM_R) == 0, "the first page of the range");
	ok(attach(&rm, RM_USER_END - PG, PG, RM_R) == 0, "the last page of the range");
	ok(rm_find(&rm, RM_USER_END - 1) && !rm_find(&rm, RM_USER_END),
	   "find at the last byte, not past it");
	ok(!rm_find(&rm, UINT64_MAX) && !rm_find(&rm, 0), "find at 0 and 2^64-1: nothing");
	ok(search(&rm, 0, PG, RM_R, 12) == (int64_t)(RM_USER_MIN + PG),
	   "search from 0 starts at the range, past its first page");
	ok(search(&rm, RM_USER_END - 2 * PG, 2 * PG, RM_R, 12) == -RM_EADDRNOTAVAIL,
	   "no room before the last page");
	ok(search(&rm, RM_USER_END - 2 * PG, PG, RM_R, 12) == (int64_t)(RM_USER_END - 2 * PG),
	   "the one page left below the last");
	ok(search(&rm, RM_USER_END, PG, RM_R, 12) == -RM_EADDRNOTAVAIL, "hint at the end");
	ok(search(&rm, UINT64_MAX, PG, RM_R, 12) == -RM_EADDRNOTAVAIL,
	   "hint near 2^64 does not wrap round to the bottom");
	ok(search(&rm, 0, UINT64_MAX & ~MASK, RM_R, 12) == -RM_EADDRNOTAVAIL,
	   "a size larger than the range");
	ok(search(&rm, 0, PG, RM_R, 63) == -RM_EADDRNOTAVAIL, "alignment 2^63: nothing below");
	ok(search(&rm, 0, PG, RM_R, 47) == -RM_EADDRNOTAVAIL,
	   "alignment 2^47: only 0, below the range");
	ok(search(&rm, 0, PG, RM_R, 46) == (int64_t)(1ULL << 46), "alignment 2^46: the middle");
	rm_destroy(&rm);

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(attach(&rm, RM_USER_MIN, RM_USER_END - RM_USER_MIN, RM_R) == 0,
	   "exact fit: the whole range");
	ok(search(&rm, 0, PG, RM_R, 12) == -RM_EADDRNOTAVAIL, "then a full map finds nothing");
	ok(reserve(&rm, 0x100000, PG) == -RM_EEXIST, "and reserves nothing");
	rm_destroy(&rm);

	rm_init(&rm, 0x100000, 0x104000);
	ok(search(&rm, 0, 4 * PG, RM_R, 12) == 0x100000, "exact fit by search in a small range");
	ok(search(&rm, 0, PG, RM_R, 12) == -RM_EADDRNOTAVAIL, "small range full");
	rm_destroy(&rm);
}

static void test_search(void)
{
	struct rm rm;

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(search(&rm, 0, PG, RM_R, 12) == (int64_t)RM_USER_MIN, "empty map: the bottom");
	ok(search(&rm, 0, PG, RM_R, 21) == 0x200000, "2 MiB aligned");
	ok(search(&rm, 0x200000, 2 * PG, RM_R, 12) == 0x201000, "past the region at the hint");
	ok(search(&rm, 0x200123, PG, RM_R, 12) == 0x203000, "an unaligned hint is rounded up");
	ok(attach(&rm, 0x12000, PG, RM_R) == 0 && attach(&rm, 0x14000, PG, RM_R) == 0,
	   "holes of one page at 0x11000 and 0x13000");
	ok(search(&rm, 0, 2 * PG, RM_R, 12) == 0x15000, "two pages skip both one-page holes");
	ok(search(&rm, 0, PG, RM_R, 12) == 0x11000, "one page takes the first hole");
	ok(search(&rm, 0, PG, RM_R, 16) == 0x20000, "64 KiB alignment skips the rest");
	ok(search(&rm, 0x10000, PG, RM_R, 13) == 0x18000,
	   "8 KiB alignment past [0x15000, 0x17000)");
	ok(search(&rm, 0, PG, RM_R, 12) == 0x13000, "the second hole");

	uint64_t a = 0x400000;
	ok(rm_reserve_area(&rm, &a, 0x400000, 0, 12) == 0, "an area [4 MiB, 8 MiB)");
	ok(search(&rm, 0x3ff000, 2 * PG, RM_R, 12) == 0x800000,
	   "search without RM_IN_AREA skips areas");
	ok(search(&rm, 0x400000, PG, RM_R | RM_IN_AREA, 12) == 0x400000,
	   "with RM_IN_AREA it searches inside");
	ok(search(&rm, 0x400000, PG, RM_R | RM_IN_AREA, 20) == 0x500000,
	   "inside, aligned, past the one just attached");
	ok(search(&rm, 0x400000, 0x400000, RM_R | RM_IN_AREA, 12) == -RM_EADDRNOTAVAIL,
	   "the whole area no longer fits");
	ok(search(&rm, 0x7ff000, PG, RM_R | RM_IN_AREA, 12) == 0x7ff000, "the area's last page");
	ok(search(&rm, 0x7ff000, PG, RM_R | RM_IN_AREA, 12) == -RM_EADDRNOTAVAIL,
	   "never past the area's end");
	ok(search(&rm, 0x3ff000, PG, RM_R | RM_IN_AREA, 12) == -RM_ENOENT,
	   "a hint outside every area: ENOENT");

	a = 0x12345;
	ok(rm_attach(&rm, &a, UINT64_MAX & ~MASK, RM_R | RM_SEARCH_ADDR, 1, 0, 12) ==
			   -RM_EADDRNOTAVAIL &&
		   a == 0x12345,
	   "a failed search leaves *addr alone");
	a = 0;
	ok(rm_reserve_area(&rm, &a, 2 * PG, RM_SEARCH_ADDR, 12) == 0 && a == 0x19000,
	   "area search skips regions and one-page holes");
	a = 0x3ff000;
	ok(rm_reserve_area(&rm, &a, 2 * PG, RM_SEARCH_ADDR, 12) == 0 && a == 0x802000,
	   "area search skips areas, and the region after it");
	rm_destroy(&rm);
}

static void test_areas(void)
{
	struct rm rm;

	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	ok(reserve(&rm, 0x1000000, 0x100000) == 0 && rm_area_count(&rm) == 1, "reserve an area");
	const struct rm_region *ar = rm_find_area(&rm, 0x10fffff);
	ok(ar && ar->start == 0x1000000 && ar->size == 0x100000 && ar->flags == RM_RESERVED,
	   "find_area gives it");
	ok(!rm_find(&rm, 0x1000000) && rm_count(&rm) == 0, "an area is not a region");
	ok(rm_detach(&rm, 0x1000000, NULL) == -RM_ENOENT, "detach of an area: ENOENT");
	ok(reserve(&rm, 0x10ff000, 2 * PG) == -RM_EEXIST, "an area over an area: EEXIST");
	ok(attach(&rm, 0x1000000, PG, RM_R) == -RM_EEXIST, "attach into it without RM_IN_AREA");
	ok(attach(&rm, 0x0fff000, 2 * PG, RM_R) == -RM_EEXIST, "attach across its start");
	ok(attach(&rm, 0x1000000, PG, RM_R | RM_IN_AREA) == 0, "attach with RM_IN_AREA");
	ok(rm_find(&rm, 0x1000000) && rm_find(&rm, 0x1000000)->flags == RM_R,
	   "the region is found, with only its rights stored");
	ok(attach(&rm, 0x1000000, PG, RM_R | RM_IN_AREA) == -RM_EEXIST,
	   "regions inside an area still cannot overlap");
	ok(attach(&rm, 0x10ff000, 2 * PG, RM_R | RM_IN_AREA) == -RM_ENOENT,
	   "running past the area's end: ENOENT");
	ok(attach(&rm, 0x0fff000, 2 * PG, RM_R | RM_IN_AREA) == -RM_ENOENT,
	   "starting before the area: ENOENT");
	ok(attach(&rm, 0x2000000, PG, RM_R | RM_IN_AREA) == -RM_ENOENT,
	   "RM_IN_AREA where there is no area: ENOENT");
	ok(reserve(&rm, 0x1100000, 0x100000) == 0, "an adjacent second area");
	ok(attach(&rm, 0x10ff000, 2 * PG, RM_R | RM_IN_AREA) == -RM_ENOENT,
	   "a region cannot span two areas");
	ok(attach(&rm, 0x1100000, 0x100000, RM_R | RM_IN_AREA) == 0,
	   "exact fit: a region filling the second area");
	ok(reserve(&rm, 0x3000000, PG) == 0 && attach(&rm, 0x3000000, PG, RM_R) == -RM_EEXIST,
	   "a one-page area blocks attach");

	ok(rm_free_area(&rm, 0x1080000) == -RM_EBUSY, "free with a region inside: EBUSY");
	ok(rm_free_area(&rm, 0x1100000) == -RM_EBUSY, "free with a filling region: EBUSY");
	ok(rm_free_area(&rm, 0x2000000) == -RM_ENOENT, "free where there is no area: ENOENT");
	ok(rm_detach(&rm, 0x1000000, NULL) == 0 && rm_free_area(&rm, 0x10ff000) == 0,
	   "detach, then free by an inner address");
	ok(!rm_find_area(&rm, 0x1000000) && rm_area_count(&rm) == 2, "the area is gone");
	ok(attach(&rm, 0x1000000, PG, RM_R) == 0, "and its addresses are ordinary again");
	ok(reserve(&rm, 0x1000000, PG) == -RM_EEXIST, "an area over a region: EEXIST");
	ok(reserve(&rm, 0x0fff000, 0x2000) == -RM_EEXIST, "an area half over a region: EEXIST");
	ok(rm_free_area(&rm, 0x1000000) == -RM_ENOENT, "free where only a region is: ENOENT");
	ok(reserve(&rm, RM_USER_MIN, PG) == 0 && reserve(&rm, RM_USER_END - PG, PG) == 0,
	   "areas at the first and last page");
	rm_destroy(&rm);
}

static void test_alloc_failure(void)
{
	struct rm rm;
	uint64_t a;
	int all = 1;

	rm_realloc = test_realloc;
	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	allocs_left = 0;
	a = 0x100000;
	ok(rm_attach(&rm, &a, PG, RM_R | RM_SEARCH_ADDR, 1, 0, 12) == -RM_ENOMEM && a == 0x100000,
	   "first attach with no memory: ENOMEM, *addr kept");
	ok(rm_count(&rm) == 0 && !rm_find(&rm, 0x100000), "and the map is unchanged");
	ok(reserve(&rm, 0x200000, PG) == -RM_ENOMEM && rm_area_count(&rm) == 0,
	   "first area with no memory: ENOMEM");

	/* Fill the first array, then fail each growth once and retry it. */
	allocs_left = -1;
	for (uint64_t i = 0; i < 200; i++) {
		allocs_left = 0;
		int err = attach(&rm, 0x100000 + i * PG, PG, RM_R);
		size_t before = rm_count(&rm);
		allocs_left = -1;
		if (err == -RM_ENOMEM) {
			all &= !rm_find(&rm, 0x100000 + i * PG) && before == i;
			err = attach(&rm, 0x100000 + i * PG, PG, RM_R);
		}
		all &= err == 0 && rm_count(&rm) == i + 1;
	}
	ok(all, "each failed growth leaves the map unchanged, and a retry succeeds");
	allocs_left = 0;
	ok(attach(&rm, 0x100000 + 200 * PG, PG, RM_R) == 0,
	   "attach with room left needs no allocation");
	ok(rm_detach(&rm, 0x100000, NULL) == 0 && rm_count(&rm) == 200, "detach needs none either");
	ok(reserve(&rm, 0x200000, PG) == -RM_ENOMEM, "area growth fails independently");
	allocs_left = -1;
	ok(reserve(&rm, 0x200000, PG) == 0, "and succeeds with memory");
	rm_destroy(&rm);
	rm_realloc = realloc;
}

static void test_many(void)
{
	struct rm rm;
	int all = 1;

	/* 4000 one-page regions, each followed by a hole; then detach every other. */
	rm_init(&rm, RM_USER_MIN, RM_USER_END);
	for (uint64_t i = 0; i < 4000; i++)
		all &= attach(&rm, 0x100000 + 2 * i * PG, PG, RM_R) == 0;
	ok(all && rm_count(&rm) == 4000, "4000 regions");
	for (uint64_t i = 0; i < 4000; i++) {
		const struct rm_region *r = rm_find(&rm, 0x100000 + 2 * i * PG + 0x800);
		all &= r && r->start == 0x100000 + 2 * i * PG;
		all &= !rm_find(&rm, 0x100000 + (2 * i + 1) * PG);
	}
	ok(all, "every one is found, and every hole is empty");
	ok(search(&rm, 0x100000, 2 * PG, RM_R, 12) == (int64_t)(0x100000 + 7999 * PG),
	   "a two-page search skips all 4000 one-page holes");
	for (uint64_t i = 0; i < 4000; i += 2)
		all &= rm_detach(&rm, 0x100000 + 2 * i * PG, NULL) == 0;
	ok(all && rm_count(&rm) == 2001, "detach every other one");
	ok(search(&rm, 0x100000, 3 * PG, RM_R, 12) == (int64_t)(0x100000 + 3 * PG),
	   "now three pages fit after the first kept region");
	rm_destroy(&rm);
}

/*
 * Random operations on a 256-page range, checked against a model that keeps
 * the owner of every page and searches by trying each aligned address.
 */
#define NP 256
static const uint64_t base = 0x100000;
static int page_region[NP], page_area[NP]; /* id, or -1 */
static struct rm_region model[20000];

static int model_attach(uint64_t a, uint64_t n, bool in_area)
{
	uint64_t p = (a - base) / PG;

	if (a < base || p + n > NP)
		return -RM_EINVAL;
	for (uint64_t i = p; in_area && i < p + n; i++)
		if (page_area[p] < 0 || page_area[i] != page_area[p])
			return -RM_ENOENT;
	for (uint64_t i = p; i < p + n; i++)
		if (page_region[i] >= 0 || (!in_area && page_area[i] >= 0))
			return -RM_EEXIST;
	return 0;
}

static int64_t model_search(uint64_t hint, uint64_t n, bool in_area, unsigned order)
{
	uint64_t align = 1ULL << order;

	if (in_area && (hint < base || hint >= base + NP * PG || page_area[(hint - base) / PG] < 0))
		return -RM_ENOENT;
	int area = in_area ? page_area[(hint - base) / PG] : -1;
	for (uint64_t a = (hint + align - 1) & ~(align - 1); a < base + NP * PG; a += align) {
		if (a < base)
			continue;
		int err = model_attach(a, n, in_area);
		if (err == 0 && (!in_area || page_area[(a - base) / PG] == area))
			return (int64_t)a;
	}
	return -RM_EADDRNOTAVAIL;
}

static void model_fill(int *pages, uint64_t a, uint64_t n, int id)
{
	for (uint64_t i = 0; i < n; i++)
		pages[(a - base) / PG + i] = id;
}

/* find and find_area at page p agree with the model (p < 0: outside the range). */
static bool model_agrees(int p, const struct rm_region *f, const struct rm_region *fa)
{
	if (p < 0)
		return !f && !fa;
	if ((page_area[p] < 0) != !fa)
		return false;
	if (page_region[p] < 0)
		return !f;
	const struct rm_region *m = &model[page_region[p]];
	return f && f->start == m->start && f->size == m->size && f->ds == m->ds;
}

static void test_random(void)
{
	struct rm rm;
	int ids = 0, regions = 0, areas = 0, mismatch = 0, found_ok = 1;
	int counts[6] = {0};

	srand(4711);
	memset(page_region, -1, sizeof(page_region));
	memset(page_area, -1, sizeof(page_area));
	rm_init(&rm, base, base + NP * PG);
	for (int op = 0; op < 20000 && !mismatch; op++) {
		unsigned kind = (unsigned)rand() % 6;
		uint64_t a = base + (uint64_t)(rand() % (NP + 8)) * PG - 4 * PG;
		uint64_t n = 1 + (uint64_t)rand() % 8;
		bool in_area = rand() % 2;
		unsigned order = 12 + (unsigned)rand() % 4;
		int want, got, id = ids;
		uint64_t at = a;
		int p = a >= base && a < base + NP * PG ? (int)((a - base) / PG) : -1;

		found_ok &= model_agrees(p, rm_find(&rm, a), rm_find_area(&rm, a));

		switch (kind) {
		case 0: /* attach at an exact address */
			want = model_attach(a, n, in_area);
			got = rm_attach(&rm, &at, n * PG, RM_R | (in_area ? RM_IN_AREA : 0),
					(uint64_t)id, 0, 12);
			break;
		case 1: /* attach by search; the model gives the address */
			at = a + (uint64_t)rand() % PG; /* an unaligned hint */
			int64_t w = model_search(at, n, in_area, order);
			want = w < 0 ? (int)w : 0;
			got = rm_attach(&rm, &at, n * PG,
					RM_R | RM_SEARCH_ADDR | (in_area ? RM_IN_AREA : 0),
					(uint64_t)id, 0, order);
			mismatch |= got == 0 && (int64_t)at != w;
			a = at;
			break;
		case 2: /* reserve an area */
			want = p < 0 || p + n > NP ? -RM_EINVAL : model_attach(a, n, false);
			got = rm_reserve_area(&rm, &at, n * PG, 0, 12);
			break;
		case 3: /* free an area */
			want = p < 0 || page_area[p] < 0 ? -RM_ENOENT : 0;
			for (int i = 0; want == 0 && i < NP; i++)
				if (page_area[i] == page_area[p] && page_region[i] >= 0)
					want = -RM_EBUSY;
			got = rm_free_area(&rm, a);
			break;
		default: /* detach, twice as often */
			want = p < 0 || page_region[p] < 0 ? -RM_ENOENT : 0;
			got = rm_detach(&rm, a, NULL);
			break;
		}
		mismatch |= want != got;
		if (mismatch) {
			printf("# op %d kind %u at %#llx: want %d, got %d\n", op, kind,
			       (unsigned long long)a, want, got);
			break;
		}
		if (got)
			continue;
		counts[kind]++;
		if (kind <= 1) {
			model[id] = (struct rm_region){a, n * PG, (uint64_t)id, 0, RM_R};
			model_fill(page_region, a, n, id);
			ids++, regions++;
		} else if (kind == 2) {
			model_fill(page_area, a, n, id);
			ids++, areas++;
		} else if (kind == 3) {
			int victim = page_area[p];
			for (int i = 0; i < NP; i++)
				if (page_area[i] == victim)
					page_area[i] = -1;
			areas--;
		} else {
			int victim = page_region[p];
			model_fill(page_region, model[victim].start, model[victim].size / PG, -1);
			regions--;
		}
		mismatch |= rm_count(&rm) != (size_t)regions || rm_area_count(&rm) != (size_t)areas;
	}
	ok(!mismatch, "20000 random operations give the model's results");
	ok(found_ok, "find and find_area agree with the model before each one");
	ok(counts[0] > 100 && counts[1] > 100 && counts[2] > 100 && counts[3] > 100 &&
		   counts[4] + counts[5] > 1000,
	   "every kind of operation succeeded often (%d %d %d %d %d)", counts[0], counts[1],
	   counts[2], counts[3], counts[4] + counts[5]);
	rm_destroy(&rm);
}

/* The size of mapping a fault gets, and where searched attaches go so that it can be large. */
static void test_fault_order(void)
{
	const uint64_t K = 1024, M = K * K;
	struct rm_region r = {.start = 0x400000, .size = 4 * M, .offset = 0};

	ok(rm_fault_order(&r, 0x400000, 21) == 21 && rm_fault_order(&r, 0x7fffff, 21) == 21,
	   "fault order: 2 MiB inside an aligned 4 MiB region");
	ok(rm_fault_order(&r, 0x500000, 16) == 16, "fault order: never above the maximum");
	r.size = 2 * M + 64 * K;
	ok(rm_fault_order(&r, 0x600000, 21) == 16 && rm_fault_order(&r, 0x400000, 21) == 21,
	   "fault order: the part past the last 2 MiB gets 64 KiB");
	r.size = 2 * M + 8 * K;
	ok(rm_fault_order(&r, 0x601000, 21) == 13 && rm_fault_order(&r, 0x601fff, 21) == 13,
	   "fault order: 8 KiB past the last 2 MiB: 8 KiB blocks");
	r = (struct rm_region){.start = 0x401000, .size = 4 * M, .offset = 0};
	ok(rm_fault_order(&r, 0x500000, 21) == 12,
	   "fault order: a region on an odd page with offset 0: pages only");
	r.offset = 0x1000;
	ok(rm_fault_order(&r, 0x600000, 21) == 21,
	   "fault order: ... unless the offset is as odd (start - offset aligned)");
	r.offset = 0x11000;
	ok(rm_fault_order(&r, 0x600000, 21) == 16,
	   "fault order: start - offset aligned to 64 KiB only: 64 KiB");
	ok(rm_fault_order(&r, 0x401000, 21) == 12 && rm_fault_order(&r, 0x402000, 21) == 13,
	   "fault order: blocks never reach below the region's start");
	r = (struct rm_region){.start = RM_USER_END - 2 * M, .size = 2 * M, .offset = 0};
	ok(rm_fault_order(&r, RM_USER_END - 1, 21) == 21, "fault order: a region at the very end");

	ok(rm_search_order(256 * M, 0, 21) == 21 && rm_search_order(3 * M, 0, 21) == 21,
	   "search order: 2 MiB for large dataspaces");
	ok(rm_search_order(1 * M + 4 * K, 0, 21) == 20 && rm_search_order(4 * K, 0, 21) == 12,
	   "search order: the largest power of two in the size");
	ok(rm_search_order(8 * M, 0x3000, 21) == 12 && rm_search_order(8 * M, 0x30000, 21) == 16,
	   "search order: no more than the offset's alignment");
}

int main(void)
{
	test_init();
	test_attach();
	test_invalid();
	test_boundaries();
	test_search();
	test_areas();
	test_alloc_failure();
	test_many();
	test_random();
	test_fault_order();
	return tap_done();
}
