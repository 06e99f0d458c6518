-- SPDX-License-Identifier: BSD-2-Clause
-- L4.Loader.new{...} as L4Re's: the fabs default to the loader's memory
-- allocator, factory to L4.Env.factory; each field can be set afterwards
-- and is used: log_fab makes the program's log, ns_fab namespaces,
-- sched_fab scheduler proxies, factory channels. Bad fields are errors
-- naming the script line.
local L4 = require("L4")

local function try(what, f)
	local ok, err = pcall(f)
	print("ned_loader_fields: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

local d = L4.default_loader
print("ned_loader_fields: default_loader mem, factory, log_fab, ns_fab, rm_fab, sched_fab: " ..
	tostring(d.mem == L4.Env.mem_alloc) .. " " .. tostring(d.factory == L4.Env.factory) .. " " ..
	tostring(d.log_fab == d.mem) .. " " .. tostring(d.ns_fab == d.mem) .. " " ..
	tostring(d.rm_fab == d.mem) .. " " .. tostring(d.sched_fab == d.mem))

local ld = L4.Loader.new({ mem = L4.Env.mem_alloc })
print("ned_loader_fields: new{mem}: factory is L4.Env.factory " .. tostring(ld.factory == L4.Env.factory) ..
	", log_fab is mem " .. tostring(ld.log_fab == ld.mem))

-- log_fab: anything with a create method; the program's log is what it makes.
ld.log_fab = {
	create = function(self, proto, tag, color)
		print("ned_loader_fields: log_fab:create(" .. tostring(proto == L4.Proto.Log) .. ", " ..
			tostring(tag) .. ", " .. tostring(color) .. ")")
		return L4.Env.log
	end,
}
print("ned_loader_fields: through log_fab: " ..
	ld:start({ log = { "fab", "red" } }, "rom/hello via-log-fab"):wait())
-- A log factory that hands the request on to moe's: the program's log is a log
-- object of moe's made with the env's tag and colour (as L4Re's App_env:log).
ld.log_fab = {
	create = function(self, ...)
		return L4.Env.user_factory:create(...)
	end,
}
print("ned_loader_fields: through moe's log factory: " ..
	ld:start({ log = { "made-log", "c" } }, "rom/hello via-made-log"):wait())
ld.log_fab = ld.mem
print("ned_loader_fields: log_fab back to mem: " ..
	ld:start({ log = "plain" }, "rom/hello plain"):wait())

-- ns_fab makes namespaces; create_namespace fills them with ns:register.
local made = 0
ld.ns_fab = {
	create = function(self, proto)
		made = made + 1
		return L4.Env.mem_alloc:create(proto)
	end,
}
local ns = ld:create_namespace({ log = L4.Env.log, sub = { rom = L4.Env.rom } })
print("ned_loader_fields: create_namespace: " .. made .. " made, log " ..
	tostring(ns:query("log") ~= nil) .. ", sub " .. tostring(ns:query("sub") ~= nil))
local ns2 = ld:create_namespace()
ld:fill_namespace(ns2, { a = L4.Env.log })
print("ned_loader_fields: fill_namespace: a " .. tostring(ns2:query("a") ~= nil))
print("ned_loader_fields: the namespace as a cap: " ..
	ld:start({ log = "nsprobe", caps = { made = ns } }, "rom/env_probe made:sub/rom"):wait())

-- sched_fab makes scheduler proxies: priorities base..limit, CPU 0 in the set.
local s = ld:create_sched_proxy({ prio = 0x80, limit = 0xa0, cpus = 0x1 })
print("ned_loader_fields: sched proxy: " ..
	ld:start({ log = "sched", scheduler = s }, "rom/env_probe"):wait())
try("cpus without 0", function() ld:create_sched_proxy({ prio = 1, cpus = 0x2 }) end)
try("cpus {1, 2}", function() ld:create_sched_proxy({ prio = 1, cpus = { 1, 2 } }) end)
try("prio 300", function() ld:create_sched_proxy({ prio = 300 }) end)
try("limit below prio", function() ld:create_sched_proxy({ prio = 9, limit = 3 }) end)
try("sched key", function() ld:create_sched_proxy({ priority = 9 }) end)

-- factory makes channels.
print("ned_loader_fields: new_channel: " .. tostring(ld:new_channel() ~= nil))
ld.factory = 5
try("factory 5", function() ld:new_channel() end)
ld.factory = L4.Env.factory

try("new{ bogus }", function() L4.Loader.new({ bogus = L4.Env.log }) end)
try("new{ mem = 5 }", function() L4.Loader.new({ mem = 5 }) end)
try("new(5)", function() L4.Loader.new(5) end)
try("start as a function", function() L4.Loader.start({}, "rom/true") end)
ld.log_fab = 5
try("log_fab 5", function() ld:start({}, "rom/true") end)
ld.log_fab = ld.mem
ld.rm_fab = L4.Env.factory
try("rm_fab a kernel factory", function() ld:start({}, "rom/true") end)
ld.rm_fab = ld.mem
try("namespace entry true", function() ld:create_namespace({ x = true }) end)
print("ned_loader_fields: done")
