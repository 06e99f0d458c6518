// SPDX-License-Identifier: BSD-2-Clause
/*
 * Console input through the Vcon object: an IRQ per arrival, then
 * non-blocking reads. argv[1]: seconds to wait for each arrival (default 10).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/vcon.h>
#include <l4re/cap_alloc.h>

int main(int argc, char **argv)
{
	unsigned long wait_s = argc > 1 ? strtoul(argv[1], NULL, 0) : 10;
	char line[128], buf[64];
	size_t len = 0;

	/* Alone on the kernel, or under moe (whose log then gives the input). */
	l4_cap_idx_t irq = l4re_cap_alloc();
	long r;
	if ((r = l4_factory_create_irq(L4_BASE_FACTORY_CAP, irq)) ||
	    (r = l4_irq_attach(irq, L4_BASE_THREAD_CAP, 0x40)) ||
	    (r = l4_vcon_bind_irq(L4_BASE_LOG_CAP, irq))) {
		printf("vcon_input: set-up failed (error %ld)\n", r);
		return 1;
	}
	printf("vcon_input: type a line\n");
	while (len < sizeof(line) - 1) {
		/* Up to wait_s for the next input interrupt (the kernel's timeout: 32 bits of µs).
		 */
		l4_msgtag_t t = l4_irq_receive(irq, L4_TIMEOUTS(0, wait_s * 1000000));
		if (l4_ipc_error(t)) {
			printf("vcon_input: no input (IPC error %ld)\n", l4_ipc_error(t));
			return 1;
		}
		long n;
		while ((n = l4_vcon_read(L4_BASE_LOG_CAP, buf, sizeof(buf))) > 0) {
			for (long i = 0; i < n && len < sizeof(line) - 1; i++) {
				if ((buf[i] == '\r' || buf[i] == '\n') && len == 0)
					continue; /* an empty line is no input (an Enter meant for
						     another) */
				if (buf[i] == '\r' || buf[i] == '\n') {
					line[len] = '\0';
					printf("vcon_input: got '%s' (%zu bytes)\n", line, len);
					return 0;
				}
				line[len++] = buf[i];
			}
		}
	}
	printf("vcon_input: line too long\n");
	return 1;
}
