// SPDX-License-Identifier: BSD-2-Clause
/*
 * A native program that keeps printing: "ticker: tick N" every PERIOD ms
 * (default 100), COUNT times (default 20; 0: for ever), measured on the
 * counter. Tests run it beside guests to show native programs keep their
 * share of the CPU; ned-configs/linux-vm.lua beside a Linux VM.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <l4/sys/ipc.h>

static uint64_t now_ms(void)
{
	uint64_t v, f;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	__asm__("mrs %0, cntfrq_el0" : "=r"(f));
	return v / (f / 1000);
}

int main(int argc, char **argv)
{
	unsigned count = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 0) : 20;
	unsigned period = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 100;
	uint64_t start = now_ms();

	for (unsigned i = 1; count == 0 || i <= count; i++) {
		/* Sleep in the kernel: a closed wait on our own thread times out. */
		l4_ipc_receive(L4_BASE_THREAD_CAP, L4_TIMEOUTS(0, period * 1000U));
		printf("ticker: tick %u at %llu ms\n", i, (unsigned long long)(now_ms() - start));
	}
	printf("ticker: done\n");
	return 0;
}
