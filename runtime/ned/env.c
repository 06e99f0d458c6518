// SPDX-License-Identifier: BSD-2-Clause
/*
 * L4.Env (L4Re's lua_env.cc): ned's own initial capabilities under L4Re's
 * names, plus Tern's. An L4Re name Tern has no capability for is an error
 * naming the script line, rather than a nil that fails later.
 */
#include <string.h>

#include <lauxlib.h>

#include <l4/sys/task.h>
#include <l4re/env.h>

#include "ned.h"

static const struct {
	const char *name;
	l4_cap_idx_t sel;
	const char *cls; /* L4Re's class, as lua_env.cc gives it */
} env[] = {
	{"parent", L4RE_PARENT_CAP, "void"},
	{"mem_alloc", L4RE_MEM_ALLOC_CAP, "L4::Factory"},
	{"rm", L4RE_RM_CAP, "void"},
	{"log", L4_BASE_LOG_CAP, "void"},
	{"factory", L4_BASE_FACTORY_CAP, "L4::Factory"},
	{"scheduler", L4_BASE_SCHEDULER_CAP, "void"},
	{"rom", L4RE_ROM_CAP, "void"},
	/* Tern's: ned.lua's alias, and moe's loader */
	{"user_factory", L4RE_MEM_ALLOC_CAP, "L4::Factory"},
	{"loader", L4RE_LOADER_CAP, "void"},
};

/* Names L4Re's moe or bootstrap give ned that Tern does not have (icu when ned lacks it). */
static const char *const lacking[] = {"icu", "iommu", "jdb", "sigma0", "vbus", "platform_ctl"};

static int env_index(lua_State *L)
{
	const char *key = lua_tostring(L, 2);

	for (size_t i = 0; key && i < sizeof(lacking) / sizeof(lacking[0]); i++)
		if (strcmp(key, lacking[i]) == 0)
			return luaL_error(L, "L4.Env.%s: Tern has no %s capability", key, key);
	return 0;
}

void ned_open_env(lua_State *L)
{
	unsigned rights;

	lua_newtable(L);
	for (size_t i = 0; i < sizeof(env) / sizeof(env[0]); i++) {
		/* L4Re's values carry RWS; the kernel passes on no more than ned holds. */
		struct lcap *c = ned_push_cap(L, env[i].sel, L4_CAP_FPAGE_RWS);
		ned_lcap_lua(c)->cls = ned_class_by_name(env[i].cls);
		lua_setfield(L, -2, env[i].name);
	}
	if (l4_task_cap_info(L4_BASE_TASK_CAP, L4_BASE_ICU_CAP, &rights) == L4_OBJ_ICU) {
		ned_push_cap(L, L4_BASE_ICU_CAP, L4_CAP_FPAGE_RWS);
		lua_setfield(L, -2, "icu");
	}
	lua_newtable(L);
	lua_pushcfunction(L, env_index);
	lua_setfield(L, -2, "__index");
	lua_setmetatable(L, -2);
	lua_setfield(L, -2, "Env");
}
