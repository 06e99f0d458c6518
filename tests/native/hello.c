// SPDX-License-Identifier: BSD-2-Clause
/* The first EL0 program: prints through the log capability, spins a little, exits. */
#include <stdint.h>
#include <stdio.h>

static uint64_t counter(void)
{
	uint64_t v;
	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
	return v;
}

static uint64_t counter_hz(void)
{
	uint64_t v;
	__asm__("mrs %0, cntfrq_el0" : "=r"(v));
	return v;
}

int main(int argc, char **argv)
{
	printf("Hello from EL0! I am %s, with %d argument(s):", argv[0], argc - 1);
	for (int i = 1; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");

	/* Run for 50 ms so the timer interrupts this thread at EL0 a few times. */
	uint64_t end = counter() + counter_hz() / 20;
	volatile uint64_t spins = 0;
	while (counter() < end)
		spins++;
	printf("hello: spun %llu times in 50 ms; exiting with code 0\n", (unsigned long long)spins);
	return 0;
}
