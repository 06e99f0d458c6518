// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned's loader, C side: prim.exec sends moe a start request (docs/runtime.md,
 * "loader") for prelude/loader.lua (L4.Loader, L4.App_env as L4Re's ned.lua);
 * the handles of started programs and their exit handlers. Every field is
 * checked before anything is sent, with an error naming the field.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4re/client.h>
#include <l4re/env.h>
#include <l4re/thread.h>

#include "ned.h"
#include "request.h"

#define APP_MT	     "L4.App"
#define MAX_NAMED    8		   /* moe's limit of named capabilities */
#define MAX_WORDS    16		   /* program and arguments: moe's APP_MAX_ARGS */
#define MAX_VARS     16		   /* moe's APP_MAX_ENV */
#define CAP_NAME_MAX 48		   /* "L4RE_CAP_<name>=0x..." fits moe's 96 bytes */
#define MEM_MIN	     (256UL << 10) /* moe's 64 KiB stack, the program's pages, room for its heap */
#define MEM_MAX	     (1UL << 40)
#define POLL_US	     10000 /* only when ned has no exit IRQ */

struct lapp {
	long handle;
	char name[32];
};

/*
 * Triggered by moe when a program ned started ends: one for all of them,
 * attached to the Lua thread, so that :wait() blocks instead of polling.
 * L4_INVALID_CAP until the first start; 0 when it could not be made.
 */
static l4_cap_idx_t exit_irq = L4_INVALID_CAP;

/* The registry's table of handles started and not yet seen ended: ned_serve's to watch. */
static const char live_key = 0;

static l4_cap_idx_t get_exit_irq(lua_State *L)
{
	if (exit_irq != L4_INVALID_CAP)
		return exit_irq;
	exit_irq = ned_slot(L);
	if (l4_factory_create_irq(L4_BASE_FACTORY_CAP, exit_irq) != 0 ||
	    l4_irq_attach(exit_irq, l4re_thread_self(), NED_LABEL_EXIT) != 0)
		exit_irq = 0; /* handles then poll */
	return exit_irq;
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

/*
 * The program at index h has ended with code: the first to notice takes it
 * out of the live table and calls its exit handler (handle, code), once.
 * An error in the handler is printed with its file:line; ned goes on.
 */
static void noticed_end(lua_State *L, int h, long code)
{
	h = lua_absindex(L, h);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	lua_pushvalue(L, h);
	if (lua_rawget(L, -2) == LUA_TNIL) {
		lua_pop(L, 2);
		return;
	}
	lua_pushvalue(L, h);
	lua_pushnil(L);
	lua_rawset(L, -4);
	if (!lua_isfunction(L, -1)) {
		lua_pop(L, 2);
		return;
	}
	struct lapp *a = lua_touserdata(L, h);
	lua_pushvalue(L, h);
	lua_pushinteger(L, code);
	if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
		printf("ned: exit_handler of %s: %s\n", a->name, ned_text(L, -1, NULL));
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
}

static bool app_running(lua_State *L, struct lapp *a, long *code)
{
	uint64_t running = 0, c = 0;
	if (loader_call(L4RE_LOADER_STATE_OP, a->handle, &running, &c) != 0)
		luaL_error(L, "%s: no such program", a->name);
	*code = (long)c;
	if (!running)
		noticed_end(L, 1, *code);
	return running;
}

/* Any program's end wakes the wait (the IRQ is shared): each wake-up asks again. */
static int app_wait(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	while (app_running(L, a, &code))
		if (!exit_irq || l4_ipc_error(l4_irq_receive(exit_irq, L4_IPC_NEVER)))
			ned_sleep_us(POLL_US);
	lua_pushinteger(L, code);
	return 1;
}

/* Tern: nil while it runs (L4Re gives whatever the task holds). */
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

/* L4Re's states: "running", and "zombie" once ended ("initializing" never shows: moe starts a
 * program before it answers). */
static int app_state(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	lua_pushstring(L, app_running(L, a, &code) ? "running" : "zombie");
	return 1;
}

/* As L4Re's: "killed", or the exit code of a program that had already ended. */
static int app_kill(lua_State *L)
{
	struct lapp *a = luaL_checkudata(L, 1, APP_MT);
	long code;
	if (!app_running(L, a, &code)) {
		lua_pushinteger(L, code);
		return 1;
	}
	if (loader_call(L4RE_LOADER_KILL_OP, a->handle, NULL, NULL) != 0)
		return luaL_error(L, "%s: no such program", a->name);
	app_running(L, a, &code); /* ended now: its exit handler runs */
	lua_pushstring(L, "killed");
	return 1;
}

/* ---- the start request (request.h) ------------------------------------------------ */

/* Append s and its NUL to the block. */
void ned_req_add(lua_State *L, struct request *q, const char *s)
{
	size_t n = strlen(s) + 1;
	if (n > BLOCK_MAX - q->len)
		luaL_error(L, "start: program name, arguments and capability names too long");
	memcpy(q->block + q->len, s, n);
	q->len += n;
}

void ned_req_option(lua_State *L, struct request *q, const char *s)
{
	size_t n = strlen(s) + 1;
	if (n > sizeof(q->tail) - q->tail_len || n > BLOCK_MAX - q->len - q->tail_len)
		luaL_error(L,
			   "start: program name, arguments, capability names and environment "
			   "variables take %d bytes; the start request holds %d",
			   (int)(q->len + q->tail_len + n), BLOCK_MAX);
	memcpy(q->tail + q->tail_len, s, n);
	q->tail_len += n;
}

void ned_req_cap(lua_State *L, struct request *q, const char *name, struct lcap c)
{
	if (q->ncaps == MAX_CAPS)
		luaL_error(L, "start: too many capabilities");
	q->caps[q->ncaps++] = c;
	ned_req_add(L, q, name);
}

/* A name for messages: s with control characters as \n or \xNN, cut at 40 bytes. */
const char *ned_quoted(lua_State *L, const char *s)
{
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	luaL_addchar(&b, '"');
	for (size_t i = 0; s[i] && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		if (c >= 0x20 && c != 0x7f && c != '"' && c != '\\')
			luaL_addchar(&b, (char)c);
		else if (c == '\n')
			luaL_addstring(&b, "\\n");
		else {
			snprintf(esc, sizeof(esc), "\\x%02x", c);
			luaL_addstring(&b, esc);
		}
	}
	luaL_addstring(&b, strlen(s) > 40 ? "\"..." : "\"");
	luaL_pushresult(&b);
	return lua_tostring(L, -1);
}

/* Printable ASCII and UTF-8, no control characters: a tag cannot start a line of its own. */
bool ned_printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* env.caps: { name = capability or table of them }; at most MAX_NAMED. */
static void env_caps(lua_State *L, struct request *q)
{
	lua_getfield(L, 2, "caps");
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "start: env.caps must be a table { name = capability }, not a %s",
			   luaL_typename(L, -1));
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L,
				   "start: caps must map names to capabilities or tables "
				   "(a key of env.caps is a %s)",
				   luaL_typename(L, -2));
		const char *name = lua_tostring(L, -2);
		struct lcap *c = luaL_testudata(L, -1, CAP_MT);
		if (!*name || name[0] == '@' || strchr(name, '=') || !ned_printable(name) ||
		    strlen(name) > CAP_NAME_MAX)
			luaL_error(L,
				   "start: env.caps: bad capability name %s (1..%d printable "
				   "characters, no '=', not starting with '@')",
				   ned_quoted(L, name), CAP_NAME_MAX);
		/* Plain tables became namespaces in the prelude (Loader:_exec). */
		if (!c)
			luaL_error(L,
				   "start: caps must map names to capabilities or tables "
				   "(env.caps.%s is a %s)",
				   name,
				   lua_istable(L, -1) ? "table with a metatable"
						      : luaL_typename(L, -1));
		if (q->named == MAX_NAMED)
			luaL_error(L, "start: more than %d capabilities in env.caps", MAX_NAMED);
		ned_req_cap(L, q, name, *c);
		q->named++;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* env.mem as a number: the quota in bytes, a whole number from MEM_MIN to MEM_MAX. */
static void env_mem_quota(lua_State *L, struct request *q)
{
	int whole;
	lua_Integer mem = lua_tointegerx(L, -1, &whole); /* 1.5e9 is whole, 1.5 is not */
	char opt[40];

	if (!whole && floor(lua_tonumber(L, -1)) == lua_tonumber(L, -1))
		mem = lua_tonumber(L, -1) < 0 ? -1 : (lua_Integer)MEM_MAX + 1; /* beyond 2^63 */
	else if (!whole)
		luaL_error(L, "start: env.mem must be a whole number of bytes, not %s",
			   luaL_tolstring(L, -1, NULL));
	if (mem <= 0)
		luaL_error(L, "start: env.mem must be a positive number of bytes, not %s",
			   luaL_tolstring(L, -1, NULL));
	if ((uint64_t)mem < MEM_MIN)
		luaL_error(L,
			   "start: env.mem = %s is too small to start a program (at least %d KiB)",
			   luaL_tolstring(L, -1, NULL), (int)(MEM_MIN >> 10));
	if ((uint64_t)mem > MEM_MAX)
		luaL_error(L, "start: env.mem = %s is out of range (at most 1 TiB)",
			   luaL_tolstring(L, -1, NULL));
	snprintf(opt, sizeof(opt), "mem=%lld", (long long)mem);
	ned_req_option(L, q, opt);
}

/* Slots of the initial environment: env.scheduler, env.factory, env.mem (a capability). */
static void env_slots(lua_State *L, struct request *q)
{
	static const char *const slots[][2] = {
		{"scheduler", "@scheduler"}, {"factory", "@factory"}, {"mem", "@mem_alloc"}};

	for (unsigned i = 0; i < 3; i++) {
		lua_getfield(L, 2, slots[i][0]);
		struct lcap *c = luaL_testudata(L, -1, CAP_MT);
		/*
		 * A new capability value carries R only, as in L4Re, whose kernel runs
		 * threads on a scheduler and makes objects with it. Tern's kernel and
		 * moe want W for that (abi.md), so these slots get W with R: L4Re's
		 * scripts pass schedulers and factories from :create as they are.
		 */
		if (c)
			ned_req_cap(L, q, slots[i][1],
				    (struct lcap){c->sel, c->rights & L4_CAP_FPAGE_R
								  ? c->rights | L4_CAP_FPAGE_W
								  : c->rights});
		else if (!lua_isnil(L, -1) && !(i == 2 && lua_type(L, -1) == LUA_TNUMBER))
			luaL_error(L, "start: env.%s must be a capability%s, not a %s", slots[i][0],
				   i == 2 ? " or a number of bytes" : "", luaL_typename(L, -1));
		lua_pop(L, 1);
	}
}

/* Environment variables: POSIX allows any bytes but '=' in names; control characters would
 * let a value forge lines where a program prints it. */
static void check_var(lua_State *L, const char *name, const char *value)
{
	if (!*name || strchr(name, '=') || !ned_printable(name))
		luaL_error(L,
			   "start: environment variable name %s: 1 or more printable characters, "
			   "no '='",
			   ned_quoted(L, name));
	if (strncmp(name, "L4RE_", 5) == 0)
		luaL_error(L,
			   "start: environment variable %s: L4RE_ names are moe's (L4RE_PARENT, "
			   "L4RE_CAP_name)",
			   ned_quoted(L, name));
	if (!ned_printable(value))
		luaL_error(L, "start: environment variable %s: the value has a control character",
			   name);
}

/* vars (index 3): { NAME = "value" }, into the request as "env=NAME=VALUE", by name. */
static void env_vars(lua_State *L, struct request *q)
{
	const char *names[MAX_VARS + 1];
	unsigned n = 0;
	char opt[BLOCK_MAX + 1];

	if (lua_isnoneornil(L, 3))
		return;
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_pushnil(L);
	while (lua_next(L, 3)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L,
				   "start: environment variables map names to strings (a name is a "
				   "%s)",
				   luaL_typename(L, -2));
		const char *name = lua_tostring(L, -2);
		if (lua_type(L, -1) != LUA_TSTRING) {
			const char *type = luaL_typename(L, -1);
			luaL_error(L, "start: environment variable %s is a %s, not a string",
				   ned_quoted(L, name), type);
		}
		size_t name_len, value_len;
		const char *value = lua_tolstring(L, -1, &value_len);
		lua_tolstring(L, -2, &name_len);
		if (strlen(name) != name_len || strlen(value) != value_len)
			luaL_error(L, "start: environment variable %s has a NUL byte",
				   ned_quoted(L, name));
		check_var(L, name, value);
		if (n == MAX_VARS)
			luaL_error(L, "start: more than %d environment variables", MAX_VARS);
		unsigned i = n++; /* insertion by name: the program sees them in a fixed order */
		while (i > 0 && strcmp(names[i - 1], name) > 0) {
			names[i] = names[i - 1];
			i--;
		}
		names[i] = name;
		lua_pop(L, 1);
	}
	for (unsigned i = 0; i < n; i++) {
		lua_getfield(L, 3, names[i]);
		size_t len = 4 + strlen(names[i]) + 1 + lua_rawlen(L, -1);
		if (len > BLOCK_MAX)
			luaL_error(
				L,
				"start: environment variable %s is too long for the start request",
				names[i]);
		snprintf(opt, sizeof(opt), "env=%s=%s", names[i], lua_tostring(L, -1));
		ned_req_option(L, q, opt);
		lua_pop(L, 1);
	}
}

/* prim.exec(what, req, vars, exit_handler, prog, args...) from the prelude. */
static int loader_exec(lua_State *L)
{
	const char *what = luaL_checkstring(L, 1);
	const char *argv[MAX_WORDS];
	int argc = lua_gettop(L) - 4;
	struct request q;
	struct l4_utcb *u = l4_utcb();

	if (argc > MAX_WORDS)
		return luaL_error(L, "%s: more than %d program arguments (%d)", what, MAX_WORDS - 1,
				  argc - 1);
	if (argc <= 0)
		return luaL_error(L, "%s: no program named", what);
	for (int i = 0; i < argc; i++)
		argv[i] = luaL_checkstring(L, 5 + i);
	luaL_checktype(L, 2, LUA_TTABLE);
	q.len = q.ncaps = q.named = q.tail_len = 0;
	ned_env_log(L, 2, &q); /* the tag first */
	for (int i = 0; i < argc; i++)
		ned_req_add(L, &q, argv[i]);
	ned_req_add(L, &q, "");
	env_caps(L, &q);
	env_slots(L, &q);
	ned_env_log_cap(L, &q); /* env.log as a capability: "@log" */
	if (get_exit_irq(L))
		ned_req_cap(L, &q, "@exit_irq", (struct lcap){exit_irq, L4_CAP_FPAGE_RW});
	/* Tern: env.mem, a number, is the program's memory quota in bytes (after the names). */
	lua_getfield(L, 2, "mem");
	if (lua_type(L, -1) == LUA_TNUMBER)
		env_mem_quota(L, &q);
	lua_pop(L, 1);
	env_vars(L, &q);
	if (q.tail_len > BLOCK_MAX - q.len)
		return luaL_error(
			L,
			"start: program name, arguments, capability names and environment "
			"variables take %d bytes; the start request holds %d",
			(int)(q.len + q.tail_len), BLOCK_MAX);
	memcpy(q.block + q.len, q.tail, q.tail_len);
	q.len += q.tail_len;

	unsigned words = 2 + (unsigned)((q.len + 7) / 8);
	u->mr[0] = L4RE_LOADER_START_OP;
	u->mr[1] = q.len;
	memcpy(&u->mr[2], q.block, q.len);
	for (unsigned i = 0; i < q.ncaps; i++) {
		u->mr[words + 2 * i] = L4_ITEM_MAP | ((uint64_t)i << L4_CAP_SHIFT);
		u->mr[words + 2 * i + 1] = L4_OBJ_FPAGE(q.caps[i].sel, 0, q.caps[i].rights);
	}
	l4_msgtag_t t = l4_ipc_call(L4RE_LOADER_CAP,
				    L4_MSGTAG(L4RE_PROTO_LOADER, words, q.ncaps, 0), L4_IPC_NEVER);
	long r = l4_result(t);
	if (r != 0)
		return luaL_error(L, "cannot start %s: %s", argv[0],
				  r == -L4_ENOENT   ? "no such program, or it cannot be loaded"
				  : r == -L4_ENOMEM ? "out of memory (moe's line says which)"
				  : r == -L4_EINVAL
					  ? "moe refused the request (moe's line says why)"
					  : "the loader refused");
	struct lapp *a = lua_newuserdatauv(L, sizeof(*a), 0);
	a->handle = (long)u->mr[0];
	snprintf(a->name, sizeof(a->name), "%s", argv[0]);
	luaL_setmetatable(L, APP_MT);
	/* live[handle] = its exit handler, or true */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	lua_pushvalue(L, -2);
	if (lua_isfunction(L, 4))
		lua_pushvalue(L, 4);
	else
		lua_pushboolean(L, 1);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	return 1;
}

static int loader_is_cap(lua_State *L)
{
	lua_pushboolean(L, luaL_testudata(L, 1, CAP_MT) != NULL);
	return 1;
}

/* prim.same(a, b): the same object of ned's (slot), whatever the rights. */
static int loader_same(lua_State *L)
{
	struct lcap *a = luaL_checkudata(L, 1, CAP_MT), *b = luaL_checkudata(L, 2, CAP_MT);
	lua_pushboolean(L, a->sel == b->sel);
	return 1;
}

/* Notice the ends of the programs in the live table (their exit handlers run); how many
 * still run, those the handlers started included. Ended ones are gathered first. */
unsigned ned_reap(lua_State *L)
{
	unsigned live = 0;
	int ended = 0;

	lua_newtable(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pop(L, 1);
		struct lapp *a = lua_touserdata(L, -1);
		uint64_t run = 0, code = 0;
		/* A handle moe no longer knows counts as ended. */
		if (loader_call(L4RE_LOADER_STATE_OP, a->handle, &run, &code) == 0 && run)
			continue;
		lua_pushvalue(L, -1);
		lua_rawseti(L, -4, ++ended);
		lua_pushinteger(L, (lua_Integer)code);
		lua_rawseti(L, -4, ++ended);
	}
	lua_pop(L, 1);
	for (int i = 1; i < ended; i += 2) {
		lua_rawgeti(L, -1, i);
		lua_rawgeti(L, -2, i + 1);
		noticed_end(L, -2, (long)lua_tointeger(L, -1));
		lua_pop(L, 2);
	}
	lua_pop(L, 1);
	/* Counted after the handlers: a program one of them started runs too. */
	lua_rawgetp(L, LUA_REGISTRYINDEX, &live_key);
	for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1))
		live++;
	lua_pop(L, 1);
	return live;
}

void ned_serve(lua_State *L, bool until_all_ended)
{
	for (;;) {
		if (ned_reap(L) == 0 && until_all_ended)
			return;
		if (!get_exit_irq(L) || l4_ipc_error(l4_irq_receive(exit_irq, L4_IPC_NEVER)))
			ned_sleep_us(POLL_US);
	}
}

/* The prelude's text, built in by prelude.S. */
extern const char ned_prelude_loader[], ned_prelude_loader_end[];

/* Runs the prelude (L4.Loader, L4.App_env, L4.default_loader) on the L4 table at the top. */
void ned_open_loader(lua_State *L)
{
	lua_newtable(L);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &live_key);

	static const luaL_Reg app_methods[] = {{"wait", app_wait},
					       {"exit_code", app_exit_code},
					       {"state", app_state},
					       {"kill", app_kill},
					       {NULL, NULL}};
	static const luaL_Reg prim[] = {{"exec", loader_exec},
					{"is_cap", loader_is_cap},
					{"same", loader_same},
					{NULL, NULL}};

	ned_metatable(L, APP_MT, app_methods);
	if (luaL_loadbufferx(L, ned_prelude_loader,
			     (size_t)(ned_prelude_loader_end - ned_prelude_loader), "=[ned loader]",
			     "t") != LUA_OK)
		lua_error(L);
	lua_pushvalue(L, -2);
	luaL_newlib(L, prim);
	lua_call(L, 2, 0);
}
