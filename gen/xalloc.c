/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xalloc.c: allocation that ends the generator with a message when memory runs out. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "xalloc.h"

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
