/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* repeat-lookup.c: one services or protocols question asked N times through glibc, for counting instructions per call. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "usage: repeat-lookup name NAME PROTO N | port PORT PROTO N | protocol-name NAME - N | protocol-number NUMBER - N\n"

static const char *const kinds[] = { "name", "port", "protocol-name", "protocol-number" };
#define KINDS (int)(sizeof(kinds) / sizeof(*kinds))

/* Whether the question was answered; number is key as a number, parsed once, outside the count. */
static int ask(int kind, const char *key, int number, const char *protocol, char *buffer, size_t size)
{
	struct servent service, *service_found = NULL;
	struct protoent entry, *found = NULL;

	switch (kind) {
	case 0: getservbyname_r(key, protocol, &service, buffer, size, &service_found); break;
	case 1: getservbyport_r(htons((uint16_t)number), protocol, &service, buffer, size, &service_found); break;
	case 2: getprotobyname_r(key, &entry, buffer, size, &found); break;
	default: getprotobynumber_r(number, &entry, buffer, size, &found); break;
	}
	return service_found || found;
}

/* Run it under callgrind with N and 2N: the difference, divided by N, is what one call costs, without the
 * first call's loading. */
int main(int argc, char **argv)
{
	char buffer[1024];
	long n, answered = 0;
	int kind = 0, number;

	while (argc == 5 && kind < KINDS && strcmp(argv[1], kinds[kind]) != 0)
		kind++;
	if (argc != 5 || kind == KINDS || (n = atol(argv[4])) < 1) {
		fputs(USAGE, stderr);
		return 2;
	}
	number = atoi(argv[2]);
	for (long i = 0; i < n; i++)
		answered += ask(kind, argv[2], number, argv[3], buffer, sizeof(buffer));
	printf("%ld of %ld answered\n", answered, n);
	return 0;
}
