#!/usr/bin/ned -- L4Re scripts may start with such a line: ned skips it
-- SPDX-License-Identifier: BSD-2-Clause
-- The first line above is not Lua; ned skips it and keeps the line numbers.
print("ned_hashbang: ran past the first line")
error("this is line 5")
