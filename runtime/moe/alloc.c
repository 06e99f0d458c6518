// SPDX-License-Identifier: BSD-2-Clause
/*
 * A program's memory allocator (L4Re's Mem_alloc, which ned calls
 * user_factory): a user-level factory that makes dataspaces charged to the
 * program's quota, namespaces, and schedulers confined to a priority range.
 * The protocol is in runtime/include/l4re/env.h.
 */
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4re/env.h>

#include "moe.h"

static l4_msgtag_t new_dataspace(struct app *a, uint64_t size)
{
	if (!size || size > (1UL << 40))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	/* Before moe spends its own memory on the page table of the dataspace. */
	if (size > a->mem.limit - a->mem.used)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	struct ds *ds = ds_new_anon(size);
	if (!ds)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	if (ds_commit(ds, &a->mem) != 0) {
		ds_unref(ds);
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	}
	/* The gate is nobody's: the dataspace may outlive the program that asked for it. */
	ds->gate = obj_gate(OBJ_DS, NULL, ds);
	if (ds->gate == L4_INVALID_CAP) {
		ds_unref(ds);
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	}
	app_own_ds(a, ds);
	a->alloc_objs++;
	return moe_reply_cap(ds->gate, L4_CAP_FPAGE_RW, false);
}

/* A kernel scheduler object derived from the program's own, charged to its kernel quota. */
static l4_msgtag_t new_scheduler(struct app *a, uint64_t limit, uint64_t base)
{
	l4_cap_idx_t slot = moe_slot();
	long r = l4_factory_create_scheduler(
		a->factory, slot, a->sched ? a->sched : L4_BASE_SCHEDULER_CAP,
		(unsigned)(limit > 255 ? 256 : limit), (unsigned)(base > 255 ? 256 : base));
	if (r != 0) {
		moe_slot_free(slot);
		return L4_MSGTAG(r, 0, 0, 0);
	}
	/* Granted: the client holds the only capability; the slot is freed after the reply. */
	moe_after_reply = slot;
	return moe_reply_cap(slot, L4_CAP_FPAGE_RWSD, true);
}

l4_msgtag_t alloc_request(struct app *a, l4_msgtag_t tag, unsigned rights)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_FACTORY || words < 1)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (!(rights & L4_CAP_FPAGE_W))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	if (a->alloc_objs >= APP_MAX_ALLOC_OBJS)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	switch ((long)u->mr[0]) {
	case L4RE_PROTO_DATASPACE:
		if (words < 2)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		return new_dataspace(a, u->mr[1]);
	case L4RE_PROTO_NAMESPACE: {
		l4_cap_idx_t g = ns_new_gate(a);
		if (g == L4_INVALID_CAP)
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		a->alloc_objs++; /* it goes when the program ends */
		return moe_reply_cap(g, L4_CAP_FPAGE_RW, false);
	}
	case L4_PROTO_SCHEDULER:
		if (words < 3)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		return new_scheduler(a, u->mr[1], u->mr[2]);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
