-- SPDX-License-Identifier: BSD-2-Clause
-- A dataspace made by one program and attached by another outlives its maker.
local L4 = require("L4")
local ld = L4.default_loader

local ns = ld:create_namespace()
local giver = ld:start({ log = "giver", caps = { ns = ns:m("rw") } }, "rom/ds_share give")
while not ns:query("shared")() do L4.msleep(10) end
local taker = ld:start({ log = "taker", caps = { ns = ns:m("r") } }, "rom/ds_share take")
L4.msleep(100)
giver:kill()
print("ned_share: giver ended with " .. giver:wait())
ns:register("gone", L4.Env.log)
print("ned_share: taker ended with " .. taker:wait())
