-- SPDX-License-Identifier: BSD-2-Clause
-- A file server and two clients on one channel: the client given the
-- capability with "rw" reads and writes, the client given only "r" reads and
-- is refused its write: the server sees the rights of the capability used.
-- make run CONFIG=ned-configs/client-server.lua
local L4 = require("L4")

local ld = L4.default_loader
local channel = ld:new_channel()

local server = ld:start({ caps = { fs = channel:svr() }, log = { "server", "red" } },
                       "rom/file_server")

local rw = ld:start({ caps = { fs = channel:m("rw") }, log = { "client-rw", "green" } },
                   "rom/file_client client-rw")
rw:wait()
local r = ld:start({ caps = { fs = channel:m("r") }, log = { "client-r", "blue" } },
                  "rom/file_client client-r")
r:wait()

print("ned: both clients are done; stopping the server")
server:kill()
