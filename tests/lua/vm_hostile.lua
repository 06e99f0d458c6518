-- SPDX-License-Identifier: BSD-2-Clause
-- A hostile guest (every system register, junk calls, undefined instructions,
-- holes, then a spin with all interrupts masked) beside a native program that
-- keeps printing: the native program gets its ticks, the VM is contained, and
-- killing its VMM ends it without harm to anyone else.
local L4 = require("L4")
local ld = L4.default_loader

local vm = ld:start({ log = "vm" }, "rom/vmm -k rom/guest-hostile --cpus 2 -f inject")
local ticker = ld:start({ log = "ticker" }, "rom/ticker 30 100")
print("vm_hostile: ticker ended with " .. ticker:wait())
print("vm_hostile: the VM is " .. vm:state())
vm:kill()
print("vm_hostile: VMM killed, exit code " .. vm:wait())
local after = ld:start({ log = "after" }, "rom/ticker 3 10")
print("vm_hostile: a program started afterwards ended with " .. after:wait())
