/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guest RAM: one dataspace from moe, attached in the VMM at host, mapped into
 * the Vm at [base, base + size) chunk by chunk as the guest touches it. The
 * range checks here are pure; every guest-provided address goes through them.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Guest RAM is mapped into the Vm in chunks of this size on its first stage-2 fault. */
#define RAM_CHUNK_ORDER 16
#define RAM_CHUNK	(1UL << RAM_CHUNK_ORDER)

struct guest_ram {
	uint64_t base, size; /* guest-physical; both RAM_CHUNK aligned */
	uint8_t *host;	     /* where the VMM sees it; RAM_CHUNK aligned */
	uint64_t ds;	     /* the dataspace's capability */
};

/* [ipa, ipa + len) lies inside RAM (len 0: ipa itself does). */
static inline bool ram_contains(const struct guest_ram *r, uint64_t ipa, uint64_t len)
{
	uint64_t off = ipa - r->base;
	return ipa >= r->base && off < r->size && len <= r->size - off;
}

/* The VMM's pointer to [ipa, ipa + len) of guest RAM, or NULL if not all of it is RAM. */
static inline void *ram_ptr(const struct guest_ram *r, uint64_t ipa, uint64_t len)
{
	return ram_contains(r, ipa, len) ? r->host + (ipa - r->base) : NULL;
}

struct vmm_config;
/*
 * ram.c (L4): guest RAM at c->ram_base, attached c->ram_align aligned: the
 * dataspace of the 'ram' capability if the VMM has one (c->ram_size becomes
 * its size), else c->ram_size bytes from the VMM's memory allocator. Returns
 * 0, or -1 with a message in err.
 */
int ram_setup(struct guest_ram *r, struct vmm_config *c, char *err, size_t errlen)
	__attribute__((warn_unused_result));
/*
 * ram.c (L4): map the chunk holding ipa (inside RAM) into the Vm vm_cap,
 * after touching its pages in the VMM (only pages the VMM has get mapped).
 */
long ram_map_chunk(const struct guest_ram *r, uint64_t vm_cap, uint64_t ipa)
	__attribute__((warn_unused_result));
/* ram.c (L4): map every chunk that [ipa, ipa + len) touches. */
long ram_map_range(const struct guest_ram *r, uint64_t vm_cap, uint64_t ipa, uint64_t len)
	__attribute__((warn_unused_result));
