-- SPDX-License-Identifier: BSD-2-Clause
-- Short-lived programs for ever (scenario moe_sequence): 200 programs in
-- sequence, each making a namespace and names and ending; what they made
-- goes with them, so the last starts as well as the first.
local L4 = require("L4")
local ld = L4.default_loader
local N = 200

local ok = 0
for i = 1, N do
	if ld:start({ log = { "seq" } }, "rom/limits serve 4"):wait() == 0 then
		ok = ok + 1
	end
end
print("moe_sequence: " .. ok .. " of " .. N .. " programs in sequence ended with 0")
