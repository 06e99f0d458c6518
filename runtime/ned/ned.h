/* SPDX-License-Identifier: BSD-2-Clause */
/* ned, the init process: runs Lua scripts with an L4 package (docs/lua-api.md). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <lauxlib.h>
#include <lua.h>

#include <l4/sys/ipc.h>

#define CAP_MT "L4.Cap"

/* A capability value in Lua: a slot of ned's and the rights this value carries. */
struct lcap {
	l4_cap_idx_t sel;
	unsigned rights; /* L4_CAP_FPAGE_* */
};

/* Open the L4 package (global L4, and require "L4"). */
int luaopen_L4(lua_State *L);

/* l4_lua.c: capabilities, namespaces, sleeping. */
struct lcap *ned_push_cap(lua_State *L, l4_cap_idx_t sel, unsigned rights);
l4_cap_idx_t ned_slot(lua_State *L);
l4_cap_idx_t ned_new_namespace(lua_State *L);
void ned_fill_namespace(lua_State *L, l4_cap_idx_t ns, int t, int depth);
void ned_sleep_us(uint64_t us);
void ned_metatable(lua_State *L, const char *name, const luaL_Reg *methods);

/* factory.c: f:create(proto, ...), a method of capabilities. */
int ned_cap_create(lua_State *L);

/* loader.c: run the loader prelude (L4.Loader, L4.App_env, L4.default_loader) on the L4 table on
 * the top of the stack. */
void ned_open_loader(lua_State *L);
/*
 * loader.c: after the script, ned serves its programs' ends (exit handlers);
 * with until_all_ended it returns once every program it started has ended.
 */
void ned_serve(lua_State *L, bool until_all_ended);
/* loader.c: notice the ends of ned's programs (their exit handlers run); how many still run. */
unsigned ned_reap(lua_State *L);

/* interactive.c: a Lua statement per console line until Ctrl-D (never with noexit). */
void ned_interactive(lua_State *L, bool noexit);

/* Lua's allocator in ned (alloc.c). */
void *ned_alloc(void *ud, void *p, size_t osize, size_t nsize);

/* Make load, loadfile, dofile and require load Lua source only (text_only.c). */
void ned_text_only(lua_State *L);
