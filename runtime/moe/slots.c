// SPDX-License-Identifier: BSD-2-Clause
/* moe's own capability slots: a bump allocator with a free list. */
#include "moe.h"

#define MAX_FREE 1024

#define FIRST_SLOT 64 /* below: the kernel-given ones and room to spare */

static uint64_t next_slot = FIRST_SLOT;
static l4_cap_idx_t free_slots[MAX_FREE];
static unsigned nfree;

l4_cap_idx_t moe_slot(void)
{
	if (nfree)
		return free_slots[--nfree];
	return (next_slot++) << L4_CAP_SHIFT;
}

l4_cap_idx_t moe_after_reply = L4_INVALID_CAP;

void moe_slot_free(l4_cap_idx_t sel)
{
	if (sel == L4_INVALID_CAP || (sel >> L4_CAP_SHIFT) < FIRST_SLOT ||
	    (sel >> L4_CAP_SHIFT) >= next_slot)
		return;
	if (nfree < MAX_FREE)
		free_slots[nfree++] = sel;
}
