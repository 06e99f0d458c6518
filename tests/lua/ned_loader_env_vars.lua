-- SPDX-License-Identifier: BSD-2-Clause
-- Environment variables for a program, as L4Re's ned takes them: a table
-- after the command (start) or after the arguments (startv), { NAME = "value" };
-- the program finds them with getenv. Bad names and values are errors
-- naming the script line; so is a request too big for moe's start message.
local L4 = require("L4")
local ld = L4.default_loader

local function try(what, f)
	local ok, err = pcall(f)
	print("ned_loader_env_vars: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

local code = ld:start({ log = "vars" }, "rom/env_print GREETING COLOR UNSET",
	{ GREETING = "hello world", COLOR = "blue" }):wait()
print("ned_loader_env_vars: start ended with " .. code)
code = ld:startv({ log = "varsv" }, "rom/env_print", "MODE", "EMPTY", { MODE = "startv", EMPTY = "" }):wait()
print("ned_loader_env_vars: startv ended with " .. code)
-- split_args as L4Re's: the words, then the variables.
local prog, a1, vars = L4.Loader.split_args("rom/env_print  A1 ", { A1 = "x" })
print("ned_loader_env_vars: split_args " .. prog .. " " .. a1 .. " " .. type(vars) .. " " .. vars.A1)
code = ld:startv({ log = "split" }, L4.Loader.split_args("rom/env_print A1", { A1 = "from split" })):wait()
print("ned_loader_env_vars: split ended with " .. code)

try("name with =", function() ld:start({}, "rom/env_print", { ["A=B"] = "x" }) end)
try("empty name", function() ld:start({}, "rom/env_print", { [""] = "x" }) end)
try("L4RE_ name", function() ld:start({}, "rom/env_print", { L4RE_PARENT = "0" }) end)
try("newline in a value", function() ld:start({}, "rom/env_print", { X = "a\nb" }) end)
try("NUL in a value", function() ld:start({}, "rom/env_print", { X = "a\0b" }) end)
try("NUL in a name", function() ld:start({}, "rom/env_print", { ["X\0Y"] = "x" }) end)
try("number value", function() ld:start({}, "rom/env_print", { X = 5 }) end)
try("number name", function() ld:start({}, "rom/env_print", { [1] = "x" }) end)
try("posix_env a string", function() ld:start({}, "rom/env_print", "X=1") end)
try("17 variables", function()
	local v = {}
	for i = 1, 17 do v["V" .. i] = "x" end
	ld:start({}, "rom/env_print", v)
end)
try("300-byte value", function() ld:start({}, "rom/env_print", { X = string.rep("v", 300) }) end)
try("too big together", function()
	ld:start({}, "rom/env_print", { A = string.rep("a", 140), B = string.rep("b", 140) })
end)
print("ned_loader_env_vars: done")
