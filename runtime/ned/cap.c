// SPDX-License-Identifier: BSD-2-Clause
/*
 * Capability values in ned's Lua (L4.Cap), as L4Re's ned has them: rights set
 * with :m(), :svr(), :is_valid(), L4Re's text form, and L4.cast with L4Re's
 * class names and protocol numbers (docs/lua-api.md).
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/ipc.h>
#include <l4re/client.h>

#include "ned.h"

/*
 * The classes L4.cast knows: L4Re's names (L4::Kobject's type names) and
 * protocol numbers (L4.Proto) of the objects Tern has. Class 0 is L4Re's
 * "void", a capability whose type ned was not told.
 */
static const struct {
	const char *name;
	lua_Integer proto;
} classes[] = {
	{"void", 0},
	{"L4::Factory", -15},
	{"L4Re::Namespace", 0x4001},
	{"L4Re::Dataspace", 0x4000},
	{"L4Re::Mem_alloc", 0x4004},
	{"L4Re::Rm", 0x4005},
	{"L4::Ipc_gate", 0},
	{"L4::Irq", -1},
	{"L4::Vm", -16},
	{"L4::Task", -11},
	{"L4::Thread", -12},
	{"L4::Scheduler", -14},
	{"L4::Vcon", -13},
};
#define NCLASSES (sizeof(classes) / sizeof(classes[0]))

unsigned ned_class_by_name(const char *name)
{
	for (unsigned i = 1; i < NCLASSES; i++)
		if (strcmp(classes[i].name, name) == 0)
			return i;
	return 0;
}

static unsigned class_by_proto(lua_Integer proto)
{
	for (unsigned i = 1; i < NCLASSES; i++)
		if (classes[i].proto == proto)
			return i;
	return 0;
}

struct lcap *ned_push_cap(lua_State *L, l4_cap_idx_t sel, unsigned rights)
{
	struct lcap_lua *c = lua_newuserdatauv(L, sizeof(*c), 0);
	*c = (struct lcap_lua){.cap = {.sel = sel, .rights = rights}};
	luaL_setmetatable(L, CAP_MT);
	return &c->cap;
}

struct lcap *ned_push_cap_l4re(lua_State *L, l4_cap_idx_t sel, unsigned all)
{
	struct lcap *c = ned_push_cap(L, sel, (all | L4_CAP_FPAGE_R) & L4_CAP_FPAGE_RWSD);
	ned_lcap_lua(c)->ext = all & ~L4_CAP_FPAGE_RWSD;
	return c;
}

/* A copy of c with all its rights given as L4Re's 8 bits (R always among them, as L4Re's). */
static void push_with_rights(lua_State *L, struct lcap *c, unsigned all)
{
	ned_lcap_lua(ned_push_cap_l4re(L, c->sel, all))->cls = ned_lcap_lua(c)->cls;
}

/* "rwsdnc", either case; Tern names a letter L4Re would silently skip. */
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
		case 'N': r |= NED_RIGHT_N; break;
		case 'c':
		case 'C': r |= NED_RIGHT_C; break;
		default: luaL_error(L, "bad rights letter '%c' in \"%s\"", *s, str);
		}
	}
	return r;
}

unsigned ned_check_rights(lua_State *L, int i, const char *what)
{
	lua_Integer mask;

	switch (lua_type(L, i)) {
	case LUA_TNUMBER:
		if (!lua_isinteger(L, i) || (mask = lua_tointeger(L, i)) < 0 || mask > 0xff)
			return (unsigned)luaL_error(
				L, "%s: rights %s are not one of 0..255 (L4.Rights)", what,
				luaL_tolstring(L, i, NULL));
		return (unsigned)mask;
	case LUA_TSTRING: return parse_rights(L, lua_tostring(L, i));
	default:
		return (unsigned)luaL_error(
			L, "%s: rights must be letters (\"rw\") or a number, not a %s", what,
			luaL_typename(L, i));
	}
}

/*
 * cap:m(rights) (also :mode, :rights): the capability with these rights, a
 * string of letters or L4Re's 8-bit number; R is always among them. The
 * kernel never passes on more than ned holds. Without an argument (or nil):
 * the four rights bits as a number, as L4Re returns them.
 */
static int cap_m(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);

	if (lua_isnoneornil(L, 2)) {
		lua_pushinteger(L, c->rights);
		return 1;
	}
	push_with_rights(L, c, ned_check_rights(L, 2, "m"));
	return 1;
}

/* cap:svr() (L4Re), cap:full() (Tern's alias): all rights, with L4Re's server bits. */
static int cap_svr(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	push_with_rights(L, c, NED_RIGHT_SVR);
	return 1;
}

static int cap_is_valid(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	lua_pushboolean(L, c->sel != L4_INVALID_CAP);
	return 1;
}

static const char *hex(char *buf, unsigned long v)
{
	snprintf(buf, 20, "%lx", v);
	return buf;
}

/* L4Re's text: L4::Cap<class>[selector] r=all rights f=flags (ned keeps no flags). */
static int cap_tostring(lua_State *L)
{
	struct lcap_lua *c = ned_lcap_lua(luaL_checkudata(L, 1, CAP_MT));
	const char *cls = classes[c->cls < NCLASSES ? c->cls : 0].name;
	char sel[20], rights[20];

	if (c->cap.sel == L4_INVALID_CAP)
		lua_pushfstring(L, "L4::Cap<%s>::Invalid", cls);
	else
		lua_pushfstring(L, "L4::Cap<%s>[0x%s] r=0x%s f=0x0", cls, hex(sel, c->cap.sel),
				hex(rights, c->cap.rights | c->ext));
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

/*
 * L4.cast(to, cap): the capability as class to, a class name ("L4::Factory")
 * or a protocol number (L4.Proto); nil for a class Tern does not know, and for
 * a to that is neither, as L4Re. A function for cap is called first (what
 * ns:query returns). Tern's capabilities all have the same methods, so the
 * class shows only in tostring.
 */
static int l4_cast(lua_State *L)
{
	if (lua_gettop(L) > 2)
		return luaL_error(L, "too many arguments to L4.cast (expected 2: type and cap)");
	if (lua_isfunction(L, 2)) {
		lua_pushvalue(L, 2);
		lua_call(L, 0, 1);
		lua_replace(L, 2);
	}
	struct lcap *c = luaL_checkudata(L, 2, CAP_MT);
	unsigned cls = 0;
	if (lua_type(L, 1) == LUA_TNUMBER)
		cls = class_by_proto(lua_tointeger(L, 1));
	else if (lua_type(L, 1) == LUA_TSTRING)
		cls = ned_class_by_name(lua_tostring(L, 1));
	if (!cls) {
		lua_pushnil(L);
		return 1;
	}
	struct lcap_lua *n = ned_lcap_lua(ned_push_cap(L, c->sel, c->rights));
	n->ext = ned_lcap_lua(c)->ext;
	n->cls = cls;
	return 1;
}

void ned_open_caps(lua_State *L)
{
	static const luaL_Reg cap_methods[] = {{"m", cap_m},
					       {"mode", cap_m},
					       {"rights", cap_m},
					       {"svr", cap_svr},
					       {"full", cap_svr},
					       {"is_valid", cap_is_valid},
					       {"create", ned_cap_create},
					       {"size", cap_size},
					       {NULL, NULL}};

	ned_metatable(L, CAP_MT, cap_methods);
	luaL_getmetatable(L, CAP_MT);
	lua_getfield(L, -1, "__index");
	luaL_setfuncs(L, ned_ns_methods, 0);
	lua_pop(L, 1);
	lua_pushcfunction(L, cap_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
	lua_pushcfunction(L, l4_cast);
	lua_setfield(L, -2, "cast");
}
