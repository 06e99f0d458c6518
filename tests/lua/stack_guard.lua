-- SPDX-License-Identifier: BSD-2-Clause
-- Stacks end in a guard page: a thread's overflow, then the main thread's,
-- fault there and moe says so; ned and the programs after them go on.
local L4 = require("L4")

local ld = L4.default_loader

print("stack_guard: thread overflow ended with " ..
	ld:start({ log = "thread" }, "rom/threads overflow"):wait())
print("stack_guard: main overflow ended with " ..
	ld:start({ log = "main" }, "rom/threads overflow-main"):wait())
print("stack_guard: then hello ended with " ..
	ld:start({ log = "after" }, "rom/hello still here"):wait())
