/* SPDX-License-Identifier: BSD-2-Clause */
/* Small kernel objects: power-of-two size classes carved from pages. */
#pragma once

#include "types.h"

#define SLAB_MIN_SIZE 32
#define SLAB_MAX_SIZE 2048

/* The size class of a request: inline, so a constant size (sizeof) folds to a constant. */
static inline unsigned slab_class(size_t size)
{
	unsigned c = 0;
	while ((size_t)SLAB_MIN_SIZE << c < size)
		c++;
	return c;
}

/* The size a request of size bytes is rounded up to (what quotas are charged). */
static inline size_t slab_size(size_t size)
{
	return (size_t)SLAB_MIN_SIZE << slab_class(size);
}

void *slab_alloc_class(unsigned c) __must_check;
void slab_free_class(void *p, unsigned c);

/* Zeroed memory of at least size bytes (size <= SLAB_MAX_SIZE), or NULL. */
static inline __must_check void *slab_alloc(size_t size)
{
	return slab_alloc_class(slab_class(size));
}

static inline void slab_free(void *p, size_t size)
{
	slab_free_class(p, slab_class(size));
}
