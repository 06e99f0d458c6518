// SPDX-License-Identifier: BSD-2-Clause
/*
 * Dataspaces: anonymous memory, and boot-archive files. Pages are made on
 * first use: zeroed, or copied from the archive (whose files are not page
 * aligned in a cpio archive, so they cannot be mapped in place).
 */
#include <stdlib.h>
#include <string.h>

#include <l4re/env.h>

#include "moe.h"

static struct ds *ds_new(enum ds_kind kind, uint64_t size)
{
	struct ds *ds = calloc(1, sizeof(*ds));
	uint64_t npages = (size + MOE_PAGE - 1) / MOE_PAGE;

	if (!ds || !size)
		goto fail;
	ds->pages = calloc(npages, sizeof(void *));
	if (!ds->pages)
		goto fail;
	ds->kind = kind;
	ds->size = npages * MOE_PAGE;
	ds->refs = 1;
	ds->gate = L4_INVALID_CAP;
	return ds;
fail:
	free(ds);
	return NULL;
}

struct ds *ds_new_anon(uint64_t size)
{
	struct ds *ds = ds_new(DS_ANON, size);
	if (ds)
		ds->writable = true;
	return ds;
}

struct ds *ds_new_rom(const void *data, uint64_t size)
{
	struct ds *ds = ds_new(DS_ROM, size ? size : 1);
	if (ds) {
		ds->rom = data;
		ds->size = size; /* the file's own size; pages cover it */
	}
	return ds;
}

long ds_commit(struct ds *ds, struct mem_account *acct)
{
	if (ds->size > acct->limit - acct->used)
		return -L4_ENOMEM;
	acct->used += ds->size;
	ds->acct = acct;
	ds->committed = true;
	return 0;
}

static const char *last_error = "";

const char *ds_last_error(void)
{
	return last_error;
}

void *ds_page(struct ds *ds, uint64_t offset)
{
	uint64_t i = offset / MOE_PAGE;

	if (offset >= ((ds->size + MOE_PAGE - 1) & ~(MOE_PAGE - 1))) {
		last_error = "beyond the dataspace";
		return NULL;
	}
	if (!ds->pages[i]) {
		bool charge = ds->acct && !ds->committed;
		if (charge && ds->acct->used + MOE_PAGE > ds->acct->limit) {
			last_error = "out of its memory quota";
			return NULL;
		}
		void *p = moe_page_alloc();
		if (!p) {
			last_error = "out of memory (sigma0 has no more)";
			return NULL;
		}
		if (charge)
			ds->acct->used += MOE_PAGE;
		if (ds->kind == DS_ROM) {
			uint64_t start = i * MOE_PAGE;
			uint64_t n = ds->size - start < MOE_PAGE ? ds->size - start : MOE_PAGE;
			memcpy(p, ds->rom + start, n);
		}
		ds->pages[i] = p;
	}
	return ds->pages[i];
}

l4_msgtag_t ds_request(struct ds *ds, l4_msgtag_t tag)
{
	struct l4_utcb *u = l4_utcb();

	if (L4_MSGTAG_LABEL(tag) != L4RE_PROTO_DATASPACE || L4_MSGTAG_WORDS(tag) < 1)
		return L4_MSGTAG(-L4_EBADPROTO, 0, 0, 0);
	if (u->mr[0] != L4RE_DS_SIZE_OP)
		return L4_MSGTAG(-L4_ENOSYS, 0, 0, 0);
	u->mr[0] = ds->size;
	return L4_MSGTAG(0, 1, 0, 0);
}

void ds_ref(struct ds *ds)
{
	ds->refs++;
}

void ds_unref(struct ds *ds)
{
	uint64_t npages = (ds->size + MOE_PAGE - 1) / MOE_PAGE;

	if (--ds->refs)
		return;
	if (ds->gate != L4_INVALID_CAP)
		obj_drop(ds->gate); /* every capability to it goes with it */
	for (uint64_t i = 0; i < npages; i++) {
		if (ds->pages[i]) {
			moe_page_free(ds->pages[i]);
			if (ds->acct && !ds->committed)
				ds->acct->used -= MOE_PAGE;
		}
	}
	if (ds->acct && ds->committed)
		ds->acct->used -= ds->size;
	/* Poisoned: a reference left behind by mistake fails loudly, not with stale pages. */
	memset(ds->pages, 0, npages * sizeof(void *));
	free(ds->pages);
	memset(ds, 0, sizeof(*ds));
	free(ds);
}
