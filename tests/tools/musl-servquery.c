/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* musl-servquery.c: servquery's questions asked of the C library it is built with (musl), answered as readers.py answers. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	char line[4096], kind[16], key[1024], proto[64], buf[4096];
	struct servent s, *found;

	while (fgets(line, sizeof(line), stdin)) {
		int n = sscanf(line, "%15s %1023s %63s", kind, key, proto);
		const char *p = n == 3 ? proto : NULL;
		int by_name = strcmp(kind, "name") == 0;

		if (n < 2 || (!by_name && strcmp(kind, "port"))) {
			fprintf(stderr, "musl-servquery: bad question: %s", line);
			return 2;
		}
		if (by_name ? getservbyname_r(key, p, &s, buf, sizeof(buf), &found)
			    : getservbyport_r(htons((uint16_t)atoi(key)), p, &s, buf, sizeof(buf), &found))
			found = NULL;
		printf("%s %s %s: ", kind, key, p ? p : "*");
		if (!found)
			puts("not found");
		else if (by_name)
			printf("%d/%s\n", ntohs((uint16_t)found->s_port), found->s_proto);
		else
			printf("%s/%s\n", found->s_name, found->s_proto);
	}
	return 0;
}
