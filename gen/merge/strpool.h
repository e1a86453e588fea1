/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strpool.h: interned strings, so equal names share one id and are stored once. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strpool_entry {
	const char *string;
	size_t len;
	uint32_t hash; /* kept, so that growing the table hashes nothing again */
};

/* The strings are copied into blocks, not allocated one by one: a registry interns some 100,000. */
struct strpool_block;

struct strpool {
	struct strpool_entry *entries; /* by id */
	size_t count, cap;
	uint32_t *slots; /* open addressing over ids, 0 empty, else id + 1 */
	size_t nslots;
	struct strpool_block *blocks;
};

void strpool_free(struct strpool *pool);
uint32_t strpool_intern(struct strpool *pool, const char *s, size_t len);
/* Sets *id and returns true if s is interned already. */
bool strpool_find(const struct strpool *pool, const char *s, size_t len, uint32_t *id);

static inline const char *strpool_get(const struct strpool *pool, uint32_t id)
{
	return pool->entries[id].string;
}
