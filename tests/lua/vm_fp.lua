-- SPDX-License-Identifier: BSD-2-Clause
-- A guest and a native program both compute with all 32 vector registers,
-- preempting each other on the one CPU: each must get its own right answers.
local L4 = require("L4")
local ld = L4.default_loader

local vm = ld:start({ log = "vm" }, "rom/vmm -k rom/guest-fp")
local native = ld:start({ log = "fp_spin" }, "rom/fp_spin 5")
print("vm_fp: fp_spin ended with " .. native:wait())
print("vm_fp: the VMM ended with " .. vm:wait())
