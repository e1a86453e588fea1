/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index.h: reading the nss-iana index from memory, every offset checked before it is read. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "index-format.h"

struct index_view {
	const unsigned char *base;
	size_t size;
	uint32_t offset[INDEX_SECTIONS], length[INDEX_SECTIONS];
	int tcp, udp; /* their protocol ids, found once at open: nearly every question names one */
};

/* An entry with every string it points to found inside the index. */
struct index_entry {
	uint16_t port;
	uint8_t name_count, protocol;
	uint32_t names_len; /* the names one after the other, each with its NUL, from names[0] */
	const char *protocol_name;
	const char *names[UINT8_MAX]; /* the official name first */
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
/* Whether the index's checksum matches its bytes: time that grows with the index. */
bool index_view_checksum_ok(const struct index_view *v);
uint32_t index_entry_count(const struct index_view *v);
/* 0, or -1 for an entry that points outside the index. */
int index_entry_at(const struct index_view *v, uint32_t i, struct index_entry *e);
/* The first entry in file order that answers, read into e; protocol NULL is any. 0 found, -1 not. */
int index_lookup_name(const struct index_view *v, const char *name, const char *protocol, struct index_entry *e);
int index_lookup_port(const struct index_view *v, uint16_t port, const char *protocol, struct index_entry *e);
