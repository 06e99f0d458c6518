/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A small server-object framework (as L4Re's Server_object): objects are
 * served through IPC gates; each message is dispatched to its object by the
 * gate label, checked against the object's protocol, and handed to the
 * object's handler with the opcode (mr[0]) and the client's W/S rights, so
 * a server can refuse what a client's capability does not allow.
 */
#pragma once

#include <l4/sys/ipc.h>

struct server_object;

/*
 * Handle a request: op = mr[0], rights = the client's L4_CAP_FPAGE_W/S on
 * the gate, words = untyped words received. Put reply words in the UTCB and
 * return the reply tag (L4_MSGTAG(result, reply words, 0, 0)).
 */
typedef l4_msgtag_t (*server_handler_fn)(struct server_object *obj, unsigned long op,
					 unsigned rights, unsigned words);

struct server_object {
	long proto; /* requests must carry this tag label */
	server_handler_fn handler;
	void *data;
};

#define SERVER_MAX_OBJECTS 32

/* Bind gate (a capability with the S right) to this thread for obj; returns 0 or -L4_E*. */
long server_register(l4_cap_idx_t gate, struct server_object *obj);
/* A new gate in slot (made with the program's factory) that serves obj; 0 or -L4_E*. */
long server_create_object(l4_cap_idx_t slot, struct server_object *obj);
/* Serve registered objects forever. */
void server_loop(void);
