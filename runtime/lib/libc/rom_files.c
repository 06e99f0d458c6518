// SPDX-License-Identifier: BSD-2-Clause
/*
 * Read-only files for picolibc's stdio: open("rom/NAME") looks the file up in
 * the rom namespace moe gives every program, attaches its dataspace and reads
 * from memory. Programs the kernel starts alone have no rom namespace.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include <l4/sys/task.h>
#include <l4re/client.h>

#define MAX_FILES    8
#define FIRST_FD     3
#define FILE_SLOT(i) (L4RE_FIRST_FREE_CAP + ((uint64_t)(40 + (i)) << L4_CAP_SHIFT))

static struct {
	const char *data;
	uint64_t size, pos;
	bool used;
} files[MAX_FILES];

static int file_index(int fd)
{
	int i = fd - FIRST_FD;
	if (i < 0 || i >= MAX_FILES || !files[i].used) {
		errno = EBADF;
		return -1;
	}
	return i;
}

int open(const char *path, int flags, ...)
{
	uint64_t size, addr = 0x20000000;
	int i;

	if ((flags & O_ACCMODE) != O_RDONLY) {
		errno = EROFS;
		return -1;
	}
	for (i = 0; i < MAX_FILES && files[i].used; i++)
		;
	if (i == MAX_FILES) {
		errno = EMFILE;
		return -1;
	}
	long r = l4re_ns_query(L4RE_ROM_CAP, path, FILE_SLOT(i));
	if (r != 0) {
		errno = r == -L4_ENOENT ? ENOENT : ENOSYS;
		return -1;
	}
	if (l4re_ds_size(FILE_SLOT(i), &size) != 0 ||
	    l4re_rm_attach(&addr, 0, L4RE_RM_R | L4RE_RM_SEARCH, FILE_SLOT(i), 0) != 0) {
		l4_task_release_cap(L4_BASE_TASK_CAP, FILE_SLOT(i));
		errno = ENOMEM;
		return -1;
	}
	files[i].data = (const char *)addr;
	files[i].size = size;
	files[i].pos = 0;
	files[i].used = true;
	return FIRST_FD + i;
}

ssize_t read(int fd, void *buf, size_t n)
{
	int i = file_index(fd);
	if (i < 0)
		return -1;
	uint64_t left = files[i].size - files[i].pos;
	if (n > left)
		n = left;
	memcpy(buf, files[i].data + files[i].pos, n);
	files[i].pos += n;
	return (ssize_t)n;
}

off_t lseek(int fd, off_t offset, int whence)
{
	int i = file_index(fd);
	if (i < 0)
		return -1;
	int64_t base = whence == SEEK_SET   ? 0
		       : whence == SEEK_CUR ? (int64_t)files[i].pos
		       : whence == SEEK_END ? (int64_t)files[i].size
					    : -1;
	if (base < 0 || base + offset < 0) {
		errno = EINVAL;
		return -1;
	}
	files[i].pos = (uint64_t)(base + offset);
	return (off_t)files[i].pos;
}

/* Nothing is writable: rom files are read-only, and stdout is a picolibc FILE of its own. */
ssize_t write(int fd, const void *buf, size_t n)
{
	(void)buf, (void)n;
	errno = file_index(fd) < 0 ? EBADF : EROFS;
	return -1;
}

int close(int fd)
{
	int i = file_index(fd);
	if (i < 0)
		return -1;
	l4re_rm_detach((uint64_t)files[i].data);
	l4_task_release_cap(L4_BASE_TASK_CAP, FILE_SLOT(i));
	files[i].used = false;
	return 0;
}
