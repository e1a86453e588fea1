/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-reader.h: reading the nss-iana index from memory, every offset checked before it is read. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index-format.h"

#define INDEX_CACHED_PROTOCOLS 16 /* the registry has four */

/* A hash table's slots, found at open. */
struct index_table {
	const unsigned char *slots, *end;
	uint32_t nslots;
};

struct index_view {
	const unsigned char *base;
	size_t size;
	uint32_t offset[INDEX_SECTIONS], length[INDEX_SECTIONS];
	/* What a lookup reads of the section table, found at open: the records, and the hash tables by
	 * their sections. */
	const unsigned char *records;
	struct index_table table[INDEX_SECTIONS];
	uint32_t protocol_count;
	int tcp, udp; /* their protocol ids: nearly every question names one */
	/* The first protocols' names and lengths with their NUL, found at open, NULL for one that does not
	 * end inside the strings; a few, so that a process's mappings of the index stay small. */
	const char *protocol_name[INDEX_CACHED_PROTOCOLS];
	uint8_t protocol_size[INDEX_CACHED_PROTOCOLS];
};

/* A record as the index holds it: its names one after the other, not yet told apart. A protocol's
 * record has its number in port, and no protocol name. */
struct index_record {
	uint16_t port;
	uint8_t name_count, protocol;
	uint32_t names_len; /* from names: the names, each with its NUL, the official one first */
	const char *names;
	const char *protocol_name;
	uint8_t protocol_size; /* with its NUL */
};

/* An entry with every string it points to found inside the index. */
struct index_entry {
	uint16_t port;
	uint8_t name_count, protocol;
	uint32_t names_len; /* the names one after the other, each with its NUL, from names[0] */
	const char *protocol_name;
	const char *names[INDEX_MAX_NAMES]; /* the official name first */
};

/* What a link file says: the data file's name (in the link's directory), size and checksum. */
struct index_link {
	char name[INDEX_LINK_NAME_MAX + 1];
	uint32_t data_size;
	uint64_t data_checksum;
};

/* 0 when base[0..size) is a well-formed link, read into l; else -1. */
int index_link_parse(struct index_link *l, const void *base, size_t size);
/* 0 when base[0..size) is an index this reader can trust to bound its reads, else -1. It checks the
 * header and the section table, in time that does not grow with the index: not the checksum. */
int index_view_open(struct index_view *v, const void *base, size_t size);
/* The same checks of the first avail bytes of an index of size bytes, which hold its header: 0, -1, or 1
 * when its protocols' sections lie beyond them. The view then answers nothing but the protocols. */
int index_view_open_head(struct index_view *v, const void *head, size_t avail, size_t size);
/* Whether the index's checksum matches its bytes: time that grows with the index. */
bool index_view_checksum_ok(const struct index_view *v);
/* A database's entries, in its canonical file's order. */
uint32_t index_count(const struct index_view *v, const struct index_database *db);
/* The record of entry i, whose names are bounded but not yet split: 0, or -1 when it is outside or names
 * a protocol the index has not. */
int index_record_of(const struct index_view *v, const struct index_database *db, uint32_t i, struct index_record *r);
/* The same entry split: -1 also where its names are not name_count strings. */
int index_entry_of(const struct index_view *v, const struct index_database *db, uint32_t i, struct index_entry *e);
/* The entry of the database's record at offset in the records section, as index_entry_of reads it: for a
 * check that has the offset in hand, without reading the entries again. */
int index_entry_at_offset(const struct index_view *v, const struct index_database *db, uint32_t offset,
			  struct index_entry *e);
/* The first NUL in [s, end), or end. Names are a few bytes: a loop, not a call to memchr, which the
 * module would also have to import from libc when glibc loads it. */
static inline const char *index_find_nul(const char *s, const char *end)
{
	while (s < end && *s)
		s++;
	return s;
}

/* Points out[0..count) at the count strings names[0..len) holds end to end, the last NUL its last byte:
 * 0, or -1 when it holds anything else. Inline: every answer is split so, and the last name, which runs
 * to that NUL, is not walked. */
static inline int index_split_names(const char *names, uint32_t len, unsigned count, const char **out)
{
	const char *s = names, *end = names + len;

	if (len == 0 || end[-1] != '\0')
		return -1;
	for (unsigned n = 0; n + 1 < count; n++) {
		out[n] = s;
		s = index_find_nul(s, end) + 1;
		if (s >= end)
			return -1;
	}
	out[count - 1] = s;
	return 0;
}

enum index_ask { INDEX_ASK_NAME, INDEX_ASK_PORT, INDEX_ASK_PROTOCOL_NAME, INDEX_ASK_PROTOCOL_NUMBER };

/* A question as a lookup's arguments: a name or a number, and for a service a protocol, NULL for any. */
struct index_request {
	enum index_ask kind;
	const char *name, *protocol;
	uint16_t number;
};

/* The record of the first entry in its database's file order that answers: 0 found, -1 not. */
int index_lookup(const struct index_view *v, const struct index_request *q, struct index_record *r);

/*
 * One question read from the index file with pread, mapping nothing: for a process's first lookup, whose
 * cost then does not grow with the index. The answers are the mapped index's; where this reader cannot
 * tell (a header or a record longer than its buffers, a short read), it says so and the mapped index
 * answers.
 */
#define INDEX_UNREAD 1
#define INDEX_FILE_HEAD 512      /* the header and the protocols' sections: the generator writes them first */
#define INDEX_FILE_RECORD 512    /* a record: the generator's names fit a services line of 126 characters */
#define INDEX_FILE_SLOT_RUN 16   /* slots read at a time: a probe seldom walks more */

struct index_file {
	int fd;
	struct index_view view; /* of head: the header and the protocols */
	unsigned char head[INDEX_FILE_HEAD];
	unsigned char record[INDEX_FILE_RECORD];
};

/* Up to len bytes at offset of fd: the count read, short at the end of the file or on an error. */
size_t index_read(int fd, void *buf, size_t len, uint64_t offset);
/* 0 when fd, an index of size bytes, has a header index_view_open would take, read into f; else INDEX_UNREAD. */
int index_file_open(struct index_file *f, int fd, size_t size);
/* As index_lookup: 0 found, -1 not, or INDEX_UNREAD. The record points into f. */
int index_file_lookup(struct index_file *f, const struct index_request *q, struct index_record *r);
