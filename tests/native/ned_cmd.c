// SPDX-License-Identifier: BSD-2-Clause
/*
 * A client of ned's command channel (the capability "cmd", which a script
 * serves with L4.server_loop): sends each argument as Lua text and prints
 * the answer, as L4Re's ned-prompt does with what is typed.
 */
#include <stdio.h>
#include <string.h>

#include <l4re/env.h>
#include <l4re/ned_cmd.h>

static long execute(l4_cap_idx_t cmd, const char *text, char *out, size_t max)
{
	struct l4_utcb *u = l4_utcb();
	size_t len = strlen(text);
	l4_msgtag_t t;

	out[0] = '\0';

	if (len > L4RE_NED_CMD_MAX)
		return -L4_ERANGE;
	/* The script may not serve the channel yet: an unbound gate answers at once. */
	for (int tries = 0; tries < 500; tries++) {
		u->mr[0] = L4RE_NED_CMD_EXECUTE_OP;
		u->mr[1] = len;
		memcpy(&u->mr[2], text, len);
		t = l4_ipc_call(cmd, L4_MSGTAG(L4RE_PROTO_NED_CMD, 2 + (len + 7) / 8, 0, 0),
				L4_IPC_NEVER);
		if (l4_ipc_error(t) != L4_IPC_ENOT_EXISTENT)
			break;
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, 2000));
	}
	if (l4_ipc_error(t))
		return -1000 - l4_ipc_error(t);
	size_t n = u->mr[0] < max - 1 ? u->mr[0] : max - 1;
	memcpy(out, &u->mr[1], n);
	out[n] = '\0';
	return l4_result(t);
}

int main(int argc, char **argv)
{
	l4_cap_idx_t cmd = l4re_env_get_cap("cmd");
	char out[L4RE_NED_CMD_MAX];

	if (cmd == L4_INVALID_CAP) {
		printf("ned_cmd: no capability named 'cmd'\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		long r = execute(cmd, argv[i], out, sizeof(out));
		printf("ned_cmd: %s -> %ld: %s\n", argv[i], r, out);
	}
	return 0;
}
