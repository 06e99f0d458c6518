// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest RAM (ram.h): a dataspace from moe's memory allocator, attached in the
 * VMM at a RAM_CHUNK-aligned address (a flexpage must be aligned to its size
 * on both sides), and mapped into the Vm a chunk at a time. The kernel maps
 * only pages the VMM has, so each chunk's pages are touched first; moe makes
 * them on that first touch.
 */
#include <l4/sys/task.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>

#include "ram.h"

#define PAGE 4096UL

/* Where the VMM looks for room for guest RAM: well above its heap and rom files. */
#define RAM_ATTACH_HINT	 0x0000100000000000UL
#define RAM_ATTACH_TRIES 8

long ram_setup(struct guest_ram *r, uint64_t base, uint64_t size)
{
	l4_cap_idx_t ds = l4re_cap_alloc();
	uint64_t hint = RAM_ATTACH_HINT;
	long err;

	if (ds == L4_INVALID_CAP)
		return -L4_ENOMEM;
	err = l4re_ma_alloc(size, ds);
	for (unsigned i = 0; err == 0 && i < RAM_ATTACH_TRIES; i++) {
		uint64_t at = hint;
		/* X too: what the Vm gets is what the VMM has, and the guest runs from RAM. */
		err = l4re_rm_attach(&at, size, L4RE_RM_R | L4RE_RM_W | L4RE_RM_X | L4RE_RM_SEARCH,
				     ds, 0);
		if (err)
			break;
		if (at % RAM_CHUNK == 0) {
			*r = (struct guest_ram){base, size, (uint8_t *)at, ds};
			return 0;
		}
		/* The search aligns to pages only: try again from the next aligned address. */
		l4re_rm_detach(at);
		hint = (at + RAM_CHUNK - 1) & ~(RAM_CHUNK - 1);
		err = -L4_ENOMEM;
	}
	l4_task_release_cap(L4_BASE_TASK_CAP, ds);
	l4re_cap_free(ds);
	return err;
}

long ram_map_chunk(const struct guest_ram *r, uint64_t vm_cap, uint64_t ipa)
{
	if (!ram_contains(r, ipa, 1))
		return -L4_ERANGE;
	uint64_t off = (ipa - r->base) & ~(RAM_CHUNK - 1);
	uint8_t *chunk = r->host + off;

	/*
	 * A write that changes nothing makes each page present and writable in
	 * the VMM. Atomic, because another vCPU may have mapped this chunk
	 * already and the guest may be writing to it.
	 */
	for (uint64_t o = 0; o < RAM_CHUNK; o += PAGE)
		__atomic_fetch_add((uint32_t *)(chunk + o), 0, __ATOMIC_RELAXED);
	return l4_task_map(vm_cap, L4_BASE_TASK_CAP,
			   L4_MEM_FPAGE((uint64_t)chunk, RAM_CHUNK_ORDER, L4_FPAGE_RWX),
			   r->base + off);
}

long ram_map_range(const struct guest_ram *r, uint64_t vm_cap, uint64_t ipa, uint64_t len)
{
	if (!len || !ram_contains(r, ipa, len))
		return -L4_ERANGE;
	uint64_t first = ipa & ~(RAM_CHUNK - 1), last = (ipa + len - 1) & ~(RAM_CHUNK - 1);
	for (uint64_t c = first;; c += RAM_CHUNK) {
		long err = ram_map_chunk(r, vm_cap, c); /* base is chunk aligned: c is RAM */
		if (err || c == last)
			return err;
	}
}
