/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* xalloc.h: allocation that ends the generator with a message when memory runs out. */
#pragma once
#include <stddef.h>

void *xmalloc(size_t size);
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrndup(const char *s, size_t len);

/* Grow *array so that it holds at least need elements; *cap tracks its capacity. */
#define GROW(array, cap, need)                                                     \
	do {                                                                       \
		if ((need) > (cap)) {                                              \
			size_t grow_to_ = (cap) ? (cap) * 2 : 16;                  \
			while (grow_to_ < (need))                                  \
				grow_to_ *= 2;                                     \
			(array) = xreallocarray((array), grow_to_, sizeof(*(array))); \
			(cap) = grow_to_;                                          \
		}                                                                  \
	} while (0)
