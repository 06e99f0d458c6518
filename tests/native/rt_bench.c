// SPDX-License-Identifier: BSD-2-Clause
/*
 * Runtime benchmarks, run under moe: the cost of a dataspace page fault
 * (served by moe from sigma0's memory), of touching fresh memory page by
 * page and of reading a rom file with fread (as the VMM loads a guest), of
 * a log line through moe, and of starting a program (loader request to the
 * end of an empty program). Counted as in bench.c; EL0 includes moe's own
 * work.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4re/client.h>
#include <l4re/env.h>

#include "pmu_bench.h"

#define FAULT_PAGES 256
#define LOG_LINES   200
#define STARTS	    10
#define SEQ_BYTES   (1UL << 20)
#define MIB	    (1UL << 20)

/*
 * A rom file nobody has touched: each first read is a page fault that moe
 * serves by copying the file out of the archive into fresh memory. Attached
 * aligned, a fault maps up to 2 MiB at once (per 4 KiB page below); on an
 * odd page the region allows only single pages, one fault each.
 */
static void bench_faults(uint64_t addr, unsigned flags, const char *name)
{
	l4_cap_idx_t cap = L4RE_FIRST_FREE_CAP + (flags & L4RE_RM_SEARCH ? 0 : 2UL << L4_CAP_SHIFT);
	uint64_t size;
	if (l4re_ns_query(L4RE_ROM_CAP, "rom/lua_hello", cap) || l4re_ds_size(cap, &size) ||
	    size < FAULT_PAGES * 4096UL || l4re_rm_attach(&addr, 0, L4RE_RM_R | flags, cap, 0)) {
		printf("rt_bench: cannot attach rom/lua_hello\n");
		return;
	}
	volatile const char *p = (volatile const char *)addr;
	struct sample a = sample_now();
	for (unsigned i = 0; i < FAULT_PAGES; i++)
		(void)p[i * 4096UL];
	struct sample b = sample_now();
	report(name, a, b, FAULT_PAGES, 1);
}

/* An anonymous dataspace of the allocator, written page by page from its start. */
static void bench_sequential(void)
{
	uint64_t addr = 0x50000000;
	l4_cap_idx_t ds = L4RE_FIRST_FREE_CAP + (1UL << L4_CAP_SHIFT);
	if (l4re_ma_alloc(SEQ_BYTES, ds) ||
	    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, ds, 0)) {
		printf("rt_bench: cannot attach a fresh dataspace\n");
		return;
	}
	volatile char *p = (volatile char *)addr;
	struct sample a = sample_now();
	for (unsigned long i = 0; i < SEQ_BYTES; i += 4096)
		p[i] = 1;
	struct sample b = sample_now();
	report("fault 1 MiB sequential", a, b, 1, 1);
}

/* A whole rom file read with fread into fresh memory; per MiB of the file. */
static void bench_fread(void)
{
	FILE *f = fopen("rom/ned", "r");
	long size;
	char *buf;
	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET) ||
	    !(buf = malloc((size_t)size))) {
		printf("rt_bench: cannot open rom/ned\n");
		return;
	}
	struct sample a = sample_now();
	size_t n = fread(buf, 1, (size_t)size, f);
	struct sample b = sample_now();
	fclose(f);
	if (n != (size_t)size)
		printf("rt_bench: short read of rom/ned\n");
	/* per MiB: scale the samples' differences by size / 1 MiB */
	double scale = (double)size / MIB;
	printf("bench: %-28s %10.1f %10.1f %10.1f %12.1f\n", "fread rom file, per MiB",
	       (b.el0 - a.el0) / scale, (b.el2 - a.el2) / scale,
	       ((b.el0 - a.el0) + (b.el2 - a.el2)) / scale, (b.ns - a.ns) / scale);
	free(buf);
}

static void bench_log(void)
{
	char line[65];
	memset(line, 'x', 63);
	line[63] = '\n';
	line[64] = 0;
	struct sample a = sample_now();
	for (unsigned i = 0; i < LOG_LINES; i++)
		fputs(line, stdout);
	struct sample b = sample_now();
	report("log line of 64 bytes (moe)", a, b, LOG_LINES, 1);
}

static long start_true(void)
{
	static const char block[] = "t\0rom/true\0\0";
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = sizeof(block) - 1;
	memcpy(&u->mr[2], block, sizeof(block) - 1);
	l4_msgtag_t t =
		l4_ipc_call(L4RE_LOADER_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, 4, 0, 0), L4_IPC_NEVER);
	if (l4_result(t) != 0)
		return -1;
	long h = (long)u->mr[0];
	do {
		/* Let the program run: a 50 us sleep instead of a busy poll. */
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 50));
		u->mr[0] = L4RE_LOADER_STATE_OP;
		u->mr[1] = (uint64_t)h;
		l4_ipc_call(L4RE_LOADER_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, 2, 0, 0), L4_IPC_NEVER);
	} while (u->mr[0]);
	return 0;
}

static void bench_start(void)
{
	struct sample a = sample_now();
	for (unsigned i = 0; i < STARTS; i++)
		if (start_true() != 0) {
			printf("rt_bench: cannot start rom/true\n");
			return;
		}
	struct sample b = sample_now();
	report("program start to exit", a, b, STARTS, 1);
}

int main(void)
{
	pmu_init();
	bench_faults(0x40000000, L4RE_RM_SEARCH, "dataspace page fault (moe)");
	/* the same dataspace again: its pages exist now, only the mapping is new */
	bench_faults(0x48001000, 0, "page fault, 4 KiB mapping");
	bench_sequential();
	bench_fread();
	bench_log();
	bench_start();
	printf("bench: done\n");
	return 0;
}
