/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* answer.h: one question's answer from glibc as one line of text, as the tests compare them. */
#pragma once
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "KIND KEY PROTO: OFFICIAL PORT/PROTO ALIAS..." or "KIND KEY PROTO: not found" into out. */
static inline void format_answer(char *out, size_t size, const char *kind, const char *key, const char *proto,
				 const struct servent *s)
{
	int n = snprintf(out, size, "%s %s %s:", kind, key, proto ? proto : "*");

	if (!s) {
		snprintf(out + n, size - (size_t)n, " not found");
		return;
	}
	n += snprintf(out + n, size - (size_t)n, " %s %d/%s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a && (size_t)n < size; a++)
		n += snprintf(out + n, size - (size_t)n, " %s", *a);
}

/* getservbyname_r or getservbyport_r, the buffer grown until glibc stops asking for more (ERANGE). */
static inline struct servent *ask(const char *kind, const char *key, const char *proto, struct servent *s,
				  char **buf, size_t *size)
{
	struct servent *found = NULL;
	int err;

	for (;;) {
		if (strcmp(kind, "name") == 0)
			err = getservbyname_r(key, proto, s, *buf, *size, &found);
		else
			err = getservbyport_r(htons((uint16_t)atoi(key)), proto, s, *buf, *size, &found);
		if (err != ERANGE)
			return found;
		*size *= 2;
		*buf = realloc(*buf, *size);
		if (!*buf)
			exit(3);
	}
}
