// SPDX-License-Identifier: BSD-2-Clause
/* L4.Info (L4Re's lua_info.cc): the architecture, platform, word size and kernel version. */
#include <lauxlib.h>

#include <l4/sys/scheduler.h>

#include "ned.h"

/* L4Re's names: its build architecture and bootstrap's platform name for QEMU's arm virt. */
#define INFO_ARCH     "arm64"
#define INFO_PLATFORM "arm_virt"

static int info_arch(lua_State *L)
{
	lua_pushstring(L, INFO_ARCH);
	return 1;
}

static int info_platform(lua_State *L)
{
	lua_pushstring(L, INFO_PLATFORM);
	return 1;
}

static int info_mword_bits(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)sizeof(l4_umword_t) * 8);
	return 1;
}

/* L4.Info.Kip.str(): the kernel's version string (the scheduler's version op, docs/abi.md). */
static int info_kip_str(lua_State *L)
{
	char buf[256];
	long r = l4_scheduler_version(L4_BASE_SCHEDULER_CAP, buf, sizeof(buf));

	if (r != 0)
		return luaL_error(L, "Kip.str: the kernel refused (%d)", (int)r);
	lua_pushstring(L, buf);
	return 1;
}

void ned_open_info(lua_State *L)
{
	static const luaL_Reg info[] = {{"arch", info_arch},
					{"platform", info_platform},
					{"mword_bits", info_mword_bits},
					{NULL, NULL}};
	static const luaL_Reg kip[] = {{"str", info_kip_str}, {NULL, NULL}};

	luaL_newlib(L, info);
	luaL_newlib(L, kip);
	lua_setfield(L, -2, "Kip");
	lua_setfield(L, -2, "Info");
}
