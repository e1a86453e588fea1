/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-errno-contract.c: ERANGE for every short buffer, NOTFOUND, UNAVAIL, and errno otherwise untouched. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

#include "check.h"

enum lookup { BY_NAME, BY_PORT, ENUMERATE, PROTOCOL_BY_NAME, PROTOCOL_BY_NUMBER, ENUMERATE_PROTOCOLS };

/* What every lookup of either database fills. */
union answer {
	struct servent s;
	struct protoent p;
};

static bool of_protocols(enum lookup kind)
{
	return kind >= PROTOCOL_BY_NAME;
}

static enum nss_status ask(struct module *m, enum lookup kind, union answer *a, char *buf, size_t len, int *err)
{
	switch (kind) {
	case BY_NAME:
		return m->getservbyname_r("a-long-alias-number-two", "tcp", &a->s, buf, len, err);
	case BY_PORT:
		return m->getservbyport_r(htons(7000), NULL, &a->s, buf, len, err);
	case ENUMERATE:
		return m->getservent_r(&a->s, buf, len, err);
	case PROTOCOL_BY_NAME:
		return m->getprotobyname_r("Mobility-Header", &a->p, buf, len, err);
	case PROTOCOL_BY_NUMBER:
		return m->getprotobynumber_r(135, &a->p, buf, len, err);
	default:
		return m->getprotoent_r(&a->p, buf, len, err);
	}
}

/* The longest entry of each database is its last: an enumeration skips to it with a roomy buffer. */
static void skip_to_last(struct module *m, enum lookup kind)
{
	char big[1024];
	union answer a;
	int err;

	if (kind == ENUMERATE) {
		m->setservent(0);
		for (int i = 0; i < 10; i++)
			m->getservent_r(&a.s, big, sizeof(big), &err);
	} else if (kind == ENUMERATE_PROTOCOLS) {
		m->setprotoent(0);
		for (int i = 0; i < 5; i++)
			m->getprotoent_r(&a.p, big, sizeof(big), &err);
	}
}

static int inside(const char *p, const char *buf, size_t len)
{
	return p >= buf && p + strlen(p) < buf + len;
}

static int aliases_inside(char **aliases, size_t count, const char *buf, size_t len)
{
	return (const char *)aliases >= buf && (const char *)(aliases + count) <= buf + len &&
	       (uintptr_t)aliases % sizeof(char *) == 0;
}

/* Every answer string and the alias array lie inside the caller's buffer. */
static void check_answer_in(enum lookup kind, const union answer *a, const char *buf, size_t len)
{
	if (of_protocols(kind)) {
		CHECK(inside(a->p.p_name, buf, len));
		CHECK(aliases_inside(a->p.p_aliases, 2, buf, len));
		CHECK_STR(a->p.p_name, "mobility-header");
		CHECK_STR(a->p.p_aliases[0], "Mobility-Header");
		CHECK(a->p.p_aliases[1] == NULL);
		CHECK_INT(a->p.p_proto, 135);
		return;
	}
	CHECK(inside(a->s.s_name, buf, len));
	CHECK(inside(a->s.s_proto, buf, len));
	CHECK(aliases_inside(a->s.s_aliases, 3, buf, len));
	CHECK_STR(a->s.s_name, "longnames");
	CHECK_STR(a->s.s_aliases[1], "a-long-alias-number-two");
	CHECK(a->s.s_aliases[2] == NULL);
	CHECK_INT(ntohs((uint16_t)a->s.s_port), 7000);
}

/* Sizes from 0 up: below the need, TRYAGAIN and ERANGE; from it on, the answer, inside the buffer. */
static void every_buffer_size(struct module *m, enum lookup kind)
{
	size_t need[sizeof(char *)] = { 0 };

	for (size_t len = 0; len < 400; len++) {
		for (size_t misalign = 0; misalign < sizeof(char *); misalign++) {
			char *mem = malloc(len + misalign + 1), *buf = mem + misalign;
			union answer a;
			int err = -1;
			enum nss_status status;

			skip_to_last(m, kind);
			status = ask(m, kind, &a, buf, len, &err);
			if (status == NSS_STATUS_TRYAGAIN) {
				CHECK(need[misalign] == 0); /* no larger buffer may fail */
				CHECK_INT(err, ERANGE);
			} else {
				CHECK_INT(status, NSS_STATUS_SUCCESS);
				CHECK_INT(err, -1);
				check_answer_in(kind, &a, buf, len);
				if (!need[misalign])
					need[misalign] = len;
			}
			free(mem);
		}
	}
	for (size_t misalign = 0; misalign < sizeof(char *); misalign++)
		CHECK(of_protocols(kind) ? need[misalign] > 40 && need[misalign] < 100
					 : need[misalign] > 100 && need[misalign] < 400);
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

static void short_buffers_protocol_by_name(struct module *m)
{
	every_buffer_size(m, PROTOCOL_BY_NAME);
}

static void short_buffers_protocol_by_number(struct module *m)
{
	every_buffer_size(m, PROTOCOL_BY_NUMBER);
}

static void short_buffers_enumerating_protocols(struct module *m)
{
	every_buffer_size(m, ENUMERATE_PROTOCOLS);
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

static void errno_left_alone_by_protocols(struct module *m)
{
	char buf[1024];
	struct protoent p;

	errno = EDOM;
	CHECK_INT(m->getprotobyname_r("tcp", &p, buf, sizeof(buf), &errno), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getprotobyname_r("nosuch", &p, buf, sizeof(buf), &errno), NSS_STATUS_NOTFOUND);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getprotobynumber_r(1, &p, buf, sizeof(buf), &errno), NSS_STATUS_NOTFOUND);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->getprotobynumber_r(6, &p, buf, 4, &errno), NSS_STATUS_TRYAGAIN);
	CHECK_INT(errno, ERANGE);
	errno = EDOM;
	CHECK_INT(m->setprotoent(1), NSS_STATUS_SUCCESS);
	CHECK_INT(m->getprotoent_r(&p, buf, sizeof(buf), &errno), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
	CHECK_INT(m->endprotoent(), NSS_STATUS_SUCCESS);
	CHECK_INT(errno, EDOM);
}

/* No usable index: UNAVAIL from every entry point, so glibc asks the next source. */
static void unavailable(struct module *m)
{
	char buf[1024];
	struct servent s;
	struct protoent p;

	errno = EDOM;
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->getservbyport_r(htons(80), "tcp", &s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->setservent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(m->getservent_r(&s, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->getprotobyname_r("tcp", &p, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->getprotobynumber_r(6, &p, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
	CHECK_INT(m->setprotoent(0), NSS_STATUS_SUCCESS);
	CHECK_INT(m->getprotoent_r(&p, buf, sizeof(buf), &errno), NSS_STATUS_UNAVAIL);
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
	run_case("a buffer of every size, protocol by name", index, short_buffers_protocol_by_name);
	run_case("a buffer of every size, protocol by number", index, short_buffers_protocol_by_number);
	run_case("a buffer of every size, enumerating protocols", index, short_buffers_enumerating_protocols);
	run_case("errno left alone", index, errno_left_alone);
	run_case("errno left alone by the protocols", index, errno_left_alone_by_protocols);

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
