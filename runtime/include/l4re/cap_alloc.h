/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability slots for a program's own objects (as L4Re's l4re_util_cap_alloc):
 * slots L4RE_CAP_ALLOC_FIRST .. L4RE_CAP_ALLOC_END - 1 (env.h), safe to use
 * from several threads at once.
 */
#pragma once

#include <l4/sys/ipc.h>
#include <l4re/env.h>

/* A free slot (its selector), or L4_INVALID_CAP when all are taken. */
l4_cap_idx_t l4re_cap_alloc(void);

/*
 * Give the slot back. Whatever the slot holds stays: delete or release the
 * capability first. Selectors outside the range (L4_INVALID_CAP) are ignored.
 */
void l4re_cap_free(l4_cap_idx_t cap);
