// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned: reads each script named in its arguments from rom (through moe's rom
 * namespace and its region map) and runs it with Lua 5.4 and the L4
 * package. A script error is reported with file, line and cause; programs
 * the script started keep running.
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

static int traceback(lua_State *L)
{
	const char *msg = lua_tostring(L, 1);
	luaL_traceback(L, L, msg ? msg : "(error object is not a string)", 1);
	return 1;
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
	lua_pushcfunction(L, traceback);
	if (luaL_loadbufferx(L, text, size, chunk, "t") != LUA_OK ||
	    lua_pcall(L, 0, 0, lua_gettop(L) - 1) != LUA_OK) {
		printf("ned: %s\n", lua_tostring(L, -1));
		lua_pop(L, 2);
		return 1;
	}
	lua_pop(L, 1);
	return 0;
}

struct ned_args {
	int argc;
	char **argv;
	int status;
};

static void run_lua(void *arg)
{
	struct ned_args *a = arg;
	lua_State *L = lua_newstate(ned_alloc, NULL);
	int failed = 0;

	if (!L) {
		printf("ned: no memory for Lua\n");
		a->status = 1;
		return;
	}
	luaL_openlibs(L);
	ned_text_only(L);
	luaL_requiref(L, "L4", luaopen_L4, 1);
	lua_pop(L, 1);
	/* require("vmm") and other modules come from the boot archive, as L4Re's ned finds them. */
	lua_getglobal(L, "package");
	lua_pushstring(L, "rom/?.lua");
	lua_setfield(L, -2, "path");
	lua_pushstring(L, "");
	lua_setfield(L, -2, "cpath");
	lua_pop(L, 1);
	if (a->argc < 2)
		printf("ned: no script named (init=rom/ned rom/SCRIPT.lua)\n");
	for (int i = 1; i < a->argc; i++)
		failed += run_script(L, a->argv[i]);
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
