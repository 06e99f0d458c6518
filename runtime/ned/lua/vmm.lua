-- SPDX-License-Identifier: BSD-2-Clause
-- ned's vmm module: the functions and fields of uvmm's vmm.lua, so that a
-- uvmm.ned-style script runs on Tern where Tern has the programs it names
-- (docs/lua-api.md, "The vmm module"). What Tern lacks (io, a virtio net
-- switch, a VMM monitor) is an error that says so and names the script line.
local L4 = require("L4")
local W = require("vmm_where")
local K = require("vmm_keys")
W.own(debug.getinfo(1, "S").source)

local M = {}

-- The loader start_vm and new_sched use; a script may set its own.
M.loader = L4.default_loader

local MAX_PRIO = 255
local SCHED_SPAN = 10 -- uvmm's: a scheduler from prio up to prio + 10

-- Tables merged into a new one, the later ones' entries winning.
function M.table_override(...)
	local merged = {}
	for i = 1, select("#", ...) do
		local t = select(i, ...)
		if type(t) ~= "table" then
			W.fail("vmm.table_override", "argument " .. i .. " must be a table, not a " ..
				type(t))
		end
		for k, v in pairs(t) do
			merged[k] = v
		end
	end
	return merged
end

-- A value for a message: a number as itself, anything else by its type.
local function describe(v)
	return type(v) == "number" and tostring(v) or "a " .. type(v)
end

-- CPU masks (bit n: CPU n; the second mask CPUs 64..127, and so on; or an
-- L4.Cpu_set): Tern
-- runs on one CPU, CPU 0, so the first mask must name it; others name no CPU.
local function check_cpu_masks(fn, ...)
	for i = 1, select("#", ...) do
		local m = select(i, ...)
		if getmetatable(m) == L4.Cpu_set then
			m = m:mask() -- CPUs 0..63, as a first mask
		end
		if math.type(m) ~= "integer" then
			W.fail(fn, "cpu mask " .. i .. " must be an integer, not " .. describe(m))
		end
		if i == 1 and m & 1 == 0 then
			W.fail(fn, string.format("cpu mask 0x%x has no CPU Tern runs on: Tern has " ..
				"one CPU, CPU 0 (bit 0)", m))
		end
	end
end

-- A loader-like value: something with startv, as L4.Loader.new gives.
local function the_loader(fn)
	local ld = M.loader
	if type(ld) ~= "table" or type(ld.startv) ~= "function" then
		W.fail(fn, "vmm.loader is not a loader (L4.default_loader or L4.Loader.new{...}), " ..
			"but a " .. type(ld))
	end
	return ld
end

--[[
A scheduler for threads from prio up to prio + 10, as uvmm's: made by the
loader's create_sched_proxy where it has one, else by L4.Env.user_factory.
]]
function M.new_sched(prio, cpu_mask, ...)
	if math.type(prio) ~= "integer" or prio < 0 or prio > MAX_PRIO then
		W.fail("vmm.new_sched", "prio must be an integer 0.." .. MAX_PRIO .. ", not " ..
			describe(prio))
	end
	if cpu_mask ~= nil or select("#", ...) > 0 then
		check_cpu_masks("vmm.new_sched", cpu_mask, ...)
	end
	local limit = math.min(prio + SCHED_SPAN, MAX_PRIO)
	local ld = the_loader("vmm.new_sched")
	local ok, sched
	if ld.create_sched_proxy then
		ok, sched = pcall(ld.create_sched_proxy, ld,
			{ prio = prio, limit = limit, cpus = cpu_mask })
	else
		ok, sched = pcall(L4.Env.user_factory.create, L4.Env.user_factory,
			L4.Proto.Scheduler, limit, prio)
	end
	if not ok then
		W.fail("vmm.new_sched", "no scheduler for prio " .. prio .. ": " .. tostring(sched))
	end
	return sched
end

--[[
opts.scheduler = a new scheduler, as uvmm's: nothing when neither prio nor
cpus is given. A CPU mask alone changes nothing on one CPU: it is checked,
and the default priority stays (uvmm's would take prio 0).
]]
function M.set_sched(opts, prio, cpus, ...)
	if type(opts) ~= "table" then
		W.fail("vmm.set_sched", "opts must be a table, not a " .. type(opts))
	end
	if cpus ~= nil or select("#", ...) > 0 then
		check_cpu_masks("vmm.set_sched", cpus, ...)
	end
	if prio ~= nil then
		opts.scheduler = M.new_sched(prio, cpus, ...)
	end
end

-- What Tern does not have yet: uvmm's functions for them say so.
function M.start_io()
	W.fail("vmm.start_io", "Tern has no io server (rom/io) yet")
end

local function no_switch(fn, switch_type)
	local prog = switch_type == "switch" and "rom/l4vio_switch" or "rom/l4vio_net_p2p"
	W.fail(fn, "Tern has no virtio net switch (" .. prog .. ") yet")
end

function M.start_virtio_switch(ports, prio, cpus, switch_type)
	no_switch("vmm.start_virtio_switch", switch_type)
end

function M.start_virtio_switch_tbl(options)
	no_switch("vmm.start_virtio_switch_tbl", type(options) == "table" and options.switch_type)
end

-- The VMM for the keys (vmm_keys.lua), through vmm.loader; its program handle.
function M.start_vm(opts)
	local vm = K.decode(opts)
	local ld = the_loader("vmm.start_vm")
	if opts.scheduler then
		-- As uvmm's: a scheduler given wins over prio.
		vm.env.scheduler = opts.scheduler
	elseif vm.prio then
		-- A scheduler of range prio..prio: the VMM's main thread and its vCPU
		-- threads all run at prio (moe starts the first through it).
		local ok, sched = pcall(L4.Env.user_factory.create, L4.Env.user_factory,
			L4.Proto.Scheduler, vm.prio, vm.prio)
		if not ok then
			W.fail("vmm.start_vm", "prio = " .. vm.prio .. ": no scheduler for it: " ..
				tostring(sched))
		end
		vm.env.scheduler = sched
	end
	local ok, h = pcall(ld.startv, ld, vm.env, table.unpack(vm.argv))
	if not ok then
		W.fail("vmm.start_vm", tostring(h))
	end
	return h
end

return M
