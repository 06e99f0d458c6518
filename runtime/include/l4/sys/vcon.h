/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel console (Vcon) protocol. */
#pragma once

#include <stddef.h>
#include <l4/sys/ipc.h>

/* Most bytes one write carries: the message registers after opcode and length. */
#define L4_VCON_WRITE_SIZE ((L4_MSG_WORDS_MAX - 2) * sizeof(uint64_t))
#define L4_VCON_READ_SIZE  ((L4_MSG_WORDS_MAX - 1) * sizeof(uint64_t))

/* Write up to L4_VCON_WRITE_SIZE bytes; returns 0 or a negative error. */
long l4_vcon_write(l4_cap_idx_t vcon, const char *buf, size_t len);
/* Read what input is buffered, up to max bytes (never blocks); returns the count. */
long l4_vcon_read(l4_cap_idx_t vcon, char *buf, size_t max);
/* Trigger irq whenever input arrives (L4_INVALID_CAP: stop). */
long l4_vcon_bind_irq(l4_cap_idx_t vcon, l4_cap_idx_t irq);
