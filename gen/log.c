/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.c: the generator's messages on stderr, as "iana-services-gen: FILE: what". */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

static void __attribute__((format(printf, 3, 0)))
log_message(const char *file, const char *kind, const char *fmt, va_list ap)
{
	fputs(PROGRAM_NAME ": ", stderr);
	if (file)
		fprintf(stderr, "%s: ", file);
	fputs(kind, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void log_error(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_message(file, "", fmt, ap);
	va_end(ap);
}

void log_warning(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_message(file, "warning: ", fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_message(NULL, "", fmt, ap);
	va_end(ap);
}

/* For messages: at most size-1 bytes of s, non-printable bytes shown as '?'. */
const char *printable(const char *s, char *buf, size_t size)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		buf[i] = (s[i] < ' ' || s[i] > '~') ? '?' : s[i];
	buf[i] = '\0';
	return buf;
}
