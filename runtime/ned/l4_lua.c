// SPDX-License-Identifier: BSD-2-Clause
/*
 * The L4 package for ned's Lua scripts, following L4Re's ned where the
 * features overlap (docs/lua-api.md): this file opens it and has the
 * sleeps; capabilities are in cap.c, namespaces in ns.c, L4.Env in env.c,
 * the constant tables in constants.c, L4.Info in info.c, the loader and the
 * handles of started programs in loader.c.
 */
#include <math.h>
#include <stdint.h>

#include <lauxlib.h>

#include <l4/sys/thread.h>
#include <l4re/cap_alloc.h>
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

int luaopen_L4(lua_State *L)
{
	lua_newtable(L); /* L4 */
	ned_open_caps(L);
	lua_pushcfunction(L, l4_sleep);
	lua_setfield(L, -2, "sleep");
	lua_pushcfunction(L, l4_msleep);
	lua_setfield(L, -2, "msleep");
	lua_pushcfunction(L, l4_cpu_time);
	lua_setfield(L, -2, "cpu_time");
	ned_open_env(L);
	ned_open_constants(L);
	ned_open_info(L);
	ned_open_cmd(L);
	ned_open_loader(L); /* last: its Lua prelude uses L4.Env and L4.Proto */
	return 1;
}
