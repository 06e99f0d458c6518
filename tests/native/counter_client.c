// SPDX-License-Identifier: BSD-2-Clause
/* A client of one counter object made by counter_server's factory. */
#include <stdio.h>

#include <l4re/env.h>

#define COUNTER_PROTO  0x5200L
#define COUNTER_INC_OP 0UL

int main(int argc, char **argv)
{
	const char *me = argc > 1 ? argv[1] : "counter_client";
	l4_cap_idx_t c = l4re_env_get_cap("counter");

	for (int i = 0; i < 3; i++) {
		l4_utcb()->mr[0] = COUNTER_INC_OP;
		long r = l4_result(l4_ipc_call(c, L4_MSGTAG(COUNTER_PROTO, 1, 0, 0), L4_IPC_NEVER));
		printf("%s: increment -> %ld (%ld)\n", me, (long)l4_utcb()->mr[0], r);
		if (r)
			return 1;
	}
	return 0;
}
