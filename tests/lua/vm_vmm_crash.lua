-- SPDX-License-Identifier: BSD-2-Clause
-- A VMM crashes with one guest in WFI and one spinning: the native program
-- beside it keeps printing, and it can happen again and again.
local L4 = require("L4")
local ld = L4.default_loader

local ticker = ld:start({ log = "ticker" }, "rom/ticker 10 50")
local vmm = ld:start({ log = "vmm_crash" }, "rom/vmm_crash")
print("vm_vmm_crash: the VMM ended with " .. vmm:wait())
print("vm_vmm_crash: ticker ended with " .. ticker:wait())
for i = 1, 3 do
	local again = ld:start({ log = "again" }, "rom/vmm_crash")
	again:wait()
end
print("vm_vmm_crash: three more VMMs crashed the same way, the system goes on")
