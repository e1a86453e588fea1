/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-verify.h: an index checked in every byte the reader may use, the first problem named; not the module's. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "index-reader.h"

#define INDEX_PROBLEM_MAX 256

struct index_table_stats {
	uint32_t slots, used, longest_probe; /* a probe's length counts the slots it reads to its key */
};

struct index_report {
	struct index_view view; /* open when the index is good */
	uint32_t entries, protocol_entries;
	struct index_table_stats tables[INDEX_SECTIONS]; /* the hash tables' only */
	char problem[INDEX_PROBLEM_MAX]; /* the first problem found, or "" */
};

/* The section's name as messages and reports give it: "by-port". */
const char *index_section_name(enum index_section s);
/* The name of protocol id, or NULL when its string is outside the strings section. */
const char *index_protocol_name(const struct index_view *v, uint32_t id);
/* Writes the problem, formatted, into problem: -1, for the caller to return. */
int __attribute__((format(printf, 2, 3))) index_problem(char problem[INDEX_PROBLEM_MAX], const char *fmt, ...);
/* 0 when base[0..size) is a good index: header, checksum, sections, every entry, protocol and string,
 * every slot of every table leading to the record the reader's lookup of its key returns, every key of
 * every entry found. Else -1 and the first problem in r->problem. */
int index_verify(struct index_report *r, const void *base, size_t size);
/* 0 and l filled when base[0..size) is a good link, else -1 and why in problem. */
int index_verify_link(struct index_link *l, const void *base, size_t size, char problem[INDEX_PROBLEM_MAX]);
/* 0 when the data (data_size bytes, a good index) is what the link l names, else -1 and why. */
int index_verify_linked_data(const struct index_link *l, const unsigned char *data, size_t data_size,
			     char problem[INDEX_PROBLEM_MAX]);
