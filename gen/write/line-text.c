/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* line-text.c: one line of a canonical file, in columns, within the length every reader takes. */
#include <errno.h>
#include <string.h>

#include "line-text.h"
#include "log.h"

#define ELLIPSIS "..."
#define MIN_DESCRIPTION 8 /* a shorter stub says nothing; drop it instead */

/* len bytes of s, or len spaces where s is NULL. */
static void line_put(struct line_text *b, const char *s, size_t len)
{
	if (b->overflow || b->len + len > LINE_TEXT_MAX) {
		b->overflow = true;
		return;
	}
	if (s)
		memcpy(b->s + b->len, s, len);
	else
		memset(b->s + b->len, ' ', len);
	b->len += len;
	b->s[b->len] = '\0';
}

void line_start(struct line_text *b, const char *name)
{
	b->len = 0;
	b->overflow = false;
	line_put_str(b, name);
}

void line_put_str(struct line_text *b, const char *s)
{
	line_put(b, s, strlen(s));
}

void line_pad_to(struct line_text *b, size_t col)
{
	line_put(b, NULL, b->len + 1 < col ? col - b->len : 1);
}

/* Cut at a word if one ends in time, else at a UTF-8 character boundary. */
static size_t cut_description(const char *desc, size_t room)
{
	size_t cut = room - strlen(ELLIPSIS);
	const char *space = memrchr(desc, ' ', cut + 1);

	if (space && space > desc)
		return (size_t)(space - desc);
	while (cut > 0 && ((unsigned char)desc[cut] & 0xc0) == 0x80)
		cut--;
	return cut;
}

/* "# description" from comment_column on, cut short with "..." to fit, or left off where too little
 * room is left. */
static void line_put_description(struct line_text *b, const char *desc, size_t comment_column)
{
	size_t start, room, len = strlen(desc);

	start = (b->len + 2 > comment_column ? b->len + 2 : comment_column) + 2;
	if (!len || start + MIN_DESCRIPTION > LINE_TEXT_MAX)
		return;
	room = LINE_TEXT_MAX - start;
	line_pad_to(b, start - 2);
	line_put_str(b, "# ");
	if (len <= room) {
		line_put(b, desc, len);
		return;
	}
	line_put(b, desc, cut_description(desc, room));
	line_put_str(b, ELLIPSIS);
}

/* By hand: snprintf's format machinery cost more than all the rest of a services line. */
void line_put_number(struct line_text *b, unsigned n, const char *suffix)
{
	char text[12];
	size_t start = sizeof(text);

	do
		text[--start] = (char)('0' + n % 10);
	while ((n /= 10) && start > 0);
	line_put(b, text + start, sizeof(text) - start);
	line_put_str(b, suffix);
}

bool line_finish(struct line_text *b, const struct strpool *pool, const uint32_t *names, size_t count,
		 size_t alias_column, const char *description, size_t comment_column)
{
	for (size_t n = 1; n < count; n++) {
		if (n == 1)
			line_pad_to(b, alias_column);
		else
			line_put(b, " ", 1);
		line_put_str(b, strpool_get(pool, names[n]));
	}
	if (b->overflow)
		return false;
	if (description)
		line_put_description(b, description, comment_column);
	return !b->overflow;
}
