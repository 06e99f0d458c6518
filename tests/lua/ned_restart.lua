-- SPDX-License-Identifier: BSD-2-Clause
-- An exit handler that starts the program again (a respawn), with ned
-- --wait-and-exit: ned counts the programs the handlers start, and ends
-- only after the last run.
local L4 = require("L4")
local ld = L4.default_loader
local runs = 0

local function start()
	runs = runs + 1
	local run = runs
	ld:start({ log = "run" .. run, exit_handler = function(_, code)
		print("ned_restart: run " .. run .. " ended with " .. code)
		if run < 3 then
			start()
		end
	end }, "rom/ticker 2 50")
end

start()
print("ned_restart: the script is done")
