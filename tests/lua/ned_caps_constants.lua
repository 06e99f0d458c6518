-- SPDX-License-Identifier: BSD-2-Clause
-- Every constant table of the L4 package against L4Re's values (ned.lua),
-- with Tern's additions named: a missing, extra or wrong entry is printed.
local L4 = require("L4")

local expected = {
	Proto = {
		Dataspace = 0x4000, Namespace = 0x4001, Goos = 0x4003, Mem_alloc = 0x4004,
		Rm = 0x4005, Event = 0x4006, Inhibitor = 0x4007, Sigma0 = -6, Log = -13,
		Scheduler = -14, Factory = -15, Vm = -16, Dma_space = -17, Irq_sender = -18,
		Irq_muxer = -19, Semaphore = -20, Iommu = -22, Ipc_gate = 0,
		-- Tern's
		Irq = -1, Task = -11, Thread = -12,
	},
	Rights = {
		s = 2, w = 1, r = 4, ro = 4, rw = 5, rws = 7,
		-- Tern's: the other letters :m() knows, and its earlier upper-case names
		d = 8, n = 0x10, c = 0x20, rwsd = 15,
		R = 4, W = 1, S = 2, D = 8, RW = 5, RWS = 7, RWSD = 15,
	},
	Ldr_flags = { eager_map = 1, all_segs_cow = 2, pinned_segs = 4 },
	Mem_alloc_flags = { Continuous = 1, Pinned = 2, Super_pages = 4 },
	Dbg = {
		Info = 1, Warn = 2, Boot = 4, Server = 0x10, Exceptions = 0x20, Cmd_line = 0x40,
		Loader = 0x80, Name_space = 0x400, All = 0xffffffff,
	},
}

local names = {}
for t in pairs(expected) do names[#names + 1] = t end
table.sort(names)
for _, t in ipairs(names) do
	local bad, n = 0, 0
	for k, v in pairs(expected[t]) do
		n = n + 1
		if L4[t][k] ~= v then
			bad = bad + 1
			print("caps_constants: L4." .. t .. "." .. k .. " is " .. tostring(L4[t][k]) ..
				", not " .. v)
		end
	end
	for k in pairs(L4[t]) do
		if expected[t][k] == nil then
			bad = bad + 1
			print("caps_constants: L4." .. t .. "." .. k .. " is not expected")
		end
	end
	print("caps_constants: L4." .. t .. " " .. n .. " entries, " .. bad .. " wrong")
end

-- The L4Re numbers work where Tern's servers use other labels (f:create translates).
local ds = L4.Env.user_factory:create(L4.Proto.Dataspace, 4096)
print("caps_constants: Dataspace made, size " .. ds:size())
local ns = L4.Env.user_factory:create(L4.Proto.Namespace)
ns:register("x", L4.Env.log)
print("caps_constants: Namespace made, lookup " .. tostring(ns:query("x")() ~= nil))
local sched = L4.Env.user_factory:create(L4.Proto.Scheduler, 0xa0, 0x80)
print("caps_constants: Scheduler made " .. tostring(sched:is_valid()))
print("caps_constants: done")
