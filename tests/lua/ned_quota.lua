-- SPDX-License-Identifier: BSD-2-Clause
-- A program's memory quota (env.mem): malloc beyond it returns NULL and the
-- program goes on; touching more of its .bss than the quota allows stops it
-- with a report; the others go on either way.
local L4 = require("L4")
local ld = L4.default_loader

local hog = ld:start({ log = { "hog" }, mem = 3 * 1024 * 1024 }, "rom/hog")
print("ned_quota: malloc hog ended with " .. hog:wait())
local bss = ld:start({ log = { "bss" }, mem = 3 * 1024 * 1024 }, "rom/hog bss")
print("ned_quota: bss hog ended with " .. bss:wait())
local ok = ld:start({ log = { "after" } }, "rom/hello still running")
print("ned_quota: the next program ended with " .. ok:wait())
