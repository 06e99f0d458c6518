-- SPDX-License-Identifier: BSD-2-Clause
-- Linux through ned's vmm module: the keys of L4Re's vmm.lua become the VMM's
-- command line; the guest powers off at once (tern.init=poweroff).
local vmm = require("vmm")

local vm = vmm.start_vm {
	id = 2, kernel = "rom/linux", rd = "rom/linux-initrd", cpus = 2, mem = 128,
	bootargs = "console=ttyAMA0 tern.init=poweroff", log = { "linux2" },
}
print("vm_linux_module: the Linux VM ended with " .. vm:wait())
local ok, err = pcall(function()
	local small = vmm.start_vm { kernel = "rom/linux", rd = "rom/linux-initrd", mem = 16 }
	small:kill()
end)
print("vm_linux_module: 16 MiB: " .. (ok and "started!" or tostring(err)))
