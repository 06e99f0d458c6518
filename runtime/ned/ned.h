/* SPDX-License-Identifier: BSD-2-Clause */
/* ned, the init process: runs Lua scripts with an L4 package (docs/lua-api.md). */
#pragma once

#include <lua.h>

/* Open the L4 package (global L4, and require "L4"). */
int luaopen_L4(lua_State *L);
