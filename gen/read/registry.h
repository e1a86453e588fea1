/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* registry.h: stream the IANA services registry XML and hand over its records one by one. */
#pragma once

#define REGISTRY_DATE_LEN 10 /* YYYY-MM-DD */

/* A record's fields as the XML has them, trimmed; NULL where the element is absent. */
struct registry_record {
	const char *name, *protocol, *number, *description;
	long line;
};

struct registry_info {
	char updated[REGISTRY_DATE_LEN + 1];
	unsigned long records;
};

/* Returns 0 to go on, -1 to stop reading (the handler has said why). */
typedef int registry_record_handler(const struct registry_record *rec, void *userdata);

/* 0 on success; -1 after a message on stderr naming path. */
int registry_read(const char *path, struct registry_info *info, registry_record_handler *handler,
		  void *userdata);
