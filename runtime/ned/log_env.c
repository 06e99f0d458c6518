// SPDX-License-Identifier: BSD-2-Clause
/*
 * The log of a program ned starts (env.log), as L4Re's ned takes it: a tag,
 * a table { tag, color, flags... }, a log capability, or a function whose
 * result is one of these. The tag goes first in the start request; colour
 * and flags follow the capability names as options (log_color=N,
 * log_flag=F), and moe shows the program's lines as "[tag] line" in that
 * colour. A capability becomes the program's log ("@log").
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4re/log.h>

#include "ned.h"
#include "request.h"

#define FLAGS_KNOWN                                                                      \
	"key=C, bufsz=N, keep, no-keep, show, hide, line-buffering, no-line-buffering, " \
	"timestamp, no-timestamp"

/* env.log[2]: a colour name (only its first letter counts, as in L4Re) or L4Re's value 0..15. */
static void log_color(lua_State *L, int t, struct request *q)
{
	char opt[24];
	int color = 0;

	lua_rawgeti(L, t, 2);
	if (lua_type(L, -1) == LUA_TSTRING) {
		size_t len;
		const char *s = lua_tolstring(L, -1, &len);
		color = l4re_log_color(s, len);
		if (color < 0)
			luaL_error(L,
				   "start: env.log colour %s is none of L4Re's (its first letter: "
				   "n r g y b m c w, upper case for bright)",
				   ned_quoted(L, s));
	} else if (lua_isinteger(L, -1)) {
		lua_Integer c = lua_tointeger(L, -1);
		if (c < 0 || c > 15)
			luaL_error(L, "start: env.log colour %d is out of range (0..15)", (int)c);
		color = (int)c;
	} else if (!lua_isnil(L, -1))
		luaL_error(L, "start: env.log colour must be a name or a number, not a %s",
			   luaL_typename(L, -1));
	lua_pop(L, 1);
	if (color) {
		snprintf(opt, sizeof(opt), "log_color=%d", color);
		ned_req_option(L, q, opt);
	}
}

/* env.log[3...]: cons's per-client options, kept by moe with the log. */
static void log_flags(lua_State *L, int t, struct request *q)
{
	char opt[48];

	for (lua_Integer i = 3; i <= (lua_Integer)lua_rawlen(L, t); i++) {
		size_t len;
		lua_rawgeti(L, t, i);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "start: env.log flag %d must be a string, not a %s",
				   (int)i - 2, luaL_typename(L, -1));
		const char *s = lua_tolstring(L, -1, &len);
		if (!l4re_log_flag_ok(s, len) || len > sizeof(opt) - 10)
			luaL_error(L, "start: env.log flag %s is unknown (known: " FLAGS_KNOWN ")",
				   ned_quoted(L, s));
		snprintf(opt, sizeof(opt), "log_flag=%s", s);
		ned_req_option(L, q, opt);
		lua_pop(L, 1);
	}
}

static const char *log_tag(lua_State *L, int v)
{
	if (lua_isnil(L, v))
		return "";
	if (lua_type(L, v) != LUA_TSTRING)
		luaL_error(L, "start: env.log tag must be a string, not a %s", luaL_typename(L, v));
	const char *tag = lua_tostring(L, v);
	if (!ned_printable(tag))
		luaL_error(L, "start: log tag %s has a control character", ned_quoted(L, tag));
	if (strlen(tag) > TAG_MAX)
		luaL_error(L, "start: log tag %s is longer than %d bytes", ned_quoted(L, tag),
			   TAG_MAX);
	return tag;
}

void ned_env_log(lua_State *L, int env, struct request *q)
{
	int top = lua_gettop(L);
	struct lcap *c;

	q->log_cap.sel = L4_INVALID_CAP;
	lua_getfield(L, env, "log");
	if (lua_isfunction(L, -1)) /* as L4Re: called, its result is the log */
		lua_call(L, 0, 1);
	int v = lua_gettop(L);
	if (lua_istable(L, v)) {
		lua_rawgeti(L, v, 1);
		ned_req_add(L, q, log_tag(L, -1)); /* the tag first */
		log_color(L, v, q);
		log_flags(L, v, q);
	} else if ((c = luaL_testudata(L, v, CAP_MT)) != NULL) {
		ned_req_add(L, q, ""); /* its lines show as that log's */
		q->log_cap = *c;
	} else if (lua_isnil(L, v) || lua_type(L, v) == LUA_TSTRING)
		ned_req_add(L, q, log_tag(L, v));
	else
		luaL_error(L,
			   "start: env.log must be a tag, { tag, color, flags... }, a log "
			   "capability or a function giving one, not a %s",
			   luaL_typename(L, v));
	lua_settop(L, top);
}

void ned_env_log_cap(lua_State *L, struct request *q)
{
	if (q->log_cap.sel != L4_INVALID_CAP)
		ned_req_cap(L, q, "@log", q->log_cap);
}
