// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned-configs/namespace.lua's client: waits for "echo" to appear in the
 * namespace it was given, calls it; and shows that its read-only namespace
 * capability cannot register names.
 */
#include <stdio.h>

#include <l4re/client.h>

#define ECHO_PROTO 0x5100L
#define ECHO_SLOT  (L4RE_FIRST_FREE_CAP + (8UL << L4_CAP_SHIFT))

int main(void)
{
	l4_cap_idx_t ns = l4re_env_get_cap("ns");
	long r = -L4_ENOENT;

	for (int i = 0; i < 500 && r == -L4_ENOENT; i++) {
		r = l4re_ns_query(ns, "echo", ECHO_SLOT);
		if (r == -L4_ENOENT)
			l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 2000)); /* 2 ms */
	}
	printf("ns_client: query 'echo' -> %ld\n", r);
	if (r)
		return 1;
	l4_utcb()->mr[0] = 41;
	l4_msgtag_t t = l4_ipc_call(ECHO_SLOT, L4_MSGTAG(ECHO_PROTO, 1, 0, 0), L4_IPC_NEVER);
	printf("ns_client: echo(41) -> %ld (result %ld)\n", (long)l4_utcb()->mr[0], l4_result(t));
	r = l4re_ns_register(ns, "mine", ECHO_SLOT, L4_CAP_FPAGE_RW);
	printf("ns_client: registering with a read-only namespace capability -> %ld (%s)\n", r,
	       r == -L4_EPERM ? "refused" : "unexpected");
	printf("ns_client: query 'nothing' -> %ld\n",
	       l4re_ns_query(ns, "nothing", ECHO_SLOT + 0x1000));
	return 0;
}
