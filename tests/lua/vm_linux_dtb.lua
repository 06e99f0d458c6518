-- SPDX-License-Identifier: BSD-2-Clause
-- Linux with a device tree of one's own (VMM -d, the vmm module's fdt key):
-- rom/test-4cpu.dtb (made at build time by the VMM's builder: 4 CPUs, 64 MiB,
-- its own model and bootargs) is patched to the VM's 2 vCPUs, 128 MiB, the
-- initrd and the script's bootargs. A bad DTB given to the VMM straight is an
-- error with exit code 1 (the vmm module refuses the first two itself).
local L4 = require("L4")
local vmm = require("vmm")

local function vmm_d(tag, dtb, cpus)
	local h = L4.default_loader:startv({ log = { tag }, mem = 144 * 1024 * 1024 }, "rom/vmm",
		"-k", "rom/linux", "-r", "rom/linux-initrd", "--mem", "128", "--cpus", cpus, "-d", dtb)
	print("vm_linux_dtb: " .. tag .. " ended with " .. h:wait())
end
vmm_d("bad-magic", "rom/bad_magic", "1")
vmm_d("truncated", "rom/test-truncated.dtb", "1")
vmm_d("fewer-cpus", "rom/test-1cpu.dtb", "2")

local vm = vmm.start_vm {
	id = 3, kernel = "rom/linux", rd = "rom/linux-initrd", fdt = "rom/test-4cpu.dtb",
	cpus = 2, mem = 128, bootargs = "console=ttyAMA0 tern.init=poweroff", log = { "linux3" },
}
print("vm_linux_dtb: the Linux VM with its own DTB ended with " .. vm:wait())
