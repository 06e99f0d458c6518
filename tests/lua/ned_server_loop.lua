-- SPDX-License-Identifier: BSD-2-Clause
-- L4.server_loop, as L4Re's ned serves its command channel (for ned-prompt):
-- a client (holding the channel "rw", as L4Re scripts hand it out; the
-- sub-ned test, ned_cmd_channel, gives it as it is) sends Lua text, ned
-- runs it in its own Lua state and answers
-- with the first value or the error; the ends of programs are still noticed
-- while ned serves.
local L4 = require("L4")
local ld = L4.default_loader
local cmd = ld:new_channel()

ld:startv({ caps = { cmd = cmd:m("rw") }, log = "prompt",
	    exit_handler = function(_, code) print("server_loop: the client ended with " .. code) end },
	"rom/ned_cmd", "return 6 * 7", "x = 5", "return x + 1", "return L4.Info.arch()",
	"this is not Lua", "error('boom')",
	"return setmetatable({}, { __tostring = function() error('no text') end })",
	"return L4.default_loader:startv({ log = 'child' }, 'rom/true'):wait()")
print("server_loop: serving")
L4.server_loop(cmd:svr())
