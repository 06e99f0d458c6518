/* SPDX-License-Identifier: BSD-2-Clause */
/* Integer limits for the freestanding kernel, from the compiler's predefined macros. */
#pragma once

#define CHAR_BIT  __CHAR_BIT__
#define INT_MAX	  __INT_MAX__
#define INT_MIN	  (-INT_MAX - 1)
#define UINT_MAX  (INT_MAX * 2U + 1U)
#define LONG_MAX  __LONG_MAX__
#define LONG_MIN  (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)
