/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* overlay.c: reading services(5) and protocols(5) text, strictly for overlays or as glibc would for a diff. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "overlay.h"
#include "record.h"

#define PROTOCOL_MAX_LEN 32

enum line_status { LINE_OK, LINE_EMPTY, LINE_BAD };

/* One line into buf, without its newline: -1 at the end, -2 for a NUL byte or a line too long. */
static int read_line(FILE *f, char *buf, size_t size, size_t *len)
{
	int c;
	bool bad = false;

	*len = 0;
	while ((c = getc(f)) != EOF && c != '\n') {
		if (c == '\0' || *len + 1 >= size)
			bad = true;
		else
			buf[(*len)++] = (char)c;
	}
	buf[*len] = '\0';
	if (c == EOF && *len == 0 && !bad)
		return -1;
	return bad ? -2 : 0;
}

static bool protocol_usable(const char *p)
{
	size_t len = strlen(p);

	if (len == 0 || len > PROTOCOL_MAX_LEN)
		return false;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      strchr("._+-", *p)))
			return false;
	return true;
}

static bool whole_number(const char *s, unsigned max, unsigned *value)
{
	const char *end = parse_number(s, max, value);

	return end && !*end;
}

/* A bad line, and what is wrong with it in *why. */
static enum line_status bad_line(const char **why, const char *what)
{
	*why = what;
	return LINE_BAD;
}

/* "port/protocol" */
static enum line_status split_port(char *word, bool strict, struct overlay_line *l, const char **why)
{
	char *slash = word ? strchr(word, '/') : NULL;

	if (!slash)
		return bad_line(why, "expected NAME PORT/PROTOCOL [ALIAS...]");
	*slash = '\0';
	l->protocol = slash + 1;
	if (!whole_number(word, 65535, &l->number))
		return bad_line(why, "the port is not a number within 0-65535");
	if (!*l->protocol || (strict && !protocol_usable(l->protocol)))
		return bad_line(why, "the protocol is not a word of letters, digits, '.', '_', '+' or '-'");
	return LINE_OK;
}

/* The IP header's protocol field has 8 bits, but Linux numbers some protocols past it (netbase has mptcp on
 * 262); the index holds 16 bits, and glibc takes whatever number fits an int. */
static enum line_status split_protocol_number(const char *word, bool strict, struct overlay_line *l, const char **why)
{
	l->protocol = NULL;
	if (!word)
		return bad_line(why, "expected NAME NUMBER [ALIAS...]");
	if (!whole_number(word, strict ? UINT16_MAX : INT_MAX, &l->number))
		return bad_line(why, strict ? "the protocol number is not a number within 0-65535" : "not a number");
	return LINE_OK;
}

/* Splits "name port/proto alias... # comment" or "name number alias... # comment" in place; why says
 * what is wrong with a bad line. */
static enum line_status split_line(char *text, enum overlay_kind kind, bool strict, struct overlay_line *l,
				   const char **why)
{
	char *hash = strchr(text, '#'), *save = NULL, *word;
	enum line_status status;

	l->comment = NULL;
	if (hash) {
		*hash = '\0';
		l->comment = hash + 1;
	}
	l->nnames = 0;
	if (!(word = strtok_r(text, " \t\r\f\v", &save)))
		return LINE_EMPTY;
	l->names[l->nnames++] = word;
	word = strtok_r(NULL, " \t\r\f\v", &save);
	status = kind == OVERLAY_SERVICES ? split_port(word, strict, l, why) : split_protocol_number(word, strict, l, why);
	if (status != LINE_OK)
		return status;
	while ((word = strtok_r(NULL, " \t\r\f\v", &save))) {
		if (l->nnames == OVERLAY_NAMES_MAX)
			return bad_line(why, "more than 255 names on one line");
		l->names[l->nnames++] = word;
	}
	for (size_t i = 0; strict && i < l->nnames; i++)
		if (!name_usable(l->names[i], strlen(l->names[i])))
			return bad_line(why, "a name is not usable: 1-63 printable characters, no spaces");
	return LINE_OK;
}

FILE *overlay_open(const char *path)
{
	/* O_NONBLOCK: a FIFO must not hang the generator before fstat() turns it away. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat sb;
	FILE *f;

	if (fd < 0) {
		log_error(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0)
		log_error(path, "cannot stat: %s", strerror(errno));
	else if (!S_ISREG(sb.st_mode) || sb.st_size > OVERLAY_FILE_MAX_SIZE)
		log_error(path, S_ISREG(sb.st_mode) ? "larger than 16 MiB, not a services or protocols file" : "not a regular file");
	else if ((f = fdopen(fd, "r")))
		return f;
	else
		log_error(path, "cannot open: %s", strerror(errno));
	close(fd);
	return NULL;
}

int overlay_read(FILE *f, const char *label, enum overlay_kind kind, bool strict, overlay_line_handler *fn,
		 void *userdata, unsigned long *skipped)
{
	char buf[OVERLAY_LINE_MAX];
	struct overlay_line l;
	size_t len;
	int r;

	for (l.line = 1; (r = read_line(f, buf, sizeof(buf), &len)) != -1; l.line++) {
		const char *why = "a NUL byte, or longer than 4095 bytes";
		enum line_status status = r == -2 ? LINE_BAD : split_line(buf, kind, strict, &l, &why);

		if (status == LINE_BAD && strict) {
			log_error(label, "line %ld: %s", l.line, why);
			return -1;
		}
		if (status == LINE_BAD && skipped)
			(*skipped)++;
		if (status == LINE_OK && fn(&l, userdata) < 0)
			return -1;
	}
	if (ferror(f)) {
		log_error(label, "read error");
		return -1;
	}
	return 0;
}
