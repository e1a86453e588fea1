/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strpool.c: interned strings, so equal names share one id and are stored once. */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "xalloc.h"

#define BLOCK_SIZE 65536

struct strpool_block {
	struct strpool_block *next;
	size_t used, size;
	char data[];
};

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t find_slot(const struct strpool *pool, const char *s, size_t len, uint32_t hash)
{
	size_t i = hash & (pool->nslots - 1);

	for (;; i = (i + 1) & (pool->nslots - 1)) {
		uint32_t slot = pool->slots[i];
		const struct strpool_entry *e;

		if (!slot)
			return i;
		e = strpool_entry(pool, slot - 1);
		if (e->hash == hash && e->len == len && memcmp(e->string, s, len) == 0)
			return i;
	}
}

static void rehash(struct strpool *pool)
{
	size_t nslots = pool->nslots ? pool->nslots * 2 : 1024;

	free(pool->slots);
	pool->slots = xreallocarray(NULL, nslots, sizeof(*pool->slots));
	memset(pool->slots, 0, nslots * sizeof(*pool->slots));
	pool->nslots = nslots;
	for (size_t id = 0; id < pool->count; id++) {
		size_t i = strpool_entry(pool, (uint32_t)id)->hash & (nslots - 1);

		while (pool->slots[i])
			i = (i + 1) & (nslots - 1);
		pool->slots[i] = (uint32_t)id + 1;
	}
}

/* A copy of s[0..len) with a NUL, in the pool's blocks. */
static const char *store(struct strpool *pool, const char *s, size_t len)
{
	struct strpool_block *b = pool->blocks;
	char *copy;

	if (!b || b->size - b->used < len + 1) {
		size_t size = len + 1 > BLOCK_SIZE ? len + 1 : BLOCK_SIZE;

		b = xmalloc(sizeof(*b) + size);
		b->next = pool->blocks;
		b->used = 0;
		b->size = size;
		pool->blocks = b;
	}
	copy = b->data + b->used;
	memcpy(copy, s, len);
	copy[len] = '\0';
	b->used += len + 1;
	return copy;
}

/* The entry of the next id, counted. */
static struct strpool_entry *new_entry(struct strpool *pool)
{
	size_t chunk = pool->count / STRPOOL_CHUNK;

	if (chunk == pool->nchunks) {
		GROW(pool->chunks, pool->chunks_cap, pool->nchunks + 1);
		pool->chunks[pool->nchunks++] = xreallocarray(NULL, STRPOOL_CHUNK, sizeof(struct strpool_entry));
	}
	return &pool->chunks[chunk][pool->count++ % STRPOOL_CHUNK];
}

uint32_t strpool_intern(struct strpool *pool, const char *s, size_t len)
{
	uint32_t hash = hash_bytes(s, len);
	size_t i;

	/* Up to three quarters full: a probe reads a few more slots, and the pools' slots take half the
	 * pages they would at one half, which cost more. */
	if ((pool->count + 1) * 4 > pool->nslots * 3)
		rehash(pool);
	i = find_slot(pool, s, len, hash);
	if (pool->slots[i])
		return pool->slots[i] - 1;
	*new_entry(pool) = (struct strpool_entry){ .string = store(pool, s, len), .len = (uint32_t)len, .hash = hash };
	pool->slots[i] = (uint32_t)pool->count;
	return pool->slots[i] - 1;
}

bool strpool_find(const struct strpool *pool, const char *s, size_t len, uint32_t *id)
{
	size_t i;

	if (!pool->nslots)
		return false;
	i = find_slot(pool, s, len, hash_bytes(s, len));
	if (!pool->slots[i])
		return false;
	*id = pool->slots[i] - 1;
	return true;
}

void strpool_free(struct strpool *pool)
{
	while (pool->blocks) {
		struct strpool_block *next = pool->blocks->next;

		free(pool->blocks);
		pool->blocks = next;
	}
	for (size_t c = 0; c < pool->nchunks; c++)
		free(pool->chunks[c]);
	free(pool->chunks);
	free(pool->slots);
	memset(pool, 0, sizeof(*pool));
}
