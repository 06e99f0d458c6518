-- SPDX-License-Identifier: BSD-2-Clause
-- The environment ned gives programs: a scheduler confined to a priority
-- range (user_factory:create(L4.Proto.Scheduler, limit, base)), nested caps
-- tables as namespaces, create_namespace with contents, L4.cast, "rom" by
-- default, dataspaces from the memory allocator, and the errors of each.
local L4 = require("L4")
local ld = L4.default_loader
local uf = L4.Env.user_factory

local sched = uf:create(L4.Proto.Scheduler, 0xa0, 0x80)
local made = ld:create_namespace({ log = L4.Env.log, sub = { deep = L4.Env.log:m("r") } })
local h = ld:start({
	log = { "probe", "cyan" },
	scheduler = sched,
	caps = {
		dir = { a = L4.Env.log, inner = { b = L4.Env.log:m("rw") } },
		made = made:m("r"),
		cast = L4.cast(L4.Proto.Namespace, made),
	},
}, "rom/env_probe dir:a dir:inner/b dir:nothing made:sub/deep made:log cast:log rom:hello")
print("ned_env: probe ended with " .. h:wait())

-- Without env.scheduler a program runs at moe's default priority, with the full range.
ld:start({ log = "plain" }, "rom/env_probe"):wait()

-- A scheduler made from a confined one stays inside it.
local inner = uf:create(L4.Proto.Scheduler, 0xff, 0x10)
print("ned_env: second scheduler " .. tostring(inner:is_valid()))

local ds = uf:create(L4.Proto.Dataspace, 65536)
print("ned_env: dataspace " .. tostring(ds:is_valid()))
local ok, err = pcall(uf.create, uf, L4.Proto.Dataspace, 1 << 40)
print("ned_env: huge dataspace: " .. tostring(err))
ok, err = pcall(uf.create, uf, L4.Proto.Scheduler, 0x10, 0x20)
print("ned_env: limit below base: " .. tostring(err))
ok, err = pcall(ld.start, ld, { scheduler = 5 }, "rom/true")
print("ned_env: bad scheduler: " .. tostring(err))
ok, err = pcall(ld.start, ld, { caps = { x = 5 } }, "rom/true")
print("ned_env: bad caps entry: " .. tostring(err))
ok, err = pcall(ld.create_namespace, ld, { x = 5 }) -- each entry goes through ns:register
print("ned_env: bad namespace entry: " .. tostring(err))
-- moe would call it to start the thread: a gate (which might never answer) is refused.
ok, err = pcall(ld.start, ld, { log = "gate-as-sched", scheduler = L4.Env.log }, "rom/true")
print("ned_env: a log as scheduler: " .. tostring(err))
ok, err = pcall(ld.start, ld, { mem = -1 }, "rom/true")
print("ned_env: negative quota: " .. tostring(err))
-- A quota too small to start a program: refused by ned (ned_args.lua has more).
ok, err = pcall(ld.start, ld, { log = "tiny", mem = 1 }, "rom/hello")
print("ned_env: one-byte quota: " .. tostring(err))
-- moe reuses the slots of ended programs: more than 32 in a row work; a
-- handle whose slot went to another program is unknown, not someone else's.
local first = ld:start({ log = "t0" }, "rom/true")
first:wait()
local n = 0
for i = 1, 40 do
	if ld:start({ log = "t" .. i }, "rom/true"):wait() == 0 then n = n + 1 end
end
print("ned_env: 40 programs one after another, " .. n .. " exited with 0")
ok, err = pcall(first.state, first)
print("ned_env: the first handle now: " .. tostring(err))
print("ned_env: done")
