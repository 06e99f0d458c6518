/* SPDX-License-Identifier: BSD-2-Clause */
/* Where a sent flexpage lands in a receive window (L4 map semantics). */
#pragma once

#include "types.h"

/*
 * A send flexpage of 2^s units at snd_base with hot spot hot, into a receive
 * window of 2^r units at rcv_base. s <= r: all of it lands at rcv_base plus
 * the hot spot modulo the window, rounded down to 2^s. s > r: only the 2^r
 * part of it that the hot spot selects is sent, to the whole window.
 * Gives the source and destination bases and the order actually mapped.
 * Units are bytes for memory and slots for capabilities.
 */
static inline void fpage_place(u64 snd_base, unsigned s, u64 hot, u64 rcv_base, unsigned r,
			       u64 *src, u64 *dst, unsigned *order)
{
	if (s <= r) {
		u64 off = hot & ((1UL << r) - 1) & ~((1UL << s) - 1);
		*src = snd_base;
		*dst = rcv_base + off;
		*order = s;
	} else {
		u64 off = hot & ((1UL << s) - 1) & ~((1UL << r) - 1);
		*src = snd_base + off;
		*dst = rcv_base;
		*order = r;
	}
}
