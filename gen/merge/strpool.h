/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strpool.h: interned strings, so equal names share one id and are stored once. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strpool_entry {
	const char *string;
	uint32_t len;  /* the readers bound every field far below 4 GiB */
	uint32_t hash; /* kept, so that growing the table hashes nothing again */
};

/* The strings are copied into blocks, not allocated one by one: a registry interns some 100,000. */
struct strpool_block;

/* The entries by id, in chunks of STRPOOL_CHUNK: a pool grows without moving or copying them, and touches
 * no more memory than its entries take, where a page's first touch costs more than most work done on it. */
#define STRPOOL_CHUNK_SHIFT 10
#define STRPOOL_CHUNK (1u << STRPOOL_CHUNK_SHIFT)

struct strpool {
	struct strpool_entry **chunks;
	size_t count, nchunks, chunks_cap;
	uint32_t *slots; /* open addressing over ids, 0 empty, else id + 1 */
	size_t nslots;
	struct strpool_block *blocks;
};

void strpool_free(struct strpool *pool);
uint32_t strpool_intern(struct strpool *pool, const char *s, size_t len);
/* Sets *id and returns true if s is interned already. */
bool strpool_find(const struct strpool *pool, const char *s, size_t len, uint32_t *id);

static inline const struct strpool_entry *strpool_entry(const struct strpool *pool, uint32_t id)
{
	return &pool->chunks[id >> STRPOOL_CHUNK_SHIFT][id & (STRPOOL_CHUNK - 1)];
}

static inline const char *strpool_get(const struct strpool *pool, uint32_t id)
{
	return strpool_entry(pool, id)->string;
}
