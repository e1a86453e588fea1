/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry.h: stream an IANA registry's XML (services or protocol numbers) and hand over its records one by one. */
#pragma once
#include <stdbool.h>

#define REGISTRY_DATE_LEN 10 /* YYYY-MM-DD */

/* Which registry a file must be, and where its records are. */
struct registry_schema {
	const char *id;         /* the root <registry>'s id */
	const char *title;      /* the registry's name, for messages */
	const char *records_id; /* NULL: records are the root's children; else those of its child <registry> with this id */
	const char *number;     /* the element that holds a record's number */
};

extern const struct registry_schema services_registry_schema, protocols_registry_schema;

/* A record's fields as the XML has them, trimmed; NULL where the element is absent. */
struct registry_record {
	const char *name, *protocol, *number, *description;
	long line;
};

struct registry_info {
	char updated[REGISTRY_DATE_LEN + 1];
	unsigned long records;
};

/* Whitespace at either end is layout, not data: s cut at its end, and where it starts. */
char *registry_trim(char *s);
/* Whether s is a date as the registries write one, YYYY-MM-DD. */
bool registry_date_valid(const char *s);

/* Returns 0 to go on, -1 to stop reading (the handler has said why). */
typedef int registry_record_handler(const struct registry_record *rec, void *userdata);

/* 0 on success; -1 after a message on stderr naming path. */
int registry_read(const char *path, const struct registry_schema *schema, struct registry_info *info, registry_record_handler *handler,
		  void *userdata);
