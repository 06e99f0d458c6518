// SPDX-License-Identifier: BSD-2-Clause
/*
 * Runtime benchmarks, run under moe: the cost of a dataspace page fault
 * (served by moe from sigma0's memory), of a log line through moe, and of
 * starting a program (loader request to the end of an empty program).
 * Counted as in bench.c; EL0 includes moe's own work.
 */
#include <string.h>

#include <l4re/client.h>
#include <l4re/env.h>

#include "pmu_bench.h"

#define FAULT_PAGES 256
#define LOG_LINES   200
#define STARTS	    10

static void bench_faults(void)
{
	/* A rom file nobody has touched: each first read is a page fault that moe
	 * serves by copying the page out of the archive into fresh memory. */
	uint64_t size, addr = 0x40000000;
	if (l4re_ns_query(L4RE_ROM_CAP, "rom/lua_hello", L4RE_FIRST_FREE_CAP) ||
	    l4re_ds_size(L4RE_FIRST_FREE_CAP, &size) || size < FAULT_PAGES * 4096UL ||
	    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_SEARCH, L4RE_FIRST_FREE_CAP, 0)) {
		printf("rt_bench: cannot attach rom/lua_hello\n");
		return;
	}
	volatile const char *p = (volatile const char *)addr;
	struct sample a = sample_now();
	for (unsigned i = 0; i < FAULT_PAGES; i++)
		(void)p[i * 4096UL];
	struct sample b = sample_now();
	report("dataspace page fault (moe)", a, b, FAULT_PAGES, 1);
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
		l4_ipc_call(L4RE_PARENT_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, 4, 0, 0), L4_IPC_NEVER);
	if (l4_result(t) != 0)
		return -1;
	long h = (long)u->mr[0];
	do {
		/* Let the program run: a 50 us sleep instead of a busy poll. */
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 50));
		u->mr[0] = L4RE_LOADER_STATE_OP;
		u->mr[1] = (uint64_t)h;
		l4_ipc_call(L4RE_PARENT_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, 2, 0, 0), L4_IPC_NEVER);
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
	bench_faults();
	bench_log();
	bench_start();
	printf("bench: done\n");
	return 0;
}
