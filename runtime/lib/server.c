// SPDX-License-Identifier: BSD-2-Clause
/* The server loop: gate label -> object, protocol check, handler, reply (l4re/server.h). */
#include <l4/sys/factory.h>
#include <l4/sys/gate.h>
#include <l4re/server.h>

#define LABEL_SHIFT 4 /* the low bits of a label carry the client's rights */

static struct server_object *objects[SERVER_MAX_OBJECTS];
static unsigned nobjects;

long server_register(l4_cap_idx_t gate, struct server_object *obj)
{
	if (nobjects == SERVER_MAX_OBJECTS)
		return -L4_ENOMEM;
	long r = l4_gate_bind(gate, L4_BASE_THREAD_CAP, (l4_umword_t)(nobjects + 1) << LABEL_SHIFT);
	if (r == 0)
		objects[nobjects++] = obj;
	return r;
}

long server_create_object(l4_cap_idx_t slot, struct server_object *obj)
{
	if (nobjects == SERVER_MAX_OBJECTS)
		return -L4_ENOMEM;
	long r = l4_factory_create_gate(L4_BASE_FACTORY_CAP, slot, L4_BASE_THREAD_CAP,
					(l4_umword_t)(nobjects + 1) << LABEL_SHIFT);
	if (r == 0)
		objects[nobjects++] = obj;
	return r;
}

static l4_msgtag_t dispatch(l4_umword_t label, l4_msgtag_t tag)
{
	l4_umword_t i = (label >> LABEL_SHIFT) - 1;

	if (i >= nobjects)
		return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
	struct server_object *obj = objects[i];
	if (L4_MSGTAG_LABEL(tag) != obj->proto)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (L4_MSGTAG_WORDS(tag) < 1)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	return obj->handler(obj, l4_utcb()->mr[0], (unsigned)(label & 3), L4_MSGTAG_WORDS(tag));
}

void server_loop(void)
{
	l4_umword_t label;
	l4_msgtag_t t = l4_ipc_wait(&label, L4_IPC_NEVER);

	for (;;) {
		if (l4_ipc_error(t)) {
			t = l4_ipc_wait(&label, L4_IPC_NEVER);
			continue;
		}
		t = l4_ipc_reply_and_wait(dispatch(label, t), &label, L4_IPC_NEVER);
	}
}
