-- SPDX-License-Identifier: BSD-2-Clause
-- Debian's arm64 Linux under the VMM with 2 vCPUs: boots to its /init, which
-- powers off at once (tern.init=poweroff); the VMM then exits with 0. Needs
-- rom/linux and rom/linux-initrd in the boot archive (make linux-rom).
local L4 = require("L4")

local vm = L4.default_loader:startv({ log = { "linux" }, mem = 176 * 1024 * 1024 }, "rom/vmm",
	"-k", "rom/linux", "-r", "rom/linux-initrd",
	"-c", "console=ttyAMA0 earlycon=pl011,0x9000000 tern.init=poweroff",
	"--mem", "128", "--cpus", "2")
print("vm_linux: the Linux VM ended with " .. vm:wait())
