// SPDX-License-Identifier: BSD-2-Clause
/* PL011 UART output (ARM PrimeCell UART TRM, DDI 0183): polled transmit. */
#include "arch/memlayout.h"
#include "console.h"
#include "vcon.h"

#define UARTDR	     0x000
#define UARTFR	     0x018
#define UARTFR_TXFF  (1U << 5)
#define UARTFR_RXFE  (1U << 4)
#define UARTIMSC     0x038
#define UARTICR	     0x044
#define UART_RX_INTS ((1U << 4) | (1U << 6)) /* receive and receive timeout */

static volatile u32 *pl011_regs;

void console_init_pl011(paddr_t base)
{
	pl011_regs = pa_to_kva(base);
}

static void pl011_putc(char c)
{
	while (pl011_regs[UARTFR / 4] & UARTFR_TXFF)
		;
	pl011_regs[UARTDR / 4] = (u32)(unsigned char)c;
}

void console_write(const char *s, size_t len)
{
	if (!pl011_regs)
		return;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc('\r');
		pl011_putc(s[i]);
	}
}

void console_enable_rx(void)
{
	pl011_regs[UARTIMSC / 4] = UART_RX_INTS;
}

void console_handle_irq(void)
{
	/*
	 * Clear, then drain: a byte that arrives after the last read raises the
	 * interrupt again. Clearing after the drain lost such a byte's interrupt,
	 * and with it the byte and all input after it (QEMU's UART raises RX
	 * only as its FIFO fills to the trigger level).
	 */
	pl011_regs[UARTICR / 4] = UART_RX_INTS;
	while (!(pl011_regs[UARTFR / 4] & UARTFR_RXFE))
		vcon_input((char)(pl011_regs[UARTDR / 4] & 0xff));
}
