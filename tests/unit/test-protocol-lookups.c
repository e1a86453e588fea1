/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test-protocol-lookups.c: the module's answers to getprotobyname_r and getprotobynumber_r, called directly. */
#include <errno.h>
#include <netdb.h>

#include "check.h"

static char buffer[1024];
static struct protoent result;

static enum nss_status by_name(struct module *m, const char *name)
{
	int err = 0;

	return m->getprotobyname_r(name, &result, buffer, sizeof(buffer), &err);
}

static enum nss_status by_number(struct module *m, int number)
{
	int err = 0;

	return m->getprotobynumber_r(number, &result, buffer, sizeof(buffer), &err);
}

/* "official number alias..." of the last answer. */
static const char *answer(void)
{
	static char text[512];
	int len = snprintf(text, sizeof(text), "%s %d", result.p_name, result.p_proto);

	for (char **a = result.p_aliases; *a; a++)
		len += snprintf(text + len, sizeof(text) - (size_t)len, " %s", *a);
	return text;
}

static void names(struct module *m)
{
	CHECK_INT(by_name(m, "tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "tcp 6 TCP");
	CHECK_INT(by_name(m, "TCP"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "tcp 6 TCP");
	CHECK_INT(by_name(m, "IPv6-NoNxt"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "ipv6-nonxt 59 IPv6-NoNxt");
	CHECK_INT(by_name(m, "mobility-header"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "mobility-header 135 Mobility-Header");
}

/* The registry spells keywords in capitals; a question in any case finds them. */
static void names_in_any_case(struct module *m)
{
	CHECK_INT(by_name(m, "Tcp"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "tcp 6 TCP");
	CHECK_INT(by_name(m, "IPV6-ICMP"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "ipv6-icmp 58 IPv6-ICMP");
	CHECK_INT(by_name(m, "MOBILITY-header"), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "mobility-header 135 Mobility-Header");
}

static void numbers(struct module *m)
{
	CHECK_INT(by_number(m, 0), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "hopopt 0 HOPOPT");
	CHECK_INT(by_number(m, 17), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "udp 17 UDP");
	CHECK_INT(by_number(m, 135), NSS_STATUS_SUCCESS);
	CHECK_STR(answer(), "mobility-header 135 Mobility-Header");
}

/* Unassigned and reserved numbers, and records without a keyword, have no line. */
static void misses(struct module *m)
{
	int err = 0;

	CHECK_INT(by_name(m, "nosuchprotocol"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, ""), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "Reserved"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_name(m, "Mobility Header"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 1), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 200), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 253), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 255), NSS_STATUS_NOTFOUND);
	/* The index holds numbers of 16 bits (netbase has mptcp on 262): nothing outside them can be one. */
	CHECK_INT(by_number(m, 262), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 65536 + 6), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, -1), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getprotobyname_r(NULL, &result, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getprotobynumber_r(6, NULL, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
}

/* A service's name is no protocol's, and a protocol's no service's. */
static void databases_apart(struct module *m)
{
	struct servent s;
	int err = 0;

	CHECK_INT(by_name(m, "http"), NSS_STATUS_NOTFOUND);
	CHECK_INT(by_number(m, 80), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getservbyname_r("tcp", NULL, &s, buffer, sizeof(buffer), &err), NSS_STATUS_NOTFOUND);
	CHECK_INT(m->getservbyname_r("http", "tcp", &s, buffer, sizeof(buffer), &err), NSS_STATUS_SUCCESS);
	CHECK_STR(s.s_name, "http");
}

int main(void)
{
	const char *index = env_path("LOOKUPS_INDEX");

	run_case("names", index, names);
	run_case("names in any case", index, names_in_any_case);
	run_case("numbers", index, numbers);
	run_case("misses", index, misses);
	run_case("the two databases apart", index, databases_apart);
	return check_exit();
}
