// SPDX-License-Identifier: BSD-2-Clause
/*
 * moe's memory allocator from a program: dataspaces charged to the quota
 * (refused beyond it, not a crash), malloc returning NULL at the quota and
 * working again after free, region-map areas, schedulers confined to a
 * priority range, a log of its own, and the allocator's error paths
 * (typed arguments among them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include <l4re/client.h>

#define SLOT(n) (L4RE_FIRST_FREE_CAP + ((l4_cap_idx_t)(n) << L4_CAP_SHIFT))
#define MiB	(1UL << 20)

static int checks, failed;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failed++;
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

static void dataspaces(void)
{
	uint64_t size = 0, addr = 0x20000000;

	check(l4re_ma_alloc(MiB, SLOT(0)) == 0, "a 1 MiB dataspace from the allocator");
	check(l4re_ds_size(SLOT(0), &size) == 0 && size == MiB, "it is 1 MiB");
	check(l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, SLOT(0), 0) == 0,
	      "attached writable");
	unsigned char *p = (unsigned char *)addr;
	check(p[0] == 0 && p[MiB - 1] == 0, "it reads as zeroes");
	memset(p, 0x5a, MiB);
	check(p[4096] == 0x5a && p[MiB - 1] == 0x5a, "it keeps what is written");
	check(l4re_ma_alloc(4096, SLOT(1)) == 0, "an odd size works (one page)");
	check(l4re_ma_alloc(1UL << 30, SLOT(2)) == -L4_ENOMEM,
	      "1 GiB is beyond the quota: ENOMEM, and the program goes on");
	check(l4_task_cap_info(L4_BASE_TASK_CAP, SLOT(2), NULL) == 0,
	      "nothing arrived in the slot after the refusal");
	check(l4re_ma_alloc(0, SLOT(2)) == -L4_EINVAL, "size 0: EINVAL");

	/* The same dataspace through a read-only capability cannot be attached writable. */
	l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(SLOT(0), 0, L4_CAP_FPAGE_R),
		    SLOT(3));
	uint64_t a2 = 0;
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, SLOT(3), 0) ==
		      -L4_EPERM,
	      "writable attach through a read-only capability: EPERM");
	a2 = 0;
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R | L4RE_RM_SEARCH, SLOT(3), 0) == 0 &&
		      ((unsigned char *)a2)[100] == 0x5a,
	      "read-only attach of the same dataspace shows the same memory");
	check(l4re_rm_detach(a2) == 0 && l4re_rm_detach(addr) == 0, "both detached");
	/* Detached and our capabilities gone: the dataspace stays moe's until we end. */
	l4_task_release_cap(L4_BASE_TASK_CAP, SLOT(3));
	l4_task_release_cap(L4_BASE_TASK_CAP, SLOT(0));
	l4_task_release_cap(L4_BASE_TASK_CAP, SLOT(1));
}

static void areas(void)
{
	uint64_t area = 0x40000000, at;

	check(l4re_rm_reserve_area(&area, 4 * MiB, 0) == 0 && area == 0x40000000,
	      "reserved a 4 MiB area");
	check(l4re_ma_alloc(MiB, SLOT(4)) == 0, "another dataspace");
	at = area + MiB;
	check(l4re_rm_attach(&at, MiB, L4RE_RM_R | L4RE_RM_W, SLOT(4), 0) == -L4_EEXIST,
	      "attaching into an area without IN_AREA: EEXIST");
	check(l4re_rm_attach(&at, MiB, L4RE_RM_R | L4RE_RM_W | L4RE_RM_IN_AREA, SLOT(4), 0) == 0,
	      "attaching inside the area with IN_AREA");
	at = area + 4 * MiB;
	check(l4re_rm_attach(&at, MiB, L4RE_RM_R | L4RE_RM_IN_AREA, SLOT(4), 0) == -L4_ENOENT,
	      "IN_AREA outside any area: ENOENT");
	check(l4re_rm_free_area(area) == -L4_EBUSY, "freeing an area in use: EBUSY");
	check(l4re_rm_detach(area + MiB) == 0 && l4re_rm_free_area(area) == 0,
	      "detached, then the area is freed");
	check(l4re_rm_free_area(area) == -L4_ENOENT, "freeing it again: ENOENT");
	check(l4re_rm_free_area(L4RE_UTCB_AREA) == -L4_EPERM, "the UTCB area stays: EPERM");
	uint64_t big = 0;
	check(l4re_rm_reserve_area(&big, 1UL << 47, L4RE_RM_SEARCH) == -L4_EADDRNOTAVAIL,
	      "an area larger than the free address space: EADDRNOTAVAIL");
	check(l4re_rm_reserve_area(&big, MiB, 0x8) == -L4_EINVAL, "unknown flags: EINVAL");
}

static void bad_requests(void)
{
	struct l4_utcb *u = l4_utcb();
	l4_umword_t arg = 4096;

	check(l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4_PROTO_IRQ, &arg, 1, SLOT(5)) == -L4_ENOSYS,
	      "an object the allocator does not make: ENOSYS");
	/* Typed arguments (l4re/factory.h): a string where a size belongs, a header lying. */
	unsigned words;
	l4re_factory_begin(L4RE_PROTO_DATASPACE, &words);
	l4re_factory_add(&words, L4RE_VARG_STR, 0, "4096", 4);
	check(l4re_factory_send(L4RE_MEM_ALLOC_CAP, words, SLOT(5)) == -L4_EINVAL,
	      "a dataspace size given as a string: EINVAL");
	l4re_factory_begin(L4RE_PROTO_DATASPACE, &words);
	u->mr[words++] = L4RE_VARG_STR | (4000UL << 8);
	check(l4re_factory_send(L4RE_MEM_ALLOC_CAP, words, SLOT(5)) == -L4_EINVAL,
	      "a string longer than the message: EINVAL");
	l4re_factory_begin(L4_PROTO_LOG, &words);
	l4re_factory_add(&words, L4RE_VARG_STR, 0, "mylog", 5);
	l4re_factory_add(&words, L4RE_VARG_STR, 0, "R", 1);
	l4re_factory_add(&words, L4RE_VARG_STR, 0, "key=l", 5);
	check(l4re_factory_send(L4RE_MEM_ALLOC_CAP, words, SLOT(13)) == 0 &&
		      l4_vcon_write(SLOT(13), "through a made log\n", 19) == 0,
	      "a log made with a tag, a colour and a flag, written to");
	l4re_factory_begin(L4_PROTO_LOG, &words);
	l4re_factory_add(&words, L4RE_VARG_STR, 0, "x", 1);
	l4re_factory_add(&words, L4RE_VARG_INT, 16, NULL, 0);
	check(l4re_factory_send(L4RE_MEM_ALLOC_CAP, words, SLOT(5)) == -L4_EINVAL,
	      "a log colour beyond 15: EINVAL");
	u->mr[0] = L4RE_PROTO_DATASPACE;
	check(l4_result(l4_ipc_call(L4RE_MEM_ALLOC_CAP, L4_MSGTAG(L4_PROTO_FACTORY, 1, 0, 0),
				    L4_IPC_NEVER)) == -L4_EINVAL,
	      "a dataspace request without its size: EINVAL");
	check(l4_result(l4_ipc_call(L4RE_MEM_ALLOC_CAP, L4_MSGTAG(L4RE_PROTO_RM, 1, 0, 0),
				    L4_IPC_NEVER)) == -L4_EBADPROTO,
	      "another protocol: EBADPROTO");
	l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
		    L4_OBJ_FPAGE(L4RE_MEM_ALLOC_CAP, 0, L4_CAP_FPAGE_R), SLOT(6));
	check(l4re_factory_create(SLOT(6), L4RE_PROTO_DATASPACE, &arg, 1, SLOT(5)) == -L4_EPERM,
	      "through a read-only allocator capability: EPERM");
	check(l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_NAMESPACE, NULL, 0, SLOT(7)) ==
			      0 &&
		      l4re_ns_register(SLOT(7), "x", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW) == 0 &&
		      l4re_ns_query(SLOT(7), "x", SLOT(8)) == 0,
	      "a namespace from the allocator takes and gives names");
	check(l4re_ns_unlink(SLOT(7), "x") == 0 &&
		      l4re_ns_query(SLOT(7), "x", SLOT(8)) == -L4_ENOENT,
	      "unlinked, the name is gone");
	check(l4re_ns_unlink(SLOT(7), "x") == -L4_ENOENT, "unlinking it again: ENOENT");
	l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, L4_OBJ_FPAGE(SLOT(7), 0, L4_CAP_FPAGE_R),
		    SLOT(11));
	check(l4re_ns_register(SLOT(7), "y", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW) == 0 &&
		      l4re_ns_unlink(SLOT(11), "y") == -L4_EPERM &&
		      l4re_ns_query(SLOT(11), "y", SLOT(12)) == 0,
	      "unlinking through a read-only capability: EPERM, the name stays");
}

static void schedulers(void)
{
	l4_umword_t args[2] = {0xa0, 0x80};
	struct l4_thread_stats st;
	unsigned base = 0, limit = 0;

	check(l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4_PROTO_SCHEDULER, args, 2, SLOT(9)) == 0,
	      "a scheduler for priorities 0x80..0xa0 from the allocator");
	check(l4_scheduler_range(SLOT(9), &base, &limit) == 0 && base == 0x80 && limit == 0xa0,
	      "its range is 0x80..0xa0");
	check(l4_scheduler_run_thread(SLOT(9), L4_BASE_THREAD_CAP, 200, 0, 0) == 0 &&
		      l4_thread_stats(L4_BASE_THREAD_CAP, &st) == 0 && st.prio == 0xa0,
	      "asking it for 200 runs us at 0xa0");
	check(l4_scheduler_run_thread(SLOT(9), L4_BASE_THREAD_CAP, 3, 0, 0) == 0 &&
		      l4_thread_stats(L4_BASE_THREAD_CAP, &st) == 0 && st.prio == 0x83,
	      "asking it for 3 runs us at 0x83");
	args[0] = 0x10;
	args[1] = 0x20;
	check(l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4_PROTO_SCHEDULER, args, 2, SLOT(10)) ==
		      -L4_EINVAL,
	      "limit below base: EINVAL");
	args[0] = 300;
	check(l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4_PROTO_SCHEDULER, args, 2, SLOT(10)) ==
		      -L4_EINVAL,
	      "a limit beyond the highest priority: EINVAL");
	l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_THREAD_CAP, 100, 0, 0);
}

/* malloc up to the quota: NULL, not a crash; after free it works again. */
static void heap(void)
{
	void *blocks[256];
	unsigned n = 0;

	while (n < 256 && (blocks[n] = malloc(MiB)) != NULL)
		n++;
	printf("mem_alloc: malloc gave %u blocks of 1 MiB, then NULL\n", n);
	check(n > 16 && n < 256, "malloc returns NULL at the quota");
	while (n)
		free(blocks[--n]);
	char *p = malloc(8 * MiB);
	check(p != NULL, "after free, 8 MiB can be had again");
	if (p) {
		memset(p, 1, 8 * MiB);
		check(p[8 * MiB - 1] == 1, "and used");
	}
	free(p);
}

int main(void)
{
	dataspaces();
	areas();
	bad_requests();
	schedulers();
	heap();
	printf("mem_alloc: %d checks, %d failed\n", checks, failed);
	return failed != 0;
}
