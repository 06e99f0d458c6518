-- SPDX-License-Identifier: BSD-2-Clause
-- Capability values as L4Re's ned has them: :m() sets rights (R always among
-- them) and without an argument gives them, n and c are kept, :svr() sets
-- L4Re's 0xef, L4Re's text form, L4.cast by class name and protocol (nil for
-- what it does not know), L4.Env's L4Re names; bad input names the line.
local L4 = require("L4")
local log = L4.Env.log

local function try(what, f, ...)
	local ok, err = pcall(f, ...)
	print("caps_rights: " .. what .. ": " .. (ok and "accepted " .. tostring(err) or tostring(err)))
end

print("caps_rights: log:m() " .. log:m())
print("caps_rights: m('w') " .. log:m("w"):m())
print("caps_rights: rights('rws') " .. log:rights("rws"):m())
print("caps_rights: mode(nil) " .. log:mode(nil))
print("caps_rights: m('rn') " .. tostring(log:m("rn")))
print("caps_rights: m('RC') " .. tostring(log:m("RC")) .. " m() " .. log:m("RC"):m())
print("caps_rights: m(L4.Rights.rw) " .. log:m(L4.Rights.rw):m())
print("caps_rights: m(0x30) " .. tostring(log:m(0x30)))
print("caps_rights: svr " .. tostring(log:svr()) .. " m() " .. log:svr():m())
print("caps_rights: full " .. tostring(log:full()))
print("caps_rights: m after svr " .. tostring(log:svr():m("rw")))
print("caps_rights: valid " .. tostring(log:is_valid()))
print("caps_rights: factory " .. tostring(L4.Env.factory))

-- As in L4Re, a new capability value carries R only (create_namespace, new_channel, :create).
local ns = L4.default_loader:create_namespace()
print("caps_rights: new values " .. L4.default_loader:new_channel():m() .. " " ..
	L4.Env.user_factory:create(L4.Proto.Dataspace, 4096):m())
print("caps_rights: cast name " .. tostring(L4.cast("L4Re::Namespace", ns)))
print("caps_rights: cast proto " .. tostring(L4.cast(L4.Proto.Factory, L4.Env.mem_alloc)))
print("caps_rights: cast gate " .. tostring(L4.cast("L4::Ipc_gate", ns:m("rw"))))
print("caps_rights: cast unknown name " .. tostring(L4.cast("L4::Nothing", ns)))
print("caps_rights: cast unknown proto " .. tostring(L4.cast(12345, ns)))
print("caps_rights: cast table " .. tostring(L4.cast({}, ns)))
print("caps_rights: cast keeps rights " .. L4.cast("L4::Vm", log:m("rws")):m())

-- n, c and svr bits do not upset a start: the kernel is given the four rights only
local h = L4.default_loader:start({ caps = { a = log:svr(), b = log:m("rnc") }, log = "nc" },
	"rom/true")
print("caps_rights: started with n/c/svr rights, ended " .. h:wait())

print("caps_rights: Env.parent " .. tostring(L4.Env.parent:is_valid()) .. " rm " ..
	tostring(L4.Env.rm:is_valid()) .. " rom " .. tostring(L4.Env.rom:is_valid()) ..
	" loader " .. tostring(L4.Env.loader:is_valid()))
print("caps_rights: Env.user_factory " .. tostring(L4.Env.user_factory))
print("caps_rights: Env.other " .. tostring(L4.Env.other))
try("Env.jdb", function() return L4.Env.jdb:is_valid() end)
try("Env.sigma0", function() return L4.Env.sigma0 end)
try("m('rx')", function() return log:m("rx") end)
try("m(-1)", function() return log:m(-1) end)
try("m({})", function() return log:m({}) end)
try("cast 3 args", function() return L4.cast("L4::Factory", log, 3) end)
try("cast a number", function() return L4.cast("L4::Factory", 5) end)
print("caps_rights: done")
