/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What a log may be made with (ned's env.log, Proto.Log on moe's allocator),
 * as L4Re's moe and cons take it; one place for ned and moe to check it.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/*
 * A colour name as L4Re's moe reads it: only its first letter counts, one of
 * n r g y b m c w (black, red, green, yellow, blue, magenta, cyan, white;
 * so "black" is blue, as in L4Re), upper case for the bright variant. The
 * value: ANSI colour 0..7, +8 bright; 0 (plain "n...") shows no colour.
 * -1 for anything else (L4Re shows such a log uncoloured; Tern says so).
 */
static inline int l4re_log_color(const char *s, size_t len)
{
	static const char names[] = "nrgybmcw";
	const char *p = len ? memchr(names, s[0] | 0x20, 8) : NULL;

	if (!p)
		return -1;
	return (int)(p - names) | (s[0] >= 'A' && s[0] <= 'Z' ? 8 : 0);
}

/*
 * A log flag as L4Re's console multiplexer (cons) takes per client: key=C
 * (one character), bufsz=N, keep, no-keep, line-buffering,
 * no-line-buffering, show, hide, timestamp, no-timestamp.
 */
static inline bool l4re_log_flag_ok(const char *s, size_t len)
{
	static const char *const words[] = {
		"keep", "no-keep", "line-buffering", "no-line-buffering",
		"show", "hide",	   "timestamp",	     "no-timestamp",
	};

	if (len == 5 && memcmp(s, "key=", 4) == 0)
		return s[4] > 0x20 && s[4] < 0x7f;
	if (len > 6 && memcmp(s, "bufsz=", 6) == 0) {
		for (size_t i = 6; i < len; i++)
			if (s[i] < '0' || s[i] > '9')
				return false;
		return true;
	}
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
			return true;
	return false;
}
