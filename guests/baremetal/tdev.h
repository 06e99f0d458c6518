/* SPDX-License-Identifier: BSD-2-Clause */
/* "tdev", the Tern VMM's test device (4 KiB at 0x0c000000); absent on bare QEMU. */
#pragma once

#define TDEV_BASE    0x0c000000UL
#define TDEV_SCRATCH (TDEV_BASE + 0x00) /* a write of s bytes stores the value zero-extended */
#define TDEV_PATTERN (TDEV_BASE + 0x08) /* read-only: TDEV_PATTERN_VALUE, low s bytes */
#define TDEV_COUNT   (TDEV_BASE + 0x10) /* read-only: tdev accesses handled so far */

#define TDEV_PATTERN_VALUE 0x8091a2b3c4d5e6f7UL
