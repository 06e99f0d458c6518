-- SPDX-License-Identifier: BSD-2-Clause
-- A server that makes per-client objects through its factory: ned asks it
-- with svc:create(...) (waiting until the server answers) and gives each
-- client its own counter.
-- make run CONFIG=ned-configs/factory.lua
local L4 = require("L4")

local ld = L4.default_loader
local svc = ld:new_channel()
local server = ld:start({ caps = { svc = svc:svr() }, log = { "counter-server", "magenta" } },
                       "rom/counter_server")

local c1 = svc:create(0x5200, 100)
local c2 = svc:create(0x5200, 7)

local a = ld:start({ caps = { counter = c1:m("rw") }, log = { "counter-a", "green" } },
                  "rom/counter_client counter-a")
a:wait()
local b = ld:start({ caps = { counter = c2:m("rw") }, log = { "counter-b", "blue" } },
                  "rom/counter_client counter-b")
b:wait()
print("ned: both counters served; stopping the server")
server:kill()
