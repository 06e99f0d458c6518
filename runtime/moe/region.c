// SPDX-License-Identifier: BSD-2-Clause
/*
 * The region map of one task: two sorted arrays (regions, areas) searched by
 * binary search. Every operation validates all its arguments and allocates
 * before it changes anything, so a failed call leaves the map as it was.
 */
#include <stdlib.h>
#include <string.h>

#include "region.h"

void *(*rm_realloc)(void *p, size_t size) = realloc;

#define PAGE_MASK (RM_PAGE_SIZE - 1)

static uint64_t end_of(const struct rm_region *r)
{
	return r->start + r->size;
}

/*
 * Index of the first entry ending above addr: the only one that can hold
 * addr, and the first that can overlap a range starting at addr. It is also
 * where an entry starting at addr is inserted.
 */
static size_t set_first_above(const struct rm_set *s, uint64_t addr)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (end_of(&s->v[mid]) <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The entry overlapping [start, start + size), or NULL. start + size must not wrap. */
static const struct rm_region *set_overlap(const struct rm_set *s, uint64_t start, uint64_t size)
{
	size_t i = set_first_above(s, start);

	return i < s->n && s->v[i].start < start + size ? &s->v[i] : NULL;
}

static const struct rm_region *set_find(const struct rm_set *s, uint64_t addr)
{
	size_t i = set_first_above(s, addr);

	return i < s->n && s->v[i].start <= addr ? &s->v[i] : NULL;
}

/* Make room for one more entry; the only step of an insertion that can fail. */
static int set_reserve(struct rm_set *s)
{
	if (s->n < s->cap)
		return 0;
	size_t cap = s->cap ? s->cap * 2 : 16;
	if (cap > SIZE_MAX / sizeof(*s->v))
		return -RM_ENOMEM;
	struct rm_region *v = rm_realloc(s->v, cap * sizeof(*v));
	if (!v)
		return -RM_ENOMEM;
	s->v = v;
	s->cap = cap;
	return 0;
}

/* Insert r, which overlaps no entry, after set_reserve succeeded. */
static void set_insert(struct rm_set *s, const struct rm_region *r)
{
	size_t i = set_first_above(s, r->start);

	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i] = *r;
	s->n++;
}

static void set_remove(struct rm_set *s, const struct rm_region *r, struct rm_region *out)
{
	size_t i = (size_t)(r - s->v);

	if (out)
		*out = *r;
	memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
	s->n--;
}

static void set_free(struct rm_set *s)
{
	free(s->v);
	*s = (struct rm_set){0};
}

void rm_init(struct rm *rm, uint64_t min, uint64_t end)
{
	*rm = (struct rm){0};
	if (min < RM_USER_MIN)
		min = RM_USER_MIN;
	if (min > RM_USER_END)
		min = RM_USER_END;
	if (end > RM_USER_END)
		end = RM_USER_END;
	min = (min + PAGE_MASK) & ~PAGE_MASK; /* cannot wrap: min <= RM_USER_END */
	end &= ~PAGE_MASK;
	rm->min = min;
	rm->end = end > min ? end : min; /* an empty range refuses everything */
}

void rm_destroy(struct rm *rm)
{
	set_free(&rm->regions);
	set_free(&rm->areas);
}

/* [addr, addr + size) is page aligned, non-empty and inside the usable range. */
static bool range_ok(const struct rm *rm, uint64_t addr, uint64_t size)
{
	if ((addr | size) & PAGE_MASK || size == 0)
		return false;
	/* Compare size with the room left, so a huge size cannot wrap addr + size. */
	return addr >= rm->min && addr < rm->end && size <= rm->end - addr;
}

/*
 * The lowest address at or above from, aligned to 1 << order, whose range of
 * size lies below limit and overlaps no entry of a or (if given) b.
 */
static int search(const struct rm_set *a, const struct rm_set *b, uint64_t from, uint64_t limit,
		  uint64_t size, unsigned order, uint64_t *found)
{
	uint64_t mask = (1ULL << order) - 1;

	for (;;) {
		if (from > UINT64_MAX - mask)
			return -RM_EADDRNOTAVAIL;
		uint64_t c = (from + mask) & ~mask;
		if (c >= limit || size > limit - c)
			return -RM_EADDRNOTAVAIL;
		const struct rm_region *x = set_overlap(a, c, size);
		const struct rm_region *y = b ? set_overlap(b, c, size) : NULL;
		if (!x && !y) {
			*found = c;
			return 0;
		}
		/* Skip past what is in the way; each turn passes at least one entry. */
		from = x ? end_of(x) : 0;
		if (y && end_of(y) > from)
			from = end_of(y);
	}
}

static bool order_ok(unsigned flags, unsigned align_order)
{
	return !(flags & RM_SEARCH_ADDR) || (align_order >= RM_PAGE_SHIFT && align_order < 64);
}

int rm_attach(struct rm *rm, uint64_t *addr, uint64_t size, unsigned flags, uint64_t ds,
	      uint64_t offset, unsigned align_order)
{
	uint64_t at = *addr;

	if (flags & ~(RM_RIGHTS | RM_SEARCH_ADDR | RM_IN_AREA) || !order_ok(flags, align_order))
		return -RM_EINVAL;
	if (size == 0 || (size | offset) & PAGE_MASK || offset > UINT64_MAX - size)
		return -RM_EINVAL;
	if (!(flags & RM_SEARCH_ADDR) && !range_ok(rm, at, size))
		return -RM_EINVAL;

	uint64_t from = rm->min, limit = rm->end;
	const struct rm_set *also = &rm->areas; /* areas are occupied unless RM_IN_AREA */
	if (flags & RM_IN_AREA) {
		const struct rm_region *area = set_find(&rm->areas, at);
		if (!area)
			return -RM_ENOENT;
		from = area->start;
		limit = end_of(area);
		also = NULL;
	}

	if (flags & RM_SEARCH_ADDR) {
		int err = search(&rm->regions, also, at > from ? at : from, limit, size,
				 align_order, &at);
		if (err)
			return err;
	} else {
		if (size > limit - at)
			return -RM_ENOENT; /* runs past the end of its area */
		if (set_overlap(&rm->regions, at, size) || (also && set_overlap(also, at, size)))
			return -RM_EEXIST;
	}

	if (set_reserve(&rm->regions))
		return -RM_ENOMEM;
	struct rm_region r = {at, size, ds, offset, flags & RM_RIGHTS};
	set_insert(&rm->regions, &r);
	*addr = at;
	return 0;
}

int rm_detach(struct rm *rm, uint64_t addr, struct rm_region *out)
{
	const struct rm_region *r = set_find(&rm->regions, addr);

	if (!r)
		return -RM_ENOENT;
	set_remove(&rm->regions, r, out);
	return 0;
}

int rm_reserve_area(struct rm *rm, uint64_t *addr, uint64_t size, unsigned flags,
		    unsigned align_order)
{
	uint64_t at = *addr;

	if (flags & ~(RM_SEARCH_ADDR | RM_GUARD) || !order_ok(flags, align_order))
		return -RM_EINVAL;
	if (size == 0 || size & PAGE_MASK)
		return -RM_EINVAL;

	if (flags & RM_SEARCH_ADDR) {
		int err = search(&rm->regions, &rm->areas, at > rm->min ? at : rm->min, rm->end,
				 size, align_order, &at);
		if (err)
			return err;
	} else {
		if (!range_ok(rm, at, size))
			return -RM_EINVAL;
		if (set_overlap(&rm->regions, at, size) || set_overlap(&rm->areas, at, size))
			return -RM_EEXIST;
	}

	if (set_reserve(&rm->areas))
		return -RM_ENOMEM;
	struct rm_region a = {at, size, 0, 0, RM_RESERVED | (flags & RM_GUARD)};
	set_insert(&rm->areas, &a);
	*addr = at;
	return 0;
}

int rm_free_area(struct rm *rm, uint64_t addr)
{
	const struct rm_region *a = set_find(&rm->areas, addr);

	if (!a)
		return -RM_ENOENT;
	if (set_overlap(&rm->regions, a->start, a->size))
		return -RM_EBUSY;
	set_remove(&rm->areas, a, NULL);
	return 0;
}

const struct rm_region *rm_find(const struct rm *rm, uint64_t addr)
{
	return set_find(&rm->regions, addr);
}

const struct rm_region *rm_find_area(const struct rm *rm, uint64_t addr)
{
	return set_find(&rm->areas, addr);
}

int rm_fault_offset(const struct rm_region *r, uint64_t addr, bool write, uint64_t *ds_offset)
{
	if (addr < r->start || addr - r->start >= r->size)
		return -RM_EINVAL;
	if (write && !(r->flags & RM_W))
		return -RM_EPERM;
	*ds_offset = r->offset + ((addr - r->start) & ~PAGE_MASK);
	return 0;
}

unsigned rm_fault_order(const struct rm_region *r, uint64_t addr, unsigned max)
{
	unsigned o = max;

	for (; o > RM_PAGE_SHIFT; o--) {
		uint64_t len = 1ULL << o, base = addr & ~(len - 1);
		/* base >= start and base + len <= end, written so nothing can wrap */
		if (!((r->start - r->offset) & (len - 1)) && base >= r->start &&
		    len <= r->size - (base - r->start))
			break;
	}
	return o;
}

unsigned rm_search_order(uint64_t size, uint64_t offset, unsigned max)
{
	unsigned o = max;

	while (o > RM_PAGE_SHIFT && ((1ULL << o) > size || offset & ((1ULL << o) - 1)))
		o--;
	return o;
}
