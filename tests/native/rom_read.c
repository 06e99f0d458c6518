// SPDX-License-Identifier: BSD-2-Clause
/*
 * Reads a boot-archive file the L4Re way: query the rom namespace for its
 * dataspace, attach that to the own region map, read memory. Also the error
 * paths of each step.
 */
#include <stdio.h>
#include <string.h>

#include <l4re/client.h>

#define DS_SLOT L4RE_FIRST_FREE_CAP

static int checks, failed;

static void check(int ok, const char *what)
{
	checks++;
	if (!ok)
		failed++;
	printf("%s: %s\n", ok ? "ok" : "FAILED", what);
}

int main(void)
{
	uint64_t size = 0, addr = 0x10000000;

	check(l4re_ns_query(L4RE_ROM_CAP, "rom/hello", DS_SLOT) == 0,
	      "rom/hello found in the rom namespace");
	check(l4re_ds_size(DS_SLOT, &size) == 0 && size > 1000,
	      "its dataspace has the file's size");
	check(l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_SEARCH, DS_SLOT, 0) == 0,
	      "attached read-only to the region map");
	const unsigned char *p = (const unsigned char *)addr;
	check(memcmp(p, "\177ELF", 4) == 0, "the bytes there are the ELF file");
	printf("rom_read: rom/hello is %llu bytes, attached at 0x%llx, starts with %02x %c%c%c\n",
	       (unsigned long long)size, (unsigned long long)addr, p[0], p[1], p[2], p[3]);
	check(p[size - 1] == p[size - 1], "its last byte can be read");

	uint64_t a2 = 0x20000000;
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R | L4RE_RM_W, DS_SLOT, 0) == -L4_EPERM,
	      "attaching a rom file writable is refused (EPERM)");
	a2 = addr;
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R, DS_SLOT, 0) == -L4_EEXIST,
	      "attaching over an existing region is refused (EEXIST)");
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R, DS_SLOT, 1) == -L4_ERANGE,
	      "an unaligned offset is refused (ERANGE)");
	check(l4re_rm_attach(&a2, 0, L4RE_RM_R, L4_BASE_LOG_CAP, 0) < 0,
	      "something that is not a dataspace is refused");
	check(l4re_ns_query(L4RE_ROM_CAP, "rom/no-such-file", DS_SLOT + 0x1000) == -L4_ENOENT,
	      "a missing file: ENOENT");
	check(l4re_rm_detach(addr) == 0, "detached");
	check(l4re_rm_detach(addr) == -L4_ENOENT, "detaching again: ENOENT");
	/* What was mapped is gone: another file attached there shows its own bytes. */
	uint64_t a3 = addr;
	check(l4re_ns_query(L4RE_ROM_CAP, "rom/bad_magic", DS_SLOT + 0x1000) == 0 &&
		      l4re_rm_attach(&a3, 0, L4RE_RM_R, DS_SLOT + 0x1000, 0) == 0 && a3 == addr &&
		      memcmp(p, "this is not", 11) == 0,
	      "after the detach the address shows what is attached there now");
	printf("rom_read: %d checks, %d failed\n", checks, failed);
	return failed ? 1 : 0;
}
