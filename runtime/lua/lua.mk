# SPDX-License-Identifier: BSD-2-Clause
# Lua 5.4 for Tern user programs (rules filled in by the Lua build work).
