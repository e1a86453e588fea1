/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* servquery.c: ask glibc's getservbyname_r/getservbyport_r/getservent_r and print the answers. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each stdin line is a question, and each answer one stdout line:
 *   name NAME [PROTO]   ->  "name NAME PROTO: OFFICIAL PORT/PROTO ALIAS..." or ": not found"
 *   port PORT [PROTO]   ->  the same for getservbyport_r
 * With the argument "enum", prints every entry getservent_r gives instead. */

static void print_answer(const char *kind, const char *key, const char *proto, const struct servent *s)
{
	printf("%s %s %s:", kind, key, proto ? proto : "*");
	if (!s) {
		puts(" not found");
		return;
	}
	printf(" %s %d/%s", s->s_name, ntohs((uint16_t)s->s_port), s->s_proto);
	for (char **a = s->s_aliases; *a; a++)
		printf(" %s", *a);
	putchar('\n');
}

/* Grows the buffer until glibc stops asking for more (ERANGE). */
static struct servent *lookup(const char *kind, const char *key, const char *proto, struct servent *s,
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

static int answer_questions(void)
{
	char line[4096], kind[16], key[1024], proto[64];
	size_t size = 64;
	char *buf = malloc(size);
	struct servent s;

	while (fgets(line, sizeof(line), stdin)) {
		int n = sscanf(line, "%15s %1023s %63s", kind, key, proto);

		if (n < 2 || (strcmp(kind, "name") && strcmp(kind, "port"))) {
			fprintf(stderr, "servquery: bad question: %s", line);
			return 2;
		}
		print_answer(kind, key, n == 3 ? proto : NULL,
			     lookup(kind, key, n == 3 ? proto : NULL, &s, &buf, &size));
	}
	free(buf);
	return 0;
}

static int enumerate(void)
{
	size_t size = 16;
	char *buf = malloc(size);
	struct servent s, *found;
	int err;

	setservent(0);
	for (;;) {
		err = getservent_r(&s, buf, size, &found);
		if (err == ERANGE) {
			buf = realloc(buf, size *= 2);
			if (!buf)
				return 3;
			continue;
		}
		if (err || !found)
			break;
		print_answer("entry", "-", NULL, found);
	}
	endservent();
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "enum") == 0)
		return enumerate();
	if (argc != 1) {
		fprintf(stderr, "usage: servquery [enum] < questions\n");
		return 2;
	}
	return answer_questions();
}
