// SPDX-License-Identifier: BSD-2-Clause
/* Host stand-ins for the kernel's slab allocator and quotas, counting what is live. */
#include <stdlib.h>

#include "factory.h"
#include "slab.h"

long fake_live_objects;

void *slab_alloc_class(unsigned c)
{
	fake_live_objects++;
	return calloc(1, (size_t)SLAB_MIN_SIZE << c);
}

void slab_free_class(void *p, unsigned c)
{
	(void)c;
	fake_live_objects--;
	free(p);
}
