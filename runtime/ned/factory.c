// SPDX-License-Identifier: BSD-2-Clause
/* f:create(proto, ...) on a factory capability (docs/lua-api.md). */
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>

#include "ned.h"

/*
 * cap:create(proto, int...): ask a factory for a new object. A kernel factory
 * is asked with the kernel protocol (the object lands in a slot of ned's); a
 * server's factory (a channel) with the same protocol label, the object
 * coming back as a capability. Blocks until the server answers, also while
 * the server has not yet bound the channel.
 */
int ned_cap_create(lua_State *L)
{
	struct lcap *f = luaL_checkudata(L, 1, CAP_MT);
	long proto = ned_proto_wire(luaL_checkinteger(L, 2)); /* L4Re's number, Tern's label */
	struct l4_utcb *u = l4_utcb();
	int nargs = lua_gettop(L) - 2;
	l4_umword_t args[8];
	unsigned rights = 0;
	long r;

	if (nargs > 8)
		return luaL_error(L, "create: at most 8 arguments");
	for (int i = 0; i < nargs; i++)
		args[i] = (l4_umword_t)luaL_checkinteger(L, 3 + i);
	l4_cap_idx_t slot = ned_slot(L);
	if (l4_task_cap_info(L4_BASE_TASK_CAP, f->sel, &rights) == L4_OBJ_FACTORY) {
		u->mr[0] = (l4_umword_t)proto;
		u->mr[1] = slot;
		memcpy(&u->mr[2], args, (size_t)nargs * sizeof(args[0]));
		r = l4_result(l4_ipc_call(f->sel, L4_MSGTAG(L4_PROTO_FACTORY, 2 + nargs, 0, 0),
					  L4_IPC_NEVER));
		if (r != 0) {
			l4re_cap_free(slot);
			return luaL_error(L, "create: the factory refused (%d)", (int)r);
		}
		ned_push_cap(L, slot, L4_CAP_FPAGE_RWSD);
		return 1;
	}
	for (int tries = 0;; tries++) {
		r = l4re_factory_create(f->sel, (long)proto, args, (unsigned)nargs, slot);
		if (r != -1000 - L4_IPC_ENOT_EXISTENT || tries >= 1000)
			break;
		ned_sleep_us(2000); /* nobody serves the channel yet */
	}
	if (r != 0) {
		l4re_cap_free(slot);
		return luaL_error(L, "create: the server refused (%d)", (int)r);
	}
	ned_push_cap(L, slot, L4_CAP_FPAGE_RWSD);
	return 1;
}
