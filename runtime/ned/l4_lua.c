// SPDX-License-Identifier: BSD-2-Clause
/*
 * The L4 package for ned's Lua scripts, following L4Re's ned where the
 * features overlap (docs/lua-api.md): capabilities with rights, the default
 * loader (start, startv, new_channel), handles of started programs, L4.Env,
 * L4.Proto, L4.Rights, L4.sleep.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/gate.h>
#include <l4/sys/task.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>
#include <l4re/env.h>

#include "ned.h"

#define CAP_MT	  "L4.Cap"
#define APP_MT	  "L4.App"
#define LOADER_MT "L4.Loader"
#define MAX_CAPS  12 /* moe takes 8 named ones and the '@' slots of the environment */
#define BLOCK_MAX ((L4_UTCB_MRS - 2 - 2 * MAX_CAPS) * 8)

struct lcap {
	l4_cap_idx_t sel;
	unsigned rights; /* L4_CAP_FPAGE_* */
};

struct lapp {
	long handle;
	char name[32];
};

/* A free slot of ned's; Lua values keep slots for good (capabilities are never collected). */
static l4_cap_idx_t ned_slot(lua_State *L)
{
	l4_cap_idx_t s = l4re_cap_alloc();
	if (s == L4_INVALID_CAP)
		luaL_error(L, "out of capability slots");
	return s;
}

/* ---- capabilities ---------------------------------------------------------------- */

static struct lcap *push_cap(lua_State *L, l4_cap_idx_t sel, unsigned rights)
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
	unsigned r = lua_isinteger(L, 2) ? (unsigned)lua_tointeger(L, 2)
					 : parse_rights(L, luaL_checkstring(L, 2));
	push_cap(L, c->sel, c->rights & r);
	return 1;
}

static int cap_full(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);
	push_cap(L, c->sel, c->rights);
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

/* ---- started programs -------------------------------------------------------------- */

static long loader_call(unsigned op, long handle, uint64_t *out0, uint64_t *out1)
{
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = op;
	u->mr[1] = (uint64_t)handle;
	long r = l4_result(
		l4_ipc_call(L4RE_LOADER_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, 2, 0, 0), L4_IPC_NEVER));
	if (r == 0 && out0)
		*out0 = u->mr[0];
	if (r == 0 && out1)
		*out1 = u->mr[1];
	return r;
}

static bool app_running(lua_State *L, struct lapp *a, long *code)
{
	uint64_t running = 0, c = 0;
	if (loader_call(L4RE_LOADER_STATE_OP, a->handle, &running, &c) != 0)
		luaL_error(L, "%s: no such program", a->name);
	*code = (long)c;
	return running;
}

static void sleep_ms(unsigned ms)
{
	/* A receive nobody answers: the kernel's timeout is the sleep. */
	l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, ms * 1000U));
}

static int app_wait(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	while (app_running(L, a, &code))
		sleep_ms(10);
	lua_pushinteger(L, code);
	return 1;
}

static int app_exit_code(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	if (app_running(L, a, &code))
		lua_pushnil(L);
	else
		lua_pushinteger(L, code);
	return 1;
}

static int app_state(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	lua_pushstring(L, app_running(L, a, &code) ? "running" : "exited");
	return 1;
}

static int app_kill(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	lua_pushboolean(L, loader_call(L4RE_LOADER_KILL_OP, a->handle, NULL, NULL) == 0);
	return 1;
}

/* ---- namespaces ---------------------------------------------------------------------- */

/* A new, empty moe namespace (from ned's memory allocator) in a slot of ned's. */
static l4_cap_idx_t new_namespace(lua_State *L)
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
static void fill_namespace(lua_State *L, l4_cap_idx_t ns, int t, int depth)
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
			sub.sel = new_namespace(L);
			sub.rights = L4_CAP_FPAGE_R;
			fill_namespace(L, sub.sel, -1, depth + 1);
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

/* ---- the loader ---------------------------------------------------------------------- */

/* Append s and its NUL to the block. */
static void block_add(lua_State *L, char *block, size_t *len, const char *s)
{
	size_t n = strlen(s) + 1;
	if (*len >= BLOCK_MAX || n > BLOCK_MAX - *len) {
		luaL_error(L, "start: program name, arguments and capability names too long");
		return;
	}
	memcpy(block + *len, s, n);
	*len += n;
}

/* env (index 2): { caps = { name = cap }, log = { tag, color } or "tag" }; argv at top. */
static int loader_launch(lua_State *L, int argc, const char **argv)
{
	static char block[BLOCK_MAX];
	struct l4_utcb *u = l4_utcb();
	struct lcap caps[MAX_CAPS];
	unsigned ncaps = 0;
	size_t len = 0;
	const char *tag = "";

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_getfield(L, 2, "log");
	if (lua_istable(L, -1)) {
		lua_rawgeti(L, -1, 1);
		tag = lua_isstring(L, -1) ? lua_tostring(L, -1) : "";
		lua_pop(L, 1);
	} else if (lua_isstring(L, -1)) {
		tag = lua_tostring(L, -1);
	}
	block_add(L, block, &len, tag);
	lua_pop(L, 1);
	for (int i = 0; i < argc; i++)
		block_add(L, block, &len, argv[i]);
	block_add(L, block, &len, "");

	lua_getfield(L, 2, "caps");
	if (lua_istable(L, -1)) {
		lua_pushnil(L);
		while (lua_next(L, -2)) {
			if (ncaps == 8)
				luaL_error(L, "start: more than 8 capabilities");
			const char *name =
				lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
			struct lcap *c = luaL_testudata(L, -1, CAP_MT);
			if (!name || name[0] == '@' || (!c && !lua_istable(L, -1)))
				luaL_error(L,
					   "start: caps must map names to capabilities or tables");
			if (!c) { /* a table: a namespace of its own, read-only for the program */
				caps[ncaps].sel = new_namespace(L);
				caps[ncaps].rights = L4_CAP_FPAGE_R;
				fill_namespace(L, caps[ncaps].sel, -1, 1);
			} else {
				caps[ncaps] = *c;
			}
			ncaps++;
			block_add(L, block, &len, name);
			lua_pop(L, 1);
		}
	}
	lua_pop(L, 1);
	/* Slots of the initial environment: env.scheduler, env.factory, env.mem (a capability). */
	static const char *const env_slots[][2] = {
		{"scheduler", "@scheduler"}, {"factory", "@factory"}, {"mem", "@mem_alloc"}};
	for (unsigned i = 0; i < 3; i++) {
		lua_getfield(L, 2, env_slots[i][0]);
		struct lcap *c = luaL_testudata(L, -1, CAP_MT);
		if (c) {
			caps[ncaps++] = *c;
			block_add(L, block, &len, env_slots[i][1]);
		} else if (!lua_isnil(L, -1) && !(i == 2 && lua_isinteger(L, -1))) {
			luaL_error(L, "start: env.%s must be a capability", env_slots[i][0]);
		}
		lua_pop(L, 1);
	}
	/* Tern: env.mem, a number, is the program's memory quota in bytes. */
	lua_getfield(L, 2, "mem");
	if (lua_isinteger(L, -1)) {
		char opt[40];
		if (lua_tointeger(L, -1) <= 0)
			luaL_error(L, "start: env.mem must be a positive number of bytes");
		snprintf(opt, sizeof(opt), "mem=%lld", (long long)lua_tointeger(L, -1));
		block_add(L, block, &len, opt);
	}
	unsigned words = 2 + (unsigned)((len + 7) / 8);
	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = len;
	memcpy(&u->mr[2], block, len);
	for (unsigned i = 0; i < ncaps; i++) {
		u->mr[words + 2 * i] = L4_ITEM_MAP | ((uint64_t)i << L4_CAP_SHIFT);
		u->mr[words + 2 * i + 1] = L4_OBJ_FPAGE(caps[i].sel, 0, caps[i].rights);
	}
	l4_msgtag_t t = l4_ipc_call(L4RE_LOADER_CAP, L4_MSGTAG(L4RE_PROTO_LOADER, words, ncaps, 0),
				    L4_IPC_NEVER);
	long r = l4_result(t);
	lua_pop(L, 1);
	if (r != 0)
		return luaL_error(L, "cannot start %s: %s", argv[0],
				  r == -L4_ENOENT ? "no such program, or it cannot be loaded"
						  : "the loader refused");
	struct lapp *a = lua_newuserdatauv(L, sizeof(*a), 0);
	a->handle = (long)u->mr[0];
	snprintf(a->name, sizeof(a->name), "%s", argv[0]);
	luaL_setmetatable(L, APP_MT);
	return 1;
}

/* loader:start(env, "rom/prog arg1 arg2") */
static int loader_start(lua_State *L)
{
	static char cmd[256];
	const char *argv[17];
	int argc = 0;

	snprintf(cmd, sizeof(cmd), "%s", luaL_checkstring(L, 3));
	for (char *p = strtok(cmd, " \t"); p && argc < 16; p = strtok(NULL, " \t"))
		argv[argc++] = p;
	if (!argc)
		return luaL_error(L, "start: no program named");
	return loader_launch(L, argc, argv);
}

/* loader:startv(env, "rom/prog", "arg1", ...) */
static int loader_startv(lua_State *L)
{
	const char *argv[17];
	int argc = 0;

	for (int i = 3; i <= lua_gettop(L) && argc < 16; i++)
		argv[argc++] = luaL_checkstring(L, i);
	if (!argc)
		return luaL_error(L, "startv: no program named");
	return loader_launch(L, argc, argv);
}

/* loader:new_channel(): an IPC gate nobody serves yet; the server binds to it. */
static int loader_new_channel(lua_State *L)
{
	l4_cap_idx_t g = ned_slot(L);
	if (l4_factory_create_gate(L4_BASE_FACTORY_CAP, g, L4_INVALID_CAP, 0) != 0)
		return luaL_error(L, "new_channel: the factory refused");
	push_cap(L, g, L4_CAP_FPAGE_RWSD);
	return 1;
}

/* loader:create_namespace([{ name = cap or table, ... }]): a new moe namespace (read and write). */
static int loader_create_namespace(lua_State *L)
{
	l4_cap_idx_t slot = new_namespace(L);

	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		fill_namespace(L, slot, 2, 1);
	}
	push_cap(L, slot, L4_CAP_FPAGE_RW);
	return 1;
}

/* L4.cast(proto, cap): capabilities are not typed on ned's side; the same capability. */
static int l4_cast(lua_State *L)
{
	luaL_checkinteger(L, 1);
	struct lcap *c = luaL_checkudata(L, 2, CAP_MT);
	push_cap(L, c->sel, c->rights);
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
	push_cap(L, slot, L4_CAP_FPAGE_RWSD);
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
 * cap:create(proto, int...): ask a factory for a new object. A kernel factory
 * is asked with the kernel protocol (the object lands in a slot of ned's); a
 * server's factory (a channel) with the same protocol label, the object
 * coming back as a capability. Blocks until the server answers, also while
 * the server has not yet bound the channel.
 */
static int cap_create(lua_State *L)
{
	struct lcap *f = luaL_checkudata(L, 1, CAP_MT);
	lua_Integer proto = luaL_checkinteger(L, 2);
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
		push_cap(L, slot, L4_CAP_FPAGE_RWSD);
		return 1;
	}
	for (int tries = 0;; tries++) {
		r = l4re_factory_create(f->sel, (long)proto, args, (unsigned)nargs, slot);
		if (r != -1000 - L4_IPC_ENOT_EXISTENT || tries >= 1000)
			break;
		sleep_ms(2); /* nobody serves the channel yet */
	}
	if (r != 0) {
		l4re_cap_free(slot);
		return luaL_error(L, "create: the server refused (%d)", (int)r);
	}
	push_cap(L, slot, L4_CAP_FPAGE_RWSD);
	return 1;
}

static int loader_new(lua_State *L)
{
	lua_newtable(L);
	luaL_setmetatable(L, LOADER_MT);
	return 1;
}

static int l4_sleep(lua_State *L)
{
	sleep_ms((unsigned)(luaL_checknumber(L, 1) * 1000));
	return 0;
}

static int l4_msleep(lua_State *L)
{
	sleep_ms((unsigned)luaL_checkinteger(L, 1));
	return 0;
}

static void metatable(lua_State *L, const char *name, const luaL_Reg *methods)
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
					       {"create", cap_create},
					       {"size", cap_size},
					       {NULL, NULL}};
	static const luaL_Reg app_methods[] = {{"wait", app_wait},
					       {"exit_code", app_exit_code},
					       {"state", app_state},
					       {"kill", app_kill},
					       {NULL, NULL}};
	static const luaL_Reg loader_methods[] = {{"start", loader_start},
						  {"startv", loader_startv},
						  {"new_channel", loader_new_channel},
						  {"create_namespace", loader_create_namespace},
						  {NULL, NULL}};

	metatable(L, CAP_MT, cap_methods);
	luaL_getmetatable(L, CAP_MT);
	lua_pushcfunction(L, cap_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pop(L, 1);
	metatable(L, APP_MT, app_methods);
	metatable(L, LOADER_MT, loader_methods);

	lua_newtable(L); /* L4 */
	loader_new(L);
	lua_setfield(L, -2, "default_loader");
	lua_newtable(L);
	lua_pushcfunction(L, loader_new);
	lua_setfield(L, -2, "new");
	lua_setfield(L, -2, "Loader");
	lua_pushcfunction(L, l4_sleep);
	lua_setfield(L, -2, "sleep");
	lua_pushcfunction(L, l4_msleep);
	lua_setfield(L, -2, "msleep");
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
			{"Dataspace", L4RE_PROTO_DATASPACE},
			{"Namespace", L4RE_PROTO_NAMESPACE},
		},
	  rights[] = {
		  {"R", L4_CAP_FPAGE_R},       {"W", L4_CAP_FPAGE_W},	{"S", L4_CAP_FPAGE_S},
		  {"D", L4_CAP_FPAGE_D},       {"RW", L4_CAP_FPAGE_RW}, {"RWS", L4_CAP_FPAGE_RWS},
		  {"RWSD", L4_CAP_FPAGE_RWSD},
	  };

	lua_newtable(L); /* L4.Env: ned's own environment */
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		push_cap(L, env[i].sel, env[i].rights);
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
	return 1;
}
