-- SPDX-License-Identifier: BSD-2-Clause
-- ned's vmm module: a VM started by keys runs its guest to the end; every bad
-- key is an error naming this script's line, and nothing is started for it.
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
try("wrong type", { kernel = "rom/guest-hvc", mem = "lots" })
try("RAM too small", { kernel = "rom/guest-hvc", mem = 0 })
try("rd for an ELF guest", { kernel = "rom/guest-hvc", rd = "rom/guest-hvc" })
try("a DTB of one's own", { kernel = "rom/guest-hvc", fdt = "rom/x.dtb" })
try("bad fault policy", { kernel = "rom/guest-hvc", fault = "explode" })
