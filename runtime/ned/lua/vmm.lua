-- SPDX-License-Identifier: BSD-2-Clause
-- ned's vmm module: start a virtual machine as a program, with the keys of
-- L4Re's vmm.lua (docs/lua-api.md, "The vmm module"). Every bad argument is
-- an error that names the script line (error level 2); nothing is started
-- then. The VMM is rom/vmm (vmm/README.md): bare-metal ELF guests, or an
-- arm64 Linux Image with rd and bootargs; fdt (a DTB of one's own) is refused
-- until the VMM takes one.
local L4 = require("L4")

local M = {}

local MAX_CPUS = 4
local VMM_OVERHEAD_MIB = 16 -- the VMM's own heap, stacks and page tables

local keys = {
	id = "number", mem = "number", mem_align = "number", ram_base = "number",
	cpus = "number", kernel = "string", rd = "string", fdt = "string",
	bootargs = "string", prio = "number", ext_args = "table", ext_caps = "table",
	log = "any", fault = "string",
}

local this_file = debug.getinfo(1, "S").source

-- An error at the script line that called into this module.
local function fail(msg)
	local level = 2
	while debug.getinfo(level, "S") and debug.getinfo(level, "S").source == this_file do
		level = level + 1
	end
	error("vmm.start_vm: " .. msg, level)
end

-- The first bytes of a rom file, or nil and why.
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

function M.start_vm(opts)
	if type(opts) ~= "table" then
		fail("takes a table of keys")
	end
	for k, v in pairs(opts) do
		local want = keys[k]
		if not want then
			fail("unknown key '" .. tostring(k) .. "'")
		end
		if want ~= "any" and type(v) ~= want then
			fail(k .. " must be a " .. want .. ", not a " .. type(v))
		end
	end
	local kernel = opts.kernel or fail("no kernel given (kernel = \"rom/...\")")
	local data, size = head(kernel, 64)
	if not data then
		fail("cannot open kernel " .. kernel .. ": " .. tostring(size))
	end
	local kind = kernel_kind(data)
	if not kind then
		fail(kernel .. " is neither an AArch64 ELF executable nor an arm64 Image")
	end
	if opts.fdt then
		fail("fdt: the VMM builds the device tree itself; a DTB of one's own is not supported yet")
	end
	if kind == "elf" and (opts.rd or opts.bootargs) then
		fail("rd and bootargs are for a Linux kernel, not for the ELF guest " .. kernel)
	end
	local rd_size = 0
	if opts.rd then
		local rd_head, sz = head(opts.rd, 1)
		if not rd_head then
			fail("cannot open rd " .. opts.rd .. ": " .. tostring(sz))
		end
		rd_size = sz
	end
	local cpus = int_key(opts, "cpus", 1, MAX_CPUS) or 1
	local mem = int_key(opts, "mem", 1, 4096) or 16
	-- Linux also needs room to run: its Image's own size is only a start.
	local need = size + rd_size + (kind == "image" and 32 * 1024 * 1024 or 0)
	if need > mem * 1024 * 1024 then
		fail(string.format("%d MiB of RAM cannot hold %s%s", mem, kernel,
			opts.rd and (" and " .. opts.rd) or ""))
	end
	int_key(opts, "id", 0, 1 << 30)
	int_key(opts, "prio", 0, 255)
	local base = int_key(opts, "ram_base", 0x40000000, (1 << 40) - 1)
	if opts.mem_align then
		fail("mem_align: the VMM aligns guest RAM itself (64 KiB chunks)")
	end
	if opts.fault and opts.fault ~= "ignore" and opts.fault ~= "halt" and opts.fault ~= "inject" then
		fail("fault must be \"ignore\", \"halt\" or \"inject\"")
	end

	local argv = { "rom/vmm", "-k", kernel, "--cpus", tostring(cpus), "--mem", tostring(mem) }
	if base then
		argv[#argv + 1] = "-b"
		argv[#argv + 1] = string.format("0x%x", base)
	end
	if opts.fault then
		argv[#argv + 1] = "-f"
		argv[#argv + 1] = opts.fault
	end
	if opts.rd then
		argv[#argv + 1] = "-r"
		argv[#argv + 1] = opts.rd
	end
	if opts.bootargs then
		argv[#argv + 1] = "-c"
		argv[#argv + 1] = opts.bootargs
	end
	for i, a in ipairs(opts.ext_args or {}) do
		argv[#argv + 1] = tostring(a)
	end
	if #argv > 16 then
		fail("too many arguments for the VMM (" .. #argv .. ", at most 16)")
	end
	local env = {
		log = opts.log or { "vm" .. (opts.id or "") },
		caps = opts.ext_caps,
		-- Guest RAM is a dataspace of the VMM's own allocator: its quota covers it.
		mem = (mem + VMM_OVERHEAD_MIB) * 1024 * 1024,
	}
	return L4.default_loader:startv(env, table.unpack(argv))
end

return M
