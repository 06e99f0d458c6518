-- SPDX-License-Identifier: BSD-2-Clause
-- ned's command line as L4Re's: -e statements run before the script, the
-- script is arg[0] and the words after it arg[1..] (quoted words keep
-- their spaces: the kernel's command line honours double quotes).
print("ned_options: arg[0] = " .. tostring(arg[0]) .. ", #arg = " .. #arg)
for i = 1, #arg do
	print(string.format("ned_options: arg[%d] = %q", i, arg[i]))
end
print("ned_options: from_e = " .. tostring(from_e))
-- Modules by L4Re's search path: a bare name is looked up as rom/NAME.lua,
-- a name with the rom/ prefix as itself plus .lua.
local by_name, by_path = require("vmm"), require("rom/vmm")
print("ned_options: require vmm and rom/vmm: " .. type(by_name.start_vm) .. ", " ..
	type(by_path.start_vm))
print("ned_options: " .. select(2, pcall(require, "nothere")):gsub("\n%s*", " | "))
-- The last line: an uncaught refusal of f:create (a table, as L4Re raises
-- them) is reported with its message.
L4.Env.user_factory:create(L4.Proto.Dataspace, 1 << 40)
