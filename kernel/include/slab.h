/* SPDX-License-Identifier: BSD-2-Clause */
/* Small kernel objects: power-of-two size classes carved from pages. */
#pragma once

#include "types.h"

#define SLAB_MIN_SIZE 32
#define SLAB_MAX_SIZE 2048

/* The size a request of size bytes is rounded up to (what quotas are charged). */
size_t slab_size(size_t size);
/* Zeroed memory of at least size bytes (size <= SLAB_MAX_SIZE), or NULL. */
void *slab_alloc(size_t size) __must_check;
void slab_free(void *p, size_t size);
