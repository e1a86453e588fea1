/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-format.h: the nss-iana index on disk, the one definition its writer and reader share. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * docs/index-format.md explains it on one page. In short, all integers are
 * little-endian and every section is 4-byte aligned. The sections, in the
 * order the generator writes them:
 *
 *   header             magic, version, sizes, checksum, both registries' <updated>, section table
 *   service protocols  u32 string offset per protocol id
 *   strings            the protocol names, NUL-terminated; the section ends with a NUL
 *   entries            u32 record offset per service, in canonical services-file order
 *   protocol entries   u32 record offset per protocol, in canonical protocols-file order
 *   records            one per service and per protocol, 4-byte aligned: u16 port or protocol number,
 *                      u8 name count, u8 protocol id (0 for a protocol), u32 length of the names, then
 *                      the names, NUL-terminated, the official one first
 *   by-name-proto, by-name, by-port-proto, by-port, protocol-by-name, protocol-by-number
 *                      hash tables of u32 slots: 0 is empty, else (tag << 26) | (record offset / 4 + 1)
 */

#define INDEX_MAGIC "NSSIANA\x1a"
#define INDEX_MAGIC_LEN 8
#define INDEX_VERSION 3
#define INDEX_MAX_SIZE (1u << 30)
#define INDEX_ENTRY_SIZE 4       /* a record offset */
#define INDEX_PROTOCOL_ID_SIZE 4 /* a string offset */
#define INDEX_SLOT_SIZE 4
#define INDEX_RECORD_HEADER_SIZE 8
#define INDEX_MAX_PROTOCOLS 255 /* a protocol id is one byte */
#define INDEX_MAX_NAMES 255     /* a record's name count is one byte */
#define INDEX_DATE_LEN 16

enum index_header_field {
	INDEX_OFF_MAGIC = 0,
	INDEX_OFF_VERSION = 8,
	INDEX_OFF_HEADER_SIZE = 12,
	INDEX_OFF_FILE_SIZE = 16,
	INDEX_OFF_FLAGS = 20,
	INDEX_OFF_CHECKSUM = 24,           /* u64 over the whole file, this field as zero */
	INDEX_OFF_UPDATED = 32,            /* the services registry's <updated>, NUL-padded */
	INDEX_OFF_PROTOCOLS_UPDATED = 48,  /* the protocol registry's <updated>, NUL-padded */
	INDEX_OFF_SECTIONS = 64,           /* u32 offset, u32 length, per section */
};

/* The section table's order: a section's place in the file is what the table says. */
enum index_section {
	INDEX_SERVICE_PROTOCOLS,
	INDEX_ENTRIES,
	INDEX_RECORDS,
	INDEX_STRINGS,
	INDEX_BY_NAME_PROTO,
	INDEX_BY_NAME,
	INDEX_BY_PORT_PROTO,
	INDEX_BY_PORT,
	INDEX_PROTOCOL_ENTRIES,
	INDEX_PROTOCOL_BY_NAME,
	INDEX_PROTOCOL_BY_NUMBER,
	INDEX_SECTIONS
};

/* One database's sections: its entries, in its canonical file's order, and its hash tables by name and
 * by number, without a protocol and with one; INDEX_SECTIONS for a table it has not. */
struct index_database {
	enum index_section entries, by_name, by_number, by_name_protocol, by_number_protocol;
	uint32_t date_offset; /* of its registry's <updated> in the header */
};

#define INDEX_DATABASES 2
static const struct index_database index_services = {
	INDEX_ENTRIES, INDEX_BY_NAME, INDEX_BY_PORT, INDEX_BY_NAME_PROTO, INDEX_BY_PORT_PROTO, INDEX_OFF_UPDATED,
};
static const struct index_database index_protocols = {
	INDEX_PROTOCOL_ENTRIES, INDEX_PROTOCOL_BY_NAME, INDEX_PROTOCOL_BY_NUMBER, INDEX_SECTIONS, INDEX_SECTIONS,
	INDEX_OFF_PROTOCOLS_UPDATED,
};

/* Whether the database's entries each have a protocol, which its record names by id. */
static inline bool index_has_protocols(const struct index_database *db)
{
	return db->by_name_protocol != INDEX_SECTIONS;
}

/* The hash tables, in the order the writer lays them out, after every other section. */
#define INDEX_HASH_TABLES 6
static const enum index_section index_hash_tables[INDEX_HASH_TABLES] = {
	INDEX_BY_NAME_PROTO, INDEX_BY_NAME, INDEX_BY_PORT_PROTO, INDEX_BY_PORT, INDEX_PROTOCOL_BY_NAME,
	INDEX_PROTOCOL_BY_NUMBER,
};

/* The registry's transport protocols in the canonical files' order: within a port, their entries come in
 * this order, and the entries of any other protocol come after all of theirs. */
#define INDEX_TRANSPORT_COUNT 4
static const char *const index_transports[INDEX_TRANSPORT_COUNT] = { "tcp", "udp", "sctp", "dccp" };

/* A protocol's place in index_transports, or INDEX_TRANSPORT_COUNT for any other. */
static inline int index_transport_rank(const char *protocol)
{
	int rank = 0;

	while (rank < INDEX_TRANSPORT_COUNT && strcmp(protocol, index_transports[rank]) != 0)
		rank++;
	return rank;
}

#define INDEX_SECTION_ENTRY_SIZE 8
#define INDEX_HEADER_SIZE (INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * INDEX_SECTIONS)
_Static_assert(INDEX_HEADER_SIZE == 152, "the header's size is part of the format");

/* Every section is a whole number of these. */
static inline uint32_t index_section_unit(enum index_section s)
{
	switch (s) {
	case INDEX_SERVICE_PROTOCOLS: return INDEX_PROTOCOL_ID_SIZE;
	case INDEX_ENTRIES:
	case INDEX_PROTOCOL_ENTRIES: return INDEX_ENTRY_SIZE;
	case INDEX_RECORDS: return 4;
	case INDEX_STRINGS: return 1;
	default: return INDEX_SLOT_SIZE;
	}
}

enum index_record_field {
	INDEX_RECORD_PORT = 0,
	INDEX_RECORD_NAME_COUNT = 2,
	INDEX_RECORD_PROTOCOL = 3,
	INDEX_RECORD_NAMES_LEN = 4,
	INDEX_RECORD_NAMES = INDEX_RECORD_HEADER_SIZE,
};

/*
 * The file at the index path is a link: a few bytes naming the data file beside it, a whole index named
 * by its content and never rewritten. A process maps the data, never the file at the path, so nothing an
 * administrator does to that path (cp, cat >, truncate, an editor) can touch mapped memory. The module
 * also takes a whole index at the path, read into memory of its own.
 *
 *   0   8  magic "NSSIANA>"
 *   8   4  link version, 1
 *   12  4  the data file's size
 *   16  8  the data file's checksum, as its header has it
 *   24  4  length of the data file's name, 1 to 255
 *   28     the name, in the link's directory: no '/', not "." or "..", no control byte; then a NUL
 */
#define INDEX_LINK_MAGIC "NSSIANA>"
#define INDEX_LINK_VERSION 1
#define INDEX_LINK_NAME_MAX 255
#define INDEX_LINK_MAX_SIZE (INDEX_LINK_OFF_NAME + INDEX_LINK_NAME_MAX + 1)

enum index_link_field {
	INDEX_LINK_OFF_MAGIC = 0,
	INDEX_LINK_OFF_VERSION = 8,
	INDEX_LINK_OFF_DATA_SIZE = 12,
	INDEX_LINK_OFF_DATA_CHECKSUM = 16,
	INDEX_LINK_OFF_NAME_LEN = 24,
	INDEX_LINK_OFF_NAME = 28,
};

/* A slot leads straight to a record: a hit reads the slot and the record, nothing else. */
#define INDEX_SLOT_EMPTY 0u
#define INDEX_SLOT_TAG_SHIFT 26
#define INDEX_SLOT_RECORD_MASK ((1u << INDEX_SLOT_TAG_SHIFT) - 1)
#define INDEX_MAX_RECORDS_SIZE (4u * (INDEX_SLOT_RECORD_MASK - 1)) /* offset / 4 + 1 fits the mask */
#define INDEX_ANY_PROTOCOL 0u /* protocol key of the by-name and by-port tables */

/* The one decoder: every integer the reader takes from the file goes through these. */
static inline uint32_t index_le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint16_t index_le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint64_t index_le64(const unsigned char *p)
{
	return (uint64_t)index_le32(p) | (uint64_t)index_le32(p + 4) << 32;
}

static inline void index_put_le32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static inline void index_put_le64(unsigned char *p, uint64_t v)
{
	index_put_le32(p, (uint32_t)v);
	index_put_le32(p + 4, (uint32_t)(v >> 32));
}

/* The section table: the one place that knows where a section's offset and length are. */
static inline uint32_t index_section_offset(const unsigned char *header, enum index_section s)
{
	return index_le32(header + INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * (size_t)s);
}

static inline uint32_t index_section_length(const unsigned char *header, enum index_section s)
{
	return index_le32(header + INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * (size_t)s + 4);
}

static inline void index_put_section(unsigned char *header, enum index_section s, uint32_t offset, uint32_t length)
{
	index_put_le32(header + INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * (size_t)s, offset);
	index_put_le32(header + INDEX_OFF_SECTIONS + INDEX_SECTION_ENTRY_SIZE * (size_t)s + 4, length);
}

/* Service names compare ASCII-case-insensitively (RFC 6335), whatever the locale. A table: the hash
 * folds every byte of every name asked. */
#define INDEX_BYTES_16(b) (b), (b) + 1, (b) + 2, (b) + 3, (b) + 4, (b) + 5, (b) + 6, (b) + 7, (b) + 8, (b) + 9, \
	(b) + 10, (b) + 11, (b) + 12, (b) + 13, (b) + 14, (b) + 15
static const unsigned char index_ascii_lower_table[256] = {
	INDEX_BYTES_16(0x00), INDEX_BYTES_16(0x10), INDEX_BYTES_16(0x20), INDEX_BYTES_16(0x30),
	0x40, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, /* A-O */
	0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, /* P-Z */
	INDEX_BYTES_16(0x60), INDEX_BYTES_16(0x70), INDEX_BYTES_16(0x80), INDEX_BYTES_16(0x90),
	INDEX_BYTES_16(0xa0), INDEX_BYTES_16(0xb0), INDEX_BYTES_16(0xc0), INDEX_BYTES_16(0xd0),
	INDEX_BYTES_16(0xe0), INDEX_BYTES_16(0xf0),
};

static inline unsigned char index_ascii_lower(unsigned char c)
{
	return index_ascii_lower_table[c];
}

/* Whether a and b are the same name in any case. */
static inline bool index_names_equal(const char *a, const char *b)
{
	for (; index_ascii_lower((unsigned char)*a) == index_ascii_lower((unsigned char)*b); a++, b++)
		if (!*a)
			return true;
	return false;
}

/* murmur3's finalizer: spreads every input bit over the whole hash. */
static inline uint32_t index_hash_mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* protocol_key is the protocol id + 1, or INDEX_ANY_PROTOCOL; *len becomes the name's length, which a
 * reader then needs. */
static inline uint32_t index_hash_name(const char *name, uint32_t protocol_key, size_t *len)
{
	uint32_t h = 2166136261u; /* FNV-1a over the lower-cased name, then the key */
	const unsigned char *p = (const unsigned char *)name;

	for (; *p; p++)
		h = (h ^ index_ascii_lower(*p)) * 16777619u;
	*len = (size_t)(p - (const unsigned char *)name);
	return index_hash_mix((h ^ protocol_key) * 16777619u);
}

static inline uint32_t index_hash_port(uint16_t port, uint32_t protocol_key)
{
	return index_hash_mix((uint32_t)port << 8 | protocol_key);
}

/* Where a hash starts probing in a table of nslots: its high bits, scaled. */
static inline uint32_t index_slot_start(uint32_t hash, uint32_t nslots)
{
	return (uint32_t)(((uint64_t)hash * nslots) >> 32);
}

/* The low bits: index_slot_start takes the high ones. */
static inline uint32_t index_slot_tag(uint32_t hash)
{
	return hash & ((1u << (32 - INDEX_SLOT_TAG_SHIFT)) - 1);
}

static inline uint32_t index_slot(uint32_t hash, uint32_t record_offset)
{
	return index_slot_tag(hash) << INDEX_SLOT_TAG_SHIFT | (record_offset / 4 + 1);
}

/* The record offset a non-empty slot holds; a hostile slot may give one past the records. */
static inline uint32_t index_slot_record(uint32_t slot)
{
	return 4 * ((slot & INDEX_SLOT_RECORD_MASK) - 1);
}

/* Fletcher-style sums over the whole file's 32-bit words, the checksum field counted as zero, so that
 * damage anywhere, header included, is seen. Three loops, so that the long one has no test but its end:
 * every process that maps the index sums it once. */
static inline uint64_t index_checksum(const unsigned char *p, size_t size)
{
	uint64_t a = 1, b = 0;
	size_t i = 0;

	for (; i + 4 <= size && i < INDEX_OFF_CHECKSUM; i += 4) {
		a += index_le32(p + i);
		b += a;
	}
	for (; i + 4 <= size && i < INDEX_OFF_CHECKSUM + 8; i += 4)
		b += a;
	for (; i + 4 <= size; i += 4) {
		a += index_le32(p + i);
		b += a;
	}
	return b ^ (a << 32);
}
