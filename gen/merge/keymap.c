/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* keymap.c: string keys to numbers, where the first value put for a key is the one kept. */
#include <stdlib.h>
#include <string.h>

#include "index-format.h"
#include "keymap.h"
#include "xalloc.h"

bool keymap_put_first(struct keymap *m, const char *key, uint32_t value)
{
	size_t before = m->keys.count;
	uint32_t id = strpool_intern(&m->keys, key, strlen(key));

	if (m->keys.count == before)
		return false;
	GROW(m->values, m->cap, (size_t)id + 1);
	m->values[id] = value;
	return true;
}

void keymap_set(struct keymap *m, const char *key, uint32_t value)
{
	uint32_t id = strpool_intern(&m->keys, key, strlen(key));

	GROW(m->values, m->cap, (size_t)id + 1);
	m->values[id] = value;
}

bool keymap_get(const struct keymap *m, const char *key, uint32_t *value)
{
	uint32_t id;

	if (!strpool_find(&m->keys, key, strlen(key), &id))
		return false;
	*value = m->values[id];
	return true;
}

void keymap_free(struct keymap *m)
{
	strpool_free(&m->keys);
	free(m->values);
	memset(m, 0, sizeof(*m));
}

static size_t name_slot(const struct name_set *set, uint32_t name, uint32_t protocol_key, uint32_t hash)
{
	size_t i = hash & (set->nslots - 1);

	for (;; i = (i + 1) & (set->nslots - 1)) {
		const struct name_set_slot *k = &set->slots[i];

		if (!k->name || (k->hash == hash && k->protocol_key == protocol_key &&
				 index_names_equal(strpool_get(set->pool, k->name - 1), strpool_get(set->pool, name))))
			return i;
	}
}

/* Up to three quarters full, as a string pool. */
void name_set_reserve(struct name_set *set, size_t count)
{
	struct name_set grown = { .pool = set->pool, .nslots = set->nslots ? set->nslots : 1024 };

	while (count * 4 > grown.nslots * 3)
		grown.nslots *= 2;
	if (grown.nslots == set->nslots)
		return;
	grown.slots = xreallocarray(NULL, grown.nslots, sizeof(*grown.slots));
	memset(grown.slots, 0, grown.nslots * sizeof(*grown.slots));
	for (size_t i = 0; i < set->nslots; i++) {
		const struct name_set_slot *k = &set->slots[i];

		if (k->name)
			grown.slots[name_slot(&grown, k->name - 1, k->protocol_key, k->hash)] = *k;
	}
	grown.count = set->count;
	free(set->slots);
	*set = grown;
}

bool name_set_add(struct name_set *set, uint32_t name, uint32_t protocol_key, uint32_t hash, uint32_t *value)
{
	struct name_set_slot *k;

	if ((set->count + 1) * 4 > set->nslots * 3)
		name_set_reserve(set, set->count + 1);
	k = &set->slots[name_slot(set, name, protocol_key, hash)];
	if (k->name) {
		*value = k->value;
		return false;
	}
	*k = (struct name_set_slot){ .hash = hash, .protocol_key = protocol_key, .name = name + 1, .value = *value };
	set->count++;
	return true;
}

void name_set_free(struct name_set *set)
{
	free(set->slots);
	*set = (struct name_set){ .pool = set->pool };
}

/* Cut short at len - 1 bytes, as snprintf would; built by hand, since it runs for every name. */
const char *name_key(char *buf, size_t len, const char *name, const char *protocol, bool fold)
{
	size_t n = 0;

	for (; name[n] && n + 1 < len; n++)
		buf[n] = fold ? (char)index_ascii_lower((unsigned char)name[n]) : name[n];
	if (n + 1 < len)
		buf[n++] = '/';
	for (; *protocol && n + 1 < len; protocol++)
		buf[n++] = *protocol;
	if (len)
		buf[n] = '\0';
	return buf;
}
