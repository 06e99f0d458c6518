-- SPDX-License-Identifier: BSD-2-Clause
-- The default of `make run`: Debian's arm64 Linux with 2 vCPUs under the VMM,
-- side by side with a native program that keeps printing. The console is the
-- VM's shell (the VMM binds console input to its log last, so it has it);
-- Ctrl-] s prints the VM's exit statistics. `poweroff` in the shell ends the
-- VM, the native program goes on; `reboot` boots the guest again in the same
-- VMM.
local L4 = require("L4")
local vmm = require("vmm")

-- Native: a tick every 5 s, for ever (count 0).
L4.default_loader:start({ log = { "ticker" } }, "rom/ticker 0 5000")

local vm = vmm.start_vm {
	id = 1, cpus = 2, mem = 128, log = { "linux" },
	kernel = "rom/linux", rd = "rom/linux-initrd",
	bootargs = "console=ttyAMA0 quiet",
}
print("linux-vm: the Linux VM ended with code " .. vm:wait())
