/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* servquery.c: ask glibc's getservbyname_r/getservbyport_r/getservent_r and print the answers. */
#include "answer.h"

/* Each stdin line is a question, and each answer one stdout line:
 *   name NAME [PROTO]   ->  "name NAME PROTO: OFFICIAL PORT/PROTO ALIAS..." or ": not found"
 *   port PORT [PROTO]   ->  the same for getservbyport_r
 * With the argument "enum", prints every entry getservent_r gives instead. */

static void print_answer(const char *kind, const char *key, const char *proto, const struct servent *s)
{
	char line[8192];

	format_answer(line, sizeof(line), kind, key, proto, s);
	puts(line);
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
			     ask(kind, key, n == 3 ? proto : NULL, &s, &buf, &size));
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
