-- SPDX-License-Identifier: BSD-2-Clause
-- A script with a syntax error: ned names the file and the line.
local x = = 1
