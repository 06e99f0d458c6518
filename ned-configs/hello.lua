-- SPDX-License-Identifier: BSD-2-Clause
-- Two native programs side by side, each with its own tagged log.
-- make run CONFIG=ned-configs/hello.lua
local L4 = require("L4")

local ld = L4.default_loader

local a = ld:start({ log = { "hello-a", "green" } }, "rom/hello from the first program")
local b = ld:startv({ log = { "hello-b", "blue" } }, "rom/hello", "from", "the second")

print("ned: started two programs; waiting for them")
print("ned: hello-a exited with " .. a:wait() .. ", hello-b with " .. b:wait())
