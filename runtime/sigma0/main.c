// SPDX-License-Identifier: BSD-2-Clause
/*
 * sigma0, the root pager. The kernel gives it all RAM beyond its own reserve
 * (ram=BASE:SIZE arguments) and maps each page 1:1 when sigma0 touches it.
 * sigma0 hands that memory to moe, its only client, through the sigma0
 * protocol and by answering moe's page faults identically, first come, first
 * served, and never takes it back.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sigma0/sigma0.h>
#include <l4/sys/task.h>

#define PAGE	   4096UL
#define MAX_RANGES 8
#define MAX_PAGES  (1UL << 20) /* 4 GiB of RAM */

struct range {
	uint64_t base, size;
};

static struct range ram[MAX_RANGES];
static unsigned nram;
static uint64_t used[MAX_PAGES / 64]; /* one bit per page of the ranges, in order */
static uint64_t total_pages, free_pages;

/* Page index of pa across the ranges, or -1 when pa is not sigma0's RAM. */
static long page_index(uint64_t pa)
{
	uint64_t idx = 0;

	for (unsigned i = 0; i < nram; i++) {
		if (pa >= ram[i].base && pa < ram[i].base + ram[i].size)
			return (long)(idx + (pa - ram[i].base) / PAGE);
		idx += ram[i].size / PAGE;
	}
	return -1;
}

static bool page_used(long i)
{
	return used[i / 64] & (1UL << (i % 64));
}

static void mark(long first, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		used[(first + i) / 64] |= 1UL << ((first + i) % 64);
	free_pages -= n;
}

/* Touch the pages so that the kernel maps them to sigma0 (1:1) before passing them on. */
static void touch(uint64_t pa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE)
		(void)*(volatile uint8_t *)(pa + off);
}

/* The lowest free block of 2^order bytes, aligned to its size; 0 if none. */
static uint64_t alloc_block(unsigned order)
{
	uint64_t size = 1UL << order;

	for (unsigned r = 0; r < nram; r++) {
		uint64_t start = (ram[r].base + size - 1) & ~(size - 1);
		for (uint64_t pa = start; pa + size <= ram[r].base + ram[r].size; pa += size) {
			long first = page_index(pa);
			bool free_block = true;
			for (uint64_t i = 0; i < size / PAGE && free_block; i++)
				free_block = !page_used(first + (long)i);
			if (free_block) {
				mark(first, size / PAGE);
				return pa;
			}
		}
	}
	return 0;
}

static bool parse_ranges(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strncmp(argv[i], "ram=", 4) != 0 || nram == MAX_RANGES)
			continue;
		char *end;
		uint64_t base = strtoull(argv[i] + 4, &end, 0);
		if (*end != ':')
			return false;
		uint64_t size = strtoull(end + 1, &end, 0);
		if (*end || base % PAGE || size % PAGE || total_pages + size / PAGE > MAX_PAGES)
			return false;
		ram[nram++] = (struct range){base, size};
		total_pages += size / PAGE;
	}
	free_pages = total_pages;
	return nram > 0;
}

/* Reply with one map item sending [pa, pa + 2^order) to land 1:1. */
static l4_msgtag_t map_reply(uint64_t pa, unsigned order, unsigned rights)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4_ITEM_MAP | pa;
	u->mr[1] = L4_MEM_FPAGE(pa, order, rights);
	return L4_MSGTAG(0, 0, 1, 0);
}

static l4_msgtag_t handle_fault(uint64_t addr)
{
	uint64_t page = L4_PF_ADDR(addr) & ~(PAGE - 1);
	long i = page_index(page);

	/* moe's faults in sigma0's RAM are answered 1:1, once per page. */
	if (i < 0 || page_used(i)) {
		printf("sigma0: page fault at 0x%llx not served (%s)\n", (unsigned long long)page,
		       i < 0 ? "not RAM" : "already given");
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	}
	mark(i, 1);
	touch(page, PAGE);
	return map_reply(page, 12, L4_FPAGE_RWX);
}

static l4_msgtag_t handle_request(unsigned words, unsigned rights, bool *shutdown)
{
	struct l4_utcb *u = l4_utcb();

	if (words < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (u->mr[0]) {
	case SIGMA0_OP_ANON: {
		unsigned order = words >= 2 ? (unsigned)u->mr[1] : 0;
		if (order < 12 || order > SIGMA0_MAX_ORDER)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		uint64_t pa = alloc_block(order);
		if (!pa)
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		touch(pa, 1UL << order);
		return map_reply(pa, order, L4_FPAGE_RWX);
	}
	case SIGMA0_OP_INFO:
		u->mr[0] = free_pages * PAGE;
		u->mr[1] = total_pages * PAGE;
		return L4_MSGTAG(0, 2, 0, 0);
	case SIGMA0_OP_SHUTDOWN:
		if (!(rights & L4_CAP_FPAGE_W))
			return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
		*shutdown = true;
		return L4_MSGTAG(0, 0, 0, 0);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}

int main(int argc, char **argv)
{
	l4_umword_t label;
	bool shutdown = false;

	if (!parse_ranges(argc, argv)) {
		printf("sigma0: no RAM ranges (ram=BASE:SIZE) in the arguments\n");
		return 1;
	}
	printf("sigma0: %llu MiB of RAM in %u range(s)\n",
	       (unsigned long long)(total_pages * PAGE >> 20), nram);

	l4_msgtag_t t = l4_ipc_wait(&label, L4_IPC_NEVER);
	for (;;) {
		l4_msgtag_t reply;
		if (l4_ipc_error(t)) {
			t = l4_ipc_wait(&label, L4_IPC_NEVER);
			continue;
		}
		long proto = L4_MSGTAG_LABEL(t);
		if (proto == L4_PROTO_PF && L4_MSGTAG_WORDS(t) >= 2)
			reply = handle_fault(l4_utcb()->mr[0]);
		else if (proto == L4_PROTO_SIGMA0)
			reply = handle_request(L4_MSGTAG_WORDS(t), label & 3, &shutdown);
		else
			reply = L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
		if (shutdown) {
			l4_ipc_reply(reply);
			printf("sigma0: shutting down\n");
			return 0;
		}
		t = l4_ipc_reply_and_wait(reply, &label, L4_IPC_NEVER);
	}
}
