-- SPDX-License-Identifier: BSD-2-Clause
-- moe's per-program limits and the loader capability (scenario moe_limits):
-- a program registering names until ENOMEM while another is served; its
-- names freed when it ends (the next one gets as many); a program without
-- the loader refused; one handed the loader may start children within its
-- own quota, not beyond it, and reaches only their handles.
local L4 = require("L4")
local ld = L4.default_loader

local hog = ld:start({ log = { "names" } }, "rom/limits names")
local other = ld:start({ log = { "serve" } }, "rom/limits serve 20")
print("moe_limits: names ended with " .. hog:wait() .. ", serve with " .. other:wait())
local again = ld:start({ log = { "again" } }, "rom/limits names")
print("moe_limits: again ended with " .. again:wait())

print("moe_limits: noloader ended with " ..
	ld:start({ log = { "noloader" } }, "rom/limits noloader"):wait())

local caps = { loader = L4.Env.loader }
local big = ld:start({ log = { "big" }, caps = caps, mem = 4 * 1024 * 1024 },
	"rom/limits child 8388608")
print("moe_limits: a child asking for more than its quota ended with " .. big:wait())
local small = ld:start({ log = { "small" }, caps = caps, mem = 4 * 1024 * 1024 },
	"rom/limits child 1048576")
print("moe_limits: a child asking for less ended with " .. small:wait())
