// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned loads Lua source only. Lua's undump trusts precompiled chunks: mangled
 * bytecode, from a script's string.dump or from a file in rom, can make the
 * interpreter read and write anywhere in ned. So load, loadfile, dofile and
 * require (its Lua searcher) are replaced by versions that load in mode "t";
 * the scripts ned runs are loaded so too (main.c).
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include "ned.h"

/* The mode a caller asked for ("bt" when none), without "b"; NULL when nothing is left. */
static const char *text_mode(lua_State *L, int arg)
{
	return strchr(luaL_optstring(L, arg, "bt"), 't') ? "t" : NULL;
}

static int refuse(lua_State *L)
{
	luaL_pushfail(L);
	lua_pushliteral(L, "binary chunks are not loaded (ned loads Lua source only)");
	return 2;
}

/* Call the original function (upvalue 1) with mode argument arg set to "t". */
static int call_text_only(lua_State *L, int arg)
{
	int n = lua_gettop(L);

	if (!text_mode(L, arg))
		return refuse(L);
	lua_settop(L, n > arg ? n : arg);
	lua_pushliteral(L, "t");
	lua_replace(L, arg);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* load(chunk [, chunkname [, mode [, env]]]): Lua's, in mode "t". */
static int text_load(lua_State *L)
{
	return call_text_only(L, 3);
}

/*
 * luaL_loadfilex in mode "t", with the refusal of a precompiled file first:
 * Lua itself would reopen the file in binary mode before it checks the
 * mode, and rom files cannot be reopened ("cannot reopen ...: Success").
 */
static int load_text_file(lua_State *L, const char *name)
{
	FILE *f = name ? fopen(name, "r") : NULL;
	int c = f ? getc(f) : EOF;

	if (f)
		fclose(f);
	if (c == LUA_SIGNATURE[0]) {
		lua_pushfstring(L, "%s: a precompiled (binary) chunk: ned loads Lua source only",
				name);
		return LUA_ERRSYNTAX;
	}
	return luaL_loadfilex(L, name, "t");
}

/* loadfile([filename [, mode [, env]]]) */
static int text_loadfile(lua_State *L)
{
	const char *name = luaL_optstring(L, 1, NULL);

	if (!text_mode(L, 2))
		return refuse(L);
	if (load_text_file(L, name) != LUA_OK) {
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (!lua_isnone(L, 3)) { /* env: the chunk's first upvalue, as Lua's loadfile sets it */
		lua_pushvalue(L, 3);
		if (!lua_setupvalue(L, -2, 1))
			lua_pop(L, 1);
	}
	return 1;
}

static int dofile_done(lua_State *L, int status, lua_KContext ctx)
{
	(void)status;
	(void)ctx;
	return lua_gettop(L) - 1;
}

/* dofile([filename]): loaded as text; its errors propagate, as with Lua's. */
static int text_dofile(lua_State *L)
{
	const char *name = luaL_optstring(L, 1, NULL);

	lua_settop(L, 1);
	if (load_text_file(L, name) != LUA_OK)
		return lua_error(L);
	lua_callk(L, 0, LUA_MULTRET, 0, dofile_done);
	return dofile_done(L, 0, 0);
}

/* package.searchers[2]: a Lua module from package.path, loaded as text. */
static int text_searcher(lua_State *L)
{
	const char *name = luaL_checkstring(L, 1);

	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchpath");
	lua_pushstring(L, name);
	lua_getfield(L, -3, "path");
	lua_call(L, 2, 2);
	if (lua_isnil(L, -2))
		return 1; /* searchpath's message: where it looked */
	const char *file = lua_tostring(L, -2);
	if (load_text_file(L, file) != LUA_OK)
		return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, file,
				  lua_tostring(L, -1));
	lua_pushstring(L, file);
	return 2;
}

static void wrap_global(lua_State *L, const char *name, lua_CFunction f)
{
	lua_getglobal(L, name);
	lua_pushcclosure(L, f, 1);
	lua_setglobal(L, name);
}

void ned_text_only(lua_State *L)
{
	wrap_global(L, "load", text_load);
	lua_pushcfunction(L, text_loadfile);
	lua_setglobal(L, "loadfile");
	lua_pushcfunction(L, text_dofile);
	lua_setglobal(L, "dofile");
	/* Only the preload table and Lua source: ned has no C modules (cpath is empty). */
	lua_getglobal(L, "package");
	lua_getfield(L, -1, "searchers");
	lua_pushcfunction(L, text_searcher);
	lua_rawseti(L, -2, 2);
	for (lua_Integer i = luaL_len(L, -1); i > 2; i--) {
		lua_pushnil(L);
		lua_rawseti(L, -2, i);
	}
	lua_pop(L, 2);
}
