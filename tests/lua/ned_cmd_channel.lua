-- SPDX-License-Identifier: BSD-2-Clause
-- ned -c CAP, as L4Re's: a second ned, started by this script, serves the
-- channel it was given as "cmd" after its -e statements; a client sends it
-- Lua text. The sub-ned's globals are its own.
local L4 = require("L4")
local ld = L4.default_loader
local ch = ld:new_channel()

x = 1000
local sub = ld:startv({ caps = { cmd = ch:svr() }, log = "subned" },
	"rom/ned", "-c", "cmd", "-e", "x = 40")
local client = ld:startv({ caps = { cmd = ch }, log = "prompt" },
	"rom/ned_cmd", "return x + 2", "return type(L4.default_loader)")
print("cmd_channel: the client ended with " .. client:wait())
print("cmd_channel: ned's own x is still " .. x .. "; stopping the sub-ned: " .. sub:kill())
