// SPDX-License-Identifier: BSD-2-Clause
/*
 * L4.server_loop(channel), as L4Re's ned: ned's Lua thread serves the
 * command channel (runtime/include/l4re/ned_cmd.h) for good. Each request
 * is Lua text, run at once; while it waits, ned also notices its programs'
 * ends (their exit handlers run).
 */
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/gate.h>
#include <l4re/ned_cmd.h>
#include <l4re/thread.h>

#include "ned.h"

/* Run the request's text; the reply's label and, in the UTCB, its text. */
static long execute(lua_State *L, const char *text, size_t len)
{
	int base = lua_gettop(L);
	long r = 0;
	size_t n = 0;
	const char *out = "";

	if (luaL_loadbufferx(L, text, len, "=command", "t") != LUA_OK)
		r = -L4_EINVAL;
	else if (lua_pcall(L, 0, 1, 0) != LUA_OK)
		r = -L4_EIO;
	ned_reap(L); /* a wait in the text may have taken another program's end */
	/* The first value (or the error) as text; error tables print by their __tostring. */
	out = ned_text(L, -1, &n);
	if (n > L4RE_NED_CMD_MAX - 8)
		n = L4RE_NED_CMD_MAX - 8;
	struct l4_utcb *u = l4_utcb();
	u->mr[0] = n;
	memcpy(&u->mr[1], out, n);
	lua_settop(L, base);
	return r;
}

static bool serving;

/* Serve the channel gate for good; returns only an error from binding it. */
long ned_cmd_loop(lua_State *L, l4_cap_idx_t gate)
{
	char text[L4RE_NED_CMD_MAX];
	long r = l4_gate_bind(gate, l4re_thread_self(), NED_LABEL_CMD);

	if (r != 0)
		return r;
	serving = true;
	l4_umword_t label = 0;
	l4_msgtag_t t = l4_ipc_wait(&label, L4_IPC_NEVER);
	for (;;) {
		struct l4_utcb *u = l4_utcb();
		unsigned words = L4_MSGTAG_WORDS(t);
		/* A gate adds the sender's W and S rights to the label's low bits. */
		if (l4_ipc_error(t) || (label & ~3UL) != NED_LABEL_CMD) {
			if (!l4_ipc_error(t))
				ned_reap(L); /* the exit IRQ: a program ended */
			t = l4_ipc_wait(&label, L4_IPC_NEVER);
			continue;
		}
		long result;
		if (L4_MSGTAG_LABEL(t) != L4RE_PROTO_NED_CMD || words < 2 ||
		    u->mr[0] != L4RE_NED_CMD_EXECUTE_OP || u->mr[1] > (words - 2) * 8UL) {
			result = -L4_EINVAL;
			u->mr[0] = 0;
		} else {
			size_t len = u->mr[1];
			/* The UTCB is ned's own again while Lua runs. */
			memcpy(text, &u->mr[2], len);
			result = execute(L, text, len);
		}
		t = l4_ipc_reply_and_wait(
			L4_MSGTAG(result, 1 + (unsigned)((l4_utcb()->mr[0] + 7) / 8), 0, 0), &label,
			L4_IPC_NEVER);
	}
}

static int server_loop(lua_State *L)
{
	struct lcap *c = luaL_checkudata(L, 1, CAP_MT);

	if (serving)
		return 0;	    /* as L4Re's: one loop */
	if (ned_interactive_active) /* serving for good would keep the console from everyone */
		return luaL_error(L, "server_loop: not from the interactive mode (Ctrl-D first, "
				     "or start ned with -c)");
	return luaL_error(L, "server_loop: cannot serve the channel (%d)",
			  (int)ned_cmd_loop(L, c->sel));
}

void ned_open_cmd(lua_State *L)
{
	lua_pushcfunction(L, server_loop);
	lua_setfield(L, -2, "server_loop");
}
