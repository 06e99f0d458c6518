// SPDX-License-Identifier: BSD-2-Clause
/* moe's own capability slots: a bump allocator with a free list that grows as needed. */
#include <stdlib.h>

#include "moe.h"

#define FIRST_SLOT 64 /* below: the kernel-given ones and room to spare */

static uint64_t next_slot = FIRST_SLOT;
static l4_cap_idx_t *free_slots;
static unsigned nfree, free_cap;

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
	if (nfree == free_cap) {
		unsigned n = free_cap ? free_cap * 2 : 256;
		l4_cap_idx_t *v = realloc(free_slots, n * sizeof(*v));
		if (!v)
			return; /* the slot is lost, not reused: moe goes on */
		free_slots = v;
		free_cap = n;
	}
	free_slots[nfree++] = sel;
}
