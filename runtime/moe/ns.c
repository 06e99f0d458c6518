// SPDX-License-Identifier: BSD-2-Clause
/*
 * Namespaces made at run time (the rom namespace is rom.c's): names bound to
 * capabilities that moe keeps in its own slots, registered and queried by
 * programs through the namespace protocol. A namespace belongs to the
 * program whose allocator made it: the names in it count against that
 * program's limit (whoever registers them), and it goes when that program
 * ends, so programs that come and go leave nothing behind.
 */
#include <stdlib.h>
#include <string.h>

#include <l4/sys/task.h>
#include <l4re/env.h>

#include "moe.h"
#include "names.h"

struct moe_ns {
	struct ns ns; /* first: the object's pointer is also the struct ns's */
	struct app *owner;
	l4_cap_idx_t gate;
	struct moe_ns *next; /* in the owner's list */
};

l4_cap_idx_t ns_new_gate(struct app *owner)
{
	struct moe_ns *m = calloc(1, sizeof(*m));

	if (!m)
		return L4_INVALID_CAP;
	ns_init(&m->ns);
	m->owner = owner;
	m->gate = obj_gate(OBJ_NS, NULL, m);
	if (m->gate == L4_INVALID_CAP) {
		free(m);
		return L4_INVALID_CAP;
	}
	m->next = owner->namespaces;
	owner->namespaces = m;
	return m->gate;
}

static void ns_drop_cap(l4_cap_idx_t cap)
{
	if (cap == L4_INVALID_CAP) /* a placeholder's */
		return;
	l4_task_release_cap(L4_BASE_TASK_CAP, cap);
	moe_slot_free(cap);
}

void ns_free_all(struct app *owner)
{
	for (struct moe_ns *m = owner->namespaces, *next; m; m = next) {
		next = m->next;
		obj_drop(m->gate); /* first: no request can reach it any more */
		for (size_t i = 0; i < ns_count(&m->ns); i++)
			ns_drop_cap(ns_entry_at(&m->ns, i)->cap);
		owner->names -= (unsigned)ns_count(&m->ns);
		ns_destroy(&m->ns);
		free(m);
	}
	owner->namespaces = NULL;
}

/* The name in a request: mr[1] = length, the bytes from mr[first]. */
static bool req_name(unsigned words, unsigned first, const char **name, size_t *len)
{
	struct l4_utcb *u = l4_utcb();

	if (words < first || u->mr[1] > (words - first) * 8UL)
		return false;
	*name = (const char *)&u->mr[first];
	*len = u->mr[1];
	return true;
}

/* Keep the capability of a register request in a slot of moe's own; its rights in *crights. */
static long ns_take_cap(unsigned words, l4_cap_idx_t slot, unsigned *crights)
{
	struct l4_utcb *u = l4_utcb();
	l4_umword_t w0 = u->mr[words], w1 = u->mr[words + 1];

	/* moe's objects (local ids) are mapped from their gate, others are moved out of the
	 * receive window. */
	if (w0 & L4_ITEM_LOCAL_ID) {
		l4_cap_idx_t src = obj_gate_of(w1);
		*crights = L4_CAP_FPAGE_R | (unsigned)(w1 & 3);
		if (src == L4_INVALID_CAP)
			return -L4_EINVAL;
		return l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
				   L4_OBJ_FPAGE(src, 0, *crights), slot);
	}
	*crights = L4_CAP_FPAGE_RWSD;
	return l4_task_grant(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
			     L4_OBJ_FPAGE(MOE_RECV_WINDOW, 0, *crights), slot);
}

static l4_msgtag_t ns_register_req(struct moe_ns *m, l4_msgtag_t tag, unsigned rights)
{
	struct ns *ns = &m->ns;
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);
	const char *name;
	size_t len;

	if (!(rights & L4_CAP_FPAGE_W))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	if (!req_name(words, 3, &name, &len) || len > NS_NAME_MAX ||
	    u->mr[2] & ~(L4RE_NS_REPLACE | L4RE_NS_PLACEHOLDER))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	bool placeholder = u->mr[2] & L4RE_NS_PLACEHOLDER;
	/* A placeholder comes without a capability, anything else with exactly one. */
	if (L4_MSGTAG_ITEMS(tag) != (placeholder ? 0 : 1))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	char copy[NS_NAME_MAX + 1];
	memcpy(copy, name, len);
	unsigned flags =
		(u->mr[2] & L4RE_NS_REPLACE ? NS_REPLACE : 0) | (placeholder ? NS_PLACEHOLDER : 0);
	/* A new name counts against the owner's limit; a replaced one gives its capability back. */
	const struct ns_entry *old;
	size_t used;
	bool found = ns_query(ns, copy, len, &old, &used) == 0 && used == len;
	l4_cap_idx_t old_cap = found ? old->cap : L4_INVALID_CAP;
	if (!found && m->owner->names >= APP_MAX_NAMES)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);

	l4_cap_idx_t slot = L4_INVALID_CAP;
	unsigned crights = L4_CAP_FPAGE_R;
	long r = 0;
	if (!placeholder) {
		slot = moe_slot();
		r = ns_take_cap(words, slot, &crights);
	}
	if (r == 0) {
		int e = ns_register(ns, copy, len, slot, crights & NS_RIGHTS_MASK, flags);
		r = e == 0	      ? 0
		    : e == -NS_EEXIST ? -L4_EEXIST
		    : e == -NS_ENOMEM ? -L4_ENOMEM
				      : -L4_EINVAL;
	}
	if (r != 0) {
		if (slot != L4_INVALID_CAP)
			ns_drop_cap(slot);
	} else if (found) {
		ns_drop_cap(old_cap);
	} else {
		m->owner->names++;
	}
	return L4_MSGTAG(r, 0, 0, 0);
}

static l4_msgtag_t ns_unlink_req(struct moe_ns *m, l4_msgtag_t tag, unsigned rights)
{
	struct ns *ns = &m->ns;
	const struct ns_entry *e;
	const char *name;
	size_t len, used;

	if (!(rights & L4_CAP_FPAGE_W))
		return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
	if (!req_name(L4_MSGTAG_WORDS(tag), 2, &name, &len))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	/* The whole name must be one entry of this namespace (no path). */
	if (ns_query(ns, name, len, &e, &used) != 0 || used != len)
		return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
	l4_cap_idx_t cap = e->cap;
	int r = ns_unlink(ns, name, len);
	if (r != 0)
		return L4_MSGTAG(r == -NS_EPERM ? -L4_EPERM : -L4_ENOENT, 0, 0, 0);
	ns_drop_cap(cap);
	m->owner->names--;
	return L4_MSGTAG(0, 0, 0, 0);
}

static l4_msgtag_t ns_query_req(struct ns *ns, l4_msgtag_t tag)
{
	const struct ns_entry *e;
	const char *name;
	size_t len, used;

	if (!req_name(L4_MSGTAG_WORDS(tag), 2, &name, &len))
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	int r = ns_query(ns, name, len, &e, &used);
	if (r != 0)
		return L4_MSGTAG(r == -NS_ENOENT ? -L4_ENOENT : -L4_EINVAL, 0, 0, 0);
	if (e->flags & NS_PLACEHOLDER) /* reserved, its capability not registered yet */
		return L4_MSGTAG(-L4_EAGAIN, 0, 0, 0);
	return moe_reply_cap(e->cap, e->rights, false);
}

l4_msgtag_t ns_request(void *ptr, l4_msgtag_t tag, unsigned rights)
{
	struct l4_utcb *u = l4_utcb();

	if (!ptr)
		return rom_ns_query(tag);
	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_NAMESPACE || L4_MSGTAG_WORDS(tag) < 2)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	switch (u->mr[0]) {
	case L4RE_NS_QUERY_OP: return ns_query_req(ptr, tag);
	case L4RE_NS_REGISTER_OP: return ns_register_req(ptr, tag, rights);
	case L4RE_NS_UNLINK_OP: return ns_unlink_req(ptr, tag, rights);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}
