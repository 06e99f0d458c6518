-- SPDX-License-Identifier: BSD-2-Clause
-- A program's memory quota (env.mem): malloc beyond it returns NULL and the
-- program goes on; touching more of its .bss than the quota allows stops it
-- with a report; a child asking for more than ned's own quota is refused at
-- the start; the others go on either way.
local L4 = require("L4")
local ld = L4.default_loader

local hog = ld:start({ log = { "hog" }, mem = 3 * 1024 * 1024 }, "rom/hog")
print("ned_quota: malloc hog ended with " .. hog:wait())
local bss = ld:start({ log = { "bss" }, mem = 3 * 1024 * 1024 }, "rom/hog bss")
print("ned_quota: bss hog ended with " .. bss:wait())
local ok, err = pcall(ld.start, ld, { log = { "huge" }, mem = 2 * 1024 * 1024 * 1024 }, "rom/hello")
print("ned_quota: a quota beyond ned's: " .. tostring(err))
local after = ld:start({ log = { "after" } }, "rom/hello still running")
print("ned_quota: the next program ended with " .. after:wait())
