-- SPDX-License-Identifier: BSD-2-Clause
-- ned's error paths: a missing program is named, a crashing one is reported
-- and the others go on; a runtime error in the script names file and line.
local L4 = require("L4")
local ld = L4.default_loader

local ok, err = pcall(ld.start, ld, { log = { "x" } }, "rom/no-such-program")
print("ned_errors: missing program: " .. tostring(err))

local crash = ld:start({ log = { "crasher" } }, "rom/fault null")
local good = ld:start({ log = { "survivor" } }, "rom/hello still here")
print("ned_errors: crasher ended with " .. crash:wait() .. ", survivor with " .. good:wait())

local c = L4.Env.log:m("r")
print("ned_errors: rights " .. tostring(c) .. " valid " .. tostring(c:is_valid()))
local ok2, err2 = pcall(function() return L4.Env.log:m("rxq") end)
print("ned_errors: bad rights string: " .. tostring(err2))

local t = nil
print("ned_errors: now a runtime error on the next line")
t.field = 1
