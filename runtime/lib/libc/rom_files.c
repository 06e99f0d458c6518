// SPDX-License-Identifier: BSD-2-Clause
/*
 * Read-only files: open("rom/NAME") looks the file up in the rom namespace
 * moe gives every program, attaches its dataspace and reads from memory.
 * Programs the kernel starts alone have no rom namespace.
 *
 * stdio streams on them are our own too: picolibc's fopen puts a buffer
 * between file and caller and its fread takes one byte at a time through
 * fgetc (about 100 instructions a byte: 3 G for a 32 MiB guest kernel). A
 * rom file is memory already: its stream reads straight from it, and fread
 * copies in bulk. Streams are picolibc's extended FILE (stdio.h's
 * struct __file_ext), so getc, ungetc, fseek, ftell, feof and fclose work
 * on them unchanged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
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

/* ---- stdio streams ------------------------------------------------------------ */

static struct __file_ext streams[MAX_FILES]; /* one per file: index fd - FIRST_FD */

static int stream_index(FILE *f)
{
	return (int)((struct __file_ext *)f - streams);
}

static int stream_get(FILE *f)
{
	int i = stream_index(f);
	if (files[i].pos >= files[i].size)
		return _FDEV_EOF;
	return (unsigned char)files[i].data[files[i].pos++];
}

static __off_t stream_seek(FILE *f, __off_t offset, int whence)
{
	return lseek(FIRST_FD + stream_index(f), offset, whence);
}

static int stream_close(FILE *f)
{
	return close(FIRST_FD + stream_index(f));
}

FILE *fopen(const char *path, const char *mode)
{
	if (mode[0] != 'r' || strchr(mode, '+')) {
		errno = mode[0] == 'w' || mode[0] == 'a' ? EROFS : EINVAL;
		return NULL;
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	struct __file_ext *s = &streams[fd - FIRST_FD];
	*s = (struct __file_ext)FDEV_SETUP_EXT(NULL, stream_get, NULL, stream_close, stream_seek,
					       NULL, __SRD);
	return &s->cfile.file;
}

size_t fread(void *ptr, size_t size, size_t nmemb, FILE *f)
{
	unsigned char *out = ptr;
	size_t want, got = 0;

	if (__builtin_mul_overflow(size, nmemb, &want) || want == 0)
		return 0;
	if (!(f->flags & __SRD))
		return 0;
	if (f->get != stream_get) { /* another kind of stream: as picolibc does it */
		for (int c; got < want && (c = getc(f)) != EOF; got++)
			out[got] = (unsigned char)c;
		return got / size;
	}
	if (f->unget) { /* a byte ungetc pushed back comes first */
		out[got++] = (unsigned char)f->unget;
		f->unget = 0;
	}
	int i = stream_index(f);
	uint64_t n = files[i].size - files[i].pos;
	if (n > want - got)
		n = want - got;
	memcpy(out + got, files[i].data + files[i].pos, n);
	files[i].pos += n;
	got += n;
	if (got < want)
		f->flags |= __SEOF;
	return got / size;
}
