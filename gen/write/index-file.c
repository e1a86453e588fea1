/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-file.c: the index, built in memory from the same entry list as the services file. */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "index-file.h"
#include "index-reader.h"
#include "keymap.h"
#include "log.h"
#include "xalloc.h"

#define NO_ID UINT32_MAX

struct key {
	uint32_t hash, entry;
};

struct key_list {
	struct key *keys;
	size_t count, cap;
	size_t db; /* whose entries the keys are */
};

struct index_builder {
	const struct index_input *in;
	size_t ndb;
	size_t entries[INDEX_DATABASES]; /* where each database's entries, the offsets of its records, start */
	struct index_blob strings;
	const struct table *with_protocols; /* the database whose records name a protocol */
	uint32_t *protocol_id;               /* its pool id -> protocol id, or NO_ID */
	uint32_t protocols[INDEX_MAX_PROTOCOLS];
	uint32_t nprotocols;
	struct key_list tables[INDEX_SECTIONS];
};

/* Sets bit n; whether it was clear. */
static bool first_time(uint8_t *bits, unsigned n)
{
	bool clear = !(bits[n / 8] & (1u << (n % 8)));

	bits[n / 8] |= (uint8_t)(1u << (n % 8));
	return clear;
}

/* Room for len more bytes, which the caller fills: where they start. */
static unsigned char *blob_extend(struct index_blob *b, size_t len)
{
	GROW(b->data, b->cap, b->size + len);
	b->size += len;
	return b->data + b->size - len;
}

static void blob_append(struct index_blob *b, const void *data, size_t len)
{
	if (len) /* data may be NULL then, which memcpy() does not allow */
		memcpy(blob_extend(b, len), data, len);
}

static void blob_align4(struct index_blob *b)
{
	static const unsigned char zeros[4];

	blob_append(b, zeros, (4 - b->size % 4) % 4);
}

static int assign_protocols(struct index_builder *ib)
{
	const struct table *t = ib->with_protocols;

	for (size_t i = 0; t && i < t->nlines; i++) {
		uint32_t proto = t->lines[i].proto;

		if (ib->protocol_id[proto] != NO_ID)
			continue;
		if (ib->nprotocols == INDEX_MAX_PROTOCOLS) {
			log_error(NULL, "more than %d protocols do not fit in an index", INDEX_MAX_PROTOCOLS);
			return -1;
		}
		ib->protocol_id[proto] = ib->nprotocols;
		ib->protocols[ib->nprotocols++] = (uint32_t)ib->strings.size;
		blob_append(&ib->strings, strpool_get(&t->pool, proto), strlen(strpool_get(&t->pool, proto)) + 1);
	}
	return 0;
}

static void add_key(struct key_list *list, uint32_t hash, size_t entry)
{
	GROW(list->keys, list->cap, list->count + 1);
	list->keys[list->count++] = (struct key){ .hash = hash, .entry = (uint32_t)entry };
}

/* The protocol key of line l's tables: its protocol's id + 1, or none. */
static uint32_t protocol_key(const struct index_builder *ib, size_t d, const struct line *l)
{
	return index_has_protocols(ib->in[d].sections) ? ib->protocol_id[l->proto] + 1 : INDEX_ANY_PROTOCOL;
}

/* A table by name, with each line's protocol or with none: only the first line in file order with a
 * name in any case answers it, as with glibc's files. */
static void add_name_keys(struct index_builder *ib, size_t d, enum index_section table,
			  bool with_protocol)
{
	const struct table *t = ib->in[d].table;
	struct name_set seen = { .pool = &t->pool };

	name_set_reserve(&seen, t->nline_names);
	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];
		uint32_t key = with_protocol ? protocol_key(ib, d, l) : INDEX_ANY_PROTOCOL;

		for (uint32_t n = 0; n < l->name_count; n++) {
			uint32_t name = t->line_names[l->first_name + n];
			size_t len;
			uint32_t hash = index_hash_name(strpool_get(&t->pool, name), key, &len);

			if (name_set_add(&seen, name, key, hash, &(uint32_t){ 0 }))
				add_key(&ib->tables[table], hash, i);
		}
	}
	name_set_free(&seen);
}

static void add_keys(struct index_builder *ib, size_t d)
{
	const struct index_database *s = ib->in[d].sections;
	const struct table *t = ib->in[d].table;
	uint8_t seen_numbers[(UINT16_MAX + 1) / 8] = { 0 };

	if (index_has_protocols(s))
		add_name_keys(ib, d, s->by_name_protocol, true);
	add_name_keys(ib, d, s->by_name, false);
	/* A number and protocol has one line; without a protocol, the number's first line answers. */
	for (size_t i = 0; i < t->nlines; i++) {
		const struct line *l = &t->lines[i];

		if (index_has_protocols(s))
			add_key(&ib->tables[s->by_number_protocol], index_hash_port(l->number, protocol_key(ib, d, l)), i);
		if (first_time(seen_numbers, l->number))
			add_key(&ib->tables[s->by_number], index_hash_port(l->number, INDEX_ANY_PROTOCOL), i);
	}
}

/* The size of every database's records, each its fixed fields then its names with their NULs (so that a
 * hit reads one place), 4-aligned; or -1 after a message if they pass the format's limit. */
static int measure_records(const struct index_builder *ib, size_t *size)
{
	*size = 0;
	for (size_t k = 0; k < ib->ndb; k++) {
		const struct table *t = ib->in[k].table;

		for (size_t i = 0; i < t->nlines; i++) {
			size_t record = INDEX_RECORD_HEADER_SIZE;

			for (uint32_t n = 0; n < t->lines[i].name_count; n++)
				record += strpool_entry(&t->pool, t->line_names[t->lines[i].first_name + n])->len + 1;
			*size += (record + 3) / 4 * 4;
		}
	}
	if (*size <= INDEX_MAX_RECORDS_SIZE)
		return 0;
	log_error(NULL, "the entries do not fit in an index (their records pass %u bytes)", INDEX_MAX_RECORDS_SIZE);
	return -1;
}

/* One record at the end of out, where the records start at records: its offset among them. */
static uint32_t append_record(struct index_blob *out, size_t records, const struct table *t, const struct line *l,
			      uint8_t protocol)
{
	unsigned char *h = blob_extend(out, INDEX_RECORD_HEADER_SIZE);
	size_t start = out->size - INDEX_RECORD_HEADER_SIZE;

	memset(h, 0, INDEX_RECORD_HEADER_SIZE);
	h[INDEX_RECORD_PORT] = (unsigned char)l->number;
	h[INDEX_RECORD_PORT + 1] = (unsigned char)(l->number >> 8);
	h[INDEX_RECORD_NAME_COUNT] = (unsigned char)l->name_count;
	h[INDEX_RECORD_PROTOCOL] = protocol;
	for (uint32_t n = 0; n < l->name_count; n++) {
		const struct strpool_entry *e = strpool_entry(&t->pool, t->line_names[l->first_name + n]);

		blob_append(out, e->string, e->len + 1);
	}
	index_put_le32(out->data + start + INDEX_RECORD_NAMES_LEN,
		       (uint32_t)(out->size - start - INDEX_RECORD_HEADER_SIZE));
	blob_align4(out);
	return (uint32_t)(start - records);
}

/* Every database's records, each in file order, and their offsets in its entries section. */
static void append_records(struct index_builder *ib, struct index_blob *out)
{
	size_t records = out->size;

	for (size_t d = 0; d < ib->ndb; d++) {
		for (size_t i = 0; i < ib->in[d].table->nlines; i++) {
			const struct line *l = &ib->in[d].table->lines[i];
			uint32_t key = protocol_key(ib, d, l);

			index_put_le32(out->data + ib->entries[d] + 4 * i,
				       append_record(out, records, ib->in[d].table, l, key ? (uint8_t)(key - 1) : 0));
		}
	}
}

/* Open addressing at a load under 1/2, linear probing: a miss then reads 2.5 slots on average, where a
 * load of 2/3 reads 5. */
static size_t table_size(const struct key_list *list)
{
	return 4 * (2 * list->count + 1);
}

/* The slots point to the records by the offsets the entries section at entries holds. */
static void append_table(struct index_blob *out, const struct key_list *list, size_t entries)
{
	uint32_t nslots = (uint32_t)(2 * list->count + 1);
	unsigned char *slots = blob_extend(out, table_size(list));

	memset(slots, 0, table_size(list));
	for (size_t k = 0; k < list->count; k++) {
		uint32_t i = index_slot_start(list->keys[k].hash, nslots);

		while (index_le32(slots + 4 * i) != INDEX_SLOT_EMPTY)
			i = i + 1 == nslots ? 0 : i + 1;
		index_put_le32(slots + 4 * i, index_slot(list->keys[k].hash,
							 index_le32(out->data + entries + 4 * list->keys[k].entry)));
	}
}

static int check_limits(const struct table *t)
{
	char label[LINE_LABEL_MAX];

	for (size_t i = 0; i < t->nlines; i++) {
		if (t->lines[i].name_count > INDEX_MAX_NAMES) {
			log_error(NULL, "%s has more than %d names", line_label(t, &t->lines[i], label), INDEX_MAX_NAMES);
			return -1;
		}
	}
	return 0;
}

static void write_header(struct index_blob *out, const struct index_builder *ib, const uint32_t *sections)
{
	unsigned char *h = out->data;

	memcpy(h + INDEX_OFF_MAGIC, INDEX_MAGIC, INDEX_MAGIC_LEN);
	index_put_le32(h + INDEX_OFF_VERSION, INDEX_VERSION);
	index_put_le32(h + INDEX_OFF_HEADER_SIZE, INDEX_HEADER_SIZE);
	index_put_le32(h + INDEX_OFF_FILE_SIZE, (uint32_t)out->size);
	index_put_le32(h + INDEX_OFF_FLAGS, 0);
	_Static_assert(sizeof(ib->in[0].table->updated) == INDEX_DATE_LEN, "the date field holds the table's date");
	for (size_t k = 0; k < ib->ndb; k++)
		memcpy(h + ib->in[k].sections->date_offset, ib->in[k].table->updated, INDEX_DATE_LEN);
	for (int s = 0; s < INDEX_SECTIONS; s++)
		index_put_section(h, (enum index_section)s, sections[2 * s], sections[2 * s + 1]);
	index_put_le64(h + INDEX_OFF_CHECKSUM, index_checksum(out->data, out->size));
}

static void begin_section(struct index_blob *out, uint32_t *sections, enum index_section s)
{
	blob_align4(out);
	sections[2 * s] = (uint32_t)out->size;
}

static void end_section(struct index_blob *out, uint32_t *sections, enum index_section s)
{
	sections[2 * s + 1] = (uint32_t)out->size - sections[2 * s];
}

/* The whole index's size, so that it is built in place and never moves. */
static size_t index_size(const struct index_builder *ib, size_t records)
{
	size_t size = INDEX_HEADER_SIZE + 4 * ib->nprotocols + (ib->strings.size + 3) / 4 * 4 + records;

	for (size_t k = 0; k < ib->ndb; k++)
		size += 4 * ib->in[k].table->nlines;
	for (int k = 0; k < INDEX_HASH_TABLES; k++)
		size += table_size(&ib->tables[index_hash_tables[k]]);
	return size;
}

static void assemble(struct index_builder *ib, size_t records, struct index_blob *out)
{
	uint32_t sections[2 * INDEX_SECTIONS] = { 0 };

	*out = (struct index_blob){ .data = xmalloc(index_size(ib, records)), .cap = index_size(ib, records) };
	memset(blob_extend(out, INDEX_HEADER_SIZE), 0, INDEX_HEADER_SIZE);
	/* What a reader takes at open right after the header, so that opening touches one page. */
	begin_section(out, sections, INDEX_SERVICE_PROTOCOLS);
	for (uint32_t i = 0; i < ib->nprotocols; i++)
		index_put_le32(blob_extend(out, 4), ib->protocols[i]);
	end_section(out, sections, INDEX_SERVICE_PROTOCOLS);
	begin_section(out, sections, INDEX_STRINGS);
	blob_append(out, ib->strings.data, ib->strings.size);
	end_section(out, sections, INDEX_STRINGS);
	for (size_t k = 0; k < ib->ndb; k++) {
		begin_section(out, sections, ib->in[k].sections->entries);
		ib->entries[k] = out->size;
		blob_extend(out, 4 * ib->in[k].table->nlines); /* filled in by append_records() */
		end_section(out, sections, ib->in[k].sections->entries);
	}
	begin_section(out, sections, INDEX_RECORDS);
	append_records(ib, out);
	end_section(out, sections, INDEX_RECORDS);
	for (int k = 0; k < INDEX_HASH_TABLES; k++) {
		begin_section(out, sections, index_hash_tables[k]);
		append_table(out, &ib->tables[index_hash_tables[k]], ib->entries[ib->tables[index_hash_tables[k]].db]);
		end_section(out, sections, index_hash_tables[k]);
	}
	write_header(out, ib, sections);
}

/* Each database's tables, and the protocol ids of the one with protocols. */
static void start_building(struct index_builder *ib, const struct index_input *in, size_t count)
{
	ib->in = in;
	ib->ndb = count;
	for (size_t k = 0; k < count; k++) {
		const struct index_database *s = in[k].sections;
		const enum index_section tables[] = { s->by_name, s->by_number, s->by_name_protocol, s->by_number_protocol };

		for (size_t t = 0; t < sizeof(tables) / sizeof(*tables); t++)
			if (tables[t] != INDEX_SECTIONS)
				ib->tables[tables[t]].db = k;
		if (index_has_protocols(s))
			ib->with_protocols = in[k].table;
	}
	if (ib->with_protocols) {
		size_t count_ids = ib->with_protocols->pool.count;

		ib->protocol_id = xreallocarray(NULL, count_ids ? count_ids : 1, sizeof(uint32_t));
		memset(ib->protocol_id, 0xff, count_ids * sizeof(uint32_t));
	}
	blob_append(&ib->strings, "", 1); /* offset 0 is the empty string, so the section is never empty */
}

static void stop_building(struct index_builder *ib)
{
	free(ib->protocol_id);
	free(ib->strings.data);
	for (int s = 0; s < INDEX_SECTIONS; s++)
		free(ib->tables[s].keys);
}

int index_build(const struct index_input *in, size_t count, struct index_blob *blob)
{
	struct index_builder ib = { 0 };
	size_t records;
	int ret = -1;

	for (size_t k = 0; k < count; k++)
		if (check_limits(in[k].table) < 0)
			return -1;
	start_building(&ib, in, count);
	if (assign_protocols(&ib) == 0 && measure_records(&ib, &records) == 0) {
		for (size_t k = 0; k < ib.ndb; k++)
			add_keys(&ib, k);
		assemble(&ib, records, blob);
		ret = 0;
	}
	stop_building(&ib);
	return ret;
}

int index_write(FILE *f, const struct index_blob *blob)
{
	errno = 0;
	if (fwrite(blob->data, 1, blob->size, f) != blob->size)
		return -1;
	return 0;
}

#define DATA_SUFFIX_LEN 17 /* '.' and the checksum in 16 hexadecimal digits */

char *index_data_path(const char *link_path, const struct index_blob *blob)
{
	size_t size = strlen(link_path) + DATA_SUFFIX_LEN + 1;
	char *path = xmalloc(size);

	snprintf(path, size, "%s.%016llx", link_path,
		 (unsigned long long)index_le64(blob->data + INDEX_OFF_CHECKSUM));
	return path;
}

int index_link_write(FILE *f, const char *data_path, const struct index_blob *blob)
{
	const char *slash = strrchr(data_path, '/'), *name = slash ? slash + 1 : data_path;
	size_t len = strlen(name);
	unsigned char head[INDEX_LINK_OFF_NAME];

	if (len > INDEX_LINK_NAME_MAX) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(head + INDEX_LINK_OFF_MAGIC, INDEX_LINK_MAGIC, INDEX_MAGIC_LEN);
	index_put_le32(head + INDEX_LINK_OFF_VERSION, INDEX_LINK_VERSION);
	index_put_le32(head + INDEX_LINK_OFF_DATA_SIZE, (uint32_t)blob->size);
	memcpy(head + INDEX_LINK_OFF_DATA_CHECKSUM, blob->data + INDEX_OFF_CHECKSUM, 8);
	index_put_le32(head + INDEX_LINK_OFF_NAME_LEN, (uint32_t)len);
	errno = 0;
	return fwrite(head, 1, sizeof(head), f) == sizeof(head) && fwrite(name, 1, len + 1, f) == len + 1 ? 0 : -1;
}

static char *directory_of(const char *path)
{
	char *copy = xstrndup(path, strlen(path)), *dir = xstrndup(dirname(copy), strlen(path));

	free(copy);
	return dir;
}

int index_lock_directory(const char *link_path)
{
	char *dir = directory_of(link_path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	free(dir);
	if (fd >= 0 && flock(fd, LOCK_EX) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void index_unlock_directory(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* The name of the data file the link at path names now, or "" when it is not a link. */
static void linked_name(const char *path, char name[INDEX_LINK_NAME_MAX + 1])
{
	unsigned char buf[INDEX_LINK_MAX_SIZE + 1];
	FILE *f = fopen(path, "rbe");
	size_t got = f ? fread(buf, 1, sizeof(buf), f) : 0;
	struct index_link link;

	if (f)
		fclose(f);
	strcpy(name, index_link_parse(&link, buf, got) == 0 ? link.name : "");
}

/* Whether name is the link's base name, a dot and 16 hexadecimal digits: a data file of that link. */
static bool is_data_of(const char *name, const char *base)
{
	size_t len = strlen(base);

	if (strncmp(name, base, len) != 0 || strlen(name) != len + DATA_SUFFIX_LEN || name[len] != '.')
		return false;
	return strspn(name + len + 1, "0123456789abcdef") == DATA_SUFFIX_LEN - 1;
}

void index_remove_stale_data(const char *link_path)
{
	char *dir = directory_of(link_path), *base_copy = xstrndup(link_path, strlen(link_path));
	const char *base = basename(base_copy);
	char current[INDEX_LINK_NAME_MAX + 1];
	DIR *d = opendir(dir);
	struct dirent *de;

	linked_name(link_path, current);
	while (d && (de = readdir(d)))
		if (is_data_of(de->d_name, base) && strcmp(de->d_name, current) != 0 &&
		    unlinkat(dirfd(d), de->d_name, 0) < 0)
			log_warning(link_path, "cannot remove the stale data file %s: %s", de->d_name, strerror(errno));
	if (d)
		closedir(d);
	free(base_copy);
	free(dir);
}

void index_blob_free(struct index_blob *blob)
{
	free(blob->data);
	memset(blob, 0, sizeof(*blob));
}
