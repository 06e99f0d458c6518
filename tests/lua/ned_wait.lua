-- SPDX-License-Identifier: BSD-2-Clause
-- handle:wait() blocks until moe says the program ended (an IRQ moe
-- triggers), instead of asking every 10 ms: ned uses next to no CPU time
-- while a program runs for a second. Waits on several programs, in any
-- order, on ended, killed and crashed ones, give each its own exit code.
local L4 = require("L4")
local ld = L4.default_loader

local ticker = ld:start({ log = "ticker" }, "rom/ticker 10 100")
local t0 = L4.cpu_time()
local code = ticker:wait()
local used = L4.cpu_time() - t0
print(string.format("ned_wait: ticker ended with %d; ned's CPU time while waiting: %s", code,
	used < 0.002 and "under 2 ms" or string.format("%.1f ms", used * 1000)))

-- Ends of other programs wake the wait too; each wait still gets its own program.
local slow = ld:start({ log = "slow" }, "rom/ticker 3 100")
local quick = ld:start({ log = "quick" }, "rom/hello quick")
local crash = ld:start({ log = "crash" }, "rom/fault null")
local spin = ld:start({ log = "spin" }, "rom/ticker 0 100")
print("ned_wait: slow " .. slow:wait() .. ", quick " .. quick:wait() .. ", crash " .. crash:wait())
print("ned_wait: spin is " .. spin:state())
print("ned_wait: kill gives " .. spin:kill())
print("ned_wait: spin after kill " .. spin:wait() .. ", quick again " .. quick:wait() .. ", quick is " ..
	quick:state())
print("ned_wait: done")
