// SPDX-License-Identifier: BSD-2-Clause
/* The boot module archive, as the kernel mapped it into moe, read with the kernel's cpio reader. */
#include <string.h>

#include <l4re/env.h>

#include "cpio.h"
#include "moe.h"

static const void *rom_archive;
static uint64_t rom_size;

void rom_init(const void *archive, uint64_t size)
{
	rom_archive = archive;
	rom_size = size;
}

#define ROM_FILES 64

/* Dataspaces of rom files handed out so far: made once, shared, never freed. */
static struct {
	const void *data;
	l4_cap_idx_t gate;
} rom_ds[ROM_FILES];

l4_cap_idx_t rom_ns_gate = L4_INVALID_CAP;

const void *rom_find(const char *name, uint64_t *size)
{
	struct cpio_file f;

	if (strncmp(name, "rom/", 4) == 0)
		name += 4;
	if (!rom_archive || cpio_find(rom_archive, rom_size, name, &f) != CPIO_OK)
		return NULL;
	*size = f.size;
	return f.data;
}

/* The rom namespace: "name" (or "rom/name") maps the file's dataspace, read-only. */
l4_msgtag_t rom_ns_query(l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);
	char name[200];
	uint64_t size;

	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_NAMESPACE || words < 2 ||
	    u->mr[0] != L4RE_NS_QUERY_OP)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (u->mr[1] >= sizeof(name) || u->mr[1] > (words - 2) * 8UL)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	memcpy(name, &u->mr[2], u->mr[1]);
	name[u->mr[1]] = '\0';
	const void *data = rom_find(name, &size);
	if (!data)
		return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
	unsigned i;
	for (i = 0; i < ROM_FILES && rom_ds[i].data && rom_ds[i].data != data; i++)
		;
	if (i == ROM_FILES)
		return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
	if (!rom_ds[i].data) {
		struct ds *ds = ds_new_rom(data, size);
		/* Its copy is reserved now, so touching it later never runs out. */
		if (ds && ds_reserve(ds) != 0) {
			ds_unref(ds);
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		}
		l4_cap_idx_t g = ds ? obj_gate(OBJ_DS, NULL, ds) : L4_INVALID_CAP;
		if (g == L4_INVALID_CAP) {
			if (ds)
				ds_unref(ds);
			return L4_MSGTAG(-L4_ENOMEM, 0, 0, 0);
		}
		ds->gate = g; /* never freed: moe keeps its reference */
		rom_ds[i].data = data;
		rom_ds[i].gate = g;
	}
	return moe_reply_cap(rom_ds[i].gate, L4_CAP_FPAGE_R, false);
}
