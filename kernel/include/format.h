/* SPDX-License-Identifier: BSD-2-Clause */
/* A small vsnprintf for the kernel: %c %s %d %i %u %x %p with l/ll/z, width, '0' and '-'. */
#pragma once

#include <stdarg.h>
#include "types.h"

int format_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int format_snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);
