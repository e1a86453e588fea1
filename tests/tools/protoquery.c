/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* protoquery.c: ask glibc's getprotobyname_r/getprotobynumber_r/getprotoent_r and print the answers. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each stdin line is a question, and each answer one stdout line:
 *   name NAME     ->  "name NAME: OFFICIAL NUMBER ALIAS..." or "name NAME: not found"
 *   number N      ->  the same for getprotobynumber_r
 * With the argument "enum", prints every entry getprotoent_r gives instead. The buffer starts small
 * and grows on ERANGE, so that the short-buffer path is taken too. */

static void print_answer(const char *kind, const char *key, const struct protoent *p)
{
	printf("%s %s:", kind, key);
	if (!p) {
		puts(" not found");
		return;
	}
	printf(" %s %d", p->p_name, p->p_proto);
	for (char **a = p->p_aliases; *a; a++)
		printf(" %s", *a);
	putchar('\n');
}

static void grow(char **buf, size_t *size)
{
	*size *= 2;
	*buf = realloc(*buf, *size);
	if (!*buf)
		exit(3);
}

static struct protoent *ask(const char *kind, const char *key, struct protoent *p, char **buf, size_t *size)
{
	struct protoent *found = NULL;
	int err;

	for (;;) {
		if (strcmp(kind, "name") == 0)
			err = getprotobyname_r(key, p, *buf, *size, &found);
		else
			err = getprotobynumber_r(atoi(key), p, *buf, *size, &found);
		if (err != ERANGE)
			return found;
		grow(buf, size);
	}
}

static int answer_questions(void)
{
	char line[4096], kind[16], key[1024];
	size_t size = 16;
	char *buf = malloc(size);
	struct protoent p;

	while (fgets(line, sizeof(line), stdin)) {
		if (sscanf(line, "%15s %1023s", kind, key) != 2 || (strcmp(kind, "name") && strcmp(kind, "number"))) {
			fprintf(stderr, "protoquery: bad question: %s", line);
			return 2;
		}
		print_answer(kind, key, ask(kind, key, &p, &buf, &size));
	}
	free(buf);
	return 0;
}

static int enumerate(void)
{
	size_t size = 16;
	char *buf = malloc(size);
	struct protoent p, *found;
	int err;

	setprotoent(0);
	for (;;) {
		err = getprotoent_r(&p, buf, size, &found);
		if (err == ERANGE) {
			grow(&buf, &size);
			continue;
		}
		if (err || !found)
			break;
		print_answer("entry", "-", found);
	}
	endprotoent();
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "enum") == 0)
		return enumerate();
	if (argc != 1) {
		fprintf(stderr, "usage: protoquery [enum] < questions\n");
		return 2;
	}
	return answer_questions();
}
