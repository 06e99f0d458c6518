// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned, as L4Re's: `ned [--exit|--wait-and-exit] [-e STMT]... rom/SCRIPT [args]`
 * reads the script from rom (through moe's rom namespace and its region map)
 * and runs it with Lua 5.4 and the L4 package, the words after it in `arg`.
 * A script error is reported with file, line and cause; programs the script
 * started keep running. Then ned stays, keeping what the script made, unless
 * told to exit at once or when its programs have ended (docs/lua-api.md).
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>
#include <lualib.h>

#include <l4re/client.h>
#include <l4re/thread.h>

#include "ned.h"

#define SCRIPT_DS L4RE_FIRST_FREE_CAP

/*
 * Lua runs on a thread with a stack of its own: Lua allows LUAI_MAXCCALLS
 * (200) nested C calls, up to about 2 KiB each (a chain of string.gsub
 * callbacks: 420 KiB in all, measured), which moe's 64 KiB main-thread
 * stack cannot hold. 1 MiB leaves more than twice that (tests/lua/ned_limits.lua).
 */
#define LUA_STACK (1UL << 20)

/* Attach rom/NAME and return its bytes, or NULL with a message. */
static const char *load_rom(const char *name, uint64_t *size, const char **why)
{
	uint64_t addr = 0x10000000;
	long r;

	if ((r = l4re_ns_query(L4RE_ROM_CAP, name, SCRIPT_DS)) != 0) {
		*why = r == -L4_ENOENT ? "no such file in rom" : "rom namespace query failed";
		return NULL;
	}
	if (l4re_ds_size(SCRIPT_DS, size) != 0) {
		*why = "cannot ask its size";
		return NULL;
	}
	if (*size == 0)
		return ""; /* an empty script: an empty program (nothing to attach) */
	if (l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_SEARCH, SCRIPT_DS, 0) != 0) {
		*why = "cannot attach its dataspace";
		return NULL;
	}
	return (const char *)addr;
}

static int to_text(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	return 1;
}

const char *ned_text(lua_State *L, int idx, size_t *len)
{
	idx = lua_absindex(L, idx);
	lua_pushcfunction(L, to_text);
	lua_pushvalue(L, idx);
	if (lua_pcall(L, 1, 1, 0) != LUA_OK || lua_type(L, -1) != LUA_TSTRING) {
		lua_pop(L, 1);
		lua_pushliteral(L, "(a value whose __tostring fails)");
	}
	return lua_tolstring(L, -1, len);
}

/* Errors may be tables (f:create's { msg, code }, as L4Re's): their __tostring is the message. */
static int traceback(lua_State *L)
{
	const char *msg = lua_type(L, 1) == LUA_TSTRING ? lua_tostring(L, 1)
			  : luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL
				  ? (lua_pop(L, 1), luaL_tolstring(L, 1, NULL))
				  : NULL;
	luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
	return 1;
}

/* Load and run Lua source; an error is printed as "ned: <what><error and traceback>". */
static int run_chunk(lua_State *L, const char *text, size_t size, const char *chunk,
		     const char *what)
{
	lua_pushcfunction(L, traceback);
	if (luaL_loadbufferx(L, text, size, chunk, "t") != LUA_OK ||
	    lua_pcall(L, 0, 0, lua_gettop(L) - 1) != LUA_OK) {
		printf("ned: %s%s\n", what, lua_tostring(L, -1));
		lua_pop(L, 2);
		return 1;
	}
	lua_pop(L, 1);
	return 0;
}

static int run_script(lua_State *L, const char *name)
{
	uint64_t size = 0;
	const char *why = "";
	const char *text = load_rom(name, &size, &why);
	char chunk[128];

	if (!text) {
		printf("ned: cannot load %s: %s\n", name, why);
		return 1;
	}
	/* Lua source only: precompiled chunks are not checked by Lua (text_only.c). */
	if (size > 0 && text[0] == LUA_SIGNATURE[0]) {
		printf("ned: %s: a precompiled (binary) chunk: ned runs Lua source only\n", name);
		return 1;
	}
	/*
	 * A first line starting with '#' (a "#!" line of L4Re's .cfg scripts) is
	 * skipped, as lua and L4Re's ned do; its newline stays, so line numbers hold.
	 */
	if (size > 0 && text[0] == '#') {
		const char *nl = memchr(text, '\n', size);
		uint64_t skip = nl ? (uint64_t)(nl - text) : size;
		text += skip;
		size -= skip;
	}
	snprintf(chunk, sizeof(chunk), "@%s", name);
	return run_chunk(L, text, size, chunk, "");
}

/* Run a -e statement, as L4Re's ned does before the script; its text names the chunk. */
static int run_statement(lua_State *L, const char *stmt)
{
	return run_chunk(L, stmt, strlen(stmt), stmt, "-e: ");
}

/* arg: the script as arg[0], the words after it as arg[1..] (as L4Re's ned and lua). */
static void set_arg(lua_State *L, int argc, char **argv, int script)
{
	lua_createtable(L, argc - script, 1);
	for (int i = script; i < argc; i++) {
		lua_pushstring(L, argv[i]);
		lua_rawseti(L, -2, i - script);
	}
	lua_setglobal(L, "arg");
}

struct ned_args {
	int argc;
	char **argv;
	int status;
};

enum after { STAY, WAIT_AND_EXIT, EXIT };

struct after_script {
	bool interactive, noexit;
	const char *cmd;
	enum after after;
	int failed;
};

/* What ned does after the script, in a protected call: an error here must not end ned. */
static int serve_after_script(lua_State *L)
{
	struct after_script *w = lua_touserdata(L, 1);

	if (w->interactive && w->cmd) {
		printf("ned: -i and -c: either the console or a command channel, not both\n");
		w->failed++;
	} else if (w->interactive) {
		ned_interactive(L, w->noexit);
	} else if (w->cmd) {
		l4_cap_idx_t gate = l4re_env_get_cap(w->cmd);
		long r = gate == L4_INVALID_CAP ? -L4_ENOENT : ned_cmd_loop(L, gate);
		printf("ned: -c %s: cannot serve it (%s, %ld)\n", w->cmd,
		       gate == L4_INVALID_CAP ? "no such capability"
					      : "cannot bind it: a channel with the S right?",
		       r);
		w->failed++;
	}
	/* The programs' channels and namespaces are ned's: it stays to keep them (docs/lua-api.md).
	 */
	if (w->after != EXIT)
		ned_serve(L, w->after == WAIT_AND_EXIT);
	return 0;
}

static void run_lua(void *arg)
{
	struct ned_args *a = arg;
	lua_State *L = lua_newstate(ned_alloc, NULL);
	enum after after = STAY;
	int failed = 0, i = 1, script = 0;
	bool interactive = false, noexit = false, ran_e = false;
	const char *cmd = NULL; /* -c: the capability whose channel ned serves */

	if (!L) {
		printf("ned: no memory for Lua\n");
		a->status = 1;
		return;
	}
	luaL_openlibs(L);
	ned_text_only(L);
	luaL_requiref(L, "L4", luaopen_L4, 1);
	lua_pop(L, 1);
	/*
	 * require("vmm") and other modules come from the boot archive, as L4Re's
	 * ned finds them: require("vmm") and require("rom/vmm") both load rom/vmm.lua.
	 */
	lua_getglobal(L, "package");
	lua_pushstring(L, "rom/?.lua;?.lua");
	lua_setfield(L, -2, "path");
	lua_pushstring(L, "");
	lua_setfield(L, -2, "cpath");
	lua_pop(L, 1);

	/* As L4Re's ned: --exit or --wait-and-exit first, then options, then the script. */
	if (i < a->argc && strcmp(a->argv[i], "--exit") == 0)
		after = EXIT, i++;
	else if (i < a->argc && strcmp(a->argv[i], "--wait-and-exit") == 0)
		after = WAIT_AND_EXIT, i++;
	for (; i < a->argc && a->argv[i][0] == '-' && !script; i++) {
		const char *o = a->argv[i];
		if (strcmp(o, "-e") == 0 || strcmp(o, "--execute") == 0) {
			if (++i == a->argc) {
				printf("ned: %s needs a Lua statement\n", o);
				failed++;
				break;
			}
			failed += run_statement(L, a->argv[i]);
			ran_e = true;
		} else if (strncmp(o, "--execute=", 10) == 0) {
			failed += run_statement(L, o + 10);
			ran_e = true;
		} else if (strcmp(o, "--") == 0) {
			i++; /* the next word is the script, whatever it starts with */
			break;
		} else if (strcmp(o, "-i") == 0 || strcmp(o, "--interactive") == 0) {
			interactive = true;
		} else if (strcmp(o, "--noexit") == 0) {
			noexit = true;
		} else if (strcmp(o, "-c") == 0 || strcmp(o, "--cmdcap") == 0) {
			if (++i == a->argc) {
				printf("ned: %s needs the name of a capability to serve\n", o);
				failed++;
				break;
			}
			cmd = a->argv[i];
		} else {
			printf("ned: unknown option %s (--exit, --wait-and-exit, -e STMT, -i, "
			       "--noexit, -c CAP)\n",
			       o);
			failed++;
		}
	}
	if (!script && i < a->argc)
		script = i;
	if (script) {
		set_arg(L, a->argc, a->argv, script);
		failed += run_script(L, a->argv[script]);
	} else if (!ran_e && !cmd) {
		interactive = true; /* as L4Re's ned: nothing to run */
	}
	struct after_script w = {interactive, noexit, cmd, after, 0};
	lua_pushcfunction(L, serve_after_script);
	lua_pushlightuserdata(L, &w);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		/* Out of slots or memory: keep what the script made, without Lua. */
		printf("ned: serving after the script failed: %s\n", ned_text(L, -1, NULL));
		failed++;
		while (after == STAY)
			ned_sleep_us(1000000000);
	}
	failed += w.failed;
	lua_close(L);
	a->status = failed ? 1 : 0;
}
int main(int argc, char **argv)
{
	struct ned_args a = {argc, argv, 1};
	struct l4re_thread_attr attr = {.stack_size = LUA_STACK, .prio = -1};
	struct l4re_thread t;
	int r = l4re_thread_create_attr(&t, run_lua, &a, &attr);

	if (r != 0) {
		printf("ned: cannot start the Lua thread (%d)\n", r);
		return 1;
	}
	l4re_thread_join(&t);
	return a.status;
}
