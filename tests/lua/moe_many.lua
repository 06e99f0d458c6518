-- SPDX-License-Identifier: BSD-2-Clause
-- Scale (scenario moe_many): 100 small programs at once, all running
-- together, then all ended; the system goes on.
local L4 = require("L4")
local ld = L4.default_loader
local N = 100

local apps = {}
for i = 1, N do
	apps[i] = ld:start({ log = { "idle" .. i } }, "rom/limits idle 6000")
end
local running = 0
for i = 1, N do
	if apps[i]:state() == "running" then running = running + 1 end
end
print("moe_many: " .. running .. " of " .. N .. " programs running at once")
local ok = 0
for i = 1, N do
	if apps[i]:wait() == 0 then ok = ok + 1 end
end
print("moe_many: " .. ok .. " of " .. N .. " ended with 0")
print("moe_many: then hello ended with " ..
	ld:start({ log = { "after" } }, "rom/hello"):wait())
