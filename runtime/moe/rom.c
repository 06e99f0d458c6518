// SPDX-License-Identifier: BSD-2-Clause
/* The boot module archive, as the kernel mapped it into moe, read with the kernel's cpio reader. */
#include <stdlib.h>
#include <string.h>

#include <l4re/env.h>

#include "cpio.h"
#include "moe.h"

/*
 * The archive's regular files, sorted by name, read once at start: a lookup
 * (every program start, every rom open) is a binary search, not a walk
 * through the archive's headers. Each keeps the dataspace handed out for it.
 */
struct rom_file {
	const char *name;
	const void *data;
	uint64_t size;
	l4_cap_idx_t gate; /* its dataspace's, once asked for: made once, never freed */
};
static struct rom_file *files;
static size_t nfiles;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct rom_file *)a)->name, ((const struct rom_file *)b)->name);
}

void rom_init(const void *archive, uint64_t size)
{
	struct cpio_file f;
	size_t off = 0, cap = 0;

	while (archive && cpio_next(archive, size, &off, &f) == CPIO_OK) {
		if ((f.mode & 0170000) != 0100000)
			continue; /* regular files only */
		if (nfiles == cap) {
			size_t n = cap ? 2 * cap : 128;
			struct rom_file *v = realloc(files, n * sizeof(*v));
			if (!v)
				break; /* the files found so far stay usable */
			files = v;
			cap = n;
		}
		files[nfiles++] = (struct rom_file){f.name, f.data, f.size, L4_INVALID_CAP};
	}
	qsort(files, nfiles, sizeof(*files), by_name);
}

l4_cap_idx_t rom_ns_gate = L4_INVALID_CAP;

static struct rom_file *rom_lookup(const char *name)
{
	struct rom_file key = {.name = name};

	if (strncmp(name, "rom/", 4) == 0)
		key.name += 4;
	while (key.name[0] == '.' && key.name[1] == '/')
		key.name += 2;
	return nfiles ? bsearch(&key, files, nfiles, sizeof(*files), by_name) : NULL;
}

const void *rom_find(const char *name, uint64_t *size)
{
	struct rom_file *f = rom_lookup(name);

	if (!f)
		return NULL;
	*size = f->size;
	return f->data;
}

/* The rom namespace: "name" (or "rom/name") maps the file's dataspace, read-only. */
l4_msgtag_t rom_ns_query(l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();
	unsigned words = L4_MSGTAG_WORDS(tag);
	char name[200];

	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_NAMESPACE || words < 2 ||
	    u->mr[0] != L4RE_NS_QUERY_OP)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (u->mr[1] >= sizeof(name) || u->mr[1] > (words - 2) * 8UL)
		return L4_MSGTAG(-L4_EINVAL, 0, 0, 0);
	memcpy(name, &u->mr[2], u->mr[1]);
	name[u->mr[1]] = '\0';
	struct rom_file *file = rom_lookup(name);
	if (!file)
		return L4_MSGTAG(-L4_ENOENT, 0, 0, 0);
	if (file->gate == L4_INVALID_CAP) {
		struct ds *ds = ds_new_rom(file->data, file->size);
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
		file->gate = g;
	}
	return moe_reply_cap(file->gate, L4_CAP_FPAGE_R, false);
}
