-- SPDX-License-Identifier: BSD-2-Clause
-- Errors and warnings of the vmm module that name the script line calling
-- into it: frames of the module's own files and of C functions (pcall) are
-- skipped, so "rom/x.lua:12: vmm.start_vm: ..." points at the caller's line.
local W = {}

local ours = {}

-- Count a file of the module (its debug source) as the module's own.
function W.own(source)
	ours[source] = true
end
W.own(debug.getinfo(1, "S").source)

-- The stack level, counted from this function's caller, of the first frame
-- that is the script's.
local function script_level()
	local level = 3
	while true do
		local info = debug.getinfo(level, "S")
		if not info or not (ours[info.source] or info.what == "C") then
			return level - 1
		end
		level = level + 1
	end
end

-- Raise "FN: MSG" at the script's line.
function W.fail(fn, msg)
	error(fn .. ": " .. msg, script_level())
end

-- Print "rom/x.lua:LINE: FN: warning: MSG" (the script goes on).
function W.warn(fn, msg)
	local info = debug.getinfo(script_level(), "Sl")
	local at = info and (info.short_src .. ":" .. info.currentline .. ": ") or ""
	print(at .. fn .. ": warning: " .. msg)
end

return W
