/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Namespaces (L4Re's Namespace): names bound to capabilities. A query
 * resolves the first component of a '/'-separated path and reports how much
 * it consumed, so the caller can go on in a nested namespace with the rest.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define NS_NAME_MAX    63   /* bytes; a name holds no '/' and no NUL */
#define NS_RIGHTS_MASK 0xfu /* rights are the caller's 4-bit capability rights */

enum ns_flag {
	NS_STRONG = 1u << 0,  /* stored: a permanent entry, never unlinked or replaced */
	NS_REPLACE = 1u << 1, /* request: ns_register may replace an existing entry */
	/*
	 * stored: a name reserved before its capability exists (L4Re's ned registers
	 * a string so); queries answer "try again" until a registration fills it,
	 * which needs no NS_REPLACE.
	 */
	NS_PLACEHOLDER = 1u << 2,
};

/* Errors, returned negated. */
enum ns_error {
	NS_EINVAL = 1, /* empty name, name with '/' or NUL, name too long, bad flags or rights */
	NS_EEXIST,     /* name taken and NS_REPLACE not given */
	NS_ENOMEM,
	NS_ENOENT,
	NS_EPERM, /* the entry is NS_STRONG */
};

struct ns_entry {
	uint64_t cap; /* the capability selector the name stands for */
	uint8_t len;
	uint8_t rights;		    /* what a client receives when it queries */
	uint8_t flags;		    /* NS_STRONG, NS_PLACEHOLDER */
	char name[NS_NAME_MAX + 1]; /* NUL-terminated copy, for printing */
};

/* Entries sorted by name (bytes, then length), for binary search and listing in order. */
struct ns {
	struct ns_entry *v;
	size_t n, alloc;
};

/*
 * Test hook: every allocation of a namespace goes through this (realloc by
 * default), so host tests can make any one of them fail.
 */
extern void *(*ns_realloc)(void *p, size_t size);

void ns_init(struct ns *ns);
void ns_destroy(struct ns *ns);

/*
 * Bind name[0..len) to cap; rights is a 4-bit mask, flags NS_STRONG, NS_REPLACE
 * and NS_PLACEHOLDER (cap is then not used). A placeholder is filled without
 * NS_REPLACE.
 */
int ns_register(struct ns *ns, const char *name, size_t len, uint64_t cap, unsigned rights,
		unsigned flags) __attribute__((warn_unused_result));

/*
 * Look up the first component of path[0..len), after any leading slashes.
 * *consumed counts the slashes, the component and the one '/' after it, so
 * path + *consumed is the rest. *entry is valid until the namespace changes.
 */
int ns_query(const struct ns *ns, const char *path, size_t len, const struct ns_entry **entry,
	     size_t *consumed) __attribute__((warn_unused_result));

/* Remove name[0..len); -NS_EPERM for an NS_STRONG entry. */
int ns_unlink(struct ns *ns, const char *name, size_t len) __attribute__((warn_unused_result));

static inline size_t ns_count(const struct ns *ns)
{
	return ns->n;
}

/* The i-th entry in name order, or NULL past the end; for listing. */
const struct ns_entry *ns_entry_at(const struct ns *ns, size_t i);
