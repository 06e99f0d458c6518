// SPDX-License-Identifier: BSD-2-Clause
/*
 * Memory for programs, from sigma0: 4 MiB blocks that land 1:1 in moe's
 * address space, cut into aligned blocks of 2 MiB, 64 KiB and pages, each
 * size on a free list of its own. A fault can then be answered with one
 * large mapping of contiguous memory (ds.c). Blocks are split when a
 * smaller size runs out and never merged again: that costs only the chance
 * of a large mapping later, never memory.
 *
 * Reserved memory (moe.h) is memory taken from sigma0 already and kept on
 * the free lists, but promised: unreserved allocations leave at least that
 * much there. Since blocks split down to pages, any free byte is a page to
 * be had, so a reservation can always be drawn as pages, if not in blocks.
 */
#include <l4/sigma0/sigma0.h>

#include "moe.h"

struct free_block {
	struct free_block *next;
};

static const unsigned orders[] = {MOE_PAGE_SHIFT, MOE_MID_ORDER, MOE_MAX_ORDER};
#define LEVELS (sizeof(orders) / sizeof(orders[0]))

static struct free_block *free_list[LEVELS];
static uint64_t free_bytes, reserved_bytes;
static bool sigma0_empty; /* it hands memory out once: after a no, it has none */

static unsigned level_of(unsigned order)
{
	unsigned l = 0;
	while (l + 1 < LEVELS && orders[l] < order)
		l++;
	return l;
}

static void push(unsigned l, void *p)
{
	struct free_block *b = p;
	b->next = free_list[l];
	free_list[l] = b;
	free_bytes += 1UL << orders[l];
}

static bool refill_quiet(bool quiet)
{
	struct l4_utcb *u = l4_utcb();

	if (sigma0_empty)
		return false;
	u->mr[0] = SIGMA0_OP_ANON;
	u->mr[1] = SIGMA0_MAX_ORDER;
	u->br[L4_BR_MEM] = L4_MEM_FPAGE(0, L4_WHOLE_SPACE_ORDER, L4_FPAGE_RWX);
	l4_msgtag_t t =
		l4_ipc_call(L4_BASE_PAGER_CAP, L4_MSGTAG(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
	u->br[L4_BR_MEM] = L4_FPAGE_NIL;
	if (l4_ipc_error(t) || L4_MSGTAG_LABEL(t) < 0 || L4_MSGTAG_ITEMS(t) != 1) {
		if (!quiet)
			moe_log("sigma0 gives no more memory (IPC error %ld, answer %ld)",
				l4_ipc_error(t), L4_MSGTAG_LABEL(t));
		sigma0_empty = true;
		return false;
	}
	/* The send base is where it landed: aligned to its 4 MiB, as sigma0 sends it. */
	uint64_t base = u->mr[0] & ~((1UL << SIGMA0_MAX_ORDER) - 1);
	for (uint64_t off = 0; off < (1UL << SIGMA0_MAX_ORDER); off += 1UL << MOE_MAX_ORDER)
		push(LEVELS - 1, (void *)(base + off));
	return true;
}

static bool refill(void)
{
	return refill_quiet(false);
}

void moe_mem_take_all(void)
{
	while (refill_quiet(true))
		;
}

/* A block off the free lists (splitting a larger one, or from sigma0), reserved or not. */
static void *block_take(unsigned order)
{
	unsigned l = level_of(order);

	if (!free_list[l]) {
		if (l + 1 == LEVELS) {
			if (!refill())
				return NULL;
		} else {
			uint8_t *big = block_take(orders[l + 1]);
			if (!big)
				return NULL;
			for (uint64_t off = 1UL << orders[l + 1]; off;)
				push(l, big + (off -= 1UL << orders[l]));
		}
	}
	struct free_block *b = free_list[l];
	free_list[l] = b->next;
	free_bytes -= 1UL << orders[l];
	return b;
}

/* At least bytes more on the free lists than is promised, or false. */
static bool have_unreserved(uint64_t bytes)
{
	while (free_bytes < reserved_bytes + bytes)
		if (!refill())
			return false;
	return true;
}

void *moe_block_alloc(unsigned order)
{
	if (!have_unreserved(1UL << order))
		return NULL;
	return block_take(order);
}

void *moe_block_alloc_reserved(unsigned order)
{
	void *p = block_take(order);

	if (p)
		reserved_bytes -= 1UL << order;
	return p;
}

bool moe_mem_reserve(uint64_t bytes)
{
	if (!have_unreserved(bytes))
		return false;
	reserved_bytes += bytes;
	return true;
}

void moe_mem_unreserve(uint64_t bytes)
{
	reserved_bytes -= bytes;
}

uint64_t moe_mem_reserved_bytes(void)
{
	return reserved_bytes;
}

void moe_block_free(void *p, unsigned order)
{
	push(level_of(order), p);
}

uint64_t moe_mem_free_bytes(void)
{
	return free_bytes;
}
