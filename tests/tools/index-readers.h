/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-readers.h: one question put to the mapped index and to the file reader of a first lookup, their answers compared. */
#pragma once
#include <stdbool.h>
#include <string.h>

#include "index-reader.h"

static inline bool same_record(const struct index_record *a, const struct index_record *b)
{
	return a->port == b->port && a->name_count == b->name_count && a->protocol == b->protocol &&
	       a->names_len == b->names_len && memcmp(a->names, b->names, a->names_len) == 0 &&
	       a->protocol_size == b->protocol_size &&
	       (!a->protocol_name || memcmp(a->protocol_name, b->protocol_name, a->protocol_size) == 0);
}

enum readers_verdict { READERS_AGREE, READERS_UNREAD, READERS_DIFFER };

/* The file reader answers as the mapped index, or leaves the question to it (INDEX_UNREAD). */
static inline enum readers_verdict compare_readers(const struct index_view *v, struct index_file *f,
						   const struct index_request *q)
{
	struct index_record mapped, read;
	int want = index_lookup(v, q, &mapped), got = index_file_lookup(f, q, &read);

	if (got == INDEX_UNREAD)
		return READERS_UNREAD;
	return got == want && (got != 0 || same_record(&mapped, &read)) ? READERS_AGREE : READERS_DIFFER;
}
