// SPDX-License-Identifier: BSD-2-Clause
/* Host stand-ins for the kernel's slab allocator and quotas, counting what is live. */
#include <stdlib.h>

#include "factory.h"
#include "slab.h"

long fake_live_objects;

size_t slab_size(size_t size)
{
	size_t s = SLAB_MIN_SIZE;
	while (s < size)
		s <<= 1;
	return s;
}

void *slab_alloc(size_t size)
{
	fake_live_objects++;
	return calloc(1, size);
}

void slab_free(void *p, size_t size)
{
	(void)size;
	fake_live_objects--;
	free(p);
}

int quota_charge(struct factory *f, u64 bytes)
{
	if (!f)
		return 0;
	if (bytes > f->limit - f->used)
		return -L4_ENOMEM;
	f->used += bytes;
	return 0;
}

void quota_credit(struct factory *f, u64 bytes)
{
	if (f)
		f->used -= bytes;
}
