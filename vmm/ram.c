// SPDX-License-Identifier: BSD-2-Clause
/*
 * Guest RAM (ram.h): a dataspace from moe's memory allocator, attached in the
 * VMM at a RAM_CHUNK-aligned address (a flexpage must be aligned to its size
 * on both sides), and mapped into the Vm a chunk at a time. The dataspace is
 * the script's when ned gives a 'ram' capability, else the VMM's own. The kernel maps
 * only pages the VMM has, so each chunk's pages are touched first; moe makes
 * them on that first touch.
 */
#include <l4/sys/task.h>
#include <l4re/cap_alloc.h>
#include <l4re/client.h>

#include "config.h"
#include "fail.h"
#include "log.h"
#include "ram.h"

#define PAGE 4096UL

/* Where the VMM looks for room for guest RAM: well above its heap and rom files. */
#define RAM_ATTACH_HINT	 0x0000100000000000UL
#define RAM_ATTACH_TRIES 8

/* Attach ds (size bytes) R/W/X at an address aligned to align (a power of two >= RAM_CHUNK). */
static long ram_attach(struct guest_ram *r, uint64_t base, uint64_t size, uint64_t align,
		       l4_cap_idx_t ds)
{
	uint64_t hint = RAM_ATTACH_HINT;
	long err = 0;

	for (unsigned i = 0; i < RAM_ATTACH_TRIES; i++) {
		uint64_t at = hint;
		/* X too: what the Vm gets is what the VMM has, and the guest runs from RAM. */
		err = l4re_rm_attach(&at, size, L4RE_RM_R | L4RE_RM_W | L4RE_RM_X | L4RE_RM_SEARCH,
				     ds, 0);
		if (err)
			return err;
		if (at % align == 0) {
			*r = (struct guest_ram){base, size, (uint8_t *)at, ds};
			vmm_debug("guest RAM: %llu MiB at 0x%llx in the VMM (aligned to 0x%llx)",
				  (unsigned long long)(size >> 20), (unsigned long long)at,
				  (unsigned long long)align);
			return 0;
		}
		/* The search aligns to pages only: try again from the next aligned address. */
		l4re_rm_detach(at);
		hint = (at + align - 1) & ~(align - 1);
		err = -L4_ENOMEM;
	}
	return err;
}

/* A 'ram' capability (uvmm's name): the script's dataspace, its size is the guest's RAM. */
static long ram_from_cap(struct guest_ram *r, struct vmm_config *c, l4_cap_idx_t ds, char *err,
			 size_t errlen)
{
	uint64_t size = 0;
	long e;

	if (c->mem_given)
		return vmm_fail(err, errlen,
				"--mem and a 'ram' capability: the dataspace's size is the RAM "
				"size, give one of them");
	if ((e = l4re_ds_size(ds, &size)) != 0)
		return vmm_fail(err, errlen, "the 'ram' capability is not a dataspace (error %ld)",
				e);
	if (config_check_ram(c, size, err, errlen))
		return -1;
	if ((e = ram_attach(r, c->ram_base, size, c->ram_align, ds)) != 0)
		return vmm_fail(err, errlen,
				"cannot attach the 'ram' dataspace (%llu MiB) read-write "
				"(error %ld): does the capability carry rw rights?",
				(unsigned long long)(size >> 20), e);
	c->ram_size = size;
	return 0;
}

int ram_setup(struct guest_ram *r, struct vmm_config *c, char *err, size_t errlen)
{
	l4_cap_idx_t ds = l4re_env_get_cap("ram");
	long e;

	if (ds != L4_INVALID_CAP)
		return ram_from_cap(r, c, ds, err, errlen) ? -1 : 0;
	if ((ds = l4re_cap_alloc()) == L4_INVALID_CAP)
		return vmm_fail(err, errlen, "out of capability slots");
	e = l4re_ma_alloc(c->ram_size, ds);
	if (!e && !(e = ram_attach(r, c->ram_base, c->ram_size, c->ram_align, ds)))
		return 0;
	l4_task_release_cap(L4_BASE_TASK_CAP, ds);
	l4re_cap_free(ds);
	return vmm_fail(err, errlen, "cannot get %llu MiB of guest RAM (error %ld%s)",
			(unsigned long long)(c->ram_size >> 20), e,
			e == -L4_ENOMEM ? ": beyond the memory quota, see ned's env.mem" : "");
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
