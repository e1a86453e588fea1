/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xalloc.c: allocation that ends the generator with a message when memory runs out. */
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

/* The generator builds its tables, writes them and exits; what it frees midway is soon used again. Its
 * heap grows 16 MiB at a time and is not handed back to the kernel between: a page given back is
 * faulted in again, and the first touch of a page costs more than most work done on it. Set in a
 * constructor, so that no allocation comes before it. */
__attribute__((constructor)) static void keep_freed_memory(void)
{
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
}

static void *check(void *p)
{
	if (!p) {
		/* No output file is open while inputs are read, so nothing is left half-written. */
		log_error(NULL, "out of memory");
		exit(1);
	}
	return p;
}

void *xmalloc(size_t size)
{
	return check(malloc(size ? size : 1));
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	return check(reallocarray(ptr, count ? count : 1, size));
}

char *xstrndup(const char *s, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, s, len);
	copy[len] = '\0';
	return copy;
}
