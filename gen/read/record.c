/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* record.c: which registry records become services lines, and the checks on their fields. */
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "table.h"

const char *record_verdict_text(enum record_verdict v)
{
	static const char *const text[RECORD_VERDICTS] = {
		[RECORD_KEPT] = "kept",
		[RECORD_NO_NAME] = "without a name (Reserved, Unassigned)",
		[RECORD_NO_NUMBER] = "without a port number",
		[RECORD_NO_PROTOCOL] = "without a protocol",
		[RECORD_OTHER_PROTOCOL] = "with a protocol other than tcp, udp, sctp, dccp",
		[RECORD_BAD_NAME] = "with an unusable name",
	};
	return text[v];
}

/* A name must survive services(5) parsing: one word of printable ASCII that starts no comment. */
bool service_name_usable(const char *name, size_t len)
{
	if (len == 0 || len > SERVICE_NAME_MAX_LEN)
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '#')
			return false;
	return true;
}

enum record_verdict record_classify(const struct registry_record *rec)
{
	if (!rec->name || !*rec->name)
		return RECORD_NO_NAME;
	if (!rec->number || !*rec->number)
		return RECORD_NO_NUMBER;
	if (!rec->protocol || !*rec->protocol)
		return RECORD_NO_PROTOCOL;
	if (protocol_rank(rec->protocol) >= 4)
		return RECORD_OTHER_PROTOCOL;
	if (!service_name_usable(rec->name, strlen(rec->name)))
		return RECORD_BAD_NAME;
	return RECORD_KEPT;
}

static const char *parse_port(const char *s, unsigned *port)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && p - s < 6; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (p == s || v > 65535)
		return NULL;
	*port = (unsigned)v;
	return p;
}

/* "993" or "6000-6063", within 0-65535 and in order. */
int parse_port_range(const char *s, struct port_range *range)
{
	const char *p = parse_port(s, &range->first);

	if (!p)
		return -1;
	range->last = range->first;
	if (*p == '-')
		p = parse_port(p + 1, &range->last);
	if (!p || *p || range->last < range->first)
		return -1;
	return 0;
}
