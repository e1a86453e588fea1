/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* repeat-lookup.c: one services question asked N times through glibc, for counting instructions per call. */
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Usage: repeat-lookup name NAME PROTO N | repeat-lookup port PORT PROTO N. Run it under callgrind with
 * N and 2N: the difference, divided by N, is what one call costs, without the first call's loading. */
int main(int argc, char **argv)
{
	struct servent entry, *found = NULL;
	char buffer[1024];
	long n, answered = 0;
	int by_name, port;

	if (argc != 5 || (strcmp(argv[1], "name") && strcmp(argv[1], "port")) || (n = atol(argv[4])) < 1) {
		fprintf(stderr, "usage: repeat-lookup name NAME PROTO N | repeat-lookup port PORT PROTO N\n");
		return 2;
	}
	by_name = strcmp(argv[1], "name") == 0;
	port = htons((uint16_t)atoi(argv[2]));
	for (long i = 0; i < n; i++) {
		if (by_name)
			getservbyname_r(argv[2], argv[3], &entry, buffer, sizeof(buffer), &found);
		else
			getservbyport_r(port, argv[3], &entry, buffer, sizeof(buffer), &found);
		answered += found != NULL;
	}
	printf("%ld of %ld answered\n", answered, n);
	return 0;
}
