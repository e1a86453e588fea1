/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index.c: reading the nss-iana index from memory, every offset checked before it is read. */
#include <stdbool.h>
#include <string.h>

#include "index.h"

#define ANY_PROTOCOL (-1)
#define NO_SUCH_PROTOCOL (-2)

static bool section_fits(const struct index_view *v, enum index_section s, uint32_t unit)
{
	uint32_t off = v->offset[s], len = v->length[s];

	return off >= INDEX_HEADER_SIZE && off % 4 == 0 && off <= v->size && len <= v->size - off &&
	       len % unit == 0;
}

static int read_sections(struct index_view *v)
{
	static const uint32_t unit[INDEX_SECTIONS] = {
		[INDEX_PROTOCOLS] = 4, [INDEX_ENTRIES] = INDEX_ENTRY_SIZE, [INDEX_RECORDS] = 4, [INDEX_STRINGS] = 1,
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
	if (v->length[INDEX_PROTOCOLS] / 4 > INDEX_MAX_PROTOCOLS)
		return -1;
	return 0;
}

static const char *string_at(const struct index_view *v, uint32_t off)
{
	return off < v->length[INDEX_STRINGS] ? (const char *)v->base + v->offset[INDEX_STRINGS] + off : NULL;
}

/* Protocol names are a few bytes: a loop here costs less than a call to strcmp. */
static bool strings_equal(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (!*a)
			return true;
	return false;
}

/* The name of a protocol id below the protocol count; NULL when its offset is outside the strings.
 * inline: on every hit, and GCC left it a call of its own (5 instructions a lookup). */
static inline const char *protocol_name(const struct index_view *v, uint32_t id)
{
	return string_at(v, index_le32(v->base + v->offset[INDEX_PROTOCOLS] + 4 * (size_t)id));
}

static int find_protocol(const struct index_view *v, const char *protocol)
{
	for (uint32_t id = 0; id < v->length[INDEX_PROTOCOLS] / 4; id++) {
		const char *s = protocol_name(v, id);

		if (s && strings_equal(s, protocol))
			return (int)id;
	}
	return NO_SUCH_PROTOCOL;
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
	v->base = p;
	v->size = size;
	if (read_sections(v) < 0) {
		memset(v, 0, sizeof(*v));
		return -1;
	}
	v->tcp = find_protocol(v, "tcp");
	v->udp = find_protocol(v, "udp");
	return 0;
}

bool index_view_checksum_ok(const struct index_view *v)
{
	return index_le64(v->base + INDEX_OFF_CHECKSUM) == index_checksum(v->base, v->size);
}

static bool link_name_ok(const char *name, uint32_t len)
{
	if (len == 0 || len > INDEX_LINK_NAME_MAX || name[len] != '\0' ||
	    (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))))
		return false;
	for (uint32_t i = 0; i < len; i++)
		if (name[i] == '/' || (unsigned char)name[i] < ' ' || name[i] == 0x7f)
			return false;
	return true;
}

int index_link_parse(struct index_link *l, const void *base, size_t size)
{
	const unsigned char *p = base;
	uint32_t len;

	if (size < INDEX_LINK_OFF_NAME || size > INDEX_LINK_MAX_SIZE ||
	    memcmp(p + INDEX_LINK_OFF_MAGIC, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN) != 0 ||
	    index_le32(p + INDEX_LINK_OFF_VERSION) != INDEX_LINK_VERSION)
		return -1;
	len = index_le32(p + INDEX_LINK_OFF_NAME_LEN);
	if (size != INDEX_LINK_OFF_NAME + (size_t)len + 1 || !link_name_ok((const char *)p + INDEX_LINK_OFF_NAME, len))
		return -1;
	memcpy(l->name, p + INDEX_LINK_OFF_NAME, (size_t)len + 1);
	l->data_size = index_le32(p + INDEX_LINK_OFF_DATA_SIZE);
	l->data_checksum = index_le64(p + INDEX_LINK_OFF_DATA_CHECKSUM);
	return 0;
}

uint32_t index_entry_count(const struct index_view *v)
{
	return v->length[INDEX_ENTRIES] / INDEX_ENTRY_SIZE;
}

/* The record's fixed fields into e; its names, or NULL when the record or its protocol id is outside. */
static const char *record_fields(const struct index_view *v, uint32_t offset, struct index_entry *e)
{
	uint32_t len = v->length[INDEX_RECORDS];
	const unsigned char *p;

	if (offset % 4 != 0 || offset > len || len - offset < INDEX_RECORD_HEADER_SIZE)
		return NULL;
	p = v->base + v->offset[INDEX_RECORDS] + offset;
	e->port = index_le16(p + INDEX_RECORD_PORT);
	e->name_count = p[INDEX_RECORD_NAME_COUNT];
	e->protocol = p[INDEX_RECORD_PROTOCOL];
	e->names_len = index_le32(p + INDEX_RECORD_NAMES_LEN);
	if (e->name_count == 0 || e->names_len > len - offset - INDEX_RECORD_HEADER_SIZE ||
	    e->protocol >= v->length[INDEX_PROTOCOLS] / 4)
		return NULL;
	return (const char *)p + INDEX_RECORD_NAMES;
}

/* Every string of the entry, found once: exactly name_count names, the last one ending the run. */
static int record_strings(const struct index_view *v, const char *s, struct index_entry *e)
{
	const char *end = s + e->names_len;

	e->protocol_name = protocol_name(v, e->protocol);
	if (!e->protocol_name)
		return -1;
	for (unsigned n = 0; n < e->name_count; n++) {
		e->names[n] = s;
		while (s < end && *s)
			s++;
		if (s++ == end)
			return -1;
	}
	return s == end ? 0 : -1;
}

static int record_at(const struct index_view *v, uint32_t offset, struct index_entry *e)
{
	const char *names = record_fields(v, offset, e);

	return names ? record_strings(v, names, e) : -1;
}

int index_entry_at(const struct index_view *v, uint32_t i, struct index_entry *e)
{
	if (i >= index_entry_count(v))
		return -1;
	return record_at(v, index_le32(v->base + v->offset[INDEX_ENTRIES] + (size_t)i * INDEX_ENTRY_SIZE), e);
}

/* The protocol id, ANY_PROTOCOL for NULL, or NO_SUCH_PROTOCOL. */
static int protocol_id(const struct index_view *v, const char *protocol)
{
	if (!protocol)
		return ANY_PROTOCOL;
	if (protocol[0] == 't' && protocol[1] == 'c' && protocol[2] == 'p' && !protocol[3])
		return v->tcp;
	if (protocol[0] == 'u' && protocol[1] == 'd' && protocol[2] == 'p' && !protocol[3])
		return v->udp;
	return find_protocol(v, protocol);
}

static uint32_t protocol_key(int id)
{
	return id == ANY_PROTOCOL ? INDEX_ANY_PROTOCOL : (uint32_t)id + 1;
}

/* Names are mostly asked as they are spelled: bytes that are equal need no folding. */
static bool names_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		if (*a == *b) {
			if (!*a)
				return true;
		} else if (index_ascii_lower((unsigned char)*a) != index_ascii_lower((unsigned char)*b))
			return false;
	}
}

static bool entry_has_name(const struct index_entry *e, const char *name)
{
	for (unsigned n = 0; n < e->name_count; n++)
		if (names_equal(e->names[n], name))
			return true;
	return false;
}

/* A key's walk along a table: linear probing from the hash's slot to the first empty one,
 * at most once round the table. */
struct probe {
	const unsigned char *slots;
	uint32_t nslots, tag, at, visited;
};

static void probe_start(struct probe *p, const struct index_view *v, enum index_section table, uint32_t hash)
{
	p->slots = v->base + v->offset[table];
	p->nslots = v->length[table] / 4;
	p->tag = index_slot_tag(hash);
	p->at = p->nslots ? index_slot_start(hash, p->nslots) : 0;
	p->visited = 0;
}

/* The next record whose slot carries the key's tag; false when the walk ends. */
static bool probe_next(struct probe *p, uint32_t *record)
{
	while (p->visited < p->nslots) {
		uint32_t slot = index_le32(p->slots + 4 * (size_t)p->at);

		p->visited++;
		p->at = p->at + 1 == p->nslots ? 0 : p->at + 1;
		if (slot == INDEX_SLOT_EMPTY)
			return false;
		if (slot >> INDEX_SLOT_TAG_SHIFT == p->tag) {
			*record = index_slot_record(slot);
			return true;
		}
	}
	return false;
}

int index_lookup_name(const struct index_view *v, const char *name, const char *protocol, struct index_entry *e)
{
	int id = protocol_id(v, protocol);
	const char *names;
	struct probe p;
	uint32_t r;

	if (id == NO_SUCH_PROTOCOL)
		return -1;
	probe_start(&p, v, id == ANY_PROTOCOL ? INDEX_BY_NAME : INDEX_BY_NAME_PROTO,
		    index_hash_name(name, protocol_key(id)));
	while (probe_next(&p, &r))
		if ((names = record_fields(v, r, e)) && (id == ANY_PROTOCOL || e->protocol == id) &&
		    record_strings(v, names, e) == 0 && entry_has_name(e, name))
			return 0;
	return -1;
}

int index_lookup_port(const struct index_view *v, uint16_t port, const char *protocol, struct index_entry *e)
{
	int id = protocol_id(v, protocol);
	const char *names;
	struct probe p;
	uint32_t r;

	if (id == NO_SUCH_PROTOCOL)
		return -1;
	probe_start(&p, v, id == ANY_PROTOCOL ? INDEX_BY_PORT : INDEX_BY_PORT_PROTO, index_hash_port(port, protocol_key(id)));
	while (probe_next(&p, &r))
		if ((names = record_fields(v, r, e)) && e->port == port && (id == ANY_PROTOCOL || e->protocol == id) &&
		    record_strings(v, names, e) == 0)
			return 0;
	return -1;
}
