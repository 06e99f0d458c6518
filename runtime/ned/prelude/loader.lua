-- SPDX-License-Identifier: BSD-2-Clause
-- ned's loader as L4Re's (docs/lua-api.md, "Loader and programs: as L4Re"):
-- L4.Loader, L4.App_env and L4.default_loader in Lua over loader.c's
-- primitives (prim.exec starts a program, prim.is_cap, prim.same).
-- Built into ned (prelude.S); errors name the script's line, never this file's.
local L4, prim = ...
local string, table = string, table
local getinfo = debug.getinfo
local error, pcall, type, pairs, select, tostring = error, pcall, type, pairs, select, tostring
local rawget = rawget
local setmetatable, getmetatable, math = setmetatable, getmetatable, math
local SELF = "=[ned loader]"

-- "file:line: " of the first Lua frame outside this file: the script's call.
local function where()
	for level = 2, 100 do
		local info = getinfo(level, "Sl")
		if not info then
			break
		end
		if info.source ~= SELF and info.currentline > 0 then
			return info.short_src .. ":" .. info.currentline .. ": "
		end
	end
	return ""
end

local function fail(fmt, ...)
	error(where() .. string.format(fmt, ...), 0)
end

-- f(...), its error reported at the script's line (a C function under pcall
-- has no position; an error from the script's own function keeps its own).
local function call(f, ...)
	local r = table.pack(pcall(f, ...))
	if r[1] then
		return table.unpack(r, 2, r.n)
	end
	local msg = r[2]
	if type(msg) == "string" then
		msg = msg:gsub("^%[ned loader%]:%d+: ", "")
		if not msg:match("^[^%s:]+:%d+: ") then
			msg = where() .. msg
		end
	end
	error(msg, 0)
end

local function is_cap(v)
	return prim.is_cap(v)
end

-- The same object as ned's own (capability) value d, such as L4.Env.mem_alloc.
local function same(v, d)
	return is_cap(v) and is_cap(d) and prim.same(v, d)
end

local function can_create(f)
	return is_cap(f) or (type(f) == "table" and type(f.create) == "function")
end

---- Loader ------------------------------------------------------------------------------

local Loader = {}
Loader.__index = Loader

local function check_self(obj, class, what)
	if getmetatable(obj) ~= class then
		fail("%s: call it as a method (x:%s(...)), not with a %s first", what, what, type(obj))
	end
end

local LOADER_FIELDS = { mem = true, factory = true, loader = true, log_fab = true,
	ns_fab = true, rm_fab = true, sched_fab = true }

-- Loader.new{ mem=, factory=, log_fab=, ns_fab=, rm_fab=, sched_fab= } (as L4Re).
function Loader.new(proto)
	if proto ~= nil and type(proto) ~= "table" then
		fail("Loader.new: expects a table of fields, not a %s", type(proto))
	end
	local f = proto or {}
	for k, v in pairs(f) do
		if not LOADER_FIELDS[k] then
			fail("Loader.new: unknown field %s (mem, factory, loader, log_fab, ns_fab, " ..
				"rm_fab, sched_fab)", tostring(k))
		end
		if not can_create(v) then
			fail("Loader.new: %s must be a capability (or a table with a create method), " ..
				"not a %s", k, type(v))
		end
	end
	local lfab = f.loader or f.mem
	f.log_fab = f.log_fab or lfab
	f.ns_fab = f.ns_fab or lfab
	f.rm_fab = f.rm_fab or lfab
	f.sched_fab = f.sched_fab or lfab
	f.factory = f.factory or L4.Env.factory
	return setmetatable(f, Loader)
end

-- Loader.split_args("rom/prog a b", posix_env): "rom/prog", "a", "b", posix_env.
function Loader.split_args(cmd, posix_env)
	if type(cmd) ~= "string" then
		fail("split_args: the command must be a string, not a %s", type(cmd))
	end
	local a = {}
	for w in cmd:gmatch("%S+") do
		a[#a + 1] = w
	end
	local n = #a
	if posix_env ~= nil then
		n = n + 1
		a[n] = posix_env
	end
	return table.unpack(a, 1, n)
end

-- As L4Re's, also called as Loader.fill_namespace(ns, tmpl, fab).
function Loader:fill_namespace(ns, tmpl, fab, depth)
	if getmetatable(self) ~= Loader then
		return Loader.fill_namespace(L4.default_loader, self, ns, tmpl)
	end
	depth = depth or 1
	if depth > 8 then
		fail("namespace tables nested too deeply (or a loop)")
	end
	if type(tmpl) ~= "table" then
		fail("fill_namespace: the template must be a table, not a %s", type(tmpl))
	end
	for k, v in pairs(tmpl) do
		if type(k) ~= "string" then
			fail("namespace entries need string names (a key is a %s)", type(k))
		end
		if type(v) == "table" and getmetatable(v) == nil then
			-- A sub-namespace of its own, read-only for those who find it (as before).
			local sub = self:create_namespace(v, fab, depth + 1)
			v = call(sub.m, sub, L4.Rights.ro or L4.Rights.R)
		end
		call(ns.register, ns, k, v)
	end
	return ns
end

-- ld:create_namespace(tmpl, fab): a namespace made by fab (or ns_fab), filled from tmpl.
function Loader:create_namespace(tmpl, fab, depth)
	check_self(self, Loader, "create_namespace")
	if tmpl == nil then
		tmpl = {}
	end
	if type(tmpl) ~= "table" then
		return tmpl
	end
	local ns_fab = fab or self.ns_fab
	if not can_create(ns_fab) then
		fail("create_namespace: no namespace factory (ns_fab is a %s)", type(ns_fab))
	end
	local ns = call(ns_fab.create, ns_fab, L4.Proto.Namespace)
	self:fill_namespace(ns, tmpl, ns_fab, depth)
	return ns
end

-- ld:new_channel(): an IPC gate made by the loader's kernel factory.
function Loader:new_channel()
	check_self(self, Loader, "new_channel")
	if not is_cap(self.factory) then
		fail("new_channel: the loader's factory is a %s, not a capability", type(self.factory))
	end
	return call(self.factory.create, self.factory, L4.Proto.Ipc_gate) -- as L4Re's
end

local function whole(v, lo, hi)
	return math.type(v) == "integer" and v >= lo and v <= hi
end

---- Cpu_set -----------------------------------------------------------------------------

-- A CPU set as the kernel's scheduler takes one (l4_sched_cpu_set: a bit map whose bit i
-- stands for the 2^granularity CPUs from offset + i * 2^granularity).
local Cpu_set = {}
Cpu_set.__index = Cpu_set

function Cpu_set.new(map, offset, granularity)
	offset, granularity = offset or 0, granularity or 0
	if math.type(map) ~= "integer" then
		fail("Cpu_set.new: the map must be an integer bit map, not %s", tostring(map))
	end
	if not whole(granularity, 0, 63) then
		fail("Cpu_set.new: granularity must be 0..63, not %s", tostring(granularity))
	end
	if not whole(offset, 0, 0xffffff) or offset % (1 << granularity) ~= 0 then
		fail("Cpu_set.new: offset must be a multiple of 2^granularity in 0..0xffffff, not %s",
			tostring(offset))
	end
	return setmetatable({ map = map, offset = offset, granularity = granularity }, Cpu_set)
end

function Cpu_set:contains(cpu)
	if math.type(cpu) ~= "integer" or cpu < self.offset then
		return false
	end
	local bit = (cpu - self.offset) >> self.granularity
	return bit < 64 and (self.map >> bit) & 1 == 1
end

-- The set as a plain bit map of CPUs 0..63 (the form uvmm's scripts and moe take).
function Cpu_set:mask()
	local m = 0
	for cpu = 0, 63 do
		if self:contains(cpu) then
			m = m | (1 << cpu)
		end
	end
	return m
end

Cpu_set.__tostring = function(self)
	return string.format("L4.Cpu_set(0x%x, offset %d, granularity %d)", self.map, self.offset,
		self.granularity)
end

-- ld:create_sched_proxy{ prio = BASE, limit = LIMIT, cpus = SET }: a scheduler from
-- sched_fab that runs a thread asking for p at min(p + prio, limit), on cpus.
function Loader:create_sched_proxy(t)
	check_self(self, Loader, "create_sched_proxy")
	if type(t) ~= "table" then
		fail("create_sched_proxy: expects { prio = , limit = , cpus = }, not a %s", type(t))
	end
	for k in pairs(t) do
		if k ~= "prio" and k ~= "limit" and k ~= "cpus" then
			fail("create_sched_proxy: unknown key %s (prio, limit, cpus)", tostring(k))
		end
	end
	local base = t.prio or 0
	local limit = t.limit or base
	if not whole(base, 0, 255) then
		fail("create_sched_proxy: prio must be a whole number 0..255, not %s", tostring(base))
	end
	if not whole(limit, base, 255) then
		fail("create_sched_proxy: limit must be a whole number %d..255, not %s", base,
			tostring(limit))
	end
	local cpus, has0 = t.cpus, true
	if getmetatable(cpus) == Cpu_set then
		has0 = cpus:contains(0)
	elseif type(cpus) == "table" then
		has0 = false
		for _, c in pairs(cpus) do
			if math.type(c) ~= "integer" or c < 0 then
				fail("create_sched_proxy: cpus holds CPU numbers, not %s", tostring(c))
			end
			has0 = has0 or c == 0
		end
	elseif math.type(cpus) == "integer" then
		has0 = cpus & 1 == 1
	elseif cpus ~= nil then
		fail("create_sched_proxy: cpus must be a bit mask, an L4.Cpu_set or a list of CPU " ..
			"numbers, not a %s",
			type(cpus))
	end
	if not has0 then
		fail("create_sched_proxy: the cpu set leaves out CPU 0, Tern's only CPU")
	end
	if not can_create(self.sched_fab) then
		fail("create_sched_proxy: no scheduler factory (sched_fab is a %s)", type(self.sched_fab))
	end
	return call(self.sched_fab.create, self.sched_fab, L4.Proto.Scheduler, limit, base)
end

---- App_env -----------------------------------------------------------------------------

local App_env = {}
App_env.__index = App_env

-- The keys of a start's env: L4Re's and Tern's (docs/lua-api.md).
local ENV_KEYS = {
	caps = true, log = true, mem = true, factory = true, scheduler = true, loader = true,
	rm_fab = true, log_fab = true, ns_fab = true, ns = true, log_args = true,
	l4re_dbg = true, ldr_flags = true, l4re_loader = true, exit_handler = true,
}

function App_env.new(proto)
	if proto ~= nil and type(proto) ~= "table" then
		fail("App_env.new: expects a table, not a %s", type(proto))
	end
	local f = proto or {}
	f.loader = f.loader or L4.default_loader
	if getmetatable(f.loader) ~= Loader then
		fail("App_env.new: loader must be a loader (L4.Loader.new{...}), not a %s",
			type(f.loader))
	end
	f.rm_fab = f.rm_fab or f.loader.rm_fab
	f.factory = f.factory or f.loader.factory or L4.Env.factory
	f.mem = f.mem or f.loader.mem
	if type(f.log) == "table" then
		f.log_args, f.log = f.log, nil
	elseif type(f.log) == "string" then -- Tern: a tag alone
		f.log_args, f.log = { f.log }, nil
	elseif type(f.log) == "function" then
		f.log, f.log_args = f.log(), {}
	else
		f.log_args = f.log_args or {}
	end
	setmetatable(f, App_env)
	if type(f.ns) == "table" then
		f.ns = f.loader:create_namespace(f.ns, f.ns_fab)
	end
	return f
end

-- e:log(): a log made by the log factory, as L4Re's (log_args: tag, color).
function App_env:log()
	check_self(self, App_env, "log")
	local fab = self.log_fab or self.loader.log_fab
	if not can_create(fab) then
		fail("start: the loader has no log factory that can make a log (log_fab is a %s)",
			type(fab))
	end
	return call(fab.create, fab, L4.Proto.Log, table.unpack(self.log_args))
end

function App_env:set_ns(tmpl)
	check_self(self, App_env, "set_ns")
	self.ns = self.loader:create_namespace(tmpl, self.ns_fab)
end

function App_env:set_loader_fab(fab)
	check_self(self, App_env, "set_loader_fab")
	self.log_fab, self.ns_fab, self.rm_fab = fab, fab, fab
end

function App_env:set_mem_alloc(mem)
	check_self(self, App_env, "set_mem_alloc")
	self.mem = mem
end

-- The env's keys: L4Re's that Tern cannot honour are errors, unknown ones too.
local function check_env(e)
	for k, v in pairs(e) do
		if not ENV_KEYS[k] then
			fail("start: unknown env key %s (caps, log, mem, factory, scheduler, " ..
				"exit_handler, rm_fab, l4re_dbg, ldr_flags, l4re_loader, ...)", tostring(k))
		end
	end
	if e.ldr_flags ~= nil and e.ldr_flags ~= 0 then
		fail("start: env.ldr_flags: Tern's moe has no loader flags (eager_map, " ..
			"all_segs_cow, pinned_segs); leave it out or 0")
	end
	if e.l4re_loader ~= nil then
		fail("start: env.l4re_loader: Tern's moe loads programs itself (no rom/l4re)")
	end
	if e.l4re_dbg ~= nil and math.type(e.l4re_dbg) ~= "integer" then
		fail("start: env.l4re_dbg must be a whole number (L4.Dbg flags), not a %s",
			type(e.l4re_dbg))
	end
	if e.exit_handler ~= nil and type(e.exit_handler) ~= "function" then
		fail("start: env.exit_handler must be a function (handle, code), not a %s",
			type(e.exit_handler))
	end
	if e.rm_fab ~= nil and not same(e.rm_fab, L4.Env.mem_alloc) and not same(e.rm_fab, e.mem) then
		fail("start: rm_fab: Tern's moe makes every program's region map itself; only " ..
			"moe's allocator (the default) is accepted")
	end
end

-- e:start(prog, args..., posix_env): the program; a trailing table is its environment.
function App_env:start(...)
	check_self(self, App_env, "start")
	return self:_exec("startv", ...)
end

function App_env:_exec(what, ...)
	check_env(self)
	local n = select("#", ...)
	local args, vars = { ... }, nil
	if n > 0 and type(args[n]) == "table" then
		vars, n = args[n], n - 1
	end
	local argv = {}
	for i = 1, n do
		local a = args[i]
		if type(a) == "number" then
			a = tostring(a)
		end
		if type(a) == "string" then
			argv[#argv + 1] = a
		elseif a ~= nil then
			fail("%s: argument %d is a %s, not a string", what, i, type(a))
		end
	end
	if #argv == 0 then
		fail("%s: no program named", what)
	end
	-- What moe is asked for: Tern's defaults (a program's own allocator and factory)
	-- unless the env or the loader names others.
	local req = { caps = self.caps, scheduler = self.scheduler }
	if type(self.caps) == "table" then
		-- As L4Re's: a function is called (with the caps table) for its value, a
		-- plain table becomes a namespace made by the loader, nil leaves the name out.
		req.caps = {}
		for k, v in pairs(self.caps) do
			while type(v) == "function" do
				v = call(v, self.caps)
			end
			if type(v) == "table" and getmetatable(v) == nil then
				v = self.loader:create_namespace(v)
			end
			req.caps[k] = v
		end
	end
	req.mem = not same(self.mem, L4.Env.mem_alloc) and self.mem or nil
	req.factory = not same(self.factory, L4.Env.factory) and self.factory or nil
	-- A tag, { tag, color, flags... } or a log capability (log_env.c checks it).
	local log = rawget(self, "log") -- self.log alone finds the method App_env.log
	if log ~= nil then
		req.log = log
	else
		req.log = self.log_args
		local fab = self.log_fab or self.loader.log_fab
		if fab ~= nil and not same(fab, L4.Env.mem_alloc) then
			req.log = self:log()
		end
	end
	return call(prim.exec, what, req, vars, self.exit_handler, table.unpack(argv))
end

-- ld:startv(env, prog, args..., posix_env) and ld:start(env, "prog args", posix_env).
local function start_with(ld, what, env, ...)
	if type(env) ~= "table" then
		fail("%s: env must be a table, not a %s", what, type(env))
	end
	local e = {}
	for k, v in pairs(env) do
		e[k] = v
	end
	e.loader = ld
	return App_env.new(e):_exec(what, ...)
end

function Loader:startv(env, ...)
	check_self(self, Loader, "startv")
	return start_with(self, "startv", env, ...)
end

function Loader:start(env, cmd, posix_env)
	check_self(self, Loader, "start")
	if type(cmd) ~= "string" then
		fail("start: the command must be a string, not a %s", type(cmd))
	end
	if #cmd > 255 then
		fail("start: command line longer than 255 bytes (%d)", #cmd)
	end
	if posix_env ~= nil and type(posix_env) ~= "table" then
		fail("start: the environment variables must be a table { NAME = \"value\" }, not a %s",
			type(posix_env))
	end
	return start_with(self, "start", env, Loader.split_args(cmd, posix_env))
end

L4.Loader = Loader
L4.App_env = App_env
L4.Cpu_set = Cpu_set
Cpu_set.all = Cpu_set.new(-1)
L4.default_loader = Loader.new({ factory = L4.Env.factory, mem = L4.Env.mem_alloc })
