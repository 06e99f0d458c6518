// SPDX-License-Identifier: BSD-2-Clause
/*
 * Memory for programs, from sigma0: 4 MiB blocks that land 1:1 in moe's
 * address space, cut into pages kept on a free list.
 */
#include <string.h>

#include <l4/sigma0/sigma0.h>

#include "moe.h"

struct free_page {
	struct free_page *next;
};

static struct free_page *free_list;
static uint64_t free_bytes;

static bool refill(void)
{
	struct l4_utcb *u = l4_utcb();

	u->mr[0] = SIGMA0_OP_ANON;
	u->mr[1] = SIGMA0_MAX_ORDER;
	u->br[L4_BR_MEM] = L4_MEM_FPAGE(0, L4_WHOLE_SPACE_ORDER, L4_FPAGE_RWX);
	l4_msgtag_t t =
		l4_ipc_call(L4_BASE_PAGER_CAP, L4_MSGTAG(L4_PROTO_SIGMA0, 2, 0, 0), L4_IPC_NEVER);
	u->br[L4_BR_MEM] = L4_FPAGE_NIL;
	if (l4_ipc_error(t) || L4_MSGTAG_LABEL(t) < 0 || L4_MSGTAG_ITEMS(t) != 1) {
		moe_log("sigma0 gives no more memory (IPC error %ld, answer %ld)", l4_ipc_error(t),
			L4_MSGTAG_LABEL(t));
		return false;
	}
	uint64_t base = u->mr[0] & ~(MOE_PAGE - 1); /* the send base: where it landed */
	for (uint64_t off = 0; off < (1UL << SIGMA0_MAX_ORDER); off += MOE_PAGE)
		moe_page_free((void *)(base + off));
	return true;
}

void *moe_page_alloc(void)
{
	if (!free_list && !refill())
		return NULL;
	struct free_page *p = free_list;
	free_list = p->next;
	free_bytes -= MOE_PAGE;
	memset(p, 0, MOE_PAGE);
	return p;
}

void moe_page_free(void *page)
{
	struct free_page *p = page;
	p->next = free_list;
	free_list = p;
	free_bytes += MOE_PAGE;
}

uint64_t moe_mem_free_bytes(void)
{
	return free_bytes;
}
