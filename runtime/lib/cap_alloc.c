// SPDX-License-Identifier: BSD-2-Clause
/* The capability-slot allocator: a bitmap over L4RE_CAP_ALLOC_FIRST..END, claimed atomically. */
#include <stdbool.h>
#include <stdint.h>

#include <l4re/cap_alloc.h>

#define SLOTS (L4RE_CAP_ALLOC_END - L4RE_CAP_ALLOC_FIRST)
_Static_assert(SLOTS % 64 == 0, "the range fills whole bitmap words");

static uint64_t used[SLOTS / 64];

l4_cap_idx_t l4re_cap_alloc(void)
{
	for (unsigned w = 0; w < SLOTS / 64; w++) {
		uint64_t old = __atomic_load_n(&used[w], __ATOMIC_RELAXED);
		/* A compare-and-swap, not a lock: threads may call this at any time. */
		while (old != ~0UL) {
			unsigned bit = (unsigned)__builtin_ctzl(~old);
			if (__atomic_compare_exchange_n(&used[w], &old, old | (1UL << bit), false,
							__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
				return (L4RE_CAP_ALLOC_FIRST + w * 64UL + bit) << L4_CAP_SHIFT;
		}
	}
	return L4_INVALID_CAP;
}

void l4re_cap_free(l4_cap_idx_t cap)
{
	uint64_t slot = cap >> L4_CAP_SHIFT;

	if (cap == L4_INVALID_CAP || slot < L4RE_CAP_ALLOC_FIRST || slot >= L4RE_CAP_ALLOC_END)
		return;
	slot -= L4RE_CAP_ALLOC_FIRST;
	__atomic_and_fetch(&used[slot / 64], ~(1UL << (slot % 64)), __ATOMIC_RELEASE);
}
