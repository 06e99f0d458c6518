-- SPDX-License-Identifier: BSD-2-Clause
-- Before ned -i takes the console: a program that reads a line from it
-- (it gets the console back when the interactive mode ends).
local L4 = require("L4")
L4.default_loader:start({ log = "vcon" }, "rom/vcon_input 120")
L4.sleep(2) -- until it has bound its IRQ (it says "type a line"): then ned -i binds after it
