/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-reader.c: reading the nss-iana index, mapped or with pread, every offset checked before it is read. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "index-reader.h"

#define ANY_PROTOCOL (-1) /* so that a table's protocol key is the id + 1 either way */
#define NO_SUCH_PROTOCOL (-2)
_Static_assert(ANY_PROTOCOL + 1 == INDEX_ANY_PROTOCOL, "the protocol key of any protocol");

static bool section_fits(const struct index_view *v, enum index_section s, uint32_t unit)
{
	uint32_t off = v->offset[s], len = v->length[s];

	return off >= INDEX_HEADER_SIZE && off % 4 == 0 && off <= v->size && len <= v->size - off &&
	       len % unit == 0;
}

/* The section table, each section inside the file. */
static int read_sections(struct index_view *v)
{
	for (int s = 0; s < INDEX_SECTIONS; s++) {
		v->offset[s] = index_section_offset(v->base, (enum index_section)s);
		v->length[s] = index_section_length(v->base, (enum index_section)s);
		if (!section_fits(v, (enum index_section)s, index_section_unit((enum index_section)s)))
			return -1;
	}
	return 0;
}

/* Every string then ends inside the section, whatever offset points into it. */
static int check_protocol_sections(const struct index_view *v)
{
	if (v->length[INDEX_STRINGS] == 0 || v->base[v->offset[INDEX_STRINGS] + v->length[INDEX_STRINGS] - 1] != '\0')
		return -1;
	if (v->length[INDEX_SERVICE_PROTOCOLS] / INDEX_PROTOCOL_ID_SIZE > INDEX_MAX_PROTOCOLS)
		return -1;
	return 0;
}

/* The name of protocol id and its size with its NUL, or NULL when it does not end inside the strings. */
static const char *protocol_at(const struct index_view *v, uint32_t id, uint8_t *size)
{
	const char *strings = (const char *)v->base + v->offset[INDEX_STRINGS];
	uint32_t len = v->length[INDEX_STRINGS], off = index_le32(v->base + v->offset[INDEX_SERVICE_PROTOCOLS] + INDEX_PROTOCOL_ID_SIZE * id);
	const char *nul = off < len ? index_find_nul(strings + off, strings + len) : NULL;

	if (!nul || nul == strings + len || nul - (strings + off) >= UINT8_MAX)
		return NULL;
	*size = (uint8_t)(nul - (strings + off) + 1);
	return strings + off;
}

static inline const char *protocol_name(const struct index_view *v, uint32_t id, uint8_t *size)
{
	if (id >= INDEX_CACHED_PROTOCOLS)
		return protocol_at(v, id, size);
	*size = v->protocol_size[id];
	return v->protocol_name[id];
}

/* Protocol names are a few bytes: a loop here costs less than a call to strcmp. */
static bool strings_equal(const char *a, const char *b)
{
	for (; *a == *b; a++, b++)
		if (!*a)
			return true;
	return false;
}

static int find_protocol(const struct index_view *v, const char *protocol)
{
	for (uint32_t id = 0; id < v->protocol_count; id++) {
		uint8_t size;
		const char *name = protocol_name(v, id, &size);

		if (name && strings_equal(name, protocol))
			return (int)id;
	}
	return NO_SUCH_PROTOCOL;
}

static void find_table(struct index_view *v, enum index_section s)
{
	struct index_table *t = &v->table[s];

	t->slots = v->base + v->offset[s];
	t->nslots = v->length[s] / INDEX_SLOT_SIZE;
	t->end = t->slots + INDEX_SLOT_SIZE * (size_t)t->nslots;
}

static int check_header(const unsigned char *p, size_t size)
{
	if (size < INDEX_HEADER_SIZE || size > INDEX_MAX_SIZE || size % 4 != 0)
		return -1;
	if (memcmp(p + INDEX_OFF_MAGIC, INDEX_MAGIC, INDEX_MAGIC_LEN) != 0 ||
	    index_le32(p + INDEX_OFF_VERSION) != INDEX_VERSION ||
	    index_le32(p + INDEX_OFF_HEADER_SIZE) != INDEX_HEADER_SIZE ||
	    index_le32(p + INDEX_OFF_FILE_SIZE) != size || index_le32(p + INDEX_OFF_FLAGS) != 0)
		return -1;
	return 0;
}

static void find_protocols(struct index_view *v)
{
	v->protocol_count = v->length[INDEX_SERVICE_PROTOCOLS] / INDEX_PROTOCOL_ID_SIZE;
	for (uint32_t id = 0; id < v->protocol_count && id < INDEX_CACHED_PROTOCOLS; id++)
		v->protocol_name[id] = protocol_at(v, id, &v->protocol_size[id]);
	v->tcp = find_protocol(v, "tcp");
	v->udp = find_protocol(v, "udp");
}

static bool within(const struct index_view *v, enum index_section s, size_t avail)
{
	return v->offset[s] + (size_t)v->length[s] <= avail;
}

/* index_view_open_head's checks, of the first avail bytes of an index of size bytes. */
static int open_view(struct index_view *v, const unsigned char *p, size_t avail, size_t size)
{
	int ret;

	if (check_header(p, size) < 0)
		return -1;
	v->base = p;
	v->size = size;
	if (read_sections(v) < 0)
		ret = -1;
	else if (!within(v, INDEX_SERVICE_PROTOCOLS, avail) || !within(v, INDEX_STRINGS, avail))
		ret = 1;
	else
		ret = check_protocol_sections(v);
	if (ret != 0) {
		memset(v, 0, sizeof(*v));
		return ret;
	}
	find_protocols(v);
	return 0;
}

int index_view_open(struct index_view *v, const void *base, size_t size)
{
	memset(v, 0, sizeof(*v));
	if (open_view(v, base, size, size) != 0)
		return -1;
	v->records = v->base + v->offset[INDEX_RECORDS];
	for (int t = 0; t < INDEX_HASH_TABLES; t++)
		find_table(v, index_hash_tables[t]);
	return 0;
}

int index_view_open_head(struct index_view *v, const void *head, size_t avail, size_t size)
{
	memset(v, 0, sizeof(*v));
	if (avail < INDEX_HEADER_SIZE || avail > size)
		return 1;
	return open_view(v, head, avail, size);
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

/* Whether a record's fixed fields fit at offset in the records section. */
static inline bool record_offset_ok(const struct index_view *v, uint32_t offset)
{
	uint32_t len = v->length[INDEX_RECORDS];

	return offset % 4 == 0 && offset <= len && len - offset >= INDEX_RECORD_HEADER_SIZE;
}

/* The record p holds, at offset in the records section, its fixed fields read; false when its names do
 * not end inside the section. Its names are not split yet, and its protocol id not checked. */
static inline bool record_fields(const struct index_view *v, const unsigned char *p, uint32_t offset,
				 struct index_record *r)
{
	r->port = index_le16(p + INDEX_RECORD_PORT);
	r->name_count = p[INDEX_RECORD_NAME_COUNT];
	r->protocol = p[INDEX_RECORD_PROTOCOL];
	r->names_len = index_le32(p + INDEX_RECORD_NAMES_LEN);
	r->names = (const char *)p + INDEX_RECORD_NAMES;
	return r->name_count != 0 && r->names_len <= v->length[INDEX_RECORDS] - offset - INDEX_RECORD_HEADER_SIZE;
}

/* A service's protocol, which its record names by id; a protocol's record has none. */
static inline bool record_protocol(const struct index_view *v, bool service, struct index_record *r)
{
	if (!service) {
		r->protocol_name = NULL;
		r->protocol_size = 0;
		return true;
	}
	if (r->protocol >= v->protocol_count)
		return false;
	r->protocol_name = protocol_name(v, r->protocol, &r->protocol_size);
	return r->protocol_name != NULL;
}

/* The record at offset, a service's or a protocol's. */
static inline bool record_at(const struct index_view *v, uint32_t offset, bool service, struct index_record *r)
{
	return record_offset_ok(v, offset) && record_fields(v, v->records + offset, offset, r) &&
	       record_protocol(v, service, r);
}

static uint32_t entry_offset(const struct index_view *v, enum index_section entries, uint32_t i)
{
	return index_le32(v->base + v->offset[entries] + (size_t)i * INDEX_ENTRY_SIZE);
}

uint32_t index_count(const struct index_view *v, const struct index_database *db)
{
	return v->length[db->entries] / INDEX_ENTRY_SIZE;
}


int index_record_of(const struct index_view *v, const struct index_database *db, uint32_t i, struct index_record *r)
{
	return i < index_count(v, db) && record_at(v, entry_offset(v, db->entries, i), index_has_protocols(db), r) ? 0 : -1;
}

static int split_entry(const struct index_record *r, struct index_entry *e)
{
	e->port = r->port;
	e->name_count = r->name_count;
	e->protocol = r->protocol;
	e->names_len = r->names_len;
	e->protocol_name = r->protocol_name;
	return index_split_names(r->names, r->names_len, r->name_count, e->names);
}

int index_entry_of(const struct index_view *v, const struct index_database *db, uint32_t i, struct index_entry *e)
{
	struct index_record r;

	return index_record_of(v, db, i, &r) < 0 ? -1 : split_entry(&r, e);
}

int index_entry_at_offset(const struct index_view *v, const struct index_database *db, uint32_t offset,
			  struct index_entry *e)
{
	struct index_record r;

	return record_at(v, offset, index_has_protocols(db), &r) ? split_entry(&r, e) : -1;
}

/* The protocol id, ANY_PROTOCOL for NULL, or NO_SUCH_PROTOCOL. */
static inline int protocol_id(const struct index_view *v, const char *protocol)
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
	return (uint32_t)(id + 1);
}

static inline uint32_t load32(const char *p)
{
	uint32_t x;

	memcpy(&x, p, sizeof(x));
	return x;
}

static inline uint64_t load64(const char *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof(x));
	return x;
}

/* Whether a and b hold the same len bytes: a word at a time, the last word overlapping the one before;
 * a name's length is known, and a call to memcmp would cost more than comparing it. */
static inline bool same_bytes(const char *a, const char *b, size_t len)
{
	if (len >= 8) {
		for (size_t i = 0; i + 8 < len; i += 8)
			if (load64(a + i) != load64(b + i))
				return false;
		return load64(a + len - 8) == load64(b + len - 8);
	}
	if (len >= 4)
		return load32(a) == load32(b) && load32(a + len - 4) == load32(b + len - 4);
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* Names are mostly asked as they are spelled: they are folded only when their bytes differ. */
static inline bool names_equal(const char *a, const char *b, size_t len)
{
	if (same_bytes(a, b, len))
		return true;
	for (size_t i = 0; i < len; i++)
		if (index_ascii_lower((unsigned char)a[i]) != index_ascii_lower((unsigned char)b[i]))
			return false;
	return true;
}

/* Whether the record, which record_at has given at least one name, holds name, len bytes, in any case:
 * its names are walked only as far as they go. */
static inline __attribute__((always_inline)) bool record_has_name(const struct index_record *r, const char *name, size_t len)
{
	const char *s = r->names, *end = r->names + r->names_len;

	for (unsigned left = r->name_count;;) {
		if ((size_t)(end - s) > len && s[len] == '\0' && names_equal(s, name, len))
			return true;
		s = index_find_nul(s, end) + 1;
		if (--left == 0 || s >= end)
			return false;
	}
}

/* A key's walk along a table: linear probing from the hash's slot to the first empty one, at most once
 * round the table. */
struct probe {
	const unsigned char *at, *first, *end;
	uint32_t tag, left;
};

static inline void probe_start(struct probe *p, const struct index_table *t, uint32_t hash)
{
	p->first = t->slots;
	p->end = t->end;
	p->at = t->slots + 4 * (size_t)index_slot_start(hash, t->nslots);
	p->tag = index_slot_tag(hash);
	p->left = t->nslots;
}

/* The next record whose slot carries the key's tag; false when the walk ends. */
static inline bool probe_next(struct probe *p, uint32_t *record)
{
	while (p->left) {
		uint32_t slot = index_le32(p->at);

		if (slot == INDEX_SLOT_EMPTY)
			return false;
		p->left--;
		p->at += 4;
		if (p->at == p->end)
			p->at = p->first;
		if (slot >> INDEX_SLOT_TAG_SHIFT == p->tag) {
			*record = index_slot_record(slot);
			return true;
		}
	}
	return false;
}

/* What a lookup asks: a name of len bytes, or a number; of a service of protocol id (ANY_PROTOCOL for
 * any), or of a protocol; and the hash it is asked by (question_table says of which table). */
struct question {
	const char *name;
	size_t len;
	uint16_t number;
	int protocol;
	bool service;
	uint32_t hash;
};

/* The table a question is asked of. */
static inline enum index_section question_table(const struct question *q)
{
	if (!q->service)
		return q->name ? INDEX_PROTOCOL_BY_NAME : INDEX_PROTOCOL_BY_NUMBER;
	if (q->name)
		return q->protocol == ANY_PROTOCOL ? INDEX_BY_NAME : INDEX_BY_NAME_PROTO;
	return q->protocol == ANY_PROTOCOL ? INDEX_BY_PORT : INDEX_BY_PORT_PROTO;
}

/* Whether the record read answers the question. */
static inline __attribute__((always_inline)) bool record_answers(const struct index_record *r, const struct question *q)
{
	if (q->service && q->protocol != ANY_PROTOCOL && r->protocol != q->protocol)
		return false;
	return q->name ? record_has_name(r, q->name, q->len) : r->port == q->number;
}

static inline __attribute__((always_inline)) bool answers(const struct index_view *v, uint32_t offset,
							   const struct question *q, struct index_record *r)
{
	if (!record_at(v, offset, q->service, r))
		return false;
	return record_answers(r, q);
}

/* The one matching loop: the first record along the key's probe that answers. */
static inline __attribute__((always_inline)) int find(const struct index_view *v, const struct question *q,
						       struct index_record *r)
{
	struct probe p;
	uint32_t offset;

	probe_start(&p, &v->table[question_table(q)], q->hash);
	while (probe_next(&p, &offset))
		if (answers(v, offset, q, r))
			return 0;
	return -1;
}

/* The question a request asks: false for a protocol the index does not have. A protocol's question has
 * no protocol; its key is INDEX_ANY_PROTOCOL, as ANY_PROTOCOL's. */
static inline __attribute__((always_inline)) bool ask(const struct index_view *v, const struct index_request *req,
						      struct question *q)
{
	bool service = req->kind == INDEX_ASK_NAME || req->kind == INDEX_ASK_PORT;
	bool by_name = req->kind == INDEX_ASK_NAME || req->kind == INDEX_ASK_PROTOCOL_NAME;
	int protocol = service ? protocol_id(v, req->protocol) : ANY_PROTOCOL;

	if (protocol == NO_SUCH_PROTOCOL)
		return false;
	*q = (struct question){ .name = by_name ? req->name : NULL, .number = req->number, .protocol = protocol,
				.service = service };
	q->hash = by_name ? index_hash_name(req->name, protocol_key(protocol), &q->len) :
			    index_hash_port(req->number, protocol_key(protocol));
	return true;
}

/* Inlined wherever its caller is built with it (the module, by link-time optimisation), so that each entry
 * point's lookup is the one of its kind. */
__attribute__((always_inline)) inline int index_lookup(const struct index_view *v, const struct index_request *req,
							struct index_record *r)
{
	struct question q;

	return ask(v, req, &q) ? find(v, &q, r) : -1;
}

size_t index_read(int fd, void *buf, size_t len, uint64_t offset)
{
	size_t done = 0;

	while (done < len) {
		ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(offset + done));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	return done;
}

/* len bytes at offset of the file, all of them, or false. */
static bool read_at(int fd, void *buf, size_t len, uint64_t offset)
{
	return index_read(fd, buf, len, offset) == len;
}

int index_file_open(struct index_file *f, int fd, size_t size)
{
	size_t avail = size < sizeof(f->head) ? size : sizeof(f->head);

	f->fd = fd;
	if (!read_at(fd, f->head, avail, 0))
		return INDEX_UNREAD;
	return index_view_open_head(&f->view, f->head, avail, size) == 0 ? 0 : INDEX_UNREAD;
}

/* The record at offset, read into f->record: 0 when it answers, -1 when it does not, as the mapped
 * index's find says, or INDEX_UNREAD when it is longer than the buffer or cannot be read. */
static int file_answers(struct index_file *f, uint32_t offset, const struct question *q, struct index_record *r)
{
	const struct index_view *v = &f->view;
	uint32_t room;
	size_t want;

	if (!record_offset_ok(v, offset))
		return -1;
	room = v->length[INDEX_RECORDS] - offset;
	want = room < sizeof(f->record) ? room : sizeof(f->record);
	if (!read_at(f->fd, f->record, want, (uint64_t)v->offset[INDEX_RECORDS] + offset))
		return INDEX_UNREAD;
	if (!record_fields(v, f->record, offset, r))
		return -1;
	if (INDEX_RECORD_HEADER_SIZE + (size_t)r->names_len > want)
		return INDEX_UNREAD;
	if (!record_protocol(v, q->service, r))
		return -1;
	return record_answers(r, q) ? 0 : -1;
}

/* find's walk, over runs of slots read from the file. */
static int file_find(struct index_file *f, const struct question *q, struct index_record *r)
{
	enum index_section table = question_table(q);
	uint32_t offset = f->view.offset[table], nslots = f->view.length[table] / INDEX_SLOT_SIZE;
	uint32_t at = index_slot_start(q->hash, nslots), tag = index_slot_tag(q->hash);
	unsigned char run[INDEX_FILE_SLOT_RUN * INDEX_SLOT_SIZE];

	for (uint32_t left = nslots; left;) {
		uint32_t n = nslots - at < INDEX_FILE_SLOT_RUN ? nslots - at : INDEX_FILE_SLOT_RUN;

		n = n < left ? n : left;
		if (!read_at(f->fd, run, (size_t)n * INDEX_SLOT_SIZE, offset + (uint64_t)at * INDEX_SLOT_SIZE))
			return INDEX_UNREAD;
		for (uint32_t i = 0; i < n; i++) {
			uint32_t slot = index_le32(run + (size_t)i * INDEX_SLOT_SIZE);
			int ret;

			if (slot == INDEX_SLOT_EMPTY)
				return -1;
			if (slot >> INDEX_SLOT_TAG_SHIFT != tag)
				continue;
			ret = file_answers(f, index_slot_record(slot), q, r);
			if (ret != -1)
				return ret;
		}
		left -= n;
		at = at + n == nslots ? 0 : at + n;
	}
	return -1;
}

int index_file_lookup(struct index_file *f, const struct index_request *req, struct index_record *r)
{
	struct question q;

	return ask(&f->view, req, &q) ? file_find(f, &q, r) : -1;
}
