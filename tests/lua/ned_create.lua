-- SPDX-License-Identifier: BSD-2-Clause
-- f:create(proto, ...) as L4Re's ned: L4Re's protocol numbers (written out:
-- L4.Proto may still be Tern's), number, string and nil arguments, the
-- argument errors, protocols Tern cannot make, and refusals raised as
-- L4Re raises them: a table { msg = "file:line: ...", code = -L4_E* }.
local L4 = require("L4")
local uf, kf = L4.Env.user_factory, L4.Env.factory
local Log, Dataspace, Namespace, Semaphore = -13, 0x4000, 0x4001, -20
local Irq_sender, Ipc_gate, Factory, Irq = -18, 0, -15, -1

local function try(what, f, ...)
	local args = table.pack(...)
	local ok, r = pcall(function() return f:create(table.unpack(args, 1, args.n)) end)
	if ok then
		print("ned_create: " .. what .. ": made " .. tostring(r:is_valid()))
	elseif type(r) == "table" then
		print("ned_create: " .. what .. ": code " .. r.code .. ", " .. tostring(r))
	else
		print("ned_create: " .. what .. ": " .. tostring(r))
	end
end

try("log, strings", uf, Log, "str", "y", "key=s", "hide")
try("log, number colour", uf, Log, "num", 9)
try("log, nil colour", uf, Log, "nil", nil)
try("dataspace, nil flags", uf, Dataspace, 4096, nil, nil)
try("dataspace, size as a numeric string", uf, Dataspace, "8192")
try("namespace", uf, Namespace)
try("kernel irq sender", kf, Irq_sender)
try("kernel irq (older number)", kf, Irq)
try("kernel ipc gate", kf, Ipc_gate)
try("kernel factory", kf, Factory, 65536)

try("a boolean", uf, Log, true)
try("a table", uf, Dataspace, {})
try("a fraction", uf, Dataspace, 1.5)
try("dataspace, size a word", uf, Dataspace, "big")
try("namespace with an argument", uf, Namespace, 1)
try("log without tag", uf, Log)
try("log, bad colour", uf, Log, "x", "purple")
try("log, unknown flag", uf, Log, "x", "r", "loud")
try("kernel, a string", kf, Factory, "big")
try("semaphore", uf, Semaphore)
try("kernel semaphore", kf, Semaphore)
try("kernel dataspace", kf, Dataspace, 4096)
try("unknown protocol", uf, 0x7777)
try("too long", uf, Log, string.rep("x", 2000))

local ok, err = pcall(function() return uf:create(Dataspace, 1 << 40) end)
print("ned_create: error value: " .. type(err) .. ", code " .. err.code .. ", msg " .. err.msg)
print("ned_create: done")
