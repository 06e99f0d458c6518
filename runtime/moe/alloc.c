// SPDX-License-Identifier: BSD-2-Clause
/*
 * A program's memory allocator (L4Re's Mem_alloc, which ned calls
 * user_factory): a user-level factory that makes dataspaces charged to the
 * program's quota, namespaces, schedulers confined to a priority range, and
 * logs. The protocol is in runtime/include/l4re/env.h, its arguments typed
 * as in runtime/include/l4re/factory.h.
 */
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4re/env.h>
#include <l4re/factory.h>
#include <l4re/log.h>

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

/* A log of its own (L4Re's Proto.Log): tag, colour (a name or L4Re's value), cons's flags. */
static l4_msgtag_t new_log(struct app *a, const struct l4re_varg *v, unsigned n)
{
	int color = 7; /* as L4Re's moe: white when none is given */
	size_t flags = 0;
	l4_cap_idx_t gate;

	if (n < 1 || v[0].type != L4RE_VARG_STR || memchr(v[0].s, '\n', v[0].len))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	if (n > 1 && v[1].type == L4RE_VARG_STR)
		color = l4re_log_color(v[1].s, v[1].len);
	else if (n > 1 && v[1].type == L4RE_VARG_INT)
		color = v[1].value >= 0 && v[1].value <= 15 ? (int)v[1].value : -1;
	for (unsigned i = 2; i < n; i++) {
		if (v[i].type != L4RE_VARG_STR || !l4re_log_flag_ok(v[i].s, v[i].len))
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		flags += v[i].len + 1;
	}
	if (color < 0 || flags > LOG_FLAGS_MAX)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	char tag[sizeof(a->logs->tag)];
	size_t len = v[0].len < sizeof(tag) - 1 ? v[0].len : sizeof(tag) - 1;
	memcpy(tag, v[0].s, len);
	tag[len] = '\0';
	struct log *l = log_new(a, tag, &gate);
	if (!l)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	l->color = (unsigned)color;
	for (unsigned i = 2; i < n; i++)
		log_add_flag(l, v[i].s, v[i].len);
	return moe_reply_cap(gate, L4_CAP_FPAGE_RW, false);
}

#define MAX_ARGS 8

l4_msgtag_t alloc_request(struct app *a, l4_msgtag_t tag, unsigned rights)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);
	struct l4re_varg v[MAX_ARGS];
	unsigned n = 0, at = 1;
	int got;

	if (L4_MSGTAG_LABEL(tag) != L4_PROTO_FACTORY || words < 1)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (!(rights & L4_CAP_FPAGE_W))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	if (a->alloc_objs >= APP_MAX_ALLOC_OBJS)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	/*
	 * Decoded from a copy: strings point into it, and making the object
	 * (a gate, a kernel call) overwrites the message registers.
	 */
	l4_umword_t mr[L4_UTCB_MRS];
	if (words > L4_UTCB_MRS)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	memcpy(mr, u->mr, words * sizeof(mr[0]));
	while (n < MAX_ARGS && (got = l4re_factory_arg(mr, words, &at, &v[n])) == 1)
		n++;
	if (n == MAX_ARGS ? at < words : got < 0)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch ((long)mr[0]) {
	case L4RE_PROTO_DATASPACE:
		/* L4Re's flags and alignment may follow: Tern's dataspaces have none. */
		for (unsigned i = 1; i < n; i++)
			if (v[i].type == L4RE_VARG_STR)
				return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		if (n < 1 || v[0].type != L4RE_VARG_INT)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		return new_dataspace(a, (uint64_t)v[0].value);
	case L4RE_PROTO_NAMESPACE: {
		if (n)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		l4_cap_idx_t g = ns_new_gate(a);
		if (g == L4_INVALID_CAP)
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		a->alloc_objs++; /* it goes when the program ends */
		return moe_reply_cap(g, L4_CAP_FPAGE_RW, false);
	}
	case L4_PROTO_SCHEDULER:
		if (n < 2 || v[0].type != L4RE_VARG_INT || v[1].type != L4RE_VARG_INT)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		/* L4Re's CPU bit maps may follow: the first must hold CPU 0, Tern's only one. */
		if (n >= 3 && v[2].type != L4RE_VARG_NIL &&
		    (v[2].type != L4RE_VARG_INT || !(v[2].value & 1)))
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		return new_scheduler(a, (uint64_t)v[0].value, (uint64_t)v[1].value);
	case L4_PROTO_LOG: return new_log(a, v, n);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
