/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console: kprintf to the UART the device tree names. */
#pragma once

#include "types.h"

void console_init_pl011(paddr_t base);
void console_write(const char *s, size_t len);
/* Input: the UART's receive interrupt feeds the Vcon object's buffer. */
void console_enable_rx(void);
void console_handle_irq(void);
void kprintf(const char *fmt, ...) __printf(1, 2);
