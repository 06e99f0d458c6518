/* SPDX-License-Identifier: BSD-2-Clause */
/* A user address space: a TTBR0_EL2 translation table tree and its ASID. */
#pragma once

#include "types.h"

#define VSPACE_R 4
#define VSPACE_W 2
#define VSPACE_X 1

struct vspace {
	paddr_t root;
	u16 asid;
};

int vspace_init(struct vspace *vs) __must_check;
/*
 * Map one page. owned: the page was allocated for this space and is freed
 * with it. Returns 0, -L4_ENOMEM or -L4_EINVAL (bad address, already mapped).
 */
int vspace_map_page(struct vspace *vs, uaddr_t va, paddr_t pa, unsigned perms,
		    bool owned) __must_check;
void vspace_destroy(struct vspace *vs);
void vspace_activate(const struct vspace *vs);
/* Leave no user address space active (the idle loop runs like this). */
void vspace_deactivate(void);
