// SPDX-License-Identifier: BSD-2-Clause
/*
 * ned's interactive mode (ned -i, or no script), as L4Re's ned with its
 * line editor: a Lua statement per console line, run at once. The console
 * input comes through ned's log (moe's Vcon read, docs/runtime.md); binding
 * an IRQ to it gives ned the console's input focus. While it waits for
 * input, ned also notices its programs' ends (their exit handlers run).
 */
#include <stdio.h>
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/vcon.h>
#include <l4re/cap_alloc.h>
#include <l4re/thread.h>

#include "ned.h"

#define INPUT_LINE_MAX 512
#define CTRL_D	       0x04

static void echo(const char *s)
{
	fputs(s, stdout);
	fflush(stdout);
}

/* An expression's values are printed, as by Lua's own interpreter; a statement just runs. */
static void run_line(lua_State *L, const char *line)
{
	int base = lua_gettop(L);

	lua_pushstring(L, "return ");
	lua_pushstring(L, line);
	lua_concat(L, 2);
	if (luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin", "t") != LUA_OK) {
		lua_settop(L, base);
		if (luaL_loadbufferx(L, line, strlen(line), "=stdin", "t") != LUA_OK) {
			printf("ned: %s\n", ned_text(L, -1, NULL));
			lua_settop(L, base);
			return;
		}
	} else {
		lua_remove(L, -2);
	}
	/* No traceback: a line is its own main chunk. Error tables print by their __tostring. */
	if (lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
		printf("ned: %s\n", ned_text(L, -1, NULL));
	} else if (lua_gettop(L) > base) {
		lua_getglobal(L, "print");
		lua_insert(L, base + 1);
		if (lua_pcall(L, lua_gettop(L) - base - 1, 0, 0) != LUA_OK)
			printf("ned: %s\n", ned_text(L, -1, NULL));
	}
	lua_settop(L, base);
}

bool ned_interactive_active;

/* Returns when Ctrl-D is typed on an empty line (unless noexit), as at the end of input. */
void ned_interactive(lua_State *L, bool noexit)
{
	l4_cap_idx_t irq = l4re_cap_alloc();
	char line[INPUT_LINE_MAX], buf[64];
	size_t len = 0;
	bool escape = false;
	long r = irq == L4_INVALID_CAP ? -L4_ENOMEM : 0;

	if (r || (r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) ||
	    (r = l4_irq_attach(irq, l4re_thread_self(), NED_LABEL_INPUT)) ||
	    (r = l4_vcon_bind_irq(L4_BASE_LOG_CAP, irq))) {
		printf("ned: interactive mode: no console input (%ld)\n", r);
		return;
	}
	ned_interactive_active = true;
	printf("ned: interactive mode: a Lua statement per line%s\n",
	       noexit ? "" : "; Ctrl-D on an empty line ends it");
	echo("ned> ");
	for (;;) {
		l4_umword_t label = 0;
		if (l4_ipc_error(l4_ipc_wait(&label, L4_IPC_NEVER)))
			continue;
		if (label != NED_LABEL_INPUT) {
			ned_reap(L); /* the exit IRQ: a program ended */
			continue;
		}
		long n;
		while ((n = l4_vcon_read(L4_BASE_LOG_CAP, buf, sizeof(buf))) > 0) {
			for (long i = 0; i < n; i++) {
				char c = buf[i];
				if (escape) { /* ESC [ ... letter: cursor keys, not editing */
					escape = !((c >= 'A' && c <= 'Z') ||
						   (c >= 'a' && c <= 'z') || c == '~');
				} else if (c == '\033') {
					escape = true;
				} else if (c == '\r' || c == '\n') {
					echo("\n");
					line[len] = '\0';
					if (len)
						run_line(L, line);
					ned_reap(L); /* a wait in the line may have taken an end */
					len = 0;
					echo("ned> ");
				} else if (c == 0x7f || c == '\b') {
					if (len) {
						len--;
						echo("\b \b");
					}
				} else if (c == CTRL_D && len == 0 && !noexit) {
					echo("\n");
					printf("ned: interactive mode ended\n");
					/* The console's input goes back to whoever had it before.
					 */
					l4_vcon_bind_irq(L4_BASE_LOG_CAP, L4_INVALID_CAP);
					l4_task_delete_obj(L4_BASE_TASK_CAP, irq);
					l4re_cap_free(irq);
					ned_interactive_active = false;
					return;
				} else if ((unsigned char)c >= 0x20 && len < sizeof(line) - 1) {
					line[len++] = c;
					char one[2] = {c, '\0'};
					echo(one);
				}
			}
		}
	}
}
