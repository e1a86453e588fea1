/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* canonical-file.h: a database's canonical file, services(5) or protocols(5), written from its entry list. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "line-text.h"
#include "table.h"

/* What sets one database's file apart from another's. */
struct file_layout {
	const char *title;        /* what the first line says the file is */
	const char *registry;     /* the registry's name and its page under https://www.iana.org/assignments/ */
	const char *page;
	const char *order;        /* after the count of entries: how they are ordered */
	const char *line_word;    /* "services": the names do not fit in "a services line" */
	size_t number_column, alias_column, comment_column;
};

extern const struct file_layout services_file, protocols_file;

/* Line i as the file has it: "name number/protocol aliases # description", or "name number aliases
 * # description" where the database has no protocols; false if the names alone do not fit in a line. */
bool canonical_line(const struct table *t, const struct file_layout *layout, size_t i, struct line_text *b);
/* 0 when every line fits; -1 after naming the first line whose names alone are too long. */
int canonical_check(const struct table *t, const struct file_layout *layout);
int canonical_write(FILE *f, const struct table *t, const struct file_layout *layout);
