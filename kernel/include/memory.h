/* SPDX-License-Identifier: BSD-2-Clause */
/* Handing the machine's free RAM to the page allocator at boot. */
#pragma once

#include "platform.h"

/*
 * Give all RAM in p->memory to kernel_pages except the reserved ranges in
 * resv (kernel image, device tree, initrd, firmware reservations).
 * Returns NULL or a message saying why memory could not be set up.
 */
const char *memory_init(const struct platform *p, const struct mem_region *resv,
			unsigned nresv) __must_check;
