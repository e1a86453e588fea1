/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry-details.h: every detail of the registry records a question wants, its people and footnotes resolved. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

struct registry_person {
	const char *id, *name, *org, *uri; /* NULL where the registry has none */
	const char *label;                 /* the name, else the org, else the id */
};

struct registry_reference {
	const char *type, *data; /* the xref's attributes; data NULL where it has none */
	const char *text;        /* "RFC 8314", a document's title, a footnote's words */
};

/* One record, its text rendered: runs of whitespace one space, <br/> a line break, an <xref> its label. */
struct registry_entry {
	long line; /* of its <record> tag */
	const char *name, *protocol, *number, *description, *registered, *modified, *unauthorized, *service_code;
	struct registry_person *assignees, *contacts;
	size_t nassignees, ncontacts;
	struct registry_reference *references;
	size_t nreferences;
	const char **notes;
	size_t nnotes;
};

/* What decides whether a record is wanted: its fields, trimmed, NULL where absent. */
struct registry_key {
	const char *name, *protocol, *number, *registered, *modified;
};

typedef bool registry_filter(const struct registry_key *key, void *userdata);

struct registry_details {
	struct registry_entry *entries; /* the wanted records, in the registry's order */
	size_t count;
	char **strings; /* every string the entries point to */
	size_t nstrings, strings_cap;
};

/* The records want takes, of the registry at path, already read whole by registry_read(): 0, or -1
 * after a message naming path. */
int registry_details_read(const char *path, const struct registry_schema *schema, registry_filter *want,
			  void *userdata, struct registry_details *out);
void registry_details_free(struct registry_details *d);
