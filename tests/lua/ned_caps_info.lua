-- SPDX-License-Identifier: BSD-2-Clause
-- L4.Info as L4Re's: the architecture and platform names, the word size and
-- the kernel's version string (from the kernel, the scheduler's version op).
local L4 = require("L4")
print("caps_info: arch " .. L4.Info.arch())
print("caps_info: platform " .. L4.Info.platform())
print("caps_info: mword_bits " .. L4.Info.mword_bits())
print("caps_info: kernel " .. L4.Info.Kip.str())
