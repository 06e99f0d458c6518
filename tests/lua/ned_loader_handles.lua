-- SPDX-License-Identifier: BSD-2-Clause
-- Program handles as L4Re's: state() is "running", then "zombie"; kill()
-- gives "killed", or the exit code of a program that had ended. An
-- env.exit_handler(handle, code) runs once when ned notices the end: in
-- wait, state, kill, or after the script; an error in it is reported and
-- ned goes on. A start's env keys are checked against L4Re's.
local L4 = require("L4")
local ld = L4.default_loader

local function try(what, f)
	local ok, err = pcall(f)
	print("ned_loader_handles: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

local calls, one = 0, nil
one = ld:start({ log = "one", exit_handler = function(h, code)
	calls = calls + 1
	print("ned_loader_handles: handler of one: code " .. code .. ", the handle " .. tostring(h == one))
end }, "rom/hello one")
print("ned_loader_handles: one ended with " .. one:wait())
print("ned_loader_handles: one is " .. one:state() .. ", exit code " .. one:exit_code() ..
	", kill gives " .. one:kill() .. ", wait again " .. one:wait() .. ", handler ran " .. calls .. " time(s)")

local spin = ld:start({ log = "spin", exit_handler = function(h, code)
	print("ned_loader_handles: handler of spin: code " .. code)
	error("the handler fails")
end }, "rom/ticker 0 100")
print("ned_loader_handles: spin is " .. spin:state() .. ", exit code " .. tostring(spin:exit_code()))
print("ned_loader_handles: kill gives " .. spin:kill())
print("ned_loader_handles: spin is " .. spin:state() .. ", kill again gives " .. spin:kill())

try("exit_handler 5", function() ld:start({ exit_handler = 5 }, "rom/true") end)
try("unknown key", function() ld:start({ colour = "red" }, "rom/true") end)
try("ldr_flags 1", function() ld:start({ ldr_flags = 1 }, "rom/true") end)
try("l4re_loader", function() ld:start({ l4re_loader = "rom/l4re" }, "rom/true") end)
try("l4re_dbg 'x'", function() ld:start({ l4re_dbg = "x" }, "rom/true") end)
print("ned_loader_handles: l4re_dbg 2, ldr_flags 0: " ..
	ld:start({ log = "dbg", l4re_dbg = 2, ldr_flags = 0 }, "rom/true"):wait())

-- Not waited for: its handler runs after the script, while ned serves.
ld:start({ log = "late", exit_handler = function(h, code)
	print("ned_loader_handles: late handler: code " .. code)
end }, "rom/ticker 2 100")
print("ned_loader_handles: script done")
