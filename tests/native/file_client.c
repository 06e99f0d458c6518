// SPDX-License-Identifier: BSD-2-Clause
/*
 * A client of the file server: reads, then tries to write (argv[1] names
 * itself; argv[2], if given, is how many milliseconds it waits first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4re/env.h>
#include <l4re/file_proto.h>

static long call(l4_cap_idx_t fs, unsigned words)
{
	/* The server may not have bound the channel yet: an unbound gate answers at once. */
	for (int tries = 0; tries < 500; tries++) {
		l4_msgtag_t t = l4_ipc_call(fs, L4_MSGTAG(FILE_PROTO, words, 0, 0), L4_IPC_NEVER);
		if (l4_ipc_error(t) != L4_IPC_ENOT_EXISTENT)
			return l4_result(t);
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 2000));
	}
	return -1000 - L4_IPC_ENOT_EXISTENT;
}

int main(int argc, char **argv)
{
	const char *me = argc > 1 ? argv[1] : "client";
	l4_cap_idx_t fs = l4re_env_get_cap("fs");
	struct l4_utcb *u = l4_utcb();
	char buf[64] = {0};

	if (fs == L4_INVALID_CAP) {
		printf("%s: no capability named 'fs'\n", me);
		return 1;
	}
	if (argc > 2) {
		/* A receive nobody answers: the kernel's timeout is the wait. */
		l4_ipc_receive(L4_BASE_THREAD_CAP,
			       L4_TIMEOUTS(0, strtoul(argv[2], NULL, 0) * 1000));
		printf("%s: waited %s ms\n", me, argv[2]);
	}
	u->mr[0] = FILE_READ_OP;
	u->mr[1] = 0;
	u->mr[2] = 40;
	long r = call(fs, 3);
	if (r == 0)
		memcpy(buf, &u->mr[1], u->mr[0] < 63 ? u->mr[0] : 63);
	printf("%s: read -> %ld: \"%s\"\n", me, r, buf);

	char text[32];
	snprintf(text, sizeof(text), "%s was here.", me);
	size_t len = strlen(text);
	u->mr[0] = FILE_WRITE_OP;
	u->mr[1] = 64;
	u->mr[2] = len;
	memcpy(&u->mr[3], text, len);
	r = call(fs, 3 + (unsigned)((len + 7) / 8));
	printf("%s: write -> %ld (%s)\n", me, r,
	       r == 0		? "done"
	       : r == -L4_EPERM ? "refused: no write right"
				: "failed");

	u->mr[0] = FILE_READ_OP;
	u->mr[1] = 64;
	u->mr[2] = 40;
	memset(buf, 0, sizeof(buf));
	if (call(fs, 3) == 0)
		memcpy(buf, &u->mr[1], u->mr[0] < 63 ? u->mr[0] : 63);
	printf("%s: read at 64 -> \"%s\"\n", me, buf);
	return 0;
}
