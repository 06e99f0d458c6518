/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM's set-up steps report errors as text in a caller's buffer. */
#pragma once

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Write the message into err (errlen bytes) and return -1. */
__attribute__((format(printf, 3, 4))) static inline int vmm_fail(char *err, size_t errlen,
								 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
