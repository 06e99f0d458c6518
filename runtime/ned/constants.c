// SPDX-License-Identifier: BSD-2-Clause
/*
 * L4Re's constant tables in ned's Lua, with L4Re's names and values (ned.lua):
 * L4.Proto, L4.Rights, L4.Ldr_flags, L4.Mem_alloc_flags, L4.Dbg; and the
 * translation of L4.Proto values to Tern's wire labels (docs/lua-api.md).
 */
#include <lauxlib.h>

#include <l4/sys/ipc.h>
#include <l4re/env.h>

#include "ned.h"

struct ned_const {
	const char *name;
	lua_Integer value;
};

/*
 * L4Re's protocol numbers. Irq, Task and Thread are Tern's additions (L4Re's
 * ned has no such names; the values are Fiasco's kernel protocols, which Tern
 * shares).
 */
static const struct ned_const proto[] = {
	{"Dataspace", 0x4000}, {"Namespace", 0x4001},	{"Goos", 0x4003},
	{"Mem_alloc", 0x4004}, {"Rm", 0x4005},		{"Event", 0x4006},
	{"Inhibitor", 0x4007}, {"Sigma0", -6},		{"Log", -13},
	{"Scheduler", -14},    {"Factory", -15},	{"Vm", -16},
	{"Dma_space", -17},    {"Irq_sender", -18},	{"Irq_muxer", -19},
	{"Semaphore", -20},    {"Iommu", -22},		{"Ipc_gate", 0},
	{"Irq", L4_PROTO_IRQ}, {"Task", L4_PROTO_TASK}, {"Thread", L4_PROTO_THREAD},
};

/* L4Re's rights (ned.lua), then the letters L4Re's :m() knows but ned.lua does not name. */
static const struct ned_const rights[] = {
	{"s", L4_CAP_FPAGE_S},
	{"w", L4_CAP_FPAGE_W},
	{"r", L4_CAP_FPAGE_R},
	{"ro", L4_CAP_FPAGE_R},
	{"rw", L4_CAP_FPAGE_RW},
	{"rws", L4_CAP_FPAGE_RWS},
	{"d", L4_CAP_FPAGE_D},
	{"n", NED_RIGHT_N},
	{"c", NED_RIGHT_C},
	{"rwsd", L4_CAP_FPAGE_RWSD},
	/* Tern's earlier upper-case names, kept (Lua tells them apart from L4Re's) */
	{"R", L4_CAP_FPAGE_R},
	{"W", L4_CAP_FPAGE_W},
	{"S", L4_CAP_FPAGE_S},
	{"D", L4_CAP_FPAGE_D},
	{"RW", L4_CAP_FPAGE_RW},
	{"RWS", L4_CAP_FPAGE_RWS},
	{"RWSD", L4_CAP_FPAGE_RWSD},
};

static const struct ned_const ldr_flags[] = {
	{"eager_map", 0x1},
	{"all_segs_cow", 0x2},
	{"pinned_segs", 0x4},
};

static const struct ned_const mem_alloc_flags[] = {
	{"Continuous", 1},
	{"Pinned", 2},
	{"Super_pages", 4},
};

static const struct ned_const dbg[] = {
	{"Info", 1},	  {"Warn", 2},		 {"Boot", 4},
	{"Server", 0x10}, {"Exceptions", 0x20},	 {"Cmd_line", 0x40},
	{"Loader", 0x80}, {"Name_space", 0x400}, {"All", 0xffffffff},
};

static void set_table(lua_State *L, const char *name, const struct ned_const *c, size_t n)
{
	lua_createtable(L, 0, (int)n);
	for (size_t i = 0; i < n; i++) {
		lua_pushinteger(L, c[i].value);
		lua_setfield(L, -2, c[i].name);
	}
	lua_setfield(L, -2, name);
}

#define SET_TABLE(L, name, arr) set_table(L, name, arr, sizeof(arr) / sizeof(arr[0]))

void ned_open_constants(lua_State *L)
{
	SET_TABLE(L, "Proto", proto);
	SET_TABLE(L, "Rights", rights);
	SET_TABLE(L, "Ldr_flags", ldr_flags);
	SET_TABLE(L, "Mem_alloc_flags", mem_alloc_flags);
	SET_TABLE(L, "Dbg", dbg);
}
