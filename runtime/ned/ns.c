// SPDX-License-Identifier: BSD-2-Clause
/*
 * Namespaces in ned's Lua, as L4Re's ned has them (lua_ns.cc, ned.lua):
 * ns:register/ns:r with L4Re's value forms, ns:__register, and ns:query/ns:q
 * returning a lookup function (docs/lua-api.md).
 */
#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/env.h>

#include "ned.h"

/* A lookup of a name moe holds reserved (a placeholder) waits this long for its capability. */
#define NS_PLACEHOLDER_WAIT_MS 10000
#define NS_PLACEHOLDER_POLL_MS 10

/* L4Re's words for the errors a namespace answers (its l4sys_errtostr). */
static const char *ns_errtostr(long r)
{
	switch (r) {
	case -L4_EPERM: return "Operation not permitted";
	case -L4_ENOENT: return "No such entity";
	case -L4_EAGAIN: return "Try again";
	case -L4_ENOMEM: return "No memory";
	case -L4_EEXIST: return "Entity exists";
	case -L4_EINVAL: return "Invalid argument";
	case -L4_ERANGE: return "Range error";
	default: return "Unknown error";
	}
}

/*
 * ns:__register(key, value) (L4Re's primitive): a capability is registered
 * with its rights, replacing what the name held; a string reserves the name
 * (a placeholder: lookups wait until the capability is registered); nil
 * unlinks the name (no error if it was not there). Anything else is an error.
 */
static int ns_register_raw(lua_State *L)
{
	struct lcap *ns = luaL_checkudata(L, 1, CAP_MT);
	const char *key = luaL_checkstring(L, 2);
	long r;

	switch (lua_type(L, 3)) {
	case LUA_TNONE:
	case LUA_TNIL:
		r = l4re_ns_unlink(ns->sel, key);
		if (r == -L4_ENOENT)
			r = 0;
		break;
	case LUA_TSTRING:
		r = l4re_ns_register_flags(ns->sel, key, L4_INVALID_CAP, L4_CAP_FPAGE_R,
					   L4RE_NS_REPLACE | L4RE_NS_PLACEHOLDER);
		break;
	default: {
		struct lcap *c = luaL_testudata(L, 3, CAP_MT);
		if (!c)
			return luaL_error(L, "unexpected value to register in namespace (%s)",
					  luaL_typename(L, 3));
		r = l4re_ns_register_flags(ns->sel, key, c->sel, c->rights, L4RE_NS_REPLACE);
	}
	}
	if (r != 0)
		return luaL_error(L, "runtime error %s (%d) for '%s'", ns_errtostr(r), (int)r, key);
	return 0;
}

/*
 * ns:register(key, value, fab) and ns:r (ned.lua's): a function value is
 * called with (ns, key) and its result registered; nil registers nothing; a
 * table is registered as fab(table) when fab is given, else not at all; any
 * other value goes to ns:__register.
 */
static int ns_register(lua_State *L)
{
	luaL_checkudata(L, 1, CAP_MT);
	lua_settop(L, 4);
	if (lua_isfunction(L, 3)) {
		lua_pushvalue(L, 3);
		lua_pushvalue(L, 1);
		lua_pushvalue(L, 2);
		lua_call(L, 2, 1);
		lua_replace(L, 3);
	}
	if (lua_isnil(L, 3))
		return 0;
	if (lua_istable(L, 3)) {
		if (lua_isnil(L, 4))
			return 0;
		lua_pushvalue(L, 4);
		lua_pushvalue(L, 3);
		lua_call(L, 1, 1);
		lua_replace(L, 3);
	}
	lua_settop(L, 3);
	return ns_register_raw(L);
}

/* Rights for a query's result: a number or letters (Tern also takes letters); L4Re's default r. */
static unsigned query_rights(lua_State *L, int i)
{
	return lua_isnoneornil(L, i) ? L4_CAP_FPAGE_R : ned_check_rights(L, i, "query");
}

/* The lookup ns:query made: the capability, or nil if the name is not there. */
static int ns_lookup(lua_State *L)
{
	struct lcap *ns = lua_touserdata(L, lua_upvalueindex(1));
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	unsigned rights = (unsigned)lua_tointeger(L, lua_upvalueindex(3));
	l4_cap_idx_t slot = ned_slot(L);
	long r;

	for (int waited = 0;; waited += NS_PLACEHOLDER_POLL_MS) {
		r = l4re_ns_query(ns->sel, name, slot);
		if (r != -L4_EAGAIN || waited >= NS_PLACEHOLDER_WAIT_MS)
			break;
		ned_sleep_us(NS_PLACEHOLDER_POLL_MS * 1000);
	}
	if (r != 0) {
		l4re_cap_free(slot);
		if (r == -L4_ENOENT) {
			lua_pushnil(L);
			return 1;
		}
		return luaL_error(L, "runtime error %s (%d) looking up '%s'", ns_errtostr(r),
				  (int)r, name);
	}
	ned_push_cap_l4re(L, slot, rights);
	return 1;
}

/*
 * ns:query(name[, rights]) and ns:q (L4Re): a function that looks the name up
 * when called (by the script, L4.cast, ns:register or the loader), giving the
 * capability with the rights (default r) or nil.
 */
static int ns_query(lua_State *L)
{
	luaL_checkudata(L, 1, CAP_MT);
	if (lua_gettop(L) < 2)
		return luaL_error(L, "expected at least two arguments in name-space query");
	luaL_checkstring(L, 2);
	unsigned rights = query_rights(L, 3);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, 2);
	lua_pushinteger(L, rights);
	lua_pushcclosure(L, ns_lookup, 3);
	return 1;
}

const luaL_Reg ned_ns_methods[] = {
	{"register", ns_register}, {"r", ns_register}, {"__register", ns_register_raw},
	{"query", ns_query},	   {"q", ns_query},    {NULL, NULL},
};
