-- SPDX-License-Identifier: BSD-2-Clause
-- L4.App_env as L4Re's: an environment made once, its loader's defaults
-- filled in, started from with e:start(prog, args..., posix_env); set_ns,
-- set_loader_fab and set_mem_alloc change it; misuse names the script line.
local L4 = require("L4")

local function try(what, f)
	local ok, err = pcall(f)
	print("ned_loader_app_env: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

local e = L4.App_env.new({ log = { "appenv", "green" } })
print("ned_loader_app_env: loader " .. tostring(e.loader == L4.default_loader) .. ", mem " ..
	tostring(e.mem == L4.Env.mem_alloc) .. ", factory " .. tostring(e.factory == L4.Env.factory))
print("ned_loader_app_env: started " .. e:start("rom/hello", "from", "app_env"):wait())
print("ned_loader_app_env: with variables " .. e:start("rom/env_print", "WHO", { WHO = "app_env" }):wait())
e:set_ns({ log = L4.Env.log })
print("ned_loader_app_env: set_ns made a namespace: " .. tostring(e.ns:query("log") ~= nil))
e:set_loader_fab(L4.Env.mem_alloc)
e:set_mem_alloc(L4.Env.mem_alloc)
print("ned_loader_app_env: after set_loader_fab, set_mem_alloc: " .. e:start("rom/true"):wait())

try("new(5)", function() L4.App_env.new(5) end)
try("loader 5", function() L4.App_env.new({ loader = 5 }) end)
try("start as a function", function() L4.App_env.start({}, "rom/true") end)
try("no program", function() e:start() end)
try("argument true", function() e:start("rom/hello", true) end)
try("unknown key", function() L4.App_env.new({ bogus = 1 }):start("rom/true") end)
print("ned_loader_app_env: done")
