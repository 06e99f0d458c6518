-- SPDX-License-Identifier: BSD-2-Clause
-- A VM script in the manner of uvmm's example ned scripts: its own loader for
-- the vmm module, schedulers from new_sched and set_sched, keys shared through
-- table_override. Two bare-metal guests run; every uvmm function whose server
-- Tern lacks (io, a virtio switch) and every such key says so by name, at
-- the line that asked, and starts nothing.
local L4 = require "L4"
local vmm = require "vmm"

vmm.loader = L4.Loader.new { mem = L4.Env.user_factory }

local function say(what, ok, err)
	print("uvmm_style: " .. what .. ": " .. (ok and "worked!" or tostring(err)))
end

-- What every VM here shares; each VM adds its own keys.
local common = { mem = 16, mon = false, jdb = false }

local vm1 = vmm.start_vm(vmm.table_override(common, {
	id = 1, kernel = "rom/guest-hvc", cpus = 0x1, scheduler = vmm.new_sched(0x50, 0x1),
	ext_args = { "-v" },
}))
print("uvmm_style: vm1 ended with " .. vm1:wait())

local opts2 = vmm.table_override(common, { id = 2, kernel = "rom/guest-psci", cpus = 2,
	mem = "16", ext_args = { "-v" } })
vmm.set_sched(opts2, 0x60, 0x1)
local vm2 = vmm.start_vm(opts2)
print("uvmm_style: vm2 ended with " .. vm2:wait())

-- uvmm's servers Tern does not have yet.
local io_busses = { vm_hw = 1 }
local net_ports = { net0 = 1, net1 = 1 }
say("start_io", pcall(vmm.start_io, io_busses, "rom/io.cfg"))
say("start_virtio_switch", pcall(vmm.start_virtio_switch, net_ports, 0xa, 0x1))
say("start_virtio_switch_tbl", pcall(vmm.start_virtio_switch_tbl,
	{ ports = net_ports, switch_type = "switch" }))

-- Keys for them, and bad values: each an error at the line of the call.
local function try(what, f)
	local ok, err = pcall(f)
	say(what, ok, err)
end
local guest = { kernel = "rom/guest-hvc" }
try("net", function() vmm.start_vm(vmm.table_override(guest, { net = net_ports.net0 })) end)
try("vbus", function() vmm.start_vm(vmm.table_override(guest, { vbus = io_busses.vm_hw })) end)
try("mon program", function() vmm.start_vm(vmm.table_override(guest, { mon = "cli" })) end)
try("mon console", function() vmm.start_vm(vmm.table_override(guest, { mon = true })) end)
try("jdb", function() vmm.start_vm(vmm.table_override(guest, { jdb = true })) end)
try("fdt overlays", function()
	vmm.start_vm { kernel = "rom/linux", fdt = { "rom/test-4cpu.dtb", "rom/extra.dtbo" } }
end)
try("scheduler no cap", function() vmm.start_vm(vmm.table_override(guest, { scheduler = 3 })) end)
try("cpu mask without CPU 0", function() vmm.new_sched(0x40, 0x2) end)
try("cpu mask a string", function() vmm.new_sched(0x40, "all") end)
try("prio a string", function() vmm.new_sched("high") end)
try("prio too high", function() vmm.new_sched(256) end)
try("set_sched no table", function() vmm.set_sched(nil, 0x40) end)
try("set_sched cpu mask", function() vmm.set_sched({}, nil, 0x4) end)
try("table_override no table", function() vmm.table_override({}, "x") end)
vmm.loader = "none"
try("no loader", function() vmm.start_vm(guest) end)
vmm.loader = L4.default_loader
local opts = {}
vmm.set_sched(opts)
print("uvmm_style: set_sched with neither prio nor cpus: " .. tostring(opts.scheduler))
local merged = vmm.table_override({ a = 1, b = 1 }, { b = 2 }, { c = 3 })
print(string.format("uvmm_style: table_override: a=%d b=%d c=%d", merged.a, merged.b, merged.c))

-- A loader of the script's own: new_sched asks its create_sched_proxy, start_vm its startv.
vmm.loader = {
	create_sched_proxy = function(_, t)
		print(string.format("uvmm_style: own loader: create_sched_proxy{ prio = 0x%x, " ..
			"limit = 0x%x, cpus = 0x%x }", t.prio, t.limit, t.cpus))
		return L4.Env.user_factory:create(L4.Proto.Scheduler, t.limit, t.prio)
	end,
	startv = function(_, env, ...)
		print("uvmm_style: own loader: startv " .. table.concat({ ... }, " ") ..
			(env.scheduler and " with a scheduler" or ""))
		return { wait = function() return 0 end }
	end,
}
local vm3 = vmm.start_vm { id = 3, kernel = "rom/guest-hvc", scheduler = vmm.new_sched(0xf8, 0x3) }
print("uvmm_style: vm3 ended with " .. vm3:wait())
