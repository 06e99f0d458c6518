/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ned's command channel (as L4Re's Ned::Cmd_control): a script serves a
 * channel with L4.server_loop(cap); a client sends Lua text, ned runs it and
 * answers with the text of its first value (docs/lua-api.md).
 */
#pragma once

#define L4RE_PROTO_NED_CMD 0x4010L
/*
 * mr[0] = L4RE_NED_CMD_EXECUTE_OP, mr[1] = length, mr[2..] = the Lua text.
 * Reply label 0, -L4_EINVAL (it does not parse) or -L4_EIO (it raised an
 * error); mr[0] = length, mr[1..] = the first value as text, or the error.
 */
#define L4RE_NED_CMD_EXECUTE_OP 0UL
#define L4RE_NED_CMD_MAX	((L4_MSG_WORDS_MAX - 2) * 8) /* 488 bytes; replies longer are cut */
