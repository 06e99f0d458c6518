/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console: kprintf to the UART the device tree names. */
#pragma once

#include "types.h"

void console_init_pl011(paddr_t base);
void console_write(const char *s, size_t len);
void kprintf(const char *fmt, ...) __printf(1, 2);
