// SPDX-License-Identifier: BSD-2-Clause
/*
 * A program's requests on its own region map: attach a dataspace (moe's own,
 * arriving as a local id), detach, reserve and free areas. The regions hold
 * references on their dataspaces (ds.c).
 */
#include <l4/sys/task.h>
#include <l4re/env.h>

#include "moe.h"

/* Take [start, start + size) out of the program's address space, in aligned flexpages. */
static void unmap_range(struct app *a, uint64_t start, uint64_t size)
{
	while (size) {
		unsigned order = 12;
		while (order < 40 && !(start & ((2UL << order) - 1)) && (2UL << order) <= size)
			order++;
		l4_task_unmap(a->task, L4_MEM_FPAGE(start, order, L4_FPAGE_RWX), L4_FP_ALL_SPACES);
		start += 1UL << order;
		size -= 1UL << order;
	}
}

static long rm_errno(int err)
{
	switch (-err) {
	case RM_EEXIST: return -L4_EEXIST;
	case RM_ENOMEM: return -L4_ENOMEM;
	case RM_ENOENT: return -L4_ENOENT;
	case RM_EBUSY: return -L4_EBUSY;
	case RM_EADDRNOTAVAIL: return -L4_EADDRNOTAVAIL;
	default: return -L4_EINVAL;
	}
}

static l4_msgtag_t rm_attach_request(struct app *a, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (words < 5 || L4_MSGTAG_ITEMS(tag) != 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	l4_umword_t w0 = u->mr[words], w1 = u->mr[words + 1];
	enum obj_type type;
	struct app *owner;
	void *ptr;
	if (!(w0 & L4_ITEM_LOCAL_ID) || !obj_lookup(w1, &type, &owner, &ptr) || type != OBJ_DS)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	struct ds *ds = ptr;
	unsigned flags = (unsigned)u->mr[3];
	uint64_t addr = u->mr[1], size = u->mr[2], offset = u->mr[4];
	if (flags & ~(L4RE_RM_R | L4RE_RM_W | L4RE_RM_X | L4RE_RM_SEARCH | L4RE_RM_IN_AREA))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	if ((flags & L4RE_RM_W) && (!ds->writable || !(w1 & L4_CAP_FPAGE_W)))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	uint64_t ds_pages = (ds->size + MOE_PAGE - 1) & ~(MOE_PAGE - 1);
	if (!size)
		size = ds_pages > offset ? ds_pages - offset : 0;
	size = (size + MOE_PAGE - 1) & ~(MOE_PAGE - 1);
	if (offset % MOE_PAGE || offset >= ds_pages || size > ds_pages - offset)
		return L4_MSGTAG(-L4_ERANGE, 0, 0, 0);
	unsigned rf = (flags & L4RE_RM_R ? RM_R : 0) | (flags & L4RE_RM_W ? RM_W : 0) |
		      (flags & L4RE_RM_X ? RM_X : 0) |
		      (flags & L4RE_RM_SEARCH ? RM_SEARCH_ADDR : 0) |
		      (flags & L4RE_RM_IN_AREA ? RM_IN_AREA : 0);
	/* A searched address aligned as the size allows, so faults get large mappings. */
	unsigned align =
		rf & RM_SEARCH_ADDR ? rm_search_order(size, offset, MOE_MAX_ORDER) : RM_PAGE_SHIFT;
	int err = rm_attach(&a->rm, &addr, size, rf | RM_R, (uint64_t)ds, offset, align);
	if (err == -RM_EADDRNOTAVAIL && align > RM_PAGE_SHIFT)
		err = rm_attach(&a->rm, &addr, size, rf | RM_R, (uint64_t)ds, offset,
				RM_PAGE_SHIFT);
	if (err)
		return L4_MSGTAG(rm_errno(err), 0, 0, 0);
	ds_ref(ds);
	u->mr[0] = addr;
	return L4_MSGTAG(0, 1, 0, 0);
}

/* Regions and areas cost moe memory: each program has a bounded number. */
static bool rm_full(const struct app *a)
{
	return rm_count(&a->rm) + rm_area_count(&a->rm) >= APP_MAX_REGIONS;
}

l4_msgtag_t app_rm_request(struct app *a, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct rm_region r;
	uint64_t addr;
	unsigned flags, align;
	int err;

	if (words < 2)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case L4RE_RM_ATTACH_OP:
		if (rm_full(a))
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		return rm_attach_request(a, tag);
	case L4RE_RM_DETACH_OP:
		if (rm_detach(&a->rm, u->mr[1], &r) != 0)
			return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
		unmap_range(a, r.start, r.size);
		ds_unref((struct ds *)r.ds);
		return L4_MSGTAG(0, 0, 0, 0);
	case L4RE_RM_RESERVE_OP:
		if (words < 4 || (u->mr[3] & ~(uint64_t)(L4RE_RM_SEARCH | L4RE_RM_GUARD)))
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		if (rm_full(a))
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		addr = u->mr[1];
		flags = (u->mr[3] & L4RE_RM_SEARCH ? RM_SEARCH_ADDR : 0) |
			(u->mr[3] & L4RE_RM_GUARD ? RM_GUARD : 0);
		align = flags & RM_SEARCH_ADDR ? rm_search_order(u->mr[2], 0, MOE_MAX_ORDER)
					       : RM_PAGE_SHIFT;
		err = rm_reserve_area(&a->rm, &addr, u->mr[2], flags, align);
		if (err == -RM_EADDRNOTAVAIL && align > RM_PAGE_SHIFT)
			err = rm_reserve_area(&a->rm, &addr, u->mr[2], flags, RM_PAGE_SHIFT);
		if (err)
			return L4_MSGTAG(rm_errno(err), 0, 0, 0);
		u->mr[0] = addr;
		return L4_MSGTAG(0, 1, 0, 0);
	case L4RE_RM_FREE_AREA_OP:
		/* The UTCB area is the kernel's, not the program's to free. */
		if (u->mr[1] >= L4RE_UTCB_AREA &&
		    u->mr[1] - L4RE_UTCB_AREA < (1UL << L4RE_UTCB_ORDER))
			return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
		err = rm_free_area(&a->rm, u->mr[1]);
		return L4_MSGTAG(err ? rm_errno(err) : 0, 0, 0, 0);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
