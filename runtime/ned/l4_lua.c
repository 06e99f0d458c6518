// SPDX-License-Identifier: BSD-2-Clause
/*
 * The L4 package for ned's Lua scripts, following L4Re's ned where the
 * features overlap (docs/lua-api.md): capabilities with rights, namespaces,
 * factories, L4.Env, L4.Proto, L4.Rights, L4.sleep. The loader and the
 * handles of started programs are in loader.c.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/gate.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/env.h>
#include <l4re/thread.h>

#include "ned.h"

/* L4.sleep and L4.msleep: longer than a day is a mistake in the script. */
#define SLEEP_MAX_S 86400

/* A free slot of ned's; Lua values keep slots for good (capabilities are never collected). */
l4_cap_idx_t ned_slot(lua_State *L)
{
	l4_cap_idx_t s = l4re_cap_alloc();
	if (s == L4_INVALID_CAP)
		luaL_error(L, "out of capability slots");
	return s;
}

/* ---- capabilities ---------------------------------------------------------------- */

struct lcap *ned_push_cap(lua_State *L, l4_cap_idx_t sel, unsigned rights)
{
	struct lcap *c = lua_newuserdatauv(L, sizeof(*c), 0);
	c->sel = sel;
	c->rights = rights;
	luaL_setmetatable(L, CAP_MT);
	return c;
}

/* "rwsd" (L4Re also writes n and c for name-service and caching hints: accepted). */
static unsigned parse_rights(lua_State *L, const char *str)
{
	unsigned r = 0;
	for (const char *s = str; *s; s++) {
		switch (*s) {
		case 'r':
		case 'R': r |= L4_CAP_FPAGE_R; break;
		case 'w':
		case 'W': r |= L4_CAP_FPAGE_W; break;
		case 's':
		case 'S': r |= L4_CAP_FPAGE_S; break;
		case 'd':
		case 'D': r |= L4_CAP_FPAGE_D; break;
		case 'n':
		case 'c':
		case 'N':
		case 'C': break;
		default: luaL_error(L, "bad rights letter '%c' in \"%s\"", *s, str);
		}
	}
	return r;
}

static int cap_m(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	unsigned r;

	if (lua_type(L, 2) == LUA_TNUMBER) {
		lua_Integer mask;
		if (!lua_isinteger(L, 2) || (mask = lua_tointeger(L, 2)) < 0 ||
		    mask > L4_CAP_FPAGE_RWSD)
			return luaL_error(L, "m: rights mask %s is not one of 0..15 (L4.Rights)",
					  luaL_tolstring(L, 2, NULL));
		r = (unsigned)mask;
	} else {
		r = parse_rights(L, luaL_checkstring(L, 2));
	}
	ned_push_cap(L, c->sel, c->rights & r);
	return 1;
}

static int cap_full(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	ned_push_cap(L, c->sel, c->rights);
	return 1;
}

static int cap_is_valid(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	lua_pushboolean(L, c->sel != L4_INVALID_CAP);
	return 1;
}

static int cap_tostring(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	char buf[48];
	snprintf(buf, sizeof(buf), "L4.Cap(slot %lu, rights 0x%x)",
		 (unsigned long)(c->sel >> L4_CAP_SHIFT), c->rights);
	lua_pushstring(L, buf);
	return 1;
}

/* ---- namespaces ---------------------------------------------------------------------- */

/* A new, empty moe namespace (from ned's memory allocator) in a slot of ned's. */
l4_cap_idx_t ned_new_namespace(lua_State *L)
{
	l4_cap_idx_t slot = ned_slot(L);
	long r = l4re_factory_create(L4RE_MEM_ALLOC_CAP, L4RE_PROTO_NAMESPACE, NULL, 0, slot);
	if (r != 0)
		luaL_error(L, "cannot make a namespace: moe refused (%d)", (int)r);
	return slot;
}

/*
 * Register the entries of the table at index t in namespace ns: capabilities
 * with their rights, nested tables as namespaces of their own (read-only).
 */
void ned_fill_namespace(lua_State *L, l4_cap_idx_t ns, int t, int depth)
{
	t = lua_absindex(L, t);
	if (depth > 8)
		luaL_error(L, "namespace tables nested too deeply (or a loop)");
	luaL_checkstack(L, 4, "namespace tables");
	lua_pushnil(L);
	while (lua_next(L, t)) {
		const char *name = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
		struct lcap *c = luaL_testudata(L, -1, CAP_MT);
		struct lcap sub;
		if (!name)
			luaL_error(L, "namespace entries need string names");
		if (!c && lua_istable(L, -1)) {
			sub.sel = ned_new_namespace(L);
			sub.rights = L4_CAP_FPAGE_R;
			ned_fill_namespace(L, sub.sel, -1, depth + 1);
			c = &sub;
		}
		if (!c)
			luaL_error(L, "namespace entry '%s' is neither a capability nor a table",
				   name);
		long r = l4re_ns_register(ns, name, c->sel, c->rights);
		if (r != 0)
			luaL_error(L, "cannot register '%s' (%d)", name, (int)r);
		lua_pop(L, 1);
	}
}

/* L4.cast(proto, cap): capabilities are not typed on ned's side; the same capability. */
static int l4_cast(lua_State *L)
{
	luaL_checkinteger(L, 1);
	struct lcap *c = luaL_checkudata(L, 2, CAP_MT);
	ned_push_cap(L, c->sel, c->rights);
	return 1;
}

/* ns:register(name, cap) and ns:query(name) on a namespace capability. */
static int cap_register(lua_State *L)
{
	struct lcap *ns = luaL_checkudata(L, 1, CAP_MT);
	const char *name = luaL_checkstring(L, 2);
	struct lcap *c = luaL_checkudata(L, 3, CAP_MT);
	long r = l4re_ns_register(ns->sel, name, c->sel, c->rights);
	if (r != 0)
		return luaL_error(L, "register '%s': %s", name,
				  r == -L4_EPERM    ? "no write right on the namespace"
				  : r == -L4_EEXIST ? "name taken"
						    : "refused");
	return 0;
}

static int cap_query(lua_State *L)
{
	struct lcap *ns = luaL_checkudata(L, 1, CAP_MT);
	const char *name = luaL_checkstring(L, 2);
	l4_cap_idx_t slot = ned_slot(L);
	long r = l4re_ns_query(ns->sel, name, slot);
	if (r != 0) {
		l4re_cap_free(slot);
		lua_pushnil(L);
		return 1;
	}
	ned_push_cap(L, slot, L4_CAP_FPAGE_RWSD);
	return 1;
}

/* ds:size() (Tern): a dataspace's size in bytes; an error for any other object. */
static int cap_size(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	uint64_t size = 0;
	long r = l4re_ds_size(c->sel, &size);

	if (r != 0)
		return luaL_error(L, "size: not a dataspace (%d)", (int)r);
	lua_pushinteger(L, (lua_Integer)size);
	return 1;
}

void ned_sleep_us(uint64_t us)
{
	/* A receive nobody answers: the kernel's timeout (32 bits of µs) is the sleep. */
	while (us) {
		uint64_t n = us < 1000000000 ? us : 1000000000;
		l4_ipc_receive(l4re_thread_self(), L4_TIMEOUTS(0, n));
		us -= n;
	}
}

/* Sleep for the number at index 1 in units of unit seconds: 0 up to a day, else an error. */
static int sleep_units(lua_State *L, const char *what, const char *unit, double per_s)
{
	lua_Number n = luaL_checknumber(L, 1);

	if (!isfinite(n) || n < 0 || n > SLEEP_MAX_S * per_s)
		return luaL_error(L, "%s: %s must be 0..%d, not %s", what, unit,
				  (int)(SLEEP_MAX_S * per_s), luaL_tolstring(L, 1, NULL));
	ned_sleep_us((uint64_t)(n * (1e6 / per_s)));
	return 0;
}

static int l4_sleep(lua_State *L)
{
	return sleep_units(L, "sleep", "seconds", 1);
}

static int l4_msleep(lua_State *L)
{
	return sleep_units(L, "msleep", "milliseconds", 1000);
}

/* L4.cpu_time() (Tern): the CPU time ned's Lua thread has used, in seconds. */
static int l4_cpu_time(lua_State *L)
{
	struct l4_thread_stats st;

	if (l4_thread_stats(l4re_thread_self(), &st) != 0)
		return luaL_error(L, "cpu_time: the kernel refused");
	lua_pushnumber(L, (lua_Number)st.cpu_time_ns / 1e9);
	return 1;
}

void ned_metatable(lua_State *L, const char *name, const luaL_Reg *methods)
{
	luaL_newmetatable(L, name);
	lua_newtable(L);
	luaL_setfuncs(L, methods, 0);
	lua_setfield(L, -2, "__index");
	lua_pop(L, 1);
}

static void set_int(lua_State *L, const char *k, lua_Integer v)
{
	lua_pushinteger(L, v);
	lua_setfield(L, -2, k);
}

int luaopen_L4(lua_State *L)
{
	static const luaL_Reg cap_methods[] = {{"m", cap_m},
					       {"mode", cap_m},
					       {"svr", cap_full},
					       {"full", cap_full},
					       {"is_valid", cap_is_valid},
					       {"register", cap_register},
					       {"query", cap_query},
					       {"create", ned_cap_create},
					       {"size", cap_size},
					       {NULL, NULL}};

	ned_metatable(L, CAP_MT, cap_methods);
	luaL_getmetatable(L, CAP_MT);
	lua_pushcfunction(L, cap_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);

	lua_newtable(L); /* L4 */
	lua_pushcfunction(L, l4_sleep);
	lua_setfield(L, -2, "sleep");
	lua_pushcfunction(L, l4_msleep);
	lua_setfield(L, -2, "msleep");
	lua_pushcfunction(L, l4_cpu_time);
	lua_setfield(L, -2, "cpu_time");
	lua_pushcfunction(L, l4_cast);
	lua_setfield(L, -2, "cast");

	static const struct {
		const char *name;
		l4_cap_idx_t sel;
		unsigned rights;
	} env[] = {
		{"log", L4_BASE_LOG_CAP, L4_CAP_FPAGE_RW},
		{"factory", L4_BASE_FACTORY_CAP, L4_CAP_FPAGE_RWSD},
		{"user_factory", L4RE_MEM_ALLOC_CAP, L4_CAP_FPAGE_RW},
		{"mem_alloc", L4RE_MEM_ALLOC_CAP, L4_CAP_FPAGE_RW},
		{"rom", L4RE_ROM_CAP, L4_CAP_FPAGE_R},
		{"rm", L4RE_RM_CAP, L4_CAP_FPAGE_RW},
		{"parent", L4RE_PARENT_CAP, L4_CAP_FPAGE_RW},
		{"loader", L4RE_LOADER_CAP, L4_CAP_FPAGE_RW},
		{"scheduler", L4_BASE_SCHEDULER_CAP, L4_CAP_FPAGE_RW},
	};
	static const struct {
		const char *name;
		lua_Integer value;
	} proto[] =
		{
			{"Irq", L4_PROTO_IRQ},
			{"Task", L4_PROTO_TASK},
			{"Thread", L4_PROTO_THREAD},
			{"Log", L4_PROTO_LOG},
			{"Scheduler", L4_PROTO_SCHEDULER},
			{"Factory", L4_PROTO_FACTORY},
			{"Dataspace", 0x4000}, /* L4Re's numbers; factory.c turns them into labels
						*/
			{"Namespace", 0x4001},
		},
	  rights[] = {
		  {"R", L4_CAP_FPAGE_R},       {"W", L4_CAP_FPAGE_W},	{"S", L4_CAP_FPAGE_S},
		  {"D", L4_CAP_FPAGE_D},       {"RW", L4_CAP_FPAGE_RW}, {"RWS", L4_CAP_FPAGE_RWS},
		  {"RWSD", L4_CAP_FPAGE_RWSD},
	  };

	lua_newtable(L); /* L4.Env: ned's own environment */
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		ned_push_cap(L, env[i].sel, env[i].rights);
		lua_setfield(L, -2, env[i].name);
	}
	lua_setfield(L, -2, "Env");
	lua_newtable(L);
	for (size_t i = 0; i < sizeof(proto) / sizeof(proto[0]); i++)
		set_int(L, proto[i].name, proto[i].value);
	lua_setfield(L, -2, "Proto");
	lua_newtable(L);
	for (size_t i = 0; i < sizeof(rights) / sizeof(rights[0]); i++)
		set_int(L, rights[i].name, rights[i].value);
	lua_setfield(L, -2, "Rights");
	ned_open_loader(L); /* last: its prelude uses L4.Env and L4.Proto */
	return 1;
}
