/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-lookups.c: the module's answers to getservbyname_r and getservbyport_r, called directly. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>

#include "check.h"

static char buffer[1024];
static struct servent result;

static enum nss_status by_name(struct module *m, const char *name, const char *proto)
{
	int err = 0;

	return m->getservbyname_r(name, proto, &result, buffer, sizeof(buffer), &err);
}

static enum nss_status by_port(struct module *m, int port, const char *proto)
{
	int err = 0;

	return m->getservbyport_r(htons((uint16_t)port), proto, &result, buffer, sizeof(buffer), &err);
}

/* "official port/proto alias..." of the last answer. */
static const char *answer(void)
{
	static char text[512];
	int len = snprintf(text, sizeof(text), "%s %d/%s", result.s_name, ntohs((uint16_t)result.s_port),
			   result.s_proto);

	for (char **a = result.s_aliases; *a; a++)
		len += snprintf(text + len, sizeof(text) - (size_t)len, " %s", *a);
	return text;
}

static void names_with_protocol(struct module *m)
{
	CHECK_INT(by_name(m, "http", "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/tcp www www-http");
	CHECK_INT(by_name(m, "www-http", "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/tcp www www-http");
	CHECK_INT(by_name(m, "http", "udp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/udp");
	CHECK_INT(by_name(m, "discard", "dccp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "discard 9/dccp");
	CHECK_INT(by_name(m, "www", "udp"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "tcponly", "udp"), NSS_STATUS_NOTFOUND);
}

/* Protocol NULL answers the first line in file order, as glibc's files does. */
static void names_with_any_protocol(struct module *m)
{
	CHECK_INT(by_name(m, "discard", NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "discard 9/tcp");
	CHECK_INT(by_name(m, "www", NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/tcp www www-http");
	CHECK_INT(by_name(m, "spread", NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "spread 4000/tcp");
	CHECK_INT(by_name(m, "spread", "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "spread 4000/tcp");
}

static void names_in_any_case(struct module *m)
{
	CHECK_INT(by_name(m, "HTTP", "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/tcp www www-http");
	CHECK_INT(by_name(m, "cailic", "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "CAIlic 216/tcp cailic");
	CHECK_INT(by_name(m, "CAILIC", NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "CAIlic 216/tcp cailic");
	/* Protocols compare exactly, as glibc's files compares them. */
	CHECK_INT(by_name(m, "http", "TCP"), NSS_STATUS_NOTFOUND);
}

static void ports(struct module *m)
{
	CHECK_INT(by_port(m, 80, "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "http 80/tcp www www-http");
	CHECK_INT(by_port(m, 9, NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "discard 9/tcp");
	CHECK_INT(by_port(m, 9, "sctp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "discard 9/sctp");
	CHECK_INT(by_port(m, 4100, NULL), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "spread-two 4100/tcp");
	CHECK_INT(by_port(m, 7000, "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "longnames 7000/tcp a-long-alias-number-one-of-sixty-three-characters-at-most-xxxx "
			    "a-long-alias-number-two");
}

static void misses(struct module *m)
{
	int err = 0;

	CHECK_INT(by_name(m, "nosuchservice", NULL), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "", NULL), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "http", "ddp"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "http", ""), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_port(m, 81, NULL), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_port(m, 80, "sctp"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_port(m, 0, NULL), NSS_STATUS_NOTFOUND);
	/* Ports come in network byte order: nothing outside 16 bits can be one. */
	CHECK_INT(m->getservbyport_r(0x10050, NULL, &result, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getservbyport_r(-1, NULL, &result, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getservbyname_r(NULL, NULL, &result, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
}

int main(void)
{
	const char *index = env_path("LOOKUPS_INDEX");

	run_case("names with a protocol", index, names_with_protocol);
	run_case("names with any protocol", index, names_with_any_protocol);
	run_case("names in any case", index, names_in_any_case);
	run_case("ports", index, ports);
	run_case("misses", index, misses);
	return check_exit();
}
