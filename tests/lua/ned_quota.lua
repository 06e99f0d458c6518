-- SPDX-License-Identifier: BSD-2-Clause
-- A program that exhausts its memory quota is stopped with a report; the
-- others go on.
local L4 = require("L4")
local ld = L4.default_loader

local hog = ld:start({ log = { "hog" }, mem = 3 * 1024 * 1024 }, "rom/hog")
print("ned_quota: hog ended with " .. hog:wait())
local ok = ld:start({ log = { "after" } }, "rom/hello still running")
print("ned_quota: the next program ended with " .. ok:wait())
