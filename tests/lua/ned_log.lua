-- SPDX-License-Identifier: BSD-2-Clause
-- env.log as L4Re's ned takes it: { tag, color, flags... } (the colour on the
-- console), a log capability (L4.Env.log: the program's lines show as ned's),
-- a function giving one; logs made with user_factory:create(L4.Proto.Log, ...)
-- as a program's log and as a named capability; the errors.
local L4 = require("L4")
local ld = L4.default_loader
local uf = L4.Env.user_factory
local Log = -13 -- L4Re's L4.Proto.Log

ld:start({ log = { "red", "r" } }, "rom/hello red"):wait()
ld:start({ log = { "bright", "Green", "key=g", "show", "bufsz=4096" } }, "rom/hello bright"):wait()
ld:start({ log = { "twelve", 12 } }, "rom/hello twelve"):wait()
ld:start({ log = { "black", "black" } }, "rom/hello black"):wait()
ld:start({ log = { "plain", "n" } }, "rom/hello plain"):wait()
ld:start({ log = { nil, "y" } }, "rom/hello untagged"):wait()
ld:start({ log = L4.Env.log }, "rom/hello shared"):wait()
ld:start({ log = function() return { "fn", "c" } end }, "rom/hello fn"):wait()

local made = uf:create(Log, "made", "m", "key=m")
ld:start({ log = made }, "rom/hello made"):wait()
ld:start({ log = function() return made end, caps = { out = made, own = L4.Env.log } },
	"rom/log_to out own"):wait()

local function try(what, env)
	local ok, err = pcall(function() ld:start(env, "rom/true") end)
	print("ned_log: " .. what .. ": " .. tostring(err))
end
try("bad colour", { log = { "x", "purple" } })
try("colour 16", { log = { "x", 16 } })
try("colour a table", { log = { "x", {} } })
try("unknown flag", { log = { "x", "r", "loud" } })
try("flag a number", { log = { "x", "r", 5 } })
try("log a number", { log = 5 })
try("function giving a number", { log = function() return 5 end })

-- Made logs count against the maker's allocator objects.
local n, err = 0, nil
while n < 300 do
	local ok, e = pcall(uf.create, uf, Log, "many")
	if not ok then
		err = e
		break
	end
	n = n + 1
end
print("ned_log: made " .. n .. " more logs, then " .. tostring(err and err.code))
print("ned_log: done")
