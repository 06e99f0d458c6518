// SPDX-License-Identifier: BSD-2-Clause
/*
 * Host tests of moe's namespaces (runtime/moe/names.c): register, query of
 * paths, unlink, listing, every error, names that are not NUL-terminated,
 * allocation failure, and random operations checked against a list.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "tap.h"

/* Allocations left before the next one fails; negative: never fail. */
static long allocs_left = -1;

static void *test_realloc(void *p, size_t size)
{
	if (allocs_left == 0)
		return NULL;
	if (allocs_left > 0)
		allocs_left--;
	return realloc(p, size);
}

static int reg(struct ns *ns, const char *name, uint64_t cap, unsigned flags)
{
	return ns_register(ns, name, strlen(name), cap, 0x4, flags);
}

static int query(const struct ns *ns, const char *path, const struct ns_entry **e, size_t *used)
{
	return ns_query(ns, path, strlen(path), e, used);
}

/* The capability path resolves to, or the negative error; *used as ns_query reports it. */
static int64_t lookup(const struct ns *ns, const char *path, size_t *used)
{
	const struct ns_entry *e;
	int err = query(ns, path, &e, used);
	return err ? err : (int64_t)e->cap;
}

static int unlink_name(struct ns *ns, const char *name)
{
	return ns_unlink(ns, name, strlen(name));
}

static void test_basic(void)
{
	struct ns ns;
	const struct ns_entry *e;
	size_t used;

	ns_init(&ns);
	ok(ns_count(&ns) == 0 && !ns_entry_at(&ns, 0), "a new namespace is empty");
	ok(ns_register(&ns, "rom", 3, 5, 0x4, 0) == 0 && ns_count(&ns) == 1, "register rom");
	ok(query(&ns, "rom", &e, &used) == 0 && used == 3 && e->cap == 5 && e->rights == 0x4 &&
		   e->flags == 0 && e->len == 3 && strcmp(e->name, "rom") == 0,
	   "query gives its entry, the whole path consumed");
	ok(reg(&ns, "rom", 6, 0) == -NS_EEXIST && lookup(&ns, "rom", &used) == 5,
	   "registering it again: EEXIST, old entry kept");
	ok(ns_register(&ns, "rom", 3, 6, 0xf, NS_REPLACE) == 0 && ns_count(&ns) == 1,
	   "NS_REPLACE replaces in place");
	ok(query(&ns, "rom", &e, &used) == 0 && e->cap == 6 && e->rights == 0xf,
	   "the new capability and rights");
	ok(reg(&ns, "log", 7, NS_REPLACE) == 0 && ns_count(&ns) == 2,
	   "NS_REPLACE for an absent name registers it");
	ok(lookup(&ns, "ro", &used) == -NS_ENOENT, "a prefix of a name does not match");
	ok(lookup(&ns, "romx", &used) == -NS_ENOENT, "a name extended does not match");
	ok(lookup(&ns, "ROM", &used) == -NS_ENOENT, "names compare case-sensitively");
	ok(reg(&ns, "r", 8, 0) == 0 && reg(&ns, "roma", 9, 0) == 0 && reg(&ns, "ROM", 10, 0) == 0,
	   "register r, roma and ROM next to rom");
	ok(lookup(&ns, "r", &used) == 8 && lookup(&ns, "rom", &used) == 6 &&
		   lookup(&ns, "roma", &used) == 9 && lookup(&ns, "ROM", &used) == 10,
	   "each is found exactly");

	ok(unlink_name(&ns, "rom") == 0 && ns_count(&ns) == 4, "unlink rom");
	ok(lookup(&ns, "rom", &used) == -NS_ENOENT && lookup(&ns, "roma", &used) == 9,
	   "rom is gone, roma is not");
	ok(unlink_name(&ns, "rom") == -NS_ENOENT, "unlink it again: ENOENT");
	ok(unlink_name(&ns, "nothing") == -NS_ENOENT, "unlink a name never there: ENOENT");
	ok(reg(&ns, "rom", 11, 0) == 0 && lookup(&ns, "rom", &used) == 11, "register it anew");
	ns_destroy(&ns);
	ok(ns_count(&ns) == 0, "destroy leaves an empty namespace");
}

static void test_strong(void)
{
	struct ns ns;
	size_t used;

	ns_init(&ns);
	ok(reg(&ns, "moe", 1, NS_STRONG) == 0, "register a strong entry");
	ok(ns_entry_at(&ns, 0)->flags == NS_STRONG, "NS_STRONG is stored");
	ok(unlink_name(&ns, "moe") == -NS_EPERM, "unlink of a strong entry: EPERM");
	ok(reg(&ns, "moe", 2, NS_REPLACE) == -NS_EPERM, "replacing a strong entry: EPERM");
	ok(reg(&ns, "moe", 2, NS_REPLACE | NS_STRONG) == -NS_EPERM,
	   "replacing it with another strong entry: EPERM");
	ok(reg(&ns, "moe", 2, 0) == -NS_EEXIST, "without NS_REPLACE: EEXIST");
	ok(lookup(&ns, "moe", &used) == 1 && ns_count(&ns) == 1, "the strong entry is unchanged");
	ok(reg(&ns, "tmp", 3, 0) == 0 && reg(&ns, "tmp", 4, NS_REPLACE | NS_STRONG) == 0,
	   "a weak entry can be replaced by a strong one");
	ok(unlink_name(&ns, "tmp") == -NS_EPERM, "which then stays");
	ns_destroy(&ns);
}

static void test_placeholder(void)
{
	struct ns ns;
	size_t used;

	ns_init(&ns);
	ok(reg(&ns, "fs", 0, NS_PLACEHOLDER) == 0 && ns_entry_at(&ns, 0)->flags == NS_PLACEHOLDER,
	   "a placeholder is stored as one");
	ok(reg(&ns, "fs", 7, 0) == 0 && ns_count(&ns) == 1,
	   "a registration fills it without NS_REPLACE");
	ok(lookup(&ns, "fs", &used) == 7 && ns_entry_at(&ns, 0)->flags == 0,
	   "then it is an ordinary entry");
	ok(reg(&ns, "fs", 8, 0) == -NS_EEXIST, "which is not filled again without NS_REPLACE");
	ok(reg(&ns, "fs", 0, NS_PLACEHOLDER | NS_REPLACE) == 0 &&
		   ns_entry_at(&ns, 0)->flags == NS_PLACEHOLDER,
	   "NS_REPLACE turns an entry back into a placeholder");
	ok(unlink_name(&ns, "fs") == 0 && ns_count(&ns) == 0, "a placeholder can be unlinked");
	ns_destroy(&ns);
}

static void test_invalid(void)
{
	struct ns ns;
	char long_name[NS_NAME_MAX + 1];

	ns_init(&ns);
	memset(long_name, 'x', sizeof(long_name));
	ok(ns_register(&ns, NULL, 0, 1, 0, 0) == -NS_EINVAL, "empty name (NULL, 0): EINVAL");
	ok(ns_register(&ns, "a", 0, 1, 0, 0) == -NS_EINVAL, "empty name: EINVAL");
	ok(reg(&ns, "a/b", 1, 0) == -NS_EINVAL, "name with '/': EINVAL");
	ok(reg(&ns, "/", 1, 0) == -NS_EINVAL, "name '/': EINVAL");
	ok(ns_register(&ns, "a\0b", 3, 1, 0, 0) == -NS_EINVAL, "name with a NUL byte: EINVAL");
	ok(ns_register(&ns, long_name, NS_NAME_MAX + 1, 1, 0, 0) == -NS_EINVAL,
	   "a name of 64 bytes: EINVAL");
	ok(ns_register(&ns, long_name, SIZE_MAX, 1, 0, 0) == -NS_EINVAL,
	   "a length of SIZE_MAX is refused before any byte is read");
	ok(ns_register(&ns, "a", 1, 1, 0x10, 0) == -NS_EINVAL, "rights beyond 4 bits: EINVAL");
	ok(ns_register(&ns, "a", 1, 1, 0, 1u << 7) == -NS_EINVAL, "unknown flag: EINVAL");
	ok(ns_count(&ns) == 0, "nothing was registered");
	ok(ns_unlink(&ns, NULL, 0) == -NS_EINVAL, "unlink of an empty name: EINVAL");
	ok(unlink_name(&ns, "a/b") == -NS_EINVAL, "unlink of a name with '/': EINVAL");
	ok(ns_unlink(&ns, long_name, NS_NAME_MAX + 1) == -NS_EINVAL,
	   "unlink of a name too long: EINVAL");
	ns_destroy(&ns);
}

static void test_paths(void)
{
	struct ns ns;
	size_t used = 99;
	const struct ns_entry *e;
	char long_name[NS_NAME_MAX + 1];

	ns_init(&ns);
	ok(reg(&ns, "a", 1, 0) == 0 && reg(&ns, "b", 2, 0) == 0, "register a and b");
	const char *path = "a/b/c";
	ok(lookup(&ns, path, &used) == 1 && used == 2, "a/b/c: a, rest b/c");
	ok(lookup(&ns, path + used, &used) == 2 && used == 2, "then b/c: b, rest c");
	ok(lookup(&ns, "/a/b", &used) == 1 && used == 3, "a leading slash is skipped and counted");
	ok(lookup(&ns, "///a", &used) == 1 && used == 4, "many leading slashes");
	ok(lookup(&ns, "a/", &used) == 1 && used == 2, "a/: the trailing slash is consumed");
	ok(lookup(&ns, "a", &used) == 1 && used == 1, "a alone");
	ok(lookup(&ns, "a//b", &used) == 1 && used == 2, "a//b: the rest starts with a slash");
	ok(lookup(&ns, "c/a", &used) == -NS_ENOENT, "an absent first component: ENOENT");
	used = 99;
	ok(lookup(&ns, "", &used) == -NS_EINVAL && used == 99, "an empty path: EINVAL");
	ok(ns_query(&ns, NULL, 0, &e, &used) == -NS_EINVAL, "(NULL, 0): EINVAL");
	ok(lookup(&ns, "/", &used) == -NS_EINVAL, "a path of one slash: EINVAL");
	ok(lookup(&ns, "///", &used) == -NS_EINVAL, "a path of only slashes: EINVAL");
	ok(ns_query(&ns, "a\0", 2, &e, &used) == -NS_EINVAL, "a NUL in the component: EINVAL");

	/* The length bounds the path: bytes past it are never looked at. */
	ok(ns_query(&ns, "ab", 1, &e, &used) == 0 && e->cap == 1 && used == 1,
	   "a path cut short by its length");
	ok(ns_query(&ns, "/a", 1, &e, &used) == -NS_EINVAL, "a length covering only the slash");

	memset(long_name, 'y', sizeof(long_name));
	ok(ns_register(&ns, long_name, NS_NAME_MAX, 3, 0x1, 0) == 0, "a name of exactly 63 bytes");
	e = ns_entry_at(&ns, ns_count(&ns) - 1);
	ok(e && e->len == NS_NAME_MAX && strlen(e->name) == NS_NAME_MAX,
	   "is stored whole and NUL-terminated");
	ok(ns_query(&ns, long_name, NS_NAME_MAX, &e, &used) == 0 && e->cap == 3 &&
		   used == NS_NAME_MAX,
	   "and found");
	ok(ns_query(&ns, long_name, NS_NAME_MAX + 1, &e, &used) == -NS_EINVAL,
	   "a component of 64 bytes: EINVAL");
	ns_destroy(&ns);
}

/* Names handed over in buffers of exactly their length: ASan sees any overread. */
static void test_unterminated(void)
{
	struct ns ns;
	const struct ns_entry *e;
	size_t used;
	int all = 1;

	ns_init(&ns);
	for (size_t len = 1; len <= NS_NAME_MAX; len++) {
		char *name = malloc(len);
		memset(name, 'a' + (int)(len % 26), len);
		all &= ns_register(&ns, name, len, len, 0, 0) == 0;
		all &= ns_query(&ns, name, len, &e, &used) == 0 && e->cap == len && used == len;
		free(name);
	}
	ok(all, "names of every length 1..63 in exact buffers register and resolve");
	char *path = malloc(3);
	memcpy(path, "//b", 3); /* "b" is the name of length 1 */
	ok(ns_query(&ns, path, 3, &e, &used) == 0 && e->cap == 1 && used == 3,
	   "a path in an exact buffer, ending inside its component");
	memcpy(path, "/a/", 3);
	ok(ns_query(&ns, path, 3, &e, &used) == -NS_ENOENT, "another, ending with a slash");
	free(path);
	all = 1;
	for (size_t len = 1; len <= NS_NAME_MAX; len++) {
		char *name = malloc(len);
		memset(name, 'a' + (int)(len % 26), len);
		all &= ns_unlink(&ns, name, len) == 0;
		free(name);
	}
	ok(all && ns_count(&ns) == 0, "and unlink");
	ns_destroy(&ns);
}

static void test_listing(void)
{
	static const char *const names[] = {"vcon", "rom", "log", "sigma0", "a", "moe", "Z", "ro"};
	static const char *const sorted[] = {"Z", "a", "log", "moe", "ro", "rom", "sigma0", "vcon"};
	struct ns ns;
	int all = 1;

	ns_init(&ns);
	for (size_t i = 0; i < 8; i++)
		all &= reg(&ns, names[i], i, 0) == 0;
	for (size_t i = 0; i < ns_count(&ns); i++)
		all &= strcmp(ns_entry_at(&ns, i)->name, sorted[i]) == 0;
	ok(all && ns_count(&ns) == 8, "entry_at lists every entry, in name order");
	ok(!ns_entry_at(&ns, 8) && !ns_entry_at(&ns, SIZE_MAX), "entry_at past the end: NULL");
	ns_destroy(&ns);
}

static void test_alloc_failure(void)
{
	struct ns ns;
	char name[16];
	size_t used;
	int all = 1;

	ns_realloc = test_realloc;
	ns_init(&ns);
	allocs_left = 0;
	ok(reg(&ns, "first", 1, 0) == -NS_ENOMEM && ns_count(&ns) == 0,
	   "first register with no memory: ENOMEM");
	ok(lookup(&ns, "first", &used) == -NS_ENOENT, "and nothing was registered");

	/* Fail each growth once, then retry it. */
	for (int i = 0; i < 100; i++) {
		snprintf(name, sizeof(name), "n%03d", i);
		allocs_left = 0;
		int err = reg(&ns, name, (uint64_t)i, 0);
		if (err == -NS_ENOMEM) {
			all &= ns_count(&ns) == (size_t)i && lookup(&ns, name, &used) == -NS_ENOENT;
			allocs_left = -1;
			err = reg(&ns, name, (uint64_t)i, 0);
		}
		all &= err == 0 && ns_count(&ns) == (size_t)i + 1;
	}
	ok(all, "each failed growth leaves the namespace unchanged, and a retry succeeds");
	allocs_left = 0;
	ok(reg(&ns, "n000", 99, NS_REPLACE) == 0 && lookup(&ns, "n000", &used) == 99,
	   "replacing needs no allocation");
	ok(unlink_name(&ns, "n001") == 0, "nor does unlink");
	ok(reg(&ns, "n001", 1, 0) == 0, "nor registering into the room it left");
	allocs_left = -1;
	ns_destroy(&ns);
	ns_realloc = realloc;
}

/* Random register, replace, unlink and query of names from a small alphabet, against a list. */
#define NNAMES 400
static struct {
	char name[4];
	size_t len;
	int present, strong;
	uint64_t cap;
} model[NNAMES];

static void test_random(void)
{
	struct ns ns;
	int mismatch = 0, present = 0, done[4] = {0};

	srand(1234);
	for (int i = 0; i < NNAMES; i++) {
		/* Lengths 1 to 3 over "abcde/": some names are invalid on purpose. */
		model[i].len = 1 + (size_t)i % 3;
		for (size_t j = 0; j < model[i].len; j++)
			model[i].name[j] = "abcde/"[rand() % 6];
	}
	ns_init(&ns);
	for (int op = 0; op < 20000 && !mismatch; op++) {
		int i = rand() % NNAMES, kind = rand() % 4, want, got;
		const char *name = model[i].name;
		size_t len = model[i].len;
		bool valid = !memchr(name, '/', len);
		uint64_t cap = (uint64_t)op;
		unsigned flags = rand() % 8 == 0 ? NS_STRONG : 0;

		/* Names repeat in the table: find the first slot holding the same name. */
		for (int k = 0; k < i; k++)
			if (model[k].len == len && memcmp(model[k].name, name, len) == 0) {
				i = k;
				break;
			}
		if (kind <= 1) { /* register, half the time replacing */
			flags |= kind ? NS_REPLACE : 0;
			want = !valid		   ? -NS_EINVAL
			       : !model[i].present ? 0
			       : !kind		   ? -NS_EEXIST
			       : model[i].strong   ? -NS_EPERM
						   : 0;
			got = ns_register(&ns, name, len, cap, 0x3, flags);
			if (!got) {
				present += !model[i].present;
				model[i].present = 1;
				model[i].strong = flags & NS_STRONG;
				model[i].cap = cap;
			}
		} else if (kind == 2) {
			want = !valid		   ? -NS_EINVAL
			       : !model[i].present ? -NS_ENOENT
			       : model[i].strong   ? -NS_EPERM
						   : 0;
			got = ns_unlink(&ns, name, len);
			if (!got) {
				model[i].present = 0;
				present--;
			}
		} else {
			const struct ns_entry *e;
			size_t used;
			want = model[i].present ? 0 : -NS_ENOENT;
			got = ns_query(&ns, name, len, &e, &used);
			/* A name with '/' resolves its first component, so only compare valid ones.
			 */
			if (!valid)
				want = got;
			else if (!got && (e->cap != model[i].cap || used != len))
				mismatch = 1;
		}
		if (want != got) {
			printf("# op %d kind %d name %.*s: want %d, got %d\n", op, kind, (int)len,
			       name, want, got);
			mismatch = 1;
		}
		if (!got)
			done[kind]++;
		mismatch |= ns_count(&ns) != (size_t)present;
	}
	for (size_t i = 1; i < ns_count(&ns); i++) {
		const struct ns_entry *a = ns_entry_at(&ns, i - 1), *b = ns_entry_at(&ns, i);
		int c = memcmp(a->name, b->name, a->len < b->len ? a->len : b->len);
		mismatch |= c > 0 || (c == 0 && a->len >= b->len);
	}
	ok(!mismatch, "20000 random operations give the model's results, and order holds");
	ok(done[0] > 100 && done[1] > 100 && done[2] > 100 && done[3] > 1000,
	   "every kind of operation succeeded often (%d %d %d %d)", done[0], done[1], done[2],
	   done[3]);
	ns_destroy(&ns);
}

int main(void)
{
	test_basic();
	test_strong();
	test_placeholder();
	test_invalid();
	test_paths();
	test_unterminated();
	test_listing();
	test_alloc_failure();
	test_random();
	return tap_done();
}
