/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-errno-contract.c: ERANGE for every short buffer, NOTFOUND, UNAVAIL, and errno otherwise untouched. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdint.h>
#include <sys/stat.h>

#include "check.h"

enum lookup { BY_NAME, BY_PORT, ENUMERATE };

static enum nss_status ask(struct module *m, enum lookup kind, struct servent *s, char *buf, size_t len, int *err)
{
	switch (kind) {
	case BY_NAME:
		return m->getservbyname_r("a-long-alias-number-two", "tcp", s, buf, len, err);
	case BY_PORT:
		return m->getservbyport_r(htons(7000), NULL, s, buf, len, err);
	default:
		return m->getservent_r(s, buf, len, err);
	}
}

static int inside(const char *p, const char *buf, size_t len)
{
	return p >= buf && p + strlen(p) < buf + len;
}

/* Every answer string and the alias array lie inside the caller's buffer. */
static void check_answer_in(const struct servent *s, const char *buf, size_t len)
{
	CHECK(inside(s->s_name, buf, len));
	CHECK(inside(s->s_proto, buf, len));
	CHECK((const char *)s->s_aliases >= buf && (const char *)(s->s_aliases + 3) <= buf + len);
	CHECK((uintptr_t)s->s_aliases % sizeof(char *) == 0);
	CHECK_STR(s->s_name, "longnames");
	CHECK_STR(s->s_aliases[1], "a-long-alias-number-two");
	CHECK(s->s_aliases[2] == NULL);
	CHECK_INT(ntohs((uint16_t)s->s_port), 7000);
}

/* Sizes from 0 up: below the need, TRYAGAIN and ERANGE; from it on, the answer, inside the buffer. */
static void every_buffer_size(struct module *m, enum lookup kind)
{
	size_t need[sizeof(char *)] = { 0 };

	for (size_t len = 0; len < 400; len++) {
		for (size_t misalign = 0; misalign < sizeof(char *); misalign++) {
			char *mem = malloc(len + misalign + 1), *buf = mem + misalign;
			struct servent s;
			int err = -1;
			enum nss_status status;

			if (kind == ENUMERATE) {
				/* the long entry is the last: skip to it with a roomy buffer */
				char big[1024];

				m->setservent(0);
				for (int i = 0; i < 10; i++)
					m->getservent_r(&s, big, sizeof(big), &err);
				err = -1;
			}
			status = ask(m, kind, &s, buf, len, &err);
			if (status == NSS_STATUS_TRYAGAIN) {
				CHECK(need[misalign] == 0); /* no larger buffer may fail */
				CHECK_INT(err, ERANGE);
			} else {
				CHECK_INT(status, NSS_STATUS_SUCCESS);
				CHECK_INT(err, -1);
				check_answer_in(&s, buf, len);
				if (!need[misalign])
					need[misalign] = len;
			}
			free(mem);
		}
	}
	for (size_t misalign = 0; misalign < sizeof(char *); misalign++)
		CHECK(need[misalign] > 100 && need[misalign] < 400);
}

static void short_buffers_by_name(struct module *m)
{
	every_buffer_size(m, BY_NAME);
}

static void short_buffers_by_port(struct module *m)
{
	every_buffer_size(m, BY_PORT);
}

static void short_buffers_enumerating(struct module *m)
{
	every_buffer_size(m, ENUMERATE);
}

/* glibc passes &errno as errnop: it changes only for ERANGE. */
static void errno_left_alone(struct module *m)
{
	char buf[1024];
	struct servent s;

	errno = EDOM;
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getservbyname_r("nosuch", "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_NOTFOUND);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getservbyport_r(htons(81), NULL, &s, buf, sizeof(buf), &errno), NSS_STATUS_NOTFOUND);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buf, 4, &errno), NSS_STATUS_TRYAGAIN);
	CHECK_INT(errno, ERANGE);
	errno = EDOM;
	CHECK_INT(m->setservent(1), NSS_STATUS_SUCCESS);
	CHECK_INT(m->getservent_r(&s, buf, sizeof(buf), &errno), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->endservent(), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
}

/* No usable index: UNAVAIL from every entry point, so glibc asks the next source. */
static void unavailable(struct module *m)
{
	char buf[1024];
	struct servent s;

	errno = EDOM;
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->getservbyport_r(htons(80), "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(m->getservent_r(&s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(errno, EDOM);
}

static size_t read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, size);

	if (n < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
	return (size_t)n;
}

int main(void)
{
	const char *index = env_path("LOOKUPS_INDEX");
	char dir[PATH_MAX], path[PATH_MAX + 16], data[PATH_MAX], real[8192];
	size_t real_len;

	/* The damaged copies below are of the whole index the link leads to. */
	index_data_path(index, data);
	real_len = read_file(data, real, sizeof(real));

	run_case("a buffer of every size, by name", index, short_buffers_by_name);
	run_case("a buffer of every size, by port", index, short_buffers_by_port);
	run_case("a buffer of every size, enumerating", index, short_buffers_enumerating);
	run_case("errno left alone", index, errno_left_alone);

	test_dir_create("errno", dir);
	snprintf(path, sizeof(path), "%s/missing", dir);
	run_case("UNAVAIL: no index", path, unavailable);
	run_case("UNAVAIL: a directory", dir, unavailable);
	snprintf(path, sizeof(path), "%s/empty", dir);
	write_file(path, "", 0);
	run_case("UNAVAIL: an empty file", path, unavailable);
	snprintf(path, sizeof(path), "%s/text", dir);
	write_file(path, "http 80/tcp\n", 12);
	run_case("UNAVAIL: a services file", path, unavailable);
	snprintf(path, sizeof(path), "%s/truncated", dir);
	write_file(path, real, real_len - 4);
	run_case("UNAVAIL: a truncated index", path, unavailable);
	snprintf(path, sizeof(path), "%s/flipped", dir);
	real[real_len / 2] ^= 0x10;
	write_file(path, real, real_len);
	run_case("UNAVAIL: a bit flipped", path, unavailable);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	if (mkfifo(path, 0644) < 0)
		return 2;
	run_case("UNAVAIL: a FIFO, without hanging", path, unavailable);
	test_dir_remove(dir);
	return check_exit();
}
