/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* line-text.h: one line of a canonical file, in columns, within the length every reader takes. */
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strpool.h"

/* musl reads services(5) with a 128-byte line buffer: 126 characters, newline, NUL. Protocols lines
 * keep to it too, so that one bound holds for both files. */
#define LINE_TEXT_MAX 126

struct line_text {
	char s[LINE_TEXT_MAX + 1];
	size_t len;
	bool overflow; /* something did not fit */
};

void line_start(struct line_text *b, const char *name);
void line_put_str(struct line_text *b, const char *s);
/* At least one space, then up to column col. */
void line_pad_to(struct line_text *b, size_t col);
/* A number in decimal, then suffix. */
void line_put_number(struct line_text *b, unsigned n, const char *suffix);
/* After the official name names[0] and the number: the aliases names[1..count) from alias_column, then the
 * description; false if the names do not fit. */
bool line_finish(struct line_text *b, const struct strpool *pool, const uint32_t *names, size_t count,
		 size_t alias_column, const char *description, size_t comment_column);
