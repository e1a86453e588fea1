/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index.c: reading the nss-iana index from memory, every offset checked before it is read. */
#include <stdbool.h>
#include <string.h>

#include "index.h"

#define ANY_PROTOCOL (-1)
#define NO_SUCH_PROTOCOL (-2)

struct name_query {
	const char *name;
	int protocol;
};

struct port_query {
	uint16_t port;
	int protocol;
};

static bool section_fits(const struct index_view *v, enum index_section s, uint32_t unit)
{
	uint32_t off = v->offset[s], len = v->length[s];

	return off >= INDEX_HEADER_SIZE && off % 4 == 0 && off <= v->size && len <= v->size - off &&
	       len % unit == 0;
}

static int read_sections(struct index_view *v)
{
	static const uint32_t unit[INDEX_SECTIONS] = {
		[INDEX_PROTOCOLS] = 4, [INDEX_ENTRIES] = INDEX_ENTRY_SIZE, [INDEX_NAMES] = 4, [INDEX_STRINGS] = 1,
		[INDEX_BY_NAME_PROTO] = 4, [INDEX_BY_NAME] = 4, [INDEX_BY_PORT_PROTO] = 4, [INDEX_BY_PORT] = 4,
	};

	for (int s = 0; s < INDEX_SECTIONS; s++) {
		v->offset[s] = index_le32(v->base + INDEX_OFF_SECTIONS + 8 * s);
		v->length[s] = index_le32(v->base + INDEX_OFF_SECTIONS + 8 * s + 4);
		if (!section_fits(v, (enum index_section)s, unit[s]))
			return -1;
	}
	/* Every string then ends inside the section, whatever offset points into it. */
	if (v->length[INDEX_STRINGS] == 0 || v->base[v->offset[INDEX_STRINGS] + v->length[INDEX_STRINGS] - 1] != '\0')
		return -1;
	if (v->length[INDEX_PROTOCOLS] / 4 > INDEX_MAX_PROTOCOLS ||
	    v->length[INDEX_ENTRIES] / INDEX_ENTRY_SIZE > INDEX_MAX_ENTRIES)
		return -1;
	return 0;
}

int index_view_open(struct index_view *v, const void *base, size_t size)
{
	const unsigned char *p = base;

	memset(v, 0, sizeof(*v));
	if (size < INDEX_HEADER_SIZE || size > INDEX_MAX_SIZE || size % 4 != 0)
		return -1;
	if (memcmp(p + INDEX_OFF_MAGIC, INDEX_MAGIC, INDEX_MAGIC_LEN) != 0 ||
	    index_le32(p + INDEX_OFF_VERSION) != INDEX_VERSION ||
	    index_le32(p + INDEX_OFF_HEADER_SIZE) != INDEX_HEADER_SIZE ||
	    index_le32(p + INDEX_OFF_FILE_SIZE) != size || index_le32(p + INDEX_OFF_FLAGS) != 0)
		return -1;
	if (index_le64(p + INDEX_OFF_CHECKSUM) != index_checksum(p, size))
		return -1;
	v->base = p;
	v->size = size;
	if (read_sections(v) < 0) {
		memset(v, 0, sizeof(*v));
		return -1;
	}
	return 0;
}

uint32_t index_entry_count(const struct index_view *v)
{
	return v->length[INDEX_ENTRIES] / INDEX_ENTRY_SIZE;
}

static const char *string_at(const struct index_view *v, uint32_t off)
{
	return off < v->length[INDEX_STRINGS] ? (const char *)v->base + v->offset[INDEX_STRINGS] + off : NULL;
}

int index_entry_at(const struct index_view *v, uint32_t i, struct index_entry *e)
{
	const unsigned char *p;

	if (i >= index_entry_count(v))
		return -1;
	p = v->base + v->offset[INDEX_ENTRIES] + (size_t)i * INDEX_ENTRY_SIZE;
	e->first_name = index_le32(p + INDEX_ENTRY_NAMES);
	e->port = index_le16(p + INDEX_ENTRY_PORT);
	e->name_count = p[INDEX_ENTRY_NAME_COUNT];
	e->protocol = p[INDEX_ENTRY_PROTOCOL];
	if (e->name_count == 0 || e->first_name > v->length[INDEX_NAMES] / 4 ||
	    e->name_count > v->length[INDEX_NAMES] / 4 - e->first_name ||
	    e->protocol >= v->length[INDEX_PROTOCOLS] / 4)
		return -1;
	return 0;
}

const char *index_entry_name(const struct index_view *v, const struct index_entry *e, unsigned n)
{
	if (n >= e->name_count)
		return NULL;
	return string_at(v, index_le32(v->base + v->offset[INDEX_NAMES] + 4 * ((size_t)e->first_name + n)));
}

static const char *protocol_name(const struct index_view *v, uint32_t id)
{
	if (id >= v->length[INDEX_PROTOCOLS] / 4)
		return NULL;
	return string_at(v, index_le32(v->base + v->offset[INDEX_PROTOCOLS] + 4 * id));
}

const char *index_entry_protocol(const struct index_view *v, const struct index_entry *e)
{
	return protocol_name(v, e->protocol);
}

/* The protocol id, ANY_PROTOCOL for NULL, or NO_SUCH_PROTOCOL. */
static int protocol_id(const struct index_view *v, const char *protocol)
{
	if (!protocol)
		return ANY_PROTOCOL;
	for (uint32_t id = 0; id < v->length[INDEX_PROTOCOLS] / 4; id++) {
		const char *s = protocol_name(v, id);

		if (s && strcmp(s, protocol) == 0)
			return (int)id;
	}
	return NO_SUCH_PROTOCOL;
}

static uint32_t protocol_key(int id)
{
	return id == ANY_PROTOCOL ? INDEX_ANY_PROTOCOL : (uint32_t)id + 1;
}

static bool names_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		if (index_ascii_lower((unsigned char)*a) != index_ascii_lower((unsigned char)*b))
			return false;
		if (!*a)
			return true;
	}
}

static bool entry_has_name(const struct index_view *v, uint32_t i, const void *query)
{
	const struct name_query *q = query;
	struct index_entry e;

	if (index_entry_at(v, i, &e) < 0 || (q->protocol != ANY_PROTOCOL && e.protocol != q->protocol))
		return false;
	for (unsigned n = 0; n < e.name_count; n++) {
		const char *s = index_entry_name(v, &e, n);

		if (s && names_equal(s, q->name))
			return true;
	}
	return false;
}

static bool entry_has_port(const struct index_view *v, uint32_t i, const void *query)
{
	const struct port_query *q = query;
	struct index_entry e;

	return index_entry_at(v, i, &e) == 0 && e.port == q->port &&
	       (q->protocol == ANY_PROTOCOL || e.protocol == q->protocol);
}

/* Linear probing from the hash's slot to the first empty one, at most once round the table. */
static int probe(const struct index_view *v, enum index_section table, uint32_t hash,
		 bool (*matches)(const struct index_view *, uint32_t, const void *), const void *query,
		 uint32_t *entry)
{
	const unsigned char *slots = v->base + v->offset[table];
	uint32_t nslots = v->length[table] / 4, tag = index_slot_tag(hash);

	if (nslots == 0)
		return -1;
	for (uint32_t i = index_slot_start(hash, nslots), n = 0; n < nslots; n++, i = i + 1 == nslots ? 0 : i + 1) {
		uint32_t slot = index_le32(slots + 4 * (size_t)i);

		if (slot == INDEX_SLOT_EMPTY)
			return -1;
		if (slot >> 24 == tag && matches(v, (slot & INDEX_SLOT_ENTRY_MASK) - 1, query)) {
			*entry = (slot & INDEX_SLOT_ENTRY_MASK) - 1;
			return 0;
		}
	}
	return -1;
}

int index_lookup_name(const struct index_view *v, const char *name, const char *protocol, uint32_t *entry)
{
	struct name_query q = { .name = name, .protocol = protocol_id(v, protocol) };

	if (q.protocol == NO_SUCH_PROTOCOL)
		return -1;
	return probe(v, q.protocol == ANY_PROTOCOL ? INDEX_BY_NAME : INDEX_BY_NAME_PROTO,
		     index_hash_name(name, protocol_key(q.protocol)), entry_has_name, &q, entry);
}

int index_lookup_port(const struct index_view *v, uint16_t port, const char *protocol, uint32_t *entry)
{
	struct port_query q = { .port = port, .protocol = protocol_id(v, protocol) };

	if (q.protocol == NO_SUCH_PROTOCOL)
		return -1;
	return probe(v, q.protocol == ANY_PROTOCOL ? INDEX_BY_PORT : INDEX_BY_PORT_PROTO,
		     index_hash_port(port, protocol_key(q.protocol)), entry_has_port, &q, entry);
}
