-- SPDX-License-Identifier: BSD-2-Clause
-- Lua's limits in ned: only source is loaded (precompiled chunks from
-- string.dump, mangled ones and a binary file in rom are refused by load,
-- loadfile, dofile and require); deep recursion ends promptly with "stack
-- overflow" and deeply nested C calls with "C stack overflow"; ned goes on.
local function show(what, ...)
	local out = {}
	for i = 1, select("#", ...) do out[#out + 1] = tostring((select(i, ...))) end
	print("ned_limits: " .. what .. ": " .. table.concat(out, ", "))
end

local chunk = string.dump(function() return 42 end)
show("load(dump)", load(chunk))
show("load(dump, 'b')", load(chunk, "dumped", "b"))
show("load(dump, 'bt')", load(chunk, "dumped", "bt"))
local mangled = chunk:sub(1, 20) .. string.rep("\255", #chunk - 20)
show("load(mangled)", load(mangled))
local parts = { chunk:sub(1, 5), chunk:sub(6) }
show("load(reader)", load(function() return table.remove(parts, 1) end))
show("load(source)", load("return 6 * 7")(), load("return 1", "text", "t")())
show("loadfile", loadfile("rom/ned_bytecode.lua"))
show("loadfile 'b'", loadfile("rom/ned_bytecode.lua", "b"))
show("dofile", pcall(dofile, "rom/ned_bytecode.lua"))
show("require", pcall(require, "ned_bytecode"))
show("require source", require("vmm") ~= nil)

local depth = 0
local function deeper(n)
	depth = n
	return 1 + deeper(n + 1)
end
local t0 = os.clock()
local ok, err = pcall(deeper, 1)
show("recursion", ok, err)
show("recursion depth over 50000", depth > 50000, "in under 5 s", os.clock() - t0 < 5)

-- C calls: every level a string.gsub calling back (2 KiB of C stack each).
local function nest(s) return (s:gsub(".", nest)) end
show("gsub chain", pcall(nest, "x"))
local t = setmetatable({}, { __index = function(t, k) return t[k] end })
show("__index chain", pcall(function() return t.x end))
local first
local function pc()
	local ok, e = pcall(pc)
	first = first or e
end
pc()
show("pcall chain", first)
show("nested parentheses", load("return " .. string.rep("(", 1000) .. "1" .. string.rep(")", 1000)))
show("nested functions", load(string.rep("function f() ", 300) .. string.rep("end ", 300)))
show("still running", collectgarbage("count") > 0)
