-- SPDX-License-Identifier: BSD-2-Clause
-- More programs than RAM: each touches all 7 MiB of its .bss (rom/hog bss).
-- moe reserves a program's whole image when it starts it, so the starts
-- beyond RAM are refused and every program that started ends with 0:
-- none is killed at a page fault for want of RAM.
local L4 = require("L4")

local ld = L4.default_loader
local handles, refused, why = {}, 0, ""
for i = 1, 60 do
	local ok, h = pcall(ld.start, ld, { log = { "bss" .. i }, mem = 16 * 1024 * 1024 }, "rom/hog bss")
	if ok then
		handles[#handles + 1] = h
	else
		refused = refused + 1
		why = tostring(h)
	end
end
print(string.format("moe_reserve: %d started, %d refused (%s)", #handles, refused, why))
-- Many more programs meanwhile, while hogs end: an ended program's handle
-- stays good until its starter has seen it ended (moe keeps its slot).
for _ = 1, 100 do
	ld:start({ log = { "t" } }, "rom/true"):wait()
end
local zero = 0
for _, h in ipairs(handles) do
	if h:wait() == 0 then
		zero = zero + 1
	end
end
print(string.format("moe_reserve: %d of %d ended with 0", zero, #handles))
local after = ld:start({ log = { "after" } }, "rom/hello")
print("moe_reserve: then hello ended with " .. after:wait())
