/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* strpool.c: interned strings, so equal names share one id and are stored once. */
#include <stdlib.h>
#include <string.h>

#include "strpool.h"
#include "xalloc.h"

static uint32_t hash_bytes(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static size_t find_slot(const struct strpool *pool, const char *s, size_t len)
{
	size_t i = hash_bytes(s, len) & (pool->nslots - 1);

	for (;; i = (i + 1) & (pool->nslots - 1)) {
		uint32_t slot = pool->slots[i];
		const char *t;

		if (!slot)
			return i;
		t = pool->strings[slot - 1];
		if (strncmp(t, s, len) == 0 && t[len] == '\0')
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
		const char *s = pool->strings[id];

		pool->slots[find_slot(pool, s, strlen(s))] = (uint32_t)id + 1;
	}
}

uint32_t strpool_intern(struct strpool *pool, const char *s, size_t len)
{
	size_t i;

	if ((pool->count + 1) * 2 > pool->nslots)
		rehash(pool);
	i = find_slot(pool, s, len);
	if (pool->slots[i])
		return pool->slots[i] - 1;
	GROW(pool->strings, pool->cap, pool->count + 1);
	pool->strings[pool->count] = xstrndup(s, len);
	pool->slots[i] = (uint32_t)++pool->count;
	return pool->slots[i] - 1;
}

bool strpool_find(const struct strpool *pool, const char *s, size_t len, uint32_t *id)
{
	size_t i;

	if (!pool->nslots)
		return false;
	i = find_slot(pool, s, len);
	if (!pool->slots[i])
		return false;
	*id = pool->slots[i] - 1;
	return true;
}

void strpool_free(struct strpool *pool)
{
	for (size_t id = 0; id < pool->count; id++)
		free(pool->strings[id]);
	free(pool->strings);
	free(pool->slots);
	memset(pool, 0, sizeof(*pool));
}
