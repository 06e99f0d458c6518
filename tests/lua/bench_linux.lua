-- SPDX-License-Identifier: BSD-2-Clause
-- make bench's Linux boot (scripts/bench.sh): Debian's kernel with 1 vCPU and
-- 256 MiB boots to the benchmark's /init (rom/bench-initrd), which prints the
-- counter and powers off; then the same boot with --stats for the exit costs.
-- The quota holds the guest's RAM and the VMM itself.
local L4 = require("L4")

-- scripts/bench.sh reads this line: plain QEMU boots with the same bootargs.
local cmdline = "console=ttyAMA0 quiet"

local function boot(tag, ...)
	local vm = L4.default_loader:startv({ log = { tag }, mem = 304 * 1024 * 1024 }, "rom/vmm",
		"-k", "rom/linux", "-r", "rom/bench-initrd", "-c", cmdline,
		"--mem", "256", "--cpus", "1", ...)
	print("bench_linux: " .. tag .. " ended with " .. vm:wait())
end

boot("linux")
boot("linux-stats", "--stats")
