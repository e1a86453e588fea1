/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* overlay.c: reading services(5) text, strictly for overlays or as glibc would for --diff. */
#include <errno.h>
#include <fcntl.h>
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

static bool parse_port(const char *s, unsigned *port)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && p - s < 6; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	*port = (unsigned)v;
	return p > s && *p == '\0' && v <= 65535;
}

/* Splits "name port/proto alias... # comment" in place; why says what is wrong with a bad line. */
static enum line_status split_line(char *text, bool strict, struct services_line *l, const char **why)
{
	char *hash = strchr(text, '#'), *save = NULL, *word, *slash;

	l->comment = NULL;
	if (hash) {
		*hash = '\0';
		l->comment = hash + 1;
	}
	l->nnames = 0;
	if (!(word = strtok_r(text, " \t\r\f\v", &save)))
		return LINE_EMPTY;
	l->names[l->nnames++] = word;
	if (!(word = strtok_r(NULL, " \t\r\f\v", &save)) || !(slash = strchr(word, '/'))) {
		*why = "expected NAME PORT/PROTOCOL [ALIAS...]";
		return LINE_BAD;
	}
	*slash = '\0';
	l->protocol = slash + 1;
	if (!parse_port(word, &l->port)) {
		*why = "the port is not a number within 0-65535";
		return LINE_BAD;
	}
	if (!*l->protocol || (strict && !protocol_usable(l->protocol))) {
		*why = "the protocol is not a word of letters, digits, '.', '_', '+' or '-'";
		return LINE_BAD;
	}
	while ((word = strtok_r(NULL, " \t\r\f\v", &save))) {
		if (l->nnames == OVERLAY_NAMES_MAX) {
			*why = "more than 255 names on one line";
			return LINE_BAD;
		}
		l->names[l->nnames++] = word;
	}
	for (size_t i = 0; strict && i < l->nnames; i++) {
		if (!service_name_usable(l->names[i], strlen(l->names[i]))) {
			*why = "a name is not usable: 1-63 printable characters, no spaces";
			return LINE_BAD;
		}
	}
	return LINE_OK;
}

FILE *services_open(const char *path)
{
	/* O_NONBLOCK: a FIFO must not hang the generator before fstat() turns it away. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat sb;
	FILE *f;

	if (fd < 0) {
		log_error(path, "cannot open: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > SERVICES_FILE_MAX_SIZE) {
		log_error(path, S_ISREG(sb.st_mode) ? "larger than 16 MiB, not a services file" : "not a regular file");
		close(fd);
		return NULL;
	}
	if (!(f = fdopen(fd, "r"))) {
		log_error(path, "cannot open: %s", strerror(errno));
		close(fd);
	}
	return f;
}

int services_read(FILE *f, const char *label, bool strict, services_line_handler *fn, void *userdata,
		  unsigned long *skipped)
{
	char buf[OVERLAY_LINE_MAX];
	struct services_line l;
	size_t len;
	int r;

	for (l.line = 1; (r = read_line(f, buf, sizeof(buf), &len)) != -1; l.line++) {
		const char *why = "a NUL byte, or longer than 4095 bytes";
		enum line_status status = r == -2 ? LINE_BAD : split_line(buf, strict, &l, &why);

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
