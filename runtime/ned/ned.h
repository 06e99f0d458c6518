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

/*
 * Labels of what ned's Lua thread receives in an open wait: its programs'
 * exit IRQ, the console input IRQ (-i) and the command channel (-c); a gate
 * adds the sender's W and S rights in the low 2 bits.
 */
#define NED_LABEL_EXIT	0x00
#define NED_LABEL_INPUT 0x10
#define NED_LABEL_CMD	0x20

/* A capability value in Lua: a slot of ned's and the rights this value carries. */
struct lcap {
	l4_cap_idx_t sel;
	unsigned rights; /* L4_CAP_FPAGE_*: what the kernel is asked to pass on */
};

/* What a Lua capability value holds beyond struct lcap (its first member). */
struct lcap_lua {
	struct lcap cap;
	/* L4Re's rights bits above the four (n 0x10, c 0x20, :svr()'s 0xe0): kept and shown,
	 * the kernel has no use for them */
	unsigned ext;
	unsigned cls; /* its L4Re class (cap.c), 0 "void" until L4.cast or Env names one */
};

/* Every capability value is made by ned_push_cap, so its struct lcap is in a struct lcap_lua. */
static inline struct lcap_lua *ned_lcap_lua(struct lcap *c)
{
	return (struct lcap_lua *)(void *)c;
}

/* L4Re's rights bits beyond L4_CAP_FPAGE_RWSD (lua_cap.cc): n no reference count, c object
 * right 1 (on a gate, the server's), and what :svr() sets. */
#define NED_RIGHT_N   0x10U
#define NED_RIGHT_C   0x20U
#define NED_RIGHT_SVR 0xefU

/* Open the L4 package (global L4, and require "L4"). */
int luaopen_L4(lua_State *L);

/* l4_lua.c: the package, slots, sleeping. */
l4_cap_idx_t ned_slot(lua_State *L);
void ned_sleep_us(uint64_t us);
void ned_metatable(lua_State *L, const char *name, const luaL_Reg *methods);

/* cap.c: capability values, their methods and L4.cast. */
struct lcap *ned_push_cap(lua_State *L, l4_cap_idx_t sel, unsigned rights);
/* The same with rights as L4Re's 8 bits (R always among them; n, c and above kept in ext). */
struct lcap *ned_push_cap_l4re(lua_State *L, l4_cap_idx_t sel, unsigned all);
/* The L4Re class for a name ("L4::Factory"), 0 if none. */
unsigned ned_class_by_name(const char *name);
/* Rights at index i: letters "rwsdnc" or L4Re's 8-bit number; else an error naming what. */
unsigned ned_check_rights(lua_State *L, int i, const char *what);
void ned_open_caps(lua_State *L);

/* ns.c: namespaces (ns:register, ns:query). */
extern const luaL_Reg ned_ns_methods[];

/* constants.c: L4.Proto, L4.Rights, L4.Ldr_flags, L4.Mem_alloc_flags, L4.Dbg. */
void ned_open_constants(lua_State *L);

/* env.c and info.c: L4.Env, L4.Info. */
void ned_open_env(lua_State *L);
void ned_open_info(lua_State *L);

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

/*
 * main.c: the value at idx as text, pushed on the stack: tostring's, run
 * protected (a __tostring may fail; outside a protected call that would end ned).
 */
const char *ned_text(lua_State *L, int idx, size_t *len);

/* cmd.c: L4.server_loop, serving a command channel. */
void ned_open_cmd(lua_State *L);
/* cmd.c: serve the command channel gate for good; returns only why it cannot. */
long ned_cmd_loop(lua_State *L, l4_cap_idx_t gate);

/* interactive.c: a Lua statement per console line until Ctrl-D (never with noexit). */
void ned_interactive(lua_State *L, bool noexit);
/* interactive.c: while it runs (it holds the console's input). */
extern bool ned_interactive_active;

/* Lua's allocator in ned (alloc.c). */
void *ned_alloc(void *ud, void *p, size_t osize, size_t nsize);

/* Make load, loadfile, dofile and require load Lua source only (text_only.c). */
void ned_text_only(lua_State *L);
