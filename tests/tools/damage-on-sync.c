/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* damage-on-sync.c: preloaded, flips a byte of each index written as it is synced, as a failing disk would. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "index-format.h"

/* The byte flipped is DAMAGE_OFFSET's, in every file that starts as an index's data does. */
int fsync(int fd)
{
	int (*real_fsync)(int) = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	const char *at = getenv("DAMAGE_OFFSET");
	off_t offset = at ? (off_t)strtoll(at, NULL, 10) : 0;
	unsigned char magic[INDEX_MAGIC_LEN], byte;

	if (pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	    memcmp(magic, INDEX_MAGIC, INDEX_MAGIC_LEN) == 0 && pread(fd, &byte, 1, offset) == 1) {
		byte ^= 0xff;
		if (pwrite(fd, &byte, 1, offset) != 1)
			abort();
	}
	return real_fsync(fd);
}
