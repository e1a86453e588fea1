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
