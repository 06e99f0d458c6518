-- SPDX-License-Identifier: BSD-2-Clause
-- vmm.start_vm's keys (docs/lua-api.md, "The vmm module"): each is checked
-- and turned into the VMM's command line, capabilities and quota. Decode
-- first: every bad key is an error naming the script line, before anything
-- is made. The VMM is rom/vmm (vmm/README.md): bare-metal ELF guests, or an
-- arm64 Linux Image with rd, bootargs and optionally a DTB of one's own (fdt).
local L4 = require("L4")
local W = require("vmm_where")
W.own(debug.getinfo(1, "S").source)

local K = {}

local MAX_CPUS = 4
local MIB = 1024 * 1024
local MEM_MAX_MIB = 4096
local VMM_OVERHEAD_MIB = 16 -- the VMM's own heap, stacks and page tables
local LINUX_ROOM = 32 * MIB -- Linux needs room to run beyond its Image and initrd
local FDT_MAX = 2 * MIB     -- booting.rst: a DTB is at most 2 MiB
local ALIGN_MIN, ALIGN_MAX = 1 << 16, 1 << 30 -- the VMM maps RAM in 64 KiB chunks
local MAX_ARGS = 16         -- the loader's limit for program name and arguments

-- uvmm's keys and the type each takes here ("any": checked on its own).
local keys = {
	id = "number", mem = "any", mem_align = "number", ram_base = "number",
	cpus = "number", kernel = "string", rd = "string", fdt = "any",
	bootargs = "string", prio = "number", ext_args = "table", ext_caps = "table",
	log = "any", fault = "string", scheduler = "any",
	net = "any", vbus = "any", jdb = "any", mon = "any",
}

-- uvmm's keys for servers Tern does not have yet: set, they are an error.
local missing = {
	net = "Tern's VMM has no virtio net device yet (and Tern no virtio switch)",
	vbus = "Tern has no io server (rom/io) and its VMM no vbus yet",
	jdb = "Tern has no kernel debugger (jdb)",
}

local cap_mt = getmetatable(L4.Env.log)

local function fail(msg)
	W.fail("vmm.start_vm", msg)
end

-- The first bytes of a rom file and its size, or nil and why.
local function head(name, n)
	local f, why = io.open(name, "rb")
	if not f then
		return nil, why
	end
	local data = f:read(n) or ""
	local size = f:seek("end")
	f:close()
	return data, size
end

-- "elf" or "image" for an AArch64 ELF executable or an arm64 Linux Image.
local function kernel_kind(data)
	if #data >= 20 and data:sub(1, 4) == "\127ELF" and data:byte(5) == 2 and
		data:byte(19) == 0xb7 and data:byte(20) == 0 then
		return "elf"
	end
	if #data >= 64 and data:sub(57, 60) == "ARM\x64" then
		return "image"
	end
	return nil
end

local function int_key(opts, k, lo, hi)
	local v = opts[k]
	if v == nil then
		return nil
	end
	if math.type(v) ~= "integer" then
		fail(k .. " must be an integer, not " .. tostring(v))
	end
	if v < lo or v > hi then
		fail(string.format("%s = %d is out of range %d..%d", k, v, lo, hi))
	end
	return v
end

-- Types, and the keys whose server Tern lacks (net, vbus, jdb, mon).
local function check_types(opts)
	for k, v in pairs(opts) do
		local want = keys[k]
		if not want then
			fail("unknown key '" .. tostring(k) .. "'")
		end
		if want ~= "any" and type(v) ~= want then
			fail(k .. " must be a " .. want .. ", not a " .. type(v))
		end
		if missing[k] and v ~= false then
			fail(k .. ": " .. missing[k])
		end
	end
	local mon = opts.mon
	if mon ~= nil and mon ~= false then
		if type(mon) == "string" then
			fail("mon: Tern's VMM has no monitor interface yet (for rom/" .. mon .. ")")
		end
		fail("mon: Tern's VMM has no monitor console yet (mon = false, or leave it out)")
	end
	if opts.scheduler ~= nil and getmetatable(opts.scheduler) ~= cap_mt then
		fail("scheduler must be a capability (vmm.new_sched(...)), not a " ..
			type(opts.scheduler))
	end
end

-- One DTB: fdt is a file name, or as uvmm's a list of them (a base and its
-- overlays, which Tern's VMM does not take yet).
local function fdt_of(opts)
	local f = opts.fdt
	if f == nil or type(f) == "string" then
		return f
	end
	if type(f) ~= "table" then
		fail("fdt must be a string or a list of strings, not a " .. type(f))
	end
	if #f ~= 1 or type(f[1]) ~= "string" then
		fail(string.format("fdt: Tern's VMM takes one device tree (a list of one string), " ..
			"not %d entries: overlays are not there yet", #f))
	end
	return f[1]
end

-- uvmm's mem: a number of MiB, also given as a string of digits (with a warning).
local function mem_number(opts)
	local m = opts.mem
	if type(m) == "string" then
		local n = math.tointeger(tonumber(m))
		if not n then
			fail("mem must be a number (MiB) or a dataspace capability, not a string")
		end
		W.warn("vmm.start_vm", "mem = '" .. m .. "' is a string, give a number")
		return n
	end
	return m
end

-- Guest RAM: mem in MiB (the VMM allocates it), or a dataspace (the VMM's
-- 'ram' capability, its size the RAM size). Returns bytes and the dataspace.
local function ram_of(opts)
	local m = mem_number(opts)
	if m == nil or math.type(m) == "integer" then
		return (int_key({ mem = m }, "mem", 1, MEM_MAX_MIB) or 16) * MIB, nil
	end
	if getmetatable(m) ~= cap_mt then
		fail("mem must be a number (MiB) or a dataspace capability, not " ..
			(type(m) == "number" and tostring(m) or "a " .. type(m)))
	end
	local ok, size = pcall(m.size, m)
	if not ok then
		fail("mem must be a number (MiB) or a dataspace capability: " .. tostring(m) ..
			" is no dataspace")
	end
	if size % ALIGN_MIN ~= 0 or size > MEM_MAX_MIB * MIB then
		fail(string.format("mem: a dataspace of %d bytes; guest RAM must be a multiple " ..
			"of 64 KiB, at most %d MiB", size, MEM_MAX_MIB))
	end
	return size, m
end

-- mem_align: bytes, a power of two; or, as uvmm's vmm.lua takes it, its log2 (21 = 2 MiB).
local function align_of(opts)
	local a = opts.mem_align
	if a == nil then
		return nil
	end
	if math.type(a) ~= "integer" then
		fail("mem_align must be an integer, not " .. tostring(a))
	end
	local bytes = (a >= 0 and a < 64) and (1 << a) or a
	if bytes < ALIGN_MIN or bytes > ALIGN_MAX or bytes & (bytes - 1) ~= 0 then
		fail(string.format("mem_align = %d: a power of two from 64 KiB to 1 GiB (bytes), " ..
			"or its log2 16..30", a))
	end
	return bytes
end

-- A DTB of one's own: a whole flattened device tree (the VMM checks its inside).
local function check_fdt(name, kind, kernel)
	if kind ~= "image" then
		fail("fdt is for a Linux kernel, not for the ELF guest " .. kernel)
	end
	local data, size = head(name, 8)
	if not data then
		fail("cannot open fdt " .. name .. ": " .. tostring(size))
	end
	if #data < 8 or data:sub(1, 4) ~= "\xd0\x0d\xfe\xed" then
		fail(name .. " is not a device tree (no magic 0xd00dfeed)")
	end
	local total = string.unpack(">I4", data, 5)
	if total > size then
		fail(string.format("%s is truncated: its header says %d bytes, it has %d", name,
			total, size))
	end
	if total > FDT_MAX then
		fail(string.format("%s has %d bytes: a device tree may have at most 2 MiB", name,
			total))
	end
end

-- The guest's files: kernel kind and size, the initrd's size, the DTB.
local function check_guest(opts, fdt)
	local kernel = opts.kernel or fail("no kernel given (kernel = \"rom/...\")")
	local data, size = head(kernel, 64)
	if not data then
		fail("cannot open kernel " .. kernel .. ": " .. tostring(size))
	end
	local kind = kernel_kind(data)
	if not kind then
		fail(kernel .. " is neither an AArch64 ELF executable nor an arm64 Image")
	end
	if kind == "elf" and (opts.rd or opts.bootargs) then
		fail("rd and bootargs are for a Linux kernel, not for the ELF guest " .. kernel)
	end
	if fdt then
		check_fdt(fdt, kind, kernel)
	end
	local rd_size = 0
	if opts.rd then
		local rd_head, sz = head(opts.rd, 1)
		if not rd_head then
			fail("cannot open rd " .. opts.rd .. ": " .. tostring(sz))
		end
		rd_size = sz
	end
	return size + rd_size + (kind == "image" and LINUX_ROOM or 0)
end

--[[
Checks start_vm's keys; returns what to start: { argv = { "rom/vmm", ... },
env = { log, caps, mem } (the loader's env, without a scheduler), prio = the
VMM's priority or nil }. Raises an error at the script's line for a bad key.
]]
function K.decode(opts)
	if type(opts) ~= "table" then
		fail("takes a table of keys")
	end
	check_types(opts)
	local fdt = fdt_of(opts)
	local need = check_guest(opts, fdt)
	local cpus = int_key(opts, "cpus", 1, MAX_CPUS) or 1
	local ram, ram_ds = ram_of(opts)
	if need > ram then
		fail(string.format("%d MiB of RAM cannot hold %s%s", ram // MIB, opts.kernel,
			opts.rd and (" and " .. opts.rd) or ""))
	end
	int_key(opts, "id", 0, 1 << 30)
	local prio = int_key(opts, "prio", 1, 255)
	local base = int_key(opts, "ram_base", 0x40000000, (1 << 40) - 1)
	local align = align_of(opts)
	if opts.fault and opts.fault ~= "ignore" and opts.fault ~= "halt" and opts.fault ~= "inject" then
		fail("fault must be \"ignore\", \"halt\" or \"inject\"")
	end

	-- One word per key (--opt=value): the loader takes at most 16.
	local argv = { "rom/vmm", "--kernel=" .. opts.kernel, "--cpus=" .. cpus }
	local function arg(a)
		argv[#argv + 1] = a
	end
	if not ram_ds then
		arg("--mem=" .. ram // MIB)
	end
	if align then
		arg("--mem-align=" .. align)
	end
	if base then
		arg(string.format("--rambase=0x%x", base))
	end
	if opts.fault then
		arg("--fault-mode=" .. opts.fault)
	end
	if opts.rd then
		arg("--initrd=" .. opts.rd)
	end
	if fdt then
		arg("--dtb=" .. fdt)
	end
	if opts.bootargs then
		arg("--cmdline=" .. opts.bootargs)
	end
	for _, a in ipairs(opts.ext_args or {}) do
		arg(tostring(a))
	end
	if #argv > MAX_ARGS then
		fail("too many arguments for the VMM (" .. #argv .. ", at most " .. MAX_ARGS .. ")")
	end

	local caps = {}
	for k, v in pairs(opts.ext_caps or {}) do
		caps[k] = v
	end
	if caps.ram then
		fail("ext_caps.ram: give guest RAM as mem = a dataspace")
	end
	caps.ram = ram_ds
	local env = {
		log = opts.log or { "vm" .. (opts.id or "") },
		caps = caps,
		-- The VMM's quota: its own allocations, and RAM when it allocates it.
		-- Also with a dataspace: moe sizes the VMM's kernel factory from the
		-- quota, and mapping guest RAM (twice) costs kernel memory.
		mem = ram + VMM_OVERHEAD_MIB * MIB,
	}
	return { argv = argv, env = env, prio = prio }
end

return K
