/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.c: the generator's messages on stderr, as "iana-services-gen: FILE: what". */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

void log_message(const char *file, const char *kind, const char *fmt, ...)
{
	va_list ap;

	fputs(PROGRAM_NAME ": ", stderr);
	if (file)
		fprintf(stderr, "%s: ", file);
	fputs(kind, stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

const char *printable(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (s[i] < ' ' || s[i] > '~') ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}
