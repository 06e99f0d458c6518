// SPDX-License-Identifier: BSD-2-Clause
/*
 * f:create(proto, ...) on a factory capability, as L4Re's ned (docs/lua-api.md
 * "Logs and factories: as L4Re"): proto is L4Re's number (L4.Proto), turned
 * here into Tern's label; the arguments are numbers, strings or nil; a
 * refusal raises { msg = "file:line: ...", code = -L4_E* } as L4Re does.
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/sys/vcpu.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/factory.h>

#include "ned.h"

#define NONE 1L /* no such label: Tern cannot make it there */

/* L4Re's protocol numbers, and what a kernel factory or a user-level one makes for them. */
static const struct proto {
	long l4re;
	const char *name;
	long kernel, user;
} protos[] = {
	{0, "Ipc_gate", L4_PROTO_KOBJECT, NONE},
	{-1, "Irq", L4_PROTO_IRQ, NONE}, /* Fiasco's older number for an IRQ sender */
	{-18, "Irq_sender", L4_PROTO_IRQ, NONE},
	{-11, "Task", L4_PROTO_TASK, NONE},
	{-12, "Thread", L4_PROTO_THREAD, NONE},
	{-13, "Log", NONE, L4_PROTO_LOG},
	{-14, "Scheduler", NONE, L4_PROTO_SCHEDULER},
	{-15, "Factory", L4_PROTO_FACTORY, NONE},
	{-16, "Vm", L4_PROTO_VM, NONE},
	{0x4000, "Dataspace", NONE, L4RE_PROTO_DATASPACE},
	{0x4001, "Namespace", NONE, L4RE_PROTO_NAMESPACE},
	/* L4Re's, which Tern makes nowhere. */
	{-6, "Sigma0", NONE, NONE},
	{-17, "Dma_space (kernel)", NONE, NONE},
	{-19, "Irq_mux", NONE, NONE},
	{-20, "Semaphore", NONE, NONE},
	{-22, "Iommu", NONE, NONE},
	{-23, "Debugger", NONE, NONE},
	{0x4002, "Parent", NONE, NONE},
	{0x4003, "Goos", NONE, NONE},
	{0x4004, "Mem_alloc", NONE, NONE},
	{0x4005, "Rm", NONE, NONE},
	{0x4006, "Event", NONE, NONE},
	{0x4007, "Inhibitor", NONE, NONE},
	{0x4008, "Dma_space", NONE, NONE},
	{0x4009, "Mmio_space", NONE, NONE},
};

static const struct proto *find_proto(lua_Integer p)
{
	for (size_t i = 0; i < sizeof(protos) / sizeof(protos[0]); i++)
		if (protos[i].l4re == p)
			return &protos[i];
	return NULL;
}

static const char *err_name(long r)
{
	switch (-r) {
	case L4_EPERM: return "operation not permitted";
	case L4_ENOENT: return "not found";
	case L4_ENOMEM: return "out of memory";
	case L4_EBUSY: return "busy";
	case L4_EEXIST: return "already exists";
	case L4_EINVAL: return "invalid argument";
	case L4_ERANGE: return "out of range";
	case L4_ENOSYS: return "not supported by the factory";
	case L4_EBADPROTO: return "protocol not understood";
	default: return "error";
	}
}

static int error_tostring(lua_State *L)
{
	lua_getfield(L, 1, "msg");
	return 1;
}

/* A refusal, as L4Re raises it: a table { msg, code } (printable: __tostring gives msg). */
static int refused(lua_State *L, const char *what, long r)
{
	lua_createtable(L, 0, 2);
	luaL_where(L, 1);
	lua_pushfstring(L, "create %s: %s: refused (%d)", what, err_name(r), (int)r);
	lua_concat(L, 2);
	lua_setfield(L, -2, "msg");
	lua_pushinteger(L, r);
	lua_setfield(L, -2, "code");
	if (luaL_newmetatable(L, "L4.Error")) {
		lua_pushcfunction(L, error_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
	return lua_error(L);
}

/* For messages: "L4.Proto.Log" or the number. */
static const char *proto_text(lua_State *L, lua_Integer p, const struct proto *k)
{
	return k ? lua_pushfstring(L, "L4.Proto.%s", k->name)
		 : lua_pushfstring(L, "protocol %I", p);
}

/* The kernel's factory protocol is positional: mr[1] the slot, then whole numbers. */
static int create_kernel(lua_State *L, struct lcap *f, lua_Integer proto, const struct proto *k)
{
	struct l4_utcb *u = l4_utcb();
	int nargs = lua_gettop(L) - 2;
	const char *what = proto_text(L, proto, k);
	l4_umword_t args[8];

	if (!k || k->kernel == NONE)
		return luaL_error(L, "create: a kernel factory cannot make %s on Tern", what);
	if (nargs > 6)
		return luaL_error(L, "create %s: a kernel factory takes at most 6 arguments", what);
	for (int i = 0; i < nargs; i++) {
		if (!lua_isinteger(L, 3 + i))
			return luaL_error(
				L,
				"create %s: a kernel factory takes whole numbers (argument "
				"%d is %s)",
				what, i + 2, luaL_tolstring(L, 3 + i, NULL));
		args[i] = (l4_umword_t)lua_tointeger(L, 3 + i);
	}
	unsigned words = 2 + (unsigned)nargs;
	if (k->kernel == L4_PROTO_FACTORY && nargs == 0) { /* as L4Re's scripts: no quota given */
		args[0] = 0;
		words = 3;
	}
	if (k->kernel == L4_PROTO_KOBJECT) { /* an unbound gate; L4Re's one argument is its label */
		if (nargs > 1)
			return luaL_error(L, "create %s: one argument at most (the label)", what);
		args[1] = nargs ? args[0] : 0;
		args[0] = L4_INVALID_CAP;
		words = 4;
	}
	l4_cap_idx_t slot = ned_slot(L);
	u->mr[0] = (l4_umword_t)k->kernel;
	u->mr[1] = slot;
	memcpy(&u->mr[2], args, (words - 2) * sizeof(args[0]));
	long r = l4_result(
		l4_ipc_call(f->sel, L4_MSGTAG(L4_PROTO_FACTORY, words, 0, 0), L4_IPC_NEVER));
	if (r != 0) {
		l4re_cap_free(slot);
		return refused(L, what, r);
	}
	/* As L4Re's ned: a new capability value carries R only; :m("rw"), :svr() give more. */
	ned_push_cap(L, slot, L4_CAP_FPAGE_R);
	return 1;
}

/*
 * A user-level factory (moe's allocator, a server's channel): typed
 * arguments (l4re/factory.h). A protocol L4Re knows goes as Tern's label; a
 * number of the server's own goes as it is. Waits for the server, also
 * while it has not yet bound the channel.
 */
static int create_user(lua_State *L, struct lcap *f, lua_Integer proto, const struct proto *k)
{
	int nargs = lua_gettop(L) - 2;
	const char *what = proto_text(L, proto, k);
	unsigned words;
	long r;

	if (k && k->user == NONE)
		return luaL_error(L, "create: Tern's user-level factories cannot make %s", what);
	l4_cap_idx_t slot = ned_slot(L);
	for (int tries = 0;; tries++) {
		l4re_factory_begin(k ? k->user : (long)proto, &words);
		for (int i = 0; i < nargs; i++) {
			int a = 3 + i;
			size_t len = 0;
			bool ok;
			int whole = 0;
			lua_Integer v = lua_tointegerx(L, a, &whole); /* as L4Re: "12" is one too */
			if (lua_isnumber(L, a) && !whole) {
				l4re_cap_free(slot);
				return luaL_error(
					L, "create %s: argument %d must be a whole number, not %s",
					what, i + 2, luaL_tolstring(L, a, NULL));
			}
			if (whole)
				ok = l4re_factory_add(&words, L4RE_VARG_INT, (long)v, NULL, 0);
			else if (lua_type(L, a) == LUA_TSTRING) {
				const char *s = lua_tolstring(L, a, &len);
				ok = l4re_factory_add(&words, L4RE_VARG_STR, 0, s, len);
			} else if (lua_isnil(L, a) || lua_isnone(L, a))
				ok = l4re_factory_add(&words, L4RE_VARG_NIL, 0, NULL, 0);
			else {
				l4re_cap_free(slot);
				return luaL_error(
					L,
					"create %s: argument %d must be a number, a string "
					"or nil, not a %s",
					what, i + 2, luaL_typename(L, a));
			}
			if (!ok) {
				l4re_cap_free(slot);
				return luaL_error(
					L, "create %s: arguments too long for one message", what);
			}
		}
		r = l4re_factory_send(f->sel, words, slot);
		if (r != -1000 - L4_IPC_ENOT_EXISTENT || tries >= 1000)
			break;
		ned_sleep_us(2000); /* nobody serves the channel yet */
	}
	if (r != 0) {
		l4re_cap_free(slot);
		return refused(L, what, r);
	}
	/* As L4Re's ned: a new capability value carries R only; :m("rw"), :svr() give more. */
	ned_push_cap(L, slot, L4_CAP_FPAGE_R);
	return 1;
}

int ned_cap_create(lua_State *L)
{
	struct lcap *f = luaL_checkudata(L, 1, CAP_MT);
	lua_Integer proto = luaL_checkinteger(L, 2);
	const struct proto *k = find_proto(proto);
	unsigned rights = 0;

	if (l4_task_cap_info(L4_BASE_TASK_CAP, f->sel, &rights) == L4_OBJ_FACTORY)
		return create_kernel(L, f, proto, k);
	return create_user(L, f, proto, k);
}
