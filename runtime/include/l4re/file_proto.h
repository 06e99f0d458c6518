/* SPDX-License-Identifier: BSD-2-Clause */
/* The example file protocol of ned-configs/client-server.lua (as the seeds' example). */
#pragma once

#define FILE_PROTO   0x5000L
#define FILE_READ_OP 0UL /* mr[1] = offset, mr[2] = length; reply mr[0] = n, bytes from mr[1] */
#define FILE_WRITE_OP \
	1UL /* mr[1] = offset, mr[2] = length, bytes from mr[3]; needs W; reply mr[0] = n */
#define FILE_SIZE 4096
