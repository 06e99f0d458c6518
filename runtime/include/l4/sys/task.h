/* SPDX-License-Identifier: BSD-2-Clause */
/* The task protocol: memory and capability mapping, capability queries, exit. */
#pragma once

#include <l4/sys/ipc.h>

/* Map the send flexpage of src into dst at dest_base (both tasks named by selectors). */
static inline long l4_task_map(l4_cap_idx_t dst, l4_cap_idx_t src, l4_fpage_t fp,
			       l4_umword_t dest_base)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_TASK_MAP_OP;
	u->mr[1] = src;
	u->mr[2] = fp;
	u->mr[3] = dest_base;
	return l4_result(l4_kcall(dst, L4_PROTO_TASK, 4));
}

/* Revoke a flexpage of the task: flags L4_FP_OTHER_SPACES/ALL_SPACES/DELETE_OBJ. */
static inline long l4_task_unmap(l4_cap_idx_t task, l4_fpage_t fp, l4_umword_t flags)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_TASK_UNMAP_OP;
	u->mr[1] = fp;
	u->mr[2] = flags;
	return l4_result(l4_kcall(task, L4_PROTO_TASK, 3));
}

/* Delete the objects behind the selector (needs the D right). */
static inline long l4_task_delete_obj(l4_cap_idx_t task, l4_cap_idx_t obj)
{
	return l4_task_unmap(task, L4_OBJ_FPAGE(obj, 0, L4_CAP_FPAGE_RWSD),
			     L4_FP_ALL_SPACES | L4_FP_DELETE_OBJ);
}

/* Drop one capability (and what was derived from it) from the task's space. */
static inline long l4_task_release_cap(l4_cap_idx_t task, l4_cap_idx_t cap)
{
	return l4_task_unmap(task, L4_OBJ_FPAGE(cap, 0, L4_CAP_FPAGE_RWSD), L4_FP_ALL_SPACES);
}

/* The object type (L4_OBJ_*, 0 for an empty slot) behind cap in task; *rights its rights. */
static inline long l4_task_cap_info(l4_cap_idx_t task, l4_cap_idx_t cap, unsigned *rights)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_TASK_CAP_INFO_OP;
	u->mr[1] = cap;
	long r = l4_result(l4_kcall(task, L4_PROTO_TASK, 2));
	if (r < 0)
		return r;
	if (rights)
		*rights = (unsigned)u->mr[1];
	return (long)u->mr[0];
}

/* End the task behind cap (Tern); does not return when it is the caller's own. */
static inline long l4_task_exit(l4_cap_idx_t task, long code)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_TASK_EXIT_OP;
	u->mr[1] = (uint64_t)code;
	return l4_result(l4_kcall(task, L4_PROTO_TASK, 2));
}

/* Like l4_task_map, but move: src loses what dst gets (needs W on src too). */
static inline long l4_task_grant(l4_cap_idx_t dst, l4_cap_idx_t src, l4_fpage_t fp,
				 l4_umword_t dest_base)
{
	return l4_task_map(dst, src, fp, dest_base | L4_ITEM_GRANT);
}
