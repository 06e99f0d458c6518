-- SPDX-License-Identifier: BSD-2-Clause
-- ned's vmm module: a VM started by keys runs its guest to the end, also on a
-- dataspace of the script's (mem = ds) with mem_align and prio; every bad key
-- is an error naming this script's line, and nothing is started for it.
local L4 = require("L4")
local vmm = require("vmm")

local vm = vmm.start_vm { id = 1, kernel = "rom/guest-psci", cpus = 2, mem = 16, log = { "vm1" } }
print("vm_start: the guest-psci VM ended with " .. vm:wait())

local function try(what, opts)
	local ok, err = pcall(function()
		local vm = vmm.start_vm(opts)
		vm:kill()
	end)
	print("vm_start: " .. what .. ": " .. (ok and "started!" or tostring(err)))
end
try("unknown key", { kernel = "rom/guest-hvc", colour = "red" })
try("no kernel", { cpus = 1 })
try("missing image", { kernel = "rom/no-such-guest" })
try("not a kernel", { kernel = "rom/vm_start.lua" })
try("too many cpus", { kernel = "rom/guest-hvc", cpus = 9 })
try("cpus not an integer", { kernel = "rom/guest-hvc", cpus = 1.5 })
try("mem a string", { kernel = "rom/guest-hvc", mem = "lots" })
try("mem a fraction", { kernel = "rom/guest-hvc", mem = 1.5 })
try("mem no dataspace", { kernel = "rom/guest-hvc", mem = L4.Env.log })
try("RAM too small", { kernel = "rom/guest-hvc", mem = 0 })
try("rd for an ELF guest", { kernel = "rom/guest-hvc", rd = "rom/guest-hvc" })
try("fdt for an ELF guest", { kernel = "rom/guest-hvc", fdt = "rom/test-4cpu.dtb" })
try("fdt missing", { kernel = "rom/linux", fdt = "rom/no-such.dtb" })
try("fdt no DTB", { kernel = "rom/linux", fdt = "rom/vm_start.lua" })
try("fdt truncated", { kernel = "rom/linux", fdt = "rom/test-truncated.dtb" })
try("mem_align not a power of two", { kernel = "rom/guest-hvc", mem_align = 0x30000 })
try("mem_align too small", { kernel = "rom/guest-hvc", mem_align = 12 })
try("mem_align a fraction", { kernel = "rom/guest-hvc", mem_align = 2.5 })
try("prio too high", { kernel = "rom/guest-hvc", prio = 300 })
try("prio a string", { kernel = "rom/guest-hvc", prio = "high" })
try("bad fault policy", { kernel = "rom/guest-hvc", fault = "explode" })
local small = L4.Env.user_factory:create(L4.Proto.Dataspace, 1024 * 1024)
try("dataspace too small", { kernel = "rom/linux", mem = small })
try("dataspace not 64 KiB", { kernel = "rom/guest-hvc",
	mem = L4.Env.user_factory:create(L4.Proto.Dataspace, 68 * 1024) })
try("ram twice", { kernel = "rom/guest-hvc", mem = small, ext_caps = { ram = small } })

-- The VMM itself: a 'ram' capability and --mem, or a 'ram' that is no dataspace.
local function vmm_ram(tag, ram, ...)
	local h = L4.default_loader:startv({ log = { tag }, caps = { ram = ram } }, "rom/vmm",
		"-k", "rom/guest-hvc", ...)
	print("vm_start: " .. tag .. " ended with " .. h:wait())
end
vmm_ram("ram-and-mem", small, "--mem", "1")
vmm_ram("ram-no-ds", L4.Env.log)

-- Guest RAM from the script's own allocator (charged to ned's quota), 2 MiB
-- aligned in the VMM (L4Re's log2 form), the VMM at priority 90. As in L4Re,
-- a new capability value carries R only: the VMM needs rw on its RAM.
local ds = L4.Env.user_factory:create(L4.Proto.Dataspace, 16 * 1024 * 1024):m("rw")
local vm2 = vmm.start_vm { id = 2, kernel = "rom/guest-psci", cpus = 2, mem = ds,
	mem_align = 21, prio = 90, ext_args = { "-v" } }
print("vm_start: the VM on the script's dataspace ended with " .. vm2:wait())
