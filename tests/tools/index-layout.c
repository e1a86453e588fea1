/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-layout.c: prints index-format.h's section numbers and offsets, so that shell tests take them from the format. */
#include <stdio.h>
#include <string.h>

#include "index-format.h"

/* Usage: index-layout [NAME]
 * Without NAME, every constant as a shell assignment, NAME=VALUE, a line each; with NAME, its value
 * alone, or exit 1 if there is no such constant. The names are index-format.h's. */

struct constant {
	const char *name;
	long value;
};
#define CONSTANT(name) { #name, (long)(name) }

/* Every section, in the section table's order: a section added to the format must be added here. */
static const struct constant sections[] = {
	CONSTANT(INDEX_SERVICE_PROTOCOLS), CONSTANT(INDEX_ENTRIES), CONSTANT(INDEX_RECORDS),
	CONSTANT(INDEX_STRINGS), CONSTANT(INDEX_BY_NAME_PROTO), CONSTANT(INDEX_BY_NAME),
	CONSTANT(INDEX_BY_PORT_PROTO), CONSTANT(INDEX_BY_PORT), CONSTANT(INDEX_PROTOCOL_ENTRIES),
	CONSTANT(INDEX_PROTOCOL_BY_NAME), CONSTANT(INDEX_PROTOCOL_BY_NUMBER), CONSTANT(INDEX_SECTIONS),
};
_Static_assert(sizeof(sections) / sizeof(sections[0]) == INDEX_SECTIONS + 1, "every section is listed");

static const struct constant fields[] = {
	CONSTANT(INDEX_OFF_MAGIC), CONSTANT(INDEX_OFF_VERSION), CONSTANT(INDEX_OFF_HEADER_SIZE),
	CONSTANT(INDEX_OFF_FILE_SIZE), CONSTANT(INDEX_OFF_FLAGS), CONSTANT(INDEX_OFF_CHECKSUM),
	CONSTANT(INDEX_OFF_UPDATED), CONSTANT(INDEX_OFF_PROTOCOLS_UPDATED), CONSTANT(INDEX_OFF_SECTIONS),
	CONSTANT(INDEX_SECTION_ENTRY_SIZE), CONSTANT(INDEX_HEADER_SIZE),
	CONSTANT(INDEX_RECORD_PORT), CONSTANT(INDEX_RECORD_NAME_COUNT), CONSTANT(INDEX_RECORD_PROTOCOL),
	CONSTANT(INDEX_RECORD_NAMES_LEN), CONSTANT(INDEX_RECORD_NAMES),
	CONSTANT(INDEX_SLOT_RECORD_MASK),
	CONSTANT(INDEX_LINK_OFF_MAGIC), CONSTANT(INDEX_LINK_OFF_VERSION), CONSTANT(INDEX_LINK_OFF_DATA_SIZE),
	CONSTANT(INDEX_LINK_OFF_DATA_CHECKSUM), CONSTANT(INDEX_LINK_OFF_NAME_LEN), CONSTANT(INDEX_LINK_OFF_NAME),
};

static const struct {
	const struct constant *list;
	size_t count;
} lists[] = {
	{ sections, sizeof(sections) / sizeof(sections[0]) },
	{ fields, sizeof(fields) / sizeof(fields[0]) },
};

int main(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: index-layout [NAME]\n");
		return 2;
	}
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t i = 0; i < lists[l].count; i++) {
			const struct constant *c = &lists[l].list[i];

			if (argc == 1)
				printf("%s=%ld\n", c->name, c->value);
			else if (strcmp(argv[1], c->name) == 0)
				return printf("%ld\n", c->value) < 0;
		}
	if (argc == 2) {
		fprintf(stderr, "index-layout: no constant %s in index-format.h\n", argv[1]);
		return 1;
	}
	return ferror(stdout) ? 1 : 0;
}
