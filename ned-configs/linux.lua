-- SPDX-License-Identifier: BSD-2-Clause
-- Debian's arm64 Linux under the VMM with 2 vCPUs, to its busybox shell.
-- Needs the images in the boot archive: make linux-rom, then
-- make run CONFIG=ned-configs/linux.lua
-- The VMM's quota holds the guest's 128 MiB of RAM and the VMM itself.
local L4 = require("L4")

local ld = L4.default_loader
local cmdline = "console=ttyAMA0 earlycon=pl011,0x9000000"
local vm = ld:startv({ log = { "linux" }, mem = 176 * 1024 * 1024 }, "rom/vmm",
	"-k", "rom/linux", "-r", "rom/linux-initrd", "-c", cmdline, "--mem", "128", "--cpus", "2")
print("ned: the Linux VM ended with " .. vm:wait())
