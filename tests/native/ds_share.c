// SPDX-License-Identifier: BSD-2-Clause
/*
 * A dataspace shared between two programs through a namespace. "give"
 * allocates one, fills it, registers it as "shared" and waits to be killed;
 * "take" attaches it, checks the bytes, and once ned has killed the giver
 * (it registers "gone") checks that the memory is still there: a dataspace
 * lives while a region holds it, not only while its maker runs.
 */
#include <stdio.h>
#include <string.h>

#include <l4re/client.h>

#define DS   (L4RE_FIRST_FREE_CAP + (8UL << L4_CAP_SHIFT))
#define GONE (L4RE_FIRST_FREE_CAP + (9UL << L4_CAP_SHIFT))
#define SIZE (256UL << 10)

static void sleep_ms(unsigned ms)
{
	l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, ms * 1000U));
}

/* Check [from, to): the taker touches the second half only after the giver ended. */
static int check(const unsigned char *p, unsigned char seed, unsigned long from, unsigned long to)
{
	for (unsigned long i = (from + 508) / 509 * 509; i < to; i += 509)
		if (p[i] != (unsigned char)(seed + i / 509))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	l4_cap_idx_t ns = l4re_env_get_cap("ns");
	uint64_t addr = 0;

	if (argc < 2 || ns == L4_INVALID_CAP) {
		printf("ds_share: usage: ds_share give|take, with a namespace \"ns\"\n");
		return 1;
	}
	if (strcmp(argv[1], "give") == 0) {
		if (l4re_ma_alloc(SIZE, DS) != 0 ||
		    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, DS, 0) != 0)
			return 2;
		for (unsigned long i = 0; i < SIZE; i += 509)
			((unsigned char *)addr)[i] = (unsigned char)(7 + i / 509);
		if (l4re_ns_register(ns, "shared", DS, L4_CAP_FPAGE_RW) != 0)
			return 3;
		printf("ds_share: gave 256 KiB\n");
		for (;;)
			sleep_ms(1000);
	}
	if (l4re_ns_query(ns, "shared", DS) != 0 ||
	    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_W | L4RE_RM_SEARCH, DS, 0) != 0)
		return 4;
	printf("ds_share: attached, bytes %s\n",
	       check((void *)addr, 7, 0, SIZE / 2) ? "right" : "WRONG");
	while (l4re_ns_query(ns, "gone", GONE) != 0)
		sleep_ms(10);
	/* These pages fault in now: moe must still have the dataspace to make them. */
	int ok = check((void *)addr, 7, SIZE / 2, SIZE);
	memset((void *)addr, 0x33, SIZE);
	ok = ok && ((unsigned char *)addr)[SIZE - 1] == 0x33;
	printf("ds_share: after the giver ended, the memory %s\n",
	       ok ? "is still there" : "is GONE");
	return ok ? 0 : 5;
}
