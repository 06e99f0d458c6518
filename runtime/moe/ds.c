// SPDX-License-Identifier: BSD-2-Clause
/*
 * Dataspaces: anonymous memory, and boot-archive files. Pages are made on
 * first use: zeroed, or copied from the archive. A file that starts on a
 * page of the archive (the build aligns the large ones, scripts/mkrom.sh)
 * is its own memory: its whole pages are the archive's, mapped in place,
 * read-only; only its last partial page is copied. Where the
 * memory is paid for already, a fault makes a whole aligned block of up to
 * 2 MiB at once, which the fault handler maps in one piece.
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
		if (!((uintptr_t)data & (MOE_PAGE - 1)))
			ds->rom_pages = size / MOE_PAGE;
		for (uint64_t i = 0; i < ds->rom_pages; i++)
			ds->pages[i] = (uint8_t *)data + i * MOE_PAGE;
	}
	return ds;
}

/* Its memory, page-rounded. */
static uint64_t ds_bytes(const struct ds *ds)
{
	return (ds->size + MOE_PAGE - 1) & ~(MOE_PAGE - 1);
}

long ds_reserve(struct ds *ds)
{
	/* A rom file's pages in place are the archive's: only the rest is memory to make. */
	uint64_t bytes = ds_bytes(ds) - ds->rom_pages * MOE_PAGE;
	/* Pages it has already (a dataspace is committed when new, so none) stay as they are. */
	if (ds->committed || !moe_mem_reserve(bytes))
		return -L4_ENOMEM;
	ds->reserved = bytes;
	ds->committed = true;
	return 0;
}

long ds_commit(struct ds *ds, struct mem_account *acct)
{
	if (ds->size > acct->limit - acct->used || ds_reserve(ds) != 0)
		return -L4_ENOMEM;
	acct->used += ds->size;
	ds->acct = acct;
	return 0;
}

/* Memory for a block of ds: from its reservation while that lasts. */
static void *ds_alloc(struct ds *ds, unsigned order)
{
	uint64_t bytes = 1UL << order;
	void *p;

	if (ds->reserved >= bytes) {
		p = moe_block_alloc_reserved(order);
		if (p)
			ds->reserved -= bytes;
		return p;
	}
	/* Charged page by page (a program's image): from its start-time reserve while that lasts.
	 */
	if (ds->acct && !ds->committed && ds->acct->reserve >= bytes) {
		p = moe_block_alloc_reserved(order);
		if (p)
			ds->acct->reserve -= bytes;
		return p;
	}
	return moe_block_alloc(order);
}

static const char *last_error = "";

const char *ds_last_error(void)
{
	return last_error;
}

/* Fresh memory p becomes [start, start + len) of ds: the archive's bytes, then zeros. */
static void ds_fill(const struct ds *ds, uint8_t *p, uint64_t start, uint64_t len)
{
	uint64_t n = 0;

	if (ds->kind == DS_ROM && start < ds->size) {
		n = ds->size - start < len ? ds->size - start : len;
		memcpy(p, ds->rom + start, n);
	}
	memset(p + n, 0, len - n);
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
		void *p = ds_alloc(ds, MOE_PAGE_SHIFT);
		if (!p) {
			last_error = "out of memory (sigma0 has no more)";
			return NULL;
		}
		if (charge)
			ds->acct->used += MOE_PAGE;
		ds_fill(ds, p, i * MOE_PAGE, MOE_PAGE);
		ds->pages[i] = p;
	}
	return ds->pages[i];
}

static const unsigned block_orders[] = {MOE_MAX_ORDER, MOE_MID_ORDER}; /* largest first */

/* The moe address of pages [i, i + n) if they are one aligned piece of n pages, or NULL. */
static uint8_t *ds_block(const struct ds *ds, uint64_t i, uint64_t n)
{
	uint8_t *first = ds->pages[i];

	if (!first || (uint64_t)first & (n * MOE_PAGE - 1))
		return NULL;
	for (uint64_t k = 1; k < n; k++)
		if (ds->pages[i + k] != first + k * MOE_PAGE)
			return NULL;
	return first;
}

static bool ds_none(const struct ds *ds, uint64_t i, uint64_t n)
{
	for (uint64_t k = 0; k < n; k++)
		if (ds->pages[i + k])
			return false;
	return true;
}

/* The order of the aligned block of ds's memory at page i, largest first; a page if none. */
static unsigned ds_block_order(const struct ds *ds, uint64_t i, uint64_t npages)
{
	for (unsigned t = 0; t < sizeof(block_orders) / sizeof(block_orders[0]); t++) {
		uint64_t n = 1UL << (block_orders[t] - MOE_PAGE_SHIFT);
		if (!(i & (n - 1)) && i + n <= npages && ds_block(ds, i, n))
			return block_orders[t];
	}
	return MOE_PAGE_SHIFT;
}

void *ds_map(struct ds *ds, uint64_t offset, unsigned *order)
{
	uint64_t npages = (ds->size + MOE_PAGE - 1) / MOE_PAGE;
	/*
	 * Blocks only where the memory is paid for already (an allocator's
	 * dataspace, charged in full) or is moe's (rom files): a program's
	 * segments and stack are charged page by page, for what it touches.
	 */
	bool blocks = ds->committed || !ds->acct;

	for (unsigned t = 0; t < sizeof(block_orders) / sizeof(block_orders[0]); t++) {
		unsigned o = block_orders[t];
		uint64_t n = 1UL << (o - MOE_PAGE_SHIFT), i = (offset / MOE_PAGE) & ~(n - 1);
		if (o > *order || i + n > npages)
			continue;
		uint8_t *p = ds_block(ds, i, n);
		if (!p && blocks && ds_none(ds, i, n) && (p = ds_alloc(ds, o))) {
			ds_fill(ds, p, i * MOE_PAGE, n * MOE_PAGE);
			for (uint64_t k = 0; k < n; k++)
				ds->pages[i + k] = p + k * MOE_PAGE;
		}
		if (p) {
			*order = o;
			return p;
		}
	}
	*order = MOE_PAGE_SHIFT;
	return ds_page(ds, offset);
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
	for (uint64_t i = ds->rom_pages, n; i < npages; i += n) {
		n = 1;
		if (!ds->pages[i])
			continue;
		/* Whole blocks go back as blocks, so they can be mapped whole again. */
		unsigned order = ds_block_order(ds, i, npages);
		n = 1UL << (order - MOE_PAGE_SHIFT);
		moe_block_free(ds->pages[i], order);
		if (ds->acct && !ds->committed)
			ds->acct->used -= n * MOE_PAGE;
	}
	if (ds->acct && ds->committed)
		ds->acct->used -= ds->size;
	moe_mem_unreserve(ds->reserved); /* what it never drew */
	/* Poisoned: a reference left behind by mistake fails loudly, not with stale pages. */
	memset(ds->pages, 0, npages * sizeof(void *));
	free(ds->pages);
	memset(ds, 0, sizeof(*ds));
	free(ds);
}
