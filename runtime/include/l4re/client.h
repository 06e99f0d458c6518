/* SPDX-License-Identifier: BSD-2-Clause */
/* Clients of moe's objects: namespaces, dataspaces, region maps (docs/runtime.md). */
#pragma once

#include <string.h>

#include <l4/sys/ipc.h>
#include <l4re/env.h>
#include <l4re/factory.h>

/* Put op and name in the message (mr[1] = length, mr[2..] = bytes); its words, or 0 if too long. */
static inline unsigned l4re_ns_name_msg(l4_umword_t op, const char *name)
{
	struct l4_utcb *u = l4_utcb();
	size_t len = strlen(name);

	if (len > (L4_MSG_WORDS_MAX - 2) * 8)
		return 0;
	u->mr[0] = op;
	u->mr[1] = len;
	memcpy(&u->mr[2], name, len);
	return 2 + (unsigned)((len + 7) / 8);
}

/* Look name up in a namespace; the capability lands in slot dst. Returns 0 or -L4_E*. */
static inline long l4re_ns_query(l4_cap_idx_t ns, const char *name, l4_cap_idx_t dst)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = l4re_ns_name_msg(L4RE_NS_QUERY_OP, name);

	if (!words)
		return -L4_ERANGE;
	u->br[L4_BR_OBJ] = L4_OBJ_FPAGE(dst, 0, L4_CAP_FPAGE_RWSD);
	l4_msgtag_t t = l4_ipc_call(ns, L4_MSGTAG(L4RE_PROTO_NAMESPACE, words, 0, 0), L4_IPC_NEVER);
	u->br[L4_BR_OBJ] = L4_FPAGE_NIL;
	return l4_result(t);
}

/*
 * Register cap (with rights) under name in a namespace (needs W on it); flags
 * L4RE_NS_REPLACE, and L4RE_NS_PLACEHOLDER to reserve the name (cap unused).
 */
static inline long l4re_ns_register_flags(l4_cap_idx_t ns, const char *name, l4_cap_idx_t cap,
					  unsigned rights, unsigned long flags)
{
	struct l4_utcb *u = l4_utcb();
	size_t len = strlen(name);
	unsigned words = 3 + (unsigned)((len + 7) / 8);
	unsigned items = flags & L4RE_NS_PLACEHOLDER ? 0 : 1;

	if (len > (L4_UTCB_MRS - 5) * 8) /* 62 words and the item's 2 */
		return -L4_ERANGE;
	u->mr[0] = L4RE_NS_REGISTER_OP;
	u->mr[1] = len;
	u->mr[2] = flags;
	memcpy(&u->mr[3], name, len);
	u->mr[words] = L4_ITEM_MAP;
	u->mr[words + 1] = L4_OBJ_FPAGE(cap, 0, rights);
	return l4_result(
		l4_ipc_call(ns, L4_MSGTAG(L4RE_PROTO_NAMESPACE, words, items, 0), L4_IPC_NEVER));
}

/* Register cap (with rights) under name in a namespace (needs W on it). */
static inline long l4re_ns_register(l4_cap_idx_t ns, const char *name, l4_cap_idx_t cap,
				    unsigned rights)
{
	return l4re_ns_register_flags(ns, name, cap, rights, 0);
}

/* Remove name from a namespace (needs W on it). */
static inline long l4re_ns_unlink(l4_cap_idx_t ns, const char *name)
{
	unsigned words = l4re_ns_name_msg(L4RE_NS_UNLINK_OP, name);

	if (!words)
		return -L4_ERANGE;
	return l4_result(
		l4_ipc_call(ns, L4_MSGTAG(L4RE_PROTO_NAMESPACE, words, 0, 0), L4_IPC_NEVER));
}

static inline long l4re_ds_size(l4_cap_idx_t ds, uint64_t *size)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_DS_SIZE_OP;
	long r = l4_result(l4_ipc_call(ds, L4_MSGTAG(L4RE_PROTO_DATASPACE, 1, 0, 0), L4_IPC_NEVER));
	if (r == 0)
		*size = u->mr[0];
	return r;
}

/* Attach size bytes of ds at offset into the caller's address space; *addr in/out. */
static inline long l4re_rm_attach(uint64_t *addr, uint64_t size, unsigned flags, l4_cap_idx_t ds,
				  uint64_t offset)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_RM_ATTACH_OP;
	u->mr[1] = *addr;
	u->mr[2] = size;
	u->mr[3] = flags;
	u->mr[4] = offset;
	u->mr[5] = L4_ITEM_MAP;
	u->mr[6] = L4_OBJ_FPAGE(ds, 0, L4_CAP_FPAGE_RW);
	long r = l4_result(
		l4_ipc_call(L4RE_RM_CAP, L4_MSGTAG(L4RE_PROTO_RM, 5, 1, 0), L4_IPC_NEVER));
	if (r == 0)
		*addr = u->mr[0];
	return r;
}

/* A region-map operation that names one address: detach, free an area. */
static inline long l4re_rm_addr_op(l4_umword_t op, uint64_t addr)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = op;
	u->mr[1] = addr;
	return l4_result(l4_ipc_call(L4RE_RM_CAP, L4_MSGTAG(L4RE_PROTO_RM, 2, 0, 0), L4_IPC_NEVER));
}

static inline long l4re_rm_detach(uint64_t addr)
{
	return l4re_rm_addr_op(L4RE_RM_DETACH_OP, addr);
}

/* Reserve [*addr, *addr + size) (flags L4RE_RM_SEARCH: any free range from *addr up). */
static inline long l4re_rm_reserve_area(uint64_t *addr, uint64_t size, unsigned flags)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_RM_RESERVE_OP;
	u->mr[1] = *addr;
	u->mr[2] = size;
	u->mr[3] = flags;
	long r = l4_result(
		l4_ipc_call(L4RE_RM_CAP, L4_MSGTAG(L4RE_PROTO_RM, 4, 0, 0), L4_IPC_NEVER));
	if (r == 0)
		*addr = u->mr[0];
	return r;
}

static inline long l4re_rm_free_area(uint64_t addr)
{
	return l4re_rm_addr_op(L4RE_RM_FREE_AREA_OP, addr);
}

/*
 * Ask a user-level factory (moe's memory allocator, a server's channel) for an
 * object of protocol proto with nargs integer arguments (l4re/factory.h has
 * strings and nil too); it lands in slot dst.
 */
static inline long l4re_factory_create(l4_cap_idx_t factory, long proto, const l4_umword_t *args,
				       unsigned nargs, l4_cap_idx_t dst)
{
	unsigned words;
	l4re_factory_begin(proto, &words);
	for (unsigned i = 0; i < nargs; i++)
		if (!l4re_factory_add(&words, L4RE_VARG_INT, (long)args[i], NULL, 0))
			return -L4_EINVAL;
	return l4re_factory_send(factory, words, dst);
}

/* A new anonymous dataspace of size bytes from moe, in slot dst (-L4_ENOMEM beyond the quota). */
static inline long l4re_ma_alloc(uint64_t size, l4_cap_idx_t dst)
{
	l4_umword_t arg = size;
	return l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_DATASPACE, &arg, 1, dst);
}
