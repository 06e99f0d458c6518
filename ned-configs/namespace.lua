-- SPDX-License-Identifier: BSD-2-Clause
-- Capabilities passed through a moe namespace at run time: the server
-- registers its service there, the client finds it there. The script itself
-- looks it up too.
-- make run CONFIG=ned-configs/namespace.lua
local L4 = require("L4")

local ld = L4.default_loader
local ns = ld:create_namespace()

local server = ld:start({ caps = { ns = ns:m("rw") }, log = { "ns-server", "yellow" } },
                       "rom/ns_server")
local client = ld:start({ caps = { ns = ns:m("r") }, log = { "ns-client", "cyan" } },
                       "rom/ns_client")
print("ned: the client ended with " .. client:wait())
print("ned: 'echo' in the namespace: " .. tostring(ns:query("echo")()))
print("ned: 'nothing' in the namespace: " .. tostring(ns:query("nothing")()))
server:kill()
