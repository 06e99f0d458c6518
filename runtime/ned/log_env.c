// SPDX-License-Identifier: BSD-2-Clause
/*
 * The log of a program ned starts (env.log): its tag goes first in the start
 * request; moe shows the program's lines as "[tag] line".
 */
#include <string.h>

#include <lauxlib.h>

#include "ned.h"
#include "request.h"

/* env.log: { tag, color } or "tag" (or nothing: moe names it after the program). */
void ned_env_log(lua_State *L, int env, struct request *q)
{
	const char *tag = "";

	lua_getfield(L, env, "log");
	if (lua_istable(L, -1))
		lua_rawgeti(L, -1, 1);
	else
		lua_pushvalue(L, -1);
	if (lua_type(L, -1) == LUA_TSTRING)
		tag = lua_tostring(L, -1);
	else if (!lua_isnil(L, -1) || !(lua_isnil(L, -2) || lua_istable(L, -2)))
		luaL_error(L, "start: env.log must be a tag or { tag, color }, not a %s",
			   luaL_typename(L, -1));
	if (!ned_printable(tag))
		luaL_error(L, "start: log tag %s has a control character", ned_quoted(L, tag));
	if (strlen(tag) > TAG_MAX)
		luaL_error(L, "start: log tag %s is longer than %d bytes", ned_quoted(L, tag),
			   TAG_MAX);
	ned_req_add(L, q, tag);
	lua_pop(L, 2);
}
