/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* keymap.h: string keys to numbers, where the first value put for a key is the one kept. */
#pragma once
#include <stdbool.h>
#include <stdint.h>

#include "strpool.h"

struct keymap {
	struct strpool keys;
	uint32_t *values; /* by key id */
	size_t cap;
};

/* Returns true if the key was new and now maps to value. */
bool keymap_put_first(struct keymap *m, const char *key, uint32_t value);
void keymap_set(struct keymap *m, const char *key, uint32_t value);
bool keymap_get(const struct keymap *m, const char *key, uint32_t *value);
void keymap_free(struct keymap *m);

/* Names of a pool in any case, each with a protocol key, once each: found by the hash the index files
 * them by, with nothing copied. */
struct name_set_slot {
	uint32_t hash, protocol_key;
	uint32_t name; /* pool id + 1, 0 in an empty slot */
	uint32_t value;
};

struct name_set {
	const struct strpool *pool;
	struct name_set_slot *slots;
	size_t nslots, count;
};

/* Adds name with protocol_key and *value and returns true, unless the set has them already in some case:
 * then sets *value to theirs. hash is their index_hash_name(). */
/* Room for count names, so that the set need not grow on the way. */
void name_set_reserve(struct name_set *set, size_t count);
bool name_set_add(struct name_set *set, uint32_t name, uint32_t protocol_key, uint32_t hash, uint32_t *value);
void name_set_free(struct name_set *set);

/* The key scheme of every name: "name/protocol", or "name/" for a name asked without one, the name
 * lower-cased when fold is set (names match in any case, RFC 6335), into buf of size len. */
const char *name_key(char *buf, size_t len, const char *name, const char *protocol, bool fold);
#define NAME_KEY_MAX 320
