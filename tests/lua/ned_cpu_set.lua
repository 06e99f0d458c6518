-- SPDX-License-Identifier: BSD-2-Clause
-- L4.Cpu_set: a CPU set in the form of the kernel's scheduler (a bit map,
-- each bit 2^granularity CPUs from offset); where a set or a bit map
-- leaves out CPU 0, Tern's only CPU, it is refused with a reason.
local L4 = require("L4")
local ld = L4.default_loader

local two = L4.Cpu_set.new(0x3)
print("cpu_set: " .. tostring(two), two:contains(0), two:contains(1), two:contains(2), two:mask())
local high = L4.Cpu_set.new(0x1, 4, 2) -- CPUs 4..7
print("cpu_set: high", high:contains(4), high:contains(7), high:contains(8), high:contains(0),
	string.format("0x%x", high:mask()))
print("cpu_set: all holds CPU 0: " .. tostring(L4.Cpu_set.all:contains(0)))

local sched = ld:create_sched_proxy({ prio = 0x40, limit = 0x50, cpus = two })
ld:start({ scheduler = sched, log = "cpus" }, "rom/env_probe"):wait()

local function try(what, f, ...)
	local ok, err = pcall(f, ...)
	print("cpu_set: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end
try("proxy on CPUs 4..7", ld.create_sched_proxy, ld, { prio = 1, cpus = high })
try("new(1.5)", L4.Cpu_set.new, 1.5)
try("new(1, 3, 2)", L4.Cpu_set.new, 1, 3, 2)
local uf = L4.Env.user_factory
try("moe's scheduler on CPU 0", uf.create, uf, L4.Proto.Scheduler, 0x50, 0x40, 0x1)
try("moe's scheduler on CPU 1", uf.create, uf, L4.Proto.Scheduler, 0x50, 0x40, 0x2)
try("moe's scheduler on a set", uf.create, uf, L4.Proto.Scheduler, 0x50, 0x40, two:mask())
try("moe's scheduler, map nil", uf.create, uf, L4.Proto.Scheduler, 0x50, 0x40, nil)
