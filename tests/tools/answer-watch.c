/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* answer-watch.c: ask glibc the same questions over and over while the index changes; every answer must be
 * one index's or the other's whole, or none. */
#include <sys/stat.h>
#include <unistd.h>

#include "answer.h"

/* Usage: answer-watch QUESTIONS ANSWERS_A ANSWERS_B STOPFILE
 * QUESTIONS holds servquery's questions, ANSWERS_A and ANSWERS_B servquery's answers to them from two
 * indexes. Asks them in turn until STOPFILE exists, then says how many answers were neither A's, nor B's,
 * nor "not found"; exit status 1 if any, or if nothing was asked. */

#define MAX_QUESTIONS 4096
#define LINE_LEN 8192

struct question {
	char kind[16], key[64], proto[16];
	char *a, *b;
};

static char *read_line(FILE *f)
{
	char line[LINE_LEN];

	if (!f || !fgets(line, sizeof(line), f))
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	return strdup(line);
}

static size_t read_questions(char **argv, struct question *q)
{
	FILE *fq = fopen(argv[1], "r"), *fa = fopen(argv[2], "r"), *fb = fopen(argv[3], "r");
	char *line;
	size_t n = 0;

	while (n < MAX_QUESTIONS && (line = read_line(fq))) {
		if (sscanf(line, "%15s %63s %15s", q[n].kind, q[n].key, q[n].proto) != 3 ||
		    !(q[n].a = read_line(fa)) || !(q[n].b = read_line(fb)))
			return 0;
		free(line);
		n++;
	}
	return n;
}

/* Whether the answer is "not found", after the question. */
static int not_found(const char *answer)
{
	const char *colon = strchr(answer, ':');

	return colon && strcmp(colon, ": not found") == 0;
}

int main(int argc, char **argv)
{
	static struct question q[MAX_QUESTIONS];
	char answer[LINE_LEN], *buf = malloc(64);
	unsigned long asked = 0, wrong = 0;
	size_t n, size = 64;
	struct servent s;
	struct stat st;

	if (argc != 5 || !(n = read_questions(argv, q))) {
		fprintf(stderr, "usage: answer-watch QUESTIONS ANSWERS_A ANSWERS_B STOPFILE\n");
		return 2;
	}
	while (stat(argv[4], &st) < 0) {
		for (size_t i = 0; i < n; i++, asked++) {
			format_answer(answer, sizeof(answer), q[i].kind, q[i].key, q[i].proto,
				      ask(q[i].kind, q[i].key, q[i].proto, &s, &buf, &size));
			if (strcmp(answer, q[i].a) && strcmp(answer, q[i].b) && !not_found(answer) && wrong++ < 10)
				fprintf(stderr, "answer-watch: %s\n  not %s\n  nor %s\n", answer, q[i].a, q[i].b);
		}
	}
	printf("%lu answers, %lu neither index's\n", asked, wrong);
	free(buf);
	return wrong == 0 && asked > 0 ? 0 : 1;
}
