/* SPDX-License-Identifier: BSD-2-Clause */
/* Memory mappings of tasks, recorded in the mapping database. */
#pragma once

#include "types.h"

struct task;

/* A root mapping (no parent): pages the kernel gives a task. owned: freed with it. */
long mem_insert_root(struct task *t, uaddr_t va, paddr_t pa, unsigned perms, bool owned,
		     bool device) __must_check;

/*
 * Map (or grant) the mapped pages of src in [src_va, src_va + 2^order) to dst
 * at dst_va, with rights & each source page's rights. Existing mappings in
 * dst are replaced, except pages the kernel manages (UTCBs).
 */
long mem_map(struct task *src, uaddr_t src_va, unsigned order, unsigned rights, struct task *dst,
	     uaddr_t dst_va, bool grant) __must_check;

/* Revoke a memory flexpage of t (flags: L4_FP_*); rights not R: only those rights. */
void mem_unmap(struct task *t, u64 fp, u64 flags);

/* Revoke every mapping of t (task deletion); frees the tables. */
void mem_space_destroy(struct task *t);

/* Is a memory flexpage well formed: order 12..48, base aligned, inside user space? */
bool mem_fpage_valid(u64 fp);
