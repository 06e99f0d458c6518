-- SPDX-License-Identifier: BSD-2-Clause
-- Namespaces as L4Re's ned has them: ns:register/ns:r with a capability, a
-- function, nil, a table (with and without fab) and a string placeholder;
-- ns:__register(k, nil) unlinks; ns:query/ns:q give a lookup function; a
-- lookup of a placeholder waits for the server's registration. Errors name
-- the script line.
local L4 = require("L4")
local ld = L4.default_loader
local log = L4.Env.log

local function try(what, f, ...)
	local ok, err = pcall(f, ...)
	print("caps_ns: " .. what .. ": " .. (ok and "accepted" or tostring(err)))
end

local ns = L4.Env.user_factory:create(L4.Proto.Namespace)
print("caps_ns: made " .. tostring(L4.cast("L4Re::Namespace", ns) ~= nil))
ns:register("log", log:m("rw"))
local q = ns:query("log")
print("caps_ns: query gives a " .. type(q))
print("caps_ns: lookup " .. tostring(q()))
print("caps_ns: lookup rw " .. tostring(ns:query("log", "rw")()))
print("caps_ns: q rws " .. ns:q("log", L4.Rights.rws)():m())
print("caps_ns: lookup none " .. tostring(ns:query("none")()))
ns:register("log", log)
print("caps_ns: registered again (replaces, as L4Re)")
ns:register("fn", function(n, k)
	print("caps_ns: function called for key " .. k .. ", same ns " .. tostring(n == ns))
	return log
end)
print("caps_ns: fn " .. tostring(ns:query("fn")() ~= nil))
ns:register("copy", ns:query("fn"))
print("caps_ns: copy of a lookup " .. tostring(ns:query("copy")() ~= nil))
ns:register("skip", nil)
print("caps_ns: nil registers nothing " .. tostring(ns:query("skip")()))
ns:register("tbl", { a = log })
print("caps_ns: table without fab registers nothing " .. tostring(ns:query("tbl")()))
ns:r("tbl", { a = log }, function(t) return ld:create_namespace(t) end)
local sub = L4.cast("L4Re::Namespace", ns:query("tbl"))
print("caps_ns: table with fab " .. tostring(sub ~= nil) .. ", inside " ..
	tostring(sub:query("a")() ~= nil))
ns:__register("log", nil)
print("caps_ns: unlinked " .. tostring(ns:query("log")()))
ns:__register("log", nil)
print("caps_ns: unlinked again, no error")

-- A placeholder: the script's lookup waits until the server registers 'echo'.
ns:register("echo", "pending")
local server = ld:start({ caps = { ns = ns:m("rw") }, log = "ns-server" }, "rom/ns_server")
print("caps_ns: placeholder filled " .. tostring(ns:query("echo")() ~= nil))
server:kill()
-- A program's query of a placeholder is answered -L4_EAGAIN (ns_client gives up on it).
local pend = ld:create_namespace()
pend:register("echo", "pending")
local client = ld:start({ caps = { ns = pend:m("r") }, log = "ns-client" }, "rom/ns_client")
print("caps_ns: a program's query of a placeholder ended " .. client:wait())

try("register a number", function() ns:register("x", 5) end)
try("register a boolean", function() ns:register("x", true) end)
try("register a/b", function() ns:register("a/b", log) end)
-- ned's own calls use what its slot holds: a namespace read-only in ned's slot refuses
ns:register("ro", ld:create_namespace():m("r"))
try("register read-only", function() ns:query("ro")():register("x", log) end)
try("query no name", function() return ns:query() end)
try("query bad rights", function() return ns:query("x", "rq") end)
try("register no key", function() ns:register(nil, log) end)
print("caps_ns: done")
