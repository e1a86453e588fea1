/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-verify.c: an index checked in every byte the reader may use, the first problem named; not the module's. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "index-verify.h"

#define SHOWN_MAX 48
#define LABEL_MAX 128
#define LOOKUP_MISSES UINT32_MAX /* what a lookup found: an entry's index, or one of these */
#define LOOKUP_STRAY (UINT32_MAX - 1)
#define PLACE_BYTES 64 /* of the records section per place of first_at: a few records at most */

/* A slot whose every fitting key's lookup finds another entry: the first such of the table in hand,
 * told once every slot has been seen, since a slot's other problems are told first. */
struct unfound {
	bool seen;
	uint32_t slot, entry, found; /* found: what the lookup of the last key tried finds */
	unsigned fit;                /* the first key that fits the slot */
};

struct placed_record {
	uint32_t offset, end, entry; /* end: past the names, before the padding */
	uint32_t first_key;           /* the entry's first in the numbering of every entry's keys */
};

struct verifier {
	struct index_report *r;
	const struct index_view *v;
	struct placed_record *records; /* every entry's, by offset */
	uint32_t *first_at;            /* per PLACE_BYTES of records, the first record at or after them */
	uint32_t places, all_keys;     /* all_keys: every entry's names, which number their keys */
	uint32_t *run;                 /* per slot of the table in hand: the non-empty slots that end at it */
	/* Per key of an entry (its name n, or its port as its first key), a bit per hash table: a slot's
	 * check found that the reader's lookup of that key finds that entry, which check_keys then knows. */
	uint8_t *found_itself;
	struct unfound unfound;
	uint32_t keys[INDEX_SECTIONS];
	uint8_t protocols_at_port[(UINT8_MAX + 1) / 8]; /* the protocols of the entries of the port in hand */
};

static const char *const section_names[INDEX_SECTIONS] = {
	[INDEX_SERVICE_PROTOCOLS] = "service-protocols", [INDEX_ENTRIES] = "entries", [INDEX_RECORDS] = "records",
	[INDEX_STRINGS] = "strings", [INDEX_BY_NAME_PROTO] = "by-name-proto", [INDEX_BY_NAME] = "by-name",
	[INDEX_BY_PORT_PROTO] = "by-port-proto", [INDEX_BY_PORT] = "by-port",
	[INDEX_PROTOCOL_ENTRIES] = "protocol-entries", [INDEX_PROTOCOL_BY_NAME] = "protocol-by-name",
	[INDEX_PROTOCOL_BY_NUMBER] = "protocol-by-number",
};

const char *index_section_name(enum index_section s)
{
	return section_names[s];
}

int index_problem(char problem[INDEX_PROBLEM_MAX], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(problem, INDEX_PROBLEM_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

/* Whatever a hostile index holds, shown safely: a few bytes, those not printable ASCII as '?'. */
static const char *shown(const char *s, char buf[SHOWN_MAX])
{
	size_t i;

	for (i = 0; s[i] && i + 1 < SHOWN_MAX; i++)
		buf[i] = s[i] < ' ' || s[i] > '~' ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}

static int explain_section(char *problem, const unsigned char *p, size_t size, enum index_section s)
{
	uint32_t off = index_section_offset(p, s), len = index_section_length(p, s);

	if (off < INDEX_HEADER_SIZE)
		return index_problem(problem, "the %s section starts at %u, inside the header", section_names[s], off);
	if (off % 4 != 0)
		return index_problem(problem, "the %s section starts at %u, not a multiple of 4", section_names[s], off);
	if (off > size || len > size - off)
		return index_problem(problem, "the %s section (%u bytes at %u) runs past the end of the file (%zu bytes)",
			    section_names[s], len, off, size);
	if (len % index_section_unit(s) != 0)
		return index_problem(problem, "the %s section is %u bytes long, not a whole number of %u-byte elements",
			    section_names[s], len, index_section_unit(s));
	return 0;
}

static int explain_sections(char *problem, const unsigned char *p, size_t size)
{
	uint32_t strings_off = index_section_offset(p, INDEX_STRINGS), strings_len = index_section_length(p, INDEX_STRINGS);
	uint32_t protocols = index_section_length(p, INDEX_SERVICE_PROTOCOLS) / INDEX_PROTOCOL_ID_SIZE;

	for (enum index_section s = 0; s < INDEX_SECTIONS; s++)
		if (explain_section(problem, p, size, s) < 0)
			return -1;
	if (strings_len == 0 || p[strings_off + strings_len - 1] != '\0')
		return index_problem(problem, "the strings section does not end with a NUL");
	if (protocols > INDEX_MAX_PROTOCOLS)
		return index_problem(problem, "%u service protocols, more than the %d a one-byte id can name", protocols,
			    INDEX_MAX_PROTOCOLS);
	return 0;
}

/* Why index_view_open() refused the file: the reader decides, this only finds the words. */
static int explain_header(char *problem, const unsigned char *p, size_t size)
{
	if (size >= INDEX_MAGIC_LEN && memcmp(p, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN) == 0)
		return index_problem(problem, "a link, not an index: the data file it names is the index");
	if (size == 0)
		return index_problem(problem, "an empty file, not an index");
	if (size < INDEX_MAGIC_LEN || memcmp(p + INDEX_OFF_MAGIC, INDEX_MAGIC, INDEX_MAGIC_LEN) != 0)
		return index_problem(problem, "not an nss-iana index: no index magic at its start");
	if (size < INDEX_HEADER_SIZE)
		return index_problem(problem, "%zu bytes, shorter than the %d-byte header", size, INDEX_HEADER_SIZE);
	if (size > INDEX_MAX_SIZE)
		return index_problem(problem, "%zu bytes, larger than an index may be (%u)", size, INDEX_MAX_SIZE);
	if (size % 4 != 0)
		return index_problem(problem, "%zu bytes, not a multiple of 4", size);
	if (index_le32(p + INDEX_OFF_VERSION) != INDEX_VERSION)
		return index_problem(problem, "format version %u, where this reader knows version %d",
			    index_le32(p + INDEX_OFF_VERSION), INDEX_VERSION);
	if (index_le32(p + INDEX_OFF_HEADER_SIZE) != INDEX_HEADER_SIZE)
		return index_problem(problem, "header size %u, not %d", index_le32(p + INDEX_OFF_HEADER_SIZE),
			    INDEX_HEADER_SIZE);
	if (index_le32(p + INDEX_OFF_FILE_SIZE) != size)
		return index_problem(problem, "the header says %u bytes, the file has %zu",
			    index_le32(p + INDEX_OFF_FILE_SIZE), size);
	if (index_le32(p + INDEX_OFF_FLAGS) != 0)
		return index_problem(problem, "flags 0x%x, where none are defined", index_le32(p + INDEX_OFF_FLAGS));
	if (explain_sections(problem, p, size) < 0)
		return -1;
	return index_problem(problem, "the reader refuses its header");
}

static int check_checksum(struct verifier *c)
{
	if (index_view_checksum_ok(c->v))
		return 0;
	return index_problem(c->r->problem, "checksum %016llx in the header, %016llx from the bytes: the file is not as written",
		    (unsigned long long)index_le64(c->v->base + INDEX_OFF_CHECKSUM),
		    (unsigned long long)index_checksum(c->v->base, c->v->size));
}

static int check_date(struct verifier *c, size_t field, const char *registry)
{
	const unsigned char *d = c->v->base + field;

	for (int i = 0; i < INDEX_DATE_LEN; i++) {
		bool digit = d[i] >= '0' && d[i] <= '9';
		bool ok = i >= 10 ? d[i] == '\0' : i == 4 || i == 7 ? d[i] == '-' : digit;

		if (!ok)
			return index_problem(c->r->problem, "the %s registry's date is not YYYY-MM-DD then NUL padding: its byte %d is 0x%02x",
				    registry, i, d[i]);
	}
	return 0;
}

/* The writer lays sections end to end; one that overlaps another is a damaged section table. */
static int check_sections_apart(struct verifier *c)
{
	const struct index_view *v = c->v;

	for (int a = 0; a < INDEX_SECTIONS; a++)
		for (int b = 0; b < INDEX_SECTIONS; b++)
			if (a != b && v->length[a] && v->length[b] && v->offset[a] <= v->offset[b] &&
			    v->offset[b] < v->offset[a] + v->length[a])
				return index_problem(c->r->problem, "the %s section (%u bytes at %u) overlaps the %s section (at %u)",
					    section_names[a], v->length[a], v->offset[a], section_names[b], v->offset[b]);
	return 0;
}

/* The section that starts first at or after from, or INDEX_SECTIONS. */
static int next_section(const struct index_view *v, uint32_t from)
{
	int next = INDEX_SECTIONS;

	for (int s = 0; s < INDEX_SECTIONS; s++)
		if (v->length[s] && v->offset[s] >= from && (next == INDEX_SECTIONS || v->offset[s] < v->offset[next]))
			next = s;
	return next;
}

/* Between the sections, and after the last, only the zero bytes that align them. */
static int check_gaps(struct verifier *c)
{
	const struct index_view *v = c->v;
	uint32_t at = INDEX_HEADER_SIZE;

	for (;;) {
		int s = next_section(v, at);
		uint32_t end = s == INDEX_SECTIONS ? (uint32_t)v->size : v->offset[s];

		for (; at < end; at++)
			if (v->base[at] != 0)
				return index_problem(c->r->problem, "byte %u, in no section, is 0x%02x, not padding", at, v->base[at]);
		if (s == INDEX_SECTIONS)
			return 0;
		at = v->offset[s] + v->length[s];
	}
}

static bool protocol_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
	       ch == '_' || ch == '+' || ch == '-';
}

/* Every byte is part of a protocol name or ends one. */
static int check_strings(struct verifier *c)
{
	const unsigned char *s = c->v->base + c->v->offset[INDEX_STRINGS];

	for (uint32_t b = 0; b < c->v->length[INDEX_STRINGS]; b++)
		if (s[b] != '\0' && !protocol_char(s[b]))
			return index_problem(c->r->problem, "strings section byte %u is 0x%02x, which no protocol name holds", b, s[b]);
	return 0;
}

static uint32_t protocol_offset(const struct index_view *v, uint32_t id)
{
	return index_le32(v->base + v->offset[INDEX_SERVICE_PROTOCOLS] + INDEX_PROTOCOL_ID_SIZE * (size_t)id);
}

const char *index_protocol_name(const struct index_view *v, uint32_t id)
{
	uint32_t off = protocol_offset(v, id);

	return off < v->length[INDEX_STRINGS] ? (const char *)v->base + v->offset[INDEX_STRINGS] + off : NULL;
}

static int check_protocols(struct verifier *c)
{
	char buf[SHOWN_MAX];

	for (uint32_t id = 0; id < c->v->protocol_count; id++) {
		const char *name = index_protocol_name(c->v, id);
		uint32_t off = protocol_offset(c->v, id);

		if (!name)
			return index_problem(c->r->problem,
				    "protocol %u: its name's offset %u is past the strings section (%u bytes)", id, off,
				    c->v->length[INDEX_STRINGS]);
		if (off > 0 && name[-1] != '\0')
			return index_problem(c->r->problem,
				    "protocol %u: its name's offset %u is inside another string", id, off);
		if (!*name)
			return index_problem(c->r->problem, "protocol %u has an empty name", id);
		for (uint32_t other = 0; other < id; other++)
			if (strcmp(name, index_protocol_name(c->v, other)) == 0)
				return index_problem(c->r->problem, "protocols %u and %u are both '%s'", other, id,
					    shown(name, buf));
	}
	return 0;
}

/* Entries are numbered across both databases: the services', then the protocols'. */
static bool is_protocol_entry(const struct verifier *c, uint32_t i)
{
	return i >= c->r->entries;
}

static uint32_t entry_record(const struct verifier *c, uint32_t i)
{
	enum index_section s = is_protocol_entry(c, i) ? INDEX_PROTOCOL_ENTRIES : INDEX_ENTRIES;
	uint32_t k = is_protocol_entry(c, i) ? i - c->r->entries : i;

	return index_le32(c->v->base + c->v->offset[s] + (size_t)k * INDEX_ENTRY_SIZE);
}

static int entry_at(const struct verifier *c, uint32_t i, struct index_entry *e)
{
	return is_protocol_entry(c, i) ? index_entry_of(c->v, &index_protocols, i - c->r->entries, e)
				       : index_entry_of(c->v, &index_services, i, e);
}

static uint32_t nul_count(const unsigned char *s, uint32_t len)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += s[i] == '\0';
	return n;
}

/* Why the reader refuses the record at offset, what naming where it was reached from; 0 if no reason.
 * A protocol's record has no protocol id to check. */
static int explain_record(struct verifier *c, const char *what, uint32_t offset, bool protocol)
{
	uint32_t len = c->v->length[INDEX_RECORDS], names_len, nuls;
	const unsigned char *p;

	if (offset % 4 != 0)
		return index_problem(c->r->problem, "%s: record offset %u is not a multiple of 4", what, offset);
	if (offset > len || len - offset < INDEX_RECORD_HEADER_SIZE)
		return index_problem(c->r->problem, "%s: record offset %u is past the records section (%u bytes)", what, offset, len);
	p = c->v->base + c->v->offset[INDEX_RECORDS] + offset;
	names_len = index_le32(p + INDEX_RECORD_NAMES_LEN);
	if (p[INDEX_RECORD_NAME_COUNT] == 0)
		return index_problem(c->r->problem, "%s: the record at %u has no name", what, offset);
	if (names_len > len - offset - INDEX_RECORD_HEADER_SIZE)
		return index_problem(c->r->problem, "%s: the record at %u has %u bytes of names, past the records section", what,
			    offset, names_len);
	if (!protocol && p[INDEX_RECORD_PROTOCOL] >= c->v->protocol_count)
		return index_problem(c->r->problem, "%s: the record at %u has protocol id %u, of %u protocols", what, offset,
			    p[INDEX_RECORD_PROTOCOL], c->v->protocol_count);
	nuls = names_len && p[INDEX_RECORD_NAMES + names_len - 1] == '\0' ?
		       nul_count(p + INDEX_RECORD_NAMES, names_len) : 0;
	if (nuls != p[INDEX_RECORD_NAME_COUNT]) /* not 0, told above */
		return index_problem(c->r->problem, "%s: the record at %u says %u names, its %u bytes of names hold %u NUL-ended ones",
			    what, offset, p[INDEX_RECORD_NAME_COUNT], names_len, nuls);
	return 0;
}

/* "entry 12 (http 80/tcp)", "protocol entry 3 (tcp 6)": an entry the reader accepted, for messages. */
static const char *entry_label(char buf[LABEL_MAX], const struct verifier *c, uint32_t i, const struct index_entry *e)
{
	char name[SHOWN_MAX], protocol[SHOWN_MAX];

	if (is_protocol_entry(c, i))
		snprintf(buf, LABEL_MAX, "protocol entry %u (%s %u)", i - c->r->entries, shown(e->names[0], name), e->port);
	else
		snprintf(buf, LABEL_MAX, "entry %u (%s %u/%s)", i, shown(e->names[0], name), e->port,
			 shown(e->protocol_name, protocol));
	return buf;
}

/* A name a services(5) line can carry. */
static bool name_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s > '~' || *s == '#')
			return false;
	return true;
}

static int check_names(struct verifier *c, uint32_t i, const struct index_entry *e)
{
	char label[LABEL_MAX], buf[SHOWN_MAX];

	for (unsigned n = 0; n < e->name_count; n++)
		if (!name_ok(e->names[n]))
			return index_problem(c->r->problem, "%s: name %u, '%s', is not printable ASCII without a space or '#'",
				    entry_label(label, c, i, e), n + 1, shown(e->names[n], buf));
	return 0;
}

/* The canonical file's order: by port, the lines of tcp, udp, sctp and dccp before those of any other
 * protocol. Within a port the generator puts an overlay's lines first, so only the place is ordered. */
static int compare_places(const struct index_entry *a, const struct index_entry *b)
{
	bool known_a = index_transport_rank(a->protocol_name) < INDEX_TRANSPORT_COUNT;
	bool known_b = index_transport_rank(b->protocol_name) < INDEX_TRANSPORT_COUNT;

	if (known_a != known_b)
		return known_a ? -1 : 1;
	return a->port < b->port ? -1 : a->port > b->port;
}

static int check_order(struct verifier *c, uint32_t i, const struct index_entry *e, const struct index_entry *prev)
{
	char label[LABEL_MAX], prev_label[LABEL_MAX];
	int order = i ? compare_places(prev, e) : -1;

	if (order > 0)
		return index_problem(c->r->problem, "%s comes after %s: the entries are not in the services file's order",
			    entry_label(label, c, i, e), entry_label(prev_label, c, i - 1, prev));
	if (order < 0)
		memset(c->protocols_at_port, 0, sizeof(c->protocols_at_port));
	if (c->protocols_at_port[e->protocol / 8] & (1u << (e->protocol % 8)))
		return index_problem(c->r->problem, "%s: its port and protocol have an entry before it", entry_label(label, c, i, e));
	c->protocols_at_port[e->protocol / 8] |= (uint8_t)(1u << (e->protocol % 8));
	return 0;
}

/* The canonical protocols file's order: by number, an overlay's lines first within it. */
static int check_protocol_order(struct verifier *c, uint32_t i, const struct index_entry *e, const struct index_entry *prev)
{
	char label[LABEL_MAX], prev_label[LABEL_MAX];

	if (e->protocol != 0)
		return index_problem(c->r->problem, "%s: protocol id %u, where a protocol's record has 0",
				     entry_label(label, c, i, e), e->protocol);
	if (i > c->r->entries && prev->port > e->port)
		return index_problem(c->r->problem, "%s comes after %s: the protocols are not in number order",
				     entry_label(label, c, i, e), entry_label(prev_label, c, i - 1, prev));
	return 0;
}

static int check_entry(struct verifier *c, uint32_t i, struct index_entry *e, const struct index_entry *prev)
{
	char what[LABEL_MAX];
	uint32_t offset = entry_record(c, i);

	if (entry_at(c, i, e) < 0) {
		if (is_protocol_entry(c, i))
			snprintf(what, sizeof(what), "protocol entry %u", i - c->r->entries);
		else
			snprintf(what, sizeof(what), "entry %u", i);
		if (explain_record(c, what, offset, is_protocol_entry(c, i)) < 0)
			return -1;
		return index_problem(c->r->problem, "%s: the reader refuses its record at %u", what, offset);
	}
	c->records[i] = (struct placed_record){
		.offset = offset,
		.end = offset + INDEX_RECORD_HEADER_SIZE + e->names_len,
		.entry = i,
		.first_key = c->all_keys,
	};
	c->all_keys += e->name_count;
	if (check_names(c, i, e) < 0)
		return -1;
	return is_protocol_entry(c, i) ? check_protocol_order(c, i, e, prev) : check_order(c, i, e, prev);
}

static int check_entries(struct verifier *c)
{
	struct index_entry e[2];
	uint32_t all;

	c->r->entries = index_count(c->v, &index_services);
	c->r->protocol_entries = index_count(c->v, &index_protocols);
	all = c->r->entries + c->r->protocol_entries;
	c->records = malloc((all ? all : 1) * sizeof(*c->records));
	if (!c->records)
		return index_problem(c->r->problem, "out of memory for %u entries", all);
	for (uint32_t i = 0; i < all; i++)
		if (check_entry(c, i, &e[i % 2], &e[(i + 1) % 2]) < 0)
			return -1;
	return 0;
}

static int compare_placed(const void *a, const void *b)
{
	const struct placed_record *x = a, *y = b;

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->entry < y->entry ? -1 : x->entry > y->entry;
}

/* The writer lays the records out in entry order: they need no sort then. */
static bool in_order(const struct placed_record *records, uint32_t count)
{
	for (uint32_t k = 1; k < count; k++)
		if (compare_placed(&records[k - 1], &records[k]) > 0)
			return false;
	return true;
}

/* What lies between records is the zero padding that aligns them. */
static int check_padding(struct verifier *c, uint32_t from, uint32_t to)
{
	const unsigned char *p = c->v->base + c->v->offset[INDEX_RECORDS];

	for (uint32_t b = from; b < to; b++)
		if (p[b] != 0)
			return index_problem(c->r->problem, "records section byte %u, in no entry's record, is 0x%02x, not padding", b, p[b]);
	return 0;
}

/* Each entry has a record of its own, and every byte of the section is a record's or padding. */
static int check_records_apart(struct verifier *c)
{
	uint32_t end = 0, all = c->r->entries + c->r->protocol_entries;

	if (!in_order(c->records, all))
		qsort(c->records, all, sizeof(*c->records), compare_placed);
	for (uint32_t k = 0; k < all; k++) {
		const struct placed_record *p = &c->records[k];

		if (p->offset < end)
			return index_problem(c->r->problem, "the records of entries %u and %u overlap, at %u and %u", c->records[k - 1].entry,
				    p->entry, c->records[k - 1].offset, p->offset);
		if (check_padding(c, end, p->offset) < 0)
			return -1;
		end = p->end;
	}
	return check_padding(c, end, c->v->length[INDEX_RECORDS]);
}

/* Every slot and every lookup asks whose record an offset is: the records, in offset order and apart,
 * indexed by where they start, so that each answer reads a few records, not a search's. */
static int place_records(struct verifier *c)
{
	uint32_t all = c->r->entries + c->r->protocol_entries, k = 0;

	c->places = c->v->length[INDEX_RECORDS] / PLACE_BYTES + 1;
	c->first_at = malloc(((size_t)c->places + 1) * sizeof(*c->first_at));
	c->found_itself = calloc(c->all_keys ? c->all_keys : 1, 1);
	if (!c->first_at || !c->found_itself)
		return index_problem(c->r->problem, "out of memory for %u entries", all);
	for (uint32_t place = 0; place <= c->places; place++) {
		while (k < all && c->records[k].offset / PLACE_BYTES < place)
			k++;
		c->first_at[place] = k;
	}
	return 0;
}

/* The entry whose record is at offset, or NULL. */
static const struct placed_record *record_of(const struct verifier *c, uint32_t offset)
{
	uint32_t place = offset / PLACE_BYTES;

	if (place >= c->places)
		return NULL;
	for (uint32_t k = c->first_at[place]; k < c->first_at[place + 1]; k++)
		if (c->records[k].offset == offset)
			return &c->records[k];
	return NULL;
}

static bool is_name_table(enum index_section t)
{
	return t == INDEX_BY_NAME_PROTO || t == INDEX_BY_NAME || t == INDEX_PROTOCOL_BY_NAME;
}

static bool is_protocol_table(enum index_section t)
{
	return t == INDEX_PROTOCOL_BY_NAME || t == INDEX_PROTOCOL_BY_NUMBER;
}

/* A table whose keys carry no service protocol. */
static bool is_any_protocol_table(enum index_section t)
{
	return t == INDEX_BY_NAME || t == INDEX_BY_PORT || is_protocol_table(t);
}

/* A table holds, per entry, a key for each of its names, or one for its port. */
static unsigned key_count(enum index_section t, const struct index_entry *e)
{
	return is_name_table(t) ? e->name_count : 1;
}

static uint32_t key_hash(enum index_section t, const struct index_entry *e, unsigned n)
{
	uint32_t protocol_key = is_any_protocol_table(t) ? INDEX_ANY_PROTOCOL : e->protocol + 1u;

	size_t len;

	return is_name_table(t) ? index_hash_name(e->names[n], protocol_key, &len) : index_hash_port(e->port, protocol_key);
}

/* "'http'/tcp", "port 80": key n of e in t, for messages. */
static const char *key_label(char buf[LABEL_MAX], enum index_section t, const struct index_entry *e, unsigned n)
{
	char name[SHOWN_MAX], protocol[SHOWN_MAX];

	if (is_name_table(t))
		snprintf(buf, LABEL_MAX, "'%s'", shown(e->names[n], name));
	else if (is_protocol_table(t))
		snprintf(buf, LABEL_MAX, "protocol %u", e->port);
	else
		snprintf(buf, LABEL_MAX, is_any_protocol_table(t) ? "port %u" : "%u", e->port);
	if (!is_any_protocol_table(t))
		snprintf(buf + strlen(buf), LABEL_MAX - strlen(buf), "/%s", shown(e->protocol_name, protocol));
	return buf;
}

/* What the reader's own lookup of key n of e in t finds: an entry's index, LOOKUP_MISSES or LOOKUP_STRAY.
 * A record the caller has placed already, NULL or the slot's, is told by its offset alone. */
static uint32_t looked_up(const struct verifier *c, enum index_section t, const struct index_entry *e, unsigned n,
			  const struct placed_record *known)
{
	struct index_request q = { .name = e->names[n], .number = e->port };
	const struct placed_record *placed;
	struct index_record found;
	uint32_t record;

	if (is_protocol_table(t))
		q.kind = is_name_table(t) ? INDEX_ASK_PROTOCOL_NAME : INDEX_ASK_PROTOCOL_NUMBER;
	else
		q.kind = is_name_table(t) ? INDEX_ASK_NAME : INDEX_ASK_PORT;
	q.protocol = is_any_protocol_table(t) ? NULL : e->protocol_name;
	if (index_lookup(c->v, &q, &found) < 0)
		return LOOKUP_MISSES;
	record = (uint32_t)((const unsigned char *)found.names - INDEX_RECORD_NAMES -
			    (c->v->base + c->v->offset[INDEX_RECORDS]));
	if (known && record == known->offset)
		return known->entry;
	placed = record_of(c, record);
	return placed ? placed->entry : LOOKUP_STRAY;
}

static const char *found_label(char buf[LABEL_MAX], uint32_t found)
{
	if (found == LOOKUP_MISSES)
		return "nothing";
	if (found == LOOKUP_STRAY)
		return "a record that is no entry's";
	snprintf(buf, LABEL_MAX, "entry %u", found);
	return buf;
}

static uint32_t table_slot(const struct index_view *v, enum index_section t, uint32_t i)
{
	return index_le32(v->base + v->offset[t] + INDEX_SLOT_SIZE * (size_t)i);
}

/* An empty slot ends every probe; without one, a probe for a missing key reads the whole table. */
static int check_empty_slot(struct verifier *c, enum index_section t)
{
	struct index_table_stats *st = &c->r->tables[t];

	st->slots = c->v->length[t] / INDEX_SLOT_SIZE;
	for (uint32_t i = 0; i < st->slots; i++)
		st->used += table_slot(c->v, t, i) != INDEX_SLOT_EMPTY;
	if (st->slots == 0)
		return index_problem(c->r->problem, "the %s table has no slot", section_names[t]);
	if (st->used == st->slots)
		return index_problem(c->r->problem, "the %s table has no empty slot: a probe for a missing key reads all %u",
			    section_names[t], st->slots);
	return 0;
}

/* run[i]: how many non-empty slots end at slot i, so that a probe from start reaches i when
 * (i - start) mod slots < run[i]. Counted from an empty slot, which check_empty_slot() found. */
static void measure_runs(struct verifier *c, enum index_section t)
{
	uint32_t nslots = c->r->tables[t].slots, empty = 0, prev = 0;

	while (table_slot(c->v, t, empty) != INDEX_SLOT_EMPTY)
		empty++;
	for (uint32_t k = 1; k <= nslots; k++) {
		uint32_t i = (empty + k) % nslots;

		c->run[i] = prev = table_slot(c->v, t, i) == INDEX_SLOT_EMPTY ? 0 : prev + 1;
	}
}

static int stray_slot(struct verifier *c, enum index_section t, uint32_t i, uint32_t slot)
{
	char what[LABEL_MAX];

	snprintf(what, sizeof(what), "%s slot %u", section_names[t], i);
	if ((slot & INDEX_SLOT_RECORD_MASK) == 0)
		return index_problem(c->r->problem, "%s: 0x%08x has a tag but no record", what, slot);
	if (explain_record(c, what, index_slot_record(slot), is_protocol_table(t)) < 0)
		return -1;
	return index_problem(c->r->problem, "%s: record offset %u is the start of no entry's record", what, index_slot_record(slot));
}

/* The bit of table t in found_itself. */
static uint8_t table_bit(enum index_section t)
{
	int k = 0;

	while (index_hash_tables[k] != t)
		k++;
	return (uint8_t)(1u << k);
}

/* Where key n of the entry whose first key is first_key stands in found_itself. */
static uint8_t *found_itself_at(const struct verifier *c, enum index_section t, uint32_t first_key, unsigned n)
{
	return &c->found_itself[first_key + (is_name_table(t) ? n : 0)];
}

/* The slot leads to an entry's record, under one of its keys, from where that key's probe starts,
 * and (with lookups) the reader's lookup of that key finds this very entry: else noted, for
 * tell_unfound(). */
static int check_slot(struct verifier *c, enum index_section t, uint32_t i, uint32_t slot, bool lookups)
{
	struct index_table_stats *st = &c->r->tables[t];
	const struct placed_record *placed = record_of(c, index_slot_record(slot));
	uint32_t entry, found = LOOKUP_MISSES;
	char label[LABEL_MAX];
	struct index_entry e;
	int fit = -1;

	if (!placed)
		return stray_slot(c, t, i, slot);
	entry = placed->entry;
	/* check_entry() read this very record as the entry's */
	index_entry_at_offset(c->v, is_protocol_entry(c, entry) ? &index_protocols : &index_services, placed->offset,
			      &e);
	if (is_protocol_entry(c, entry) != is_protocol_table(t))
		return index_problem(c->r->problem, "%s slot %u: leads to %s, of the other database", section_names[t], i,
				     entry_label(label, c, entry, &e));
	for (unsigned n = 0; n < key_count(t, &e); n++) {
		uint32_t hash = key_hash(t, &e, n), probe = (i + st->slots - index_slot_start(hash, st->slots)) % st->slots;

		if (index_slot_tag(hash) != slot >> INDEX_SLOT_TAG_SHIFT || probe >= c->run[i])
			continue;
		if (fit < 0)
			fit = (int)n;
		if (!lookups)
			return 0;
		if ((found = looked_up(c, t, &e, n, placed)) == entry) {
			st->longest_probe = probe + 1 > st->longest_probe ? probe + 1 : st->longest_probe;
			*found_itself_at(c, t, placed->first_key, n) |= table_bit(t);
			return 0;
		}
	}
	if (fit < 0)
		return index_problem(c->r->problem, "%s slot %u: leads to %s, but under none of its keys: its tag or place is wrong",
			    section_names[t], i, entry_label(label, c, entry, &e));
	if (!c->unfound.seen)
		c->unfound = (struct unfound){ .seen = true, .slot = i, .entry = entry, .fit = (unsigned)fit,
					       .found = found };
	return 0;
}

static int tell_unfound(struct verifier *c, enum index_section t)
{
	const struct unfound *u = &c->unfound;
	char label[LABEL_MAX], key[LABEL_MAX], found_buf[LABEL_MAX];
	struct index_entry e;

	if (!u->seen)
		return 0;
	entry_at(c, u->entry, &e); /* check_slot() read it */
	return index_problem(c->r->problem, "%s slot %u: leads to %s, but the reader's lookup of %s finds %s", section_names[t],
			     u->slot, entry_label(label, c, u->entry, &e), key_label(key, t, &e, u->fit),
			     found_label(found_buf, u->found));
}

static int check_slots(struct verifier *c, enum index_section t, bool lookups)
{
	uint32_t slot;

	for (uint32_t i = 0; i < c->r->tables[t].slots; i++)
		if ((slot = table_slot(c->v, t, i)) != INDEX_SLOT_EMPTY && check_slot(c, t, i, slot, lookups) < 0)
			return -1;
	return 0;
}

/* The problems of the slots come first, in slot order, then the load's, then the lookups': one pass
 * tells them so, but for an overloaded table, whose keys are not looked up. A load over one half is
 * more than the writer makes, and makes probes long. */
static int check_table(struct verifier *c, enum index_section t)
{
	const struct index_table_stats *st = &c->r->tables[t];

	if (check_empty_slot(c, t) < 0)
		return -1;
	measure_runs(c, t);
	if (st->used <= st->slots / 2)
		return check_slots(c, t, true) < 0 ? -1 : tell_unfound(c, t);
	if (check_slots(c, t, false) < 0)
		return -1;
	return index_problem(c->r->problem, "the %s table has %u of its %u slots used, a load over one half",
			     section_names[t], st->used, st->slots);
}

static int check_tables(struct verifier *c)
{
	uint32_t most = 1;

	for (int k = 0; k < INDEX_HASH_TABLES; k++)
		if (c->v->length[index_hash_tables[k]] / INDEX_SLOT_SIZE > most)
			most = c->v->length[index_hash_tables[k]] / INDEX_SLOT_SIZE;
	c->run = malloc(most * sizeof(*c->run));
	if (!c->run)
		return index_problem(c->r->problem, "out of memory for %u slots", most);
	for (int k = 0; k < INDEX_HASH_TABLES; k++)
		if (check_table(c, index_hash_tables[k]) < 0)
			return -1;
	return 0;
}

/* A name that an earlier name of the entry already is, in some case: the same key. */
static bool repeats_name(const struct index_entry *e, unsigned n)
{
	for (unsigned m = 0; m < n; m++)
		if (index_names_equal(e->names[m], e->names[n]))
			return true;
	return false;
}

/* The reader's lookup of each key of entry i finds the first entry in file order with it: i, or one
 * before. The keys first found at i are the keys the tables must hold, once each. A key whose slot's
 * check looked it up already is not looked up again: the same lookup finds the same entry. */
static int check_entry_keys(struct verifier *c, uint32_t i, uint32_t first_key, const struct index_entry *e)
{
	char label[LABEL_MAX], key[LABEL_MAX], found_buf[LABEL_MAX];

	for (int k = 0; k < INDEX_HASH_TABLES; k++) {
		enum index_section t = index_hash_tables[k];

		if (is_protocol_table(t) != is_protocol_entry(c, i))
			continue;
		for (unsigned n = 0; n < key_count(t, e); n++) {
			uint32_t found;

			if (is_name_table(t) && repeats_name(e, n))
				continue;
			found = *found_itself_at(c, t, first_key, n) & table_bit(t) ? i : looked_up(c, t, e, n, NULL);
			if (found == i)
				c->keys[t]++;
			else if (found > i)
				return index_problem(c->r->problem, "%s: the reader's lookup of %s in %s finds %s", entry_label(label, c, i, e),
					    key_label(key, t, e, n), section_names[t], found_label(found_buf, found));
		}
	}
	return 0;
}

static int check_keys(struct verifier *c)
{
	struct index_entry e;
	uint32_t first_key = 0;

	for (uint32_t i = 0; i < c->r->entries + c->r->protocol_entries; i++) {
		if (entry_at(c, i, &e) < 0 || check_entry_keys(c, i, first_key, &e) < 0)
			return -1;
		first_key += e.name_count;
	}
	for (int k = 0; k < INDEX_HASH_TABLES; k++) {
		enum index_section t = index_hash_tables[k];

		if (c->r->tables[t].used != c->keys[t])
			return index_problem(c->r->problem, "the %s table has %u slots used for %u keys: each key is stored once",
				    section_names[t], c->r->tables[t].used, c->keys[t]);
	}
	return 0;
}

int index_verify(struct index_report *r, const void *base, size_t size)
{
	struct verifier c = { .r = r, .v = &r->view };
	int ret;

	memset(r, 0, sizeof(*r));
	if (index_view_open(&r->view, base, size) < 0)
		return explain_header(r->problem, base, size);
	ret = check_checksum(&c) < 0 || check_date(&c, INDEX_OFF_UPDATED, "services") < 0 ||
	      check_date(&c, INDEX_OFF_PROTOCOLS_UPDATED, "protocol") < 0 || check_sections_apart(&c) < 0 ||
	      check_gaps(&c) < 0 || check_strings(&c) < 0 || check_protocols(&c) < 0 || check_entries(&c) < 0 ||
	      check_records_apart(&c) < 0 || place_records(&c) < 0 || check_tables(&c) < 0 || check_keys(&c) < 0 ?
		      -1 : 0;
	free(c.records);
	free(c.first_at);
	free(c.found_itself);
	free(c.run);
	return ret;
}

/* The reader decides whether the link is good; what follows only finds the words for why it is not. */
int index_verify_link(struct index_link *l, const void *base, size_t size, char problem[INDEX_PROBLEM_MAX])
{
	const unsigned char *p = base;
	uint32_t len;

	problem[0] = '\0';
	if (index_link_parse(l, base, size) == 0)
		return 0;
	if (size < INDEX_MAGIC_LEN || memcmp(p + INDEX_LINK_OFF_MAGIC, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN) != 0)
		return index_problem(problem, "not a link: no link magic at its start");
	if (size < INDEX_LINK_OFF_NAME)
		return index_problem(problem, "a link cut short: %zu bytes, fewer than the %d of its fixed fields", size,
			    INDEX_LINK_OFF_NAME);
	if (index_le32(p + INDEX_LINK_OFF_VERSION) != INDEX_LINK_VERSION)
		return index_problem(problem, "link version %u, where this reader knows version %d",
			    index_le32(p + INDEX_LINK_OFF_VERSION), INDEX_LINK_VERSION);
	len = index_le32(p + INDEX_LINK_OFF_NAME_LEN);
	if (len == 0 || len > INDEX_LINK_NAME_MAX)
		return index_problem(problem, "the link's name is %u bytes long, not 1 to %d", len, INDEX_LINK_NAME_MAX);
	if (size != INDEX_LINK_OFF_NAME + (size_t)len + 1)
		return index_problem(problem, "a link of %zu bytes, where its %u-byte name makes it %u", size, len,
			    INDEX_LINK_OFF_NAME + len + 1);
	return index_problem(problem, "the link's name is not the name of a file beside it (no NUL after it, a '/', "
			     "'.', '..' or a control byte)");
}

#define DATA_SUFFIX_LEN 17 /* '.' and the data's checksum in 16 hexadecimal digits */

int index_verify_linked_data(const struct index_link *l, const unsigned char *data, size_t data_size,
			     char problem[INDEX_PROBLEM_MAX])
{
	size_t len = strlen(l->name);
	char suffix[DATA_SUFFIX_LEN + 1], buf[SHOWN_MAX];
	uint64_t checksum;

	problem[0] = '\0';
	if (data_size != l->data_size)
		return index_problem(problem, "the link says %u bytes, its data file has %zu", l->data_size, data_size);
	if (data_size < INDEX_HEADER_SIZE)
		return 0; /* too short to be an index, as index_verify() will say */
	checksum = index_le64(data + INDEX_OFF_CHECKSUM);
	if (checksum != l->data_checksum)
		return index_problem(problem, "the link says checksum %016llx, its data file's header %016llx",
			    (unsigned long long)l->data_checksum, (unsigned long long)checksum);
	snprintf(suffix, sizeof(suffix), ".%016llx", (unsigned long long)checksum);
	if (len < DATA_SUFFIX_LEN || strcmp(l->name + len - DATA_SUFFIX_LEN, suffix) != 0)
		return index_problem(problem, "the data file's name '%s' does not end in its checksum, %s", shown(l->name, buf), suffix);
	return 0;
}
