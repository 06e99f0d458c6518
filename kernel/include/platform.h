/* SPDX-License-Identifier: BSD-2-Clause */
/* What the kernel learns about the machine from the device tree. */
#pragma once

#include "types.h"

#define PLATFORM_MAX_REGIONS 8

struct mem_region {
	paddr_t base;
	u64 size;
};

struct platform {
	struct mem_region memory[PLATFORM_MAX_REGIONS];
	unsigned nmemory;
	struct mem_region reserved[PLATFORM_MAX_REGIONS]; /* /memreserve/ and /reserved-memory */
	unsigned nreserved;
	paddr_t uart_base;   /* PL011 named by /chosen/stdout-path (or the first PL011) */
	paddr_t rtc_base;    /* a PL031 real-time clock, or 0 */
	unsigned uart_intid; /* its interrupt (an SPI); 0 when the tree names none */
	paddr_t gicd_base, gicr_base;
	u64 gicr_size;
	unsigned timer_hyp_intid; /* EL2 physical timer PPI, as an INTID */
	unsigned timer_virt_intid;
	bool psci_hvc; /* conduit: false = smc */
	bool has_psci;
	unsigned ncpus;
	const char *bootargs;		  /* points into the device tree; "" when absent */
	paddr_t initrd_start, initrd_end; /* both 0 when there is no initrd */
};

/*
 * Fill *p from the flattened device tree at fdt. Returns NULL on success or
 * a message naming what is missing or malformed.
 */
const char *platform_parse(const void *fdt, struct platform *p) __must_check;
