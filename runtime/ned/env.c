// SPDX-License-Identifier: BSD-2-Clause
/*
 * L4.Env (L4Re's lua_env.cc): ned's own initial capabilities under L4Re's
 * names, plus Tern's. A name Tern has no capability for (jdb, iommu, sigma0,
 * vbus, platform_ctl; icu when ned lacks it) is nil, as on an L4Re system
 * without it: `caps = { jdb = L4.Env.jdb }` leaves the name out, and using
 * it is Lua's error naming the field and the line.
 */
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
	lua_setfield(L, -2, "Env");
}
