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

/* Names in any case, each with a protocol key, once each: found by the hash the index files them by,
 * with nothing copied. */
struct name_set_slot {
	uint32_t hash, protocol_key;
	const char *name; /* NULL in an empty slot */
};

struct name_set {
	struct name_set_slot *slots;
	size_t nslots, count;
};

/* Adds name with protocol_key and returns true, unless the set has them already in some case; hash is
 * their index_hash_name(). name must outlive the set. */
bool name_set_add(struct name_set *set, const char *name, uint32_t protocol_key, uint32_t hash);
void name_set_free(struct name_set *set);

/* The key scheme of every name: "name/protocol", or "name/" for a name asked without one, the name
 * lower-cased when fold is set (names match in any case, RFC 6335), into buf of size len. */
const char *name_key(char *buf, size_t len, const char *name, const char *protocol, bool fold);
#define NAME_KEY_MAX 320
