-- SPDX-License-Identifier: BSD-2-Clause
-- Every argument of the L4 package is checked, with an error naming the
-- script line and the argument: sleeps out of range, env.mem that is no
-- whole number or out of range, too many program arguments, caps and log
-- of the wrong type, a log tag with control characters (it would forge
-- other programs' lines), rights masks out of range.
local L4 = require("L4")
local ld = L4.default_loader

local function try(what, f)
	local ok, err = pcall(f)
	print("ned_args: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

try("sleep -1", function() L4.sleep(-1) end)
try("sleep nan", function() L4.sleep(0 / 0) end)
try("sleep inf", function() L4.sleep(math.huge) end)
try("sleep a year", function() L4.sleep(365 * 86400) end)
try("sleep 'x'", function() L4.sleep("x") end)
try("msleep -5", function() L4.msleep(-5) end)
try("msleep 1e12", function() L4.msleep(1e12) end)
try("sleep 0.01, msleep 1.5", function() L4.sleep(0.01); L4.msleep(1.5) end)

try("mem 1.5", function() ld:start({ mem = 1.5 }, "rom/true") end)
try("mem 1", function() ld:start({ mem = 1 }, "rom/true") end)
try("mem -1", function() ld:start({ mem = -1 }, "rom/true") end)
try("mem 2^50", function() ld:start({ mem = 1 << 50 }, "rom/true") end)
try("mem 1e30", function() ld:start({ mem = 1e30 }, "rom/true") end)
try("mem '64M'", function() ld:start({ mem = "64M" }, "rom/true") end)
print("ned_args: mem 256 KiB: rom/true ended with " ..
	ld:start({ log = "small", mem = 256 * 1024 }, "rom/true"):wait())
print("ned_args: mem 2.0^25 (a float): rom/true ended with " ..
	ld:start({ log = "float", mem = 2.0 ^ 25 }, "rom/true"):wait())

local words = {}
for i = 1, 16 do words[i] = "a" .. i end
try("16 arguments", function() ld:start({}, "rom/hello " .. table.concat(words, " ")) end)
try("16 arguments to startv", function() ld:startv({}, "rom/hello", table.unpack(words)) end)
try("256-byte command", function() ld:start({}, "rom/hello " .. string.rep("x", 246)) end)
print("ned_args: 15 arguments: rom/hello ended with " ..
	ld:start({ log = "fifteen" }, "rom/hello " .. table.concat(words, " ", 1, 15)):wait())

try("caps 5", function() ld:start({ caps = 5 }, "rom/true") end)
try("caps 'log'", function() ld:start({ caps = "log" }, "rom/true") end)
try("caps { log }", function() ld:start({ caps = { L4.Env.log } }, "rom/true") end)
try("caps { x = true }", function() ld:start({ caps = { x = true } }, "rom/true") end)
try("caps { ['a=b'] }", function() ld:start({ caps = { ["a=b"] = L4.Env.log } }, "rom/true") end)
try("9 caps", function()
	local caps = {}
	for i = 1, 9 do caps["c" .. i] = L4.Env.log end
	ld:start({ caps = caps }, "rom/true")
end)

try("tag with a newline", function() ld:start({ log = "a\n[moe] forged" }, "rom/true") end)
try("tag with an escape", function() ld:start({ log = { "x\27[31m", "red" } }, "rom/true") end)
try("tag 40 bytes", function() ld:start({ log = string.rep("t", 40) }, "rom/true") end)
try("log 5", function() ld:start({ log = 5 }, "rom/true") end)
try("log { true }", function() ld:start({ log = { true } }, "rom/true") end)

try("m(256)", function() return L4.Env.log:m(256) end)
try("m(1.5)", function() return L4.Env.log:m(1.5) end)
try("m(L4.Rights.R)", function() return L4.Env.log:m(L4.Rights.R) end)
print("ned_args: done")
