/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* noop.c: libnss_noop.so.2, a services and protocols module that answers nothing, so a lookup through it costs glibc's dispatch alone. */
#include <netdb.h>
#include <nss.h>
#include <stddef.h>

NSS_DECLARE_MODULE_FUNCTIONS(noop);

enum nss_status _nss_noop_getservbyname_r(const char *name, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	return NSS_STATUS_NOTFOUND;
}

enum nss_status _nss_noop_getservbyport_r(int port, const char *protocol, struct servent *result,
					  char *buffer, size_t buflen, int *errnop)
{
	return NSS_STATUS_NOTFOUND;
}

enum nss_status _nss_noop_setservent(int stayopen)
{
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_noop_getservent_r(struct servent *result, char *buffer, size_t buflen, int *errnop)
{
	return NSS_STATUS_NOTFOUND;
}

enum nss_status _nss_noop_endservent(void)
{
	return NSS_STATUS_SUCCESS;
}

enum nss_status _nss_noop_getprotobyname_r(const char *name, struct protoent *result, char *buffer, size_t buflen,
					   int *errnop)
{
	return NSS_STATUS_NOTFOUND;
}

enum nss_status _nss_noop_getprotobynumber_r(int number, struct protoent *result, char *buffer, size_t buflen,
					     int *errnop)
{
	return NSS_STATUS_NOTFOUND;
}
