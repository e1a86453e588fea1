/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fail-fstat.c: preloaded, makes fstat() of the file FAIL_FSTAT_PATH names fail with EIO, as a failing disk would. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#undef _FILE_OFFSET_BITS /* both names defined as themselves, neither redirected to the other */
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Whether fd is open on FAIL_FSTAT_PATH (an absolute path, as /proc gives it). */
static int is_target(int fd)
{
	const char *target = getenv("FAIL_FSTAT_PATH");
	char proc[64], path[PATH_MAX];
	ssize_t len;

	if (!target)
		return 0;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	len = readlink(proc, path, sizeof(path) - 1);
	if (len < 0)
		return 0;
	path[len] = '\0';
	return strcmp(path, target) == 0;
}

/* The program calls fstat or fstat64, as it was built; with a 64-bit time_t on a 32-bit architecture (armhf),
 * __fstat64_time64, whose struct the program's own is, passed through untouched. */
#define FAILING(name, type)                                                              \
	int name(int fd, type *sb)                                                       \
	{                                                                                \
		int (*real)(int, type *) = (int (*)(int, type *))dlsym(RTLD_NEXT, #name); \
		if (is_target(fd)) {                                                     \
			errno = EIO;                                                     \
			return -1;                                                       \
		}                                                                        \
		return real(fd, sb);                                                     \
	}
FAILING(fstat, struct stat)
FAILING(fstat64, struct stat64)
int __fstat64_time64(int fd, struct stat64 *sb);
FAILING(__fstat64_time64, struct stat64)
