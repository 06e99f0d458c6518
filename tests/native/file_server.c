// SPDX-License-Identifier: BSD-2-Clause
/*
 * The file server of ned-configs/client-server.lua: one file in memory,
 * served through the capability named "fs" with the server-object framework.
 * A write through a capability without the W right is refused: the server
 * sees the rights of the capability the client used.
 */
#include <stdio.h>
#include <string.h>

#include <l4re/env.h>
#include <l4re/file_proto.h>
#include <l4re/server.h>

static char file[FILE_SIZE] = "Hello from the file server.";

static l4_msgtag_t file_handler(struct server_object *obj, unsigned long op, unsigned rights,
				unsigned words)
{
	struct l4_utcb *u = l4_utcb();
	uint64_t off = u->mr[1], len = u->mr[2];
	(void)obj;

	if (words < 3 || off > FILE_SIZE || len > FILE_SIZE - off)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	switch (op) {
	case FILE_READ_OP:
		if (len > (L4_MSG_WORDS_MAX - 1) * 8)
			len = (L4_MSG_WORDS_MAX - 1) * 8;
		memcpy(&u->mr[1], file + off, len);
		u->mr[0] = len;
		return L4_MSGTAG(0, 1 + (len + 7) / 8, 0, 0);
	case FILE_WRITE_OP:
		if (!(rights & L4_CAP_FPAGE_W)) {
			printf("file_server: refusing a write from a client without the W right\n");
			return L4_MSGTAG(-L4_EPERM, 0, 0, 0);
		}
		if (len > (words - 3) * 8UL)
			return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
		memcpy(file + off, &u->mr[3], len);
		printf("file_server: %llu bytes written at %llu\n", (unsigned long long)len,
		       (unsigned long long)off);
		u->mr[0] = len;
		return L4_MSGTAG(0, 1, 0, 0);
	default: return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	}
}

static struct server_object file_object = {FILE_PROTO, file_handler, NULL};

int main(void)
{
	l4_cap_idx_t fs = l4re_env_get_cap("fs");

	if (fs == L4_INVALID_CAP) {
		printf("file_server: no capability named 'fs'\n");
		return 1;
	}
	long r = server_register(fs, &file_object);
	if (r) {
		printf("file_server: cannot serve 'fs' (%ld): the capability needs the S right\n",
		       r);
		return 1;
	}
	printf("file_server: serving\n");
	server_loop();
}
