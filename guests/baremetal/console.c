// SPDX-License-Identifier: BSD-2-Clause
/* Console output: PL011 data register writes, never waiting (the VMM's FR reads 0, QEMU's too). */
#include <stdbool.h>
#include <stdint.h>

#include "console.h"

#define PL011_DR 0x09000000UL

void console_putc(char c)
{
	*(volatile uint32_t *)PL011_DR = (uint8_t)c;
}

void console_puts(const char *s)
{
	while (*s)
		console_putc(*s++);
}

struct fmt_spec {
	bool alt;	/* '#': 0x before hex */
	char pad;	/* ' ' or '0' */
	unsigned width; /* minimum field width */
};

static void console_field(const struct fmt_spec *fs, const char *prefix, const char *s,
			  unsigned len)
{
	unsigned plen = 0;
	while (prefix[plen])
		plen++;
	unsigned fill = fs->width > len + plen ? fs->width - len - plen : 0;

	if (fs->pad == ' ')
		for (; fill; fill--)
			console_putc(' ');
	console_puts(prefix);
	for (; fill; fill--)
		console_putc('0');
	for (unsigned i = 0; i < len; i++)
		console_putc(s[i]);
}

static void console_number(const struct fmt_spec *fs, uint64_t v, unsigned base, bool negative)
{
	const char *prefix = "";
	char buf[20];
	unsigned n = sizeof(buf);

	if (negative)
		prefix = "-";
	else if (fs->alt && base == 16)
		prefix = "0x";
	do {
		buf[--n] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	console_field(fs, prefix, buf + n, (unsigned)sizeof(buf) - n);
}

void console_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			console_putc(*fmt);
			continue;
		}
		struct fmt_spec fs = {.pad = ' '};
		for (;; fmt++) {
			if (fmt[1] == '#')
				fs.alt = true;
			else if (fmt[1] == '0')
				fs.pad = '0';
			else
				break;
		}
		while (fmt[1] >= '0' && fmt[1] <= '9')
			fs.width = fs.width * 10 + (unsigned)(*++fmt - '0');
		unsigned longs = 0;
		while (fmt[1] == 'l' || fmt[1] == 'z') {
			longs++;
			fmt++;
		}
		char conv = *++fmt;
		uint64_t u = 0;
		if (conv == 'd' || conv == 'i') {
			int64_t s = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
			console_number(&fs, s < 0 ? -(uint64_t)s : (uint64_t)s, 10, s < 0);
			continue;
		}
		if (conv == 'u' || conv == 'x')
			u = longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
		switch (conv) {
		case 'u': console_number(&fs, u, 10, false); break;
		case 'x': console_number(&fs, u, 16, false); break;
		case 'c': console_putc((char)va_arg(ap, int)); break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			unsigned len = 0;
			while (s[len])
				len++;
			console_field(&fs, "", s, len);
			break;
		}
		case '%': console_putc('%'); break;
		default: return; /* unknown conversion (or the end of the string): stop */
		}
	}
}

void console_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	console_vprintf(fmt, ap);
	va_end(ap);
}
