/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* module-probe.c: load the module by path and print what it says of one name, bypassing glibc's lookup. */
#include <dlfcn.h>
#include <netdb.h>
#include <nss.h>
#include <stdio.h>

/* Usage: module-probe MODULE NAME PROTO. A setuid copy shows what the module does with AT_SECURE set:
 * dlopen by absolute path works there, where LD_LIBRARY_PATH would be ignored. */
int main(int argc, char **argv)
{
	static const char *const status_names[] = { "TRYAGAIN", "UNAVAIL", "NOTFOUND", "SUCCESS", "RETURN" };
	nss_getservbyname_r *by_name;
	struct servent s;
	char buf[1024];
	void *handle;
	int err = 0;
	enum nss_status status;

	if (argc != 4) {
		fprintf(stderr, "usage: module-probe MODULE NAME PROTO\n");
		return 2;
	}
	handle = dlopen(argv[1], RTLD_NOW);
	by_name = handle ? (nss_getservbyname_r *)dlsym(handle, "_nss_iana_getservbyname_r") : NULL;
	if (!by_name) {
		fprintf(stderr, "module-probe: %s\n", dlerror());
		return 2;
	}
	status = by_name(argv[2], argv[3], &s, buf, sizeof(buf), &err);
	puts(status >= NSS_STATUS_TRYAGAIN && status <= NSS_STATUS_RETURN ? status_names[status + 2] : "?");
	return 0;
}
