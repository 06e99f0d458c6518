// SPDX-License-Identifier: BSD-2-Clause
/*
 * Namespaces: a sorted array of entries searched by binary search. Names come
 * from IPC message bytes, so they are (pointer, length) pairs, checked
 * against the limit before any byte is read, and never assumed terminated.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

void *(*ns_realloc)(void *p, size_t size) = realloc;

static bool name_ok(const char *name, size_t len)
{
	return len > 0 && len <= NS_NAME_MAX && !memchr(name, '/', len) && !memchr(name, '\0', len);
}

static int name_cmp(const struct ns_entry *e, const char *name, size_t len)
{
	int c = memcmp(e->name, name, e->len < len ? e->len : len);

	if (c)
		return c;
	return (e->len > len) - (e->len < len);
}

/* Index of the first entry not below name; *found says whether it is name itself. */
static size_t ns_lower_bound(const struct ns *ns, const char *name, size_t len, bool *found)
{
	size_t lo = 0, hi = ns->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (name_cmp(&ns->v[mid], name, len) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = lo < ns->n && name_cmp(&ns->v[lo], name, len) == 0;
	return lo;
}

void ns_init(struct ns *ns)
{
	*ns = (struct ns){0};
}

void ns_destroy(struct ns *ns)
{
	free(ns->v);
	*ns = (struct ns){0};
}

static int ns_grow(struct ns *ns)
{
	if (ns->n < ns->alloc)
		return 0;
	size_t alloc = ns->alloc ? ns->alloc * 2 : 8;
	if (alloc > SIZE_MAX / sizeof(*ns->v))
		return -NS_ENOMEM;
	struct ns_entry *v = ns_realloc(ns->v, alloc * sizeof(*v));
	if (!v)
		return -NS_ENOMEM;
	ns->v = v;
	ns->alloc = alloc;
	return 0;
}

int ns_register(struct ns *ns, const char *name, size_t len, uint64_t cap, unsigned rights,
		unsigned flags)
{
	bool found;

	if (!name_ok(name, len) || rights & ~NS_RIGHTS_MASK ||
	    flags & ~(NS_STRONG | NS_REPLACE | NS_PLACEHOLDER))
		return -NS_EINVAL;
	size_t i = ns_lower_bound(ns, name, len, &found);
	if (found && !(flags & NS_REPLACE) && !(ns->v[i].flags & NS_PLACEHOLDER))
		return -NS_EEXIST;
	if (found && ns->v[i].flags & NS_STRONG)
		return -NS_EPERM;
	if (!found) {
		if (ns_grow(ns))
			return -NS_ENOMEM;
		memmove(&ns->v[i + 1], &ns->v[i], (ns->n - i) * sizeof(*ns->v));
		ns->n++;
	}

	struct ns_entry *e = &ns->v[i];
	*e = (struct ns_entry){.cap = cap,
			       .len = (uint8_t)len,
			       .rights = (uint8_t)rights,
			       .flags = (uint8_t)(flags & (NS_STRONG | NS_PLACEHOLDER))};
	memcpy(e->name, name, len);
	return 0;
}

int ns_query(const struct ns *ns, const char *path, size_t len, const struct ns_entry **entry,
	     size_t *consumed)
{
	size_t start = 0, stop;
	bool found;

	while (start < len && path[start] == '/')
		start++;
	for (stop = start; stop < len && path[stop] != '/'; stop++)
		;
	if (stop == start || !name_ok(path + start, stop - start))
		return -NS_EINVAL;
	size_t i = ns_lower_bound(ns, path + start, stop - start, &found);
	if (!found)
		return -NS_ENOENT;
	*entry = &ns->v[i];
	*consumed = stop < len ? stop + 1 : stop;
	return 0;
}

int ns_unlink(struct ns *ns, const char *name, size_t len)
{
	bool found;

	if (!name_ok(name, len))
		return -NS_EINVAL;
	size_t i = ns_lower_bound(ns, name, len, &found);
	if (!found)
		return -NS_ENOENT;
	if (ns->v[i].flags & NS_STRONG)
		return -NS_EPERM;
	memmove(&ns->v[i], &ns->v[i + 1], (ns->n - i - 1) * sizeof(*ns->v));
	ns->n--;
	return 0;
}

const struct ns_entry *ns_entry_at(const struct ns *ns, size_t i)
{
	return i < ns->n ? &ns->v[i] : NULL;
}
