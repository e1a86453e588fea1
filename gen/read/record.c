/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* record.c: which registry records become services or protocols lines, and the checks on their fields. */
#include <stdio.h>
#include <string.h>

#include "index-format.h"
#include "record.h"

const char *record_verdict_text(enum record_verdict v)
{
	static const char *const text[RECORD_VERDICTS] = {
		[RECORD_KEPT] = "kept",
		[RECORD_NO_NAME] = "without a name (Reserved, Unassigned)",
		[RECORD_NO_NUMBER] = "without a number",
		[RECORD_NO_PROTOCOL] = "without a protocol",
		[RECORD_OTHER_PROTOCOL] = "with a protocol other than tcp, udp, sctp, dccp",
		[RECORD_BAD_NAME] = "with an unusable name",
	};
	return text[v];
}

/* A name must survive services(5) and protocols(5) parsing: one word of printable ASCII that starts no
 * comment. */
bool name_usable(const char *name, size_t len)
{
	if (len == 0 || len > NAME_MAX_LEN)
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
	if (index_transport_rank(rec->protocol) == INDEX_TRANSPORT_COUNT)
		return RECORD_OTHER_PROTOCOL;
	if (!name_usable(rec->name, strlen(rec->name)))
		return RECORD_BAD_NAME;
	return RECORD_KEPT;
}

const char *parse_number(const char *s, unsigned max, unsigned *value)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++)
		if ((v = v * 10 + (unsigned long)(*p - '0')) > max)
			return NULL;
	if (p == s)
		return NULL;
	*value = (unsigned)v;
	return p;
}

int parse_number_range(const char *s, unsigned max, struct number_range *range)
{
	const char *p = parse_number(s, max, &range->first);

	if (!p)
		return -1;
	range->last = range->first;
	if (*p == '-')
		p = parse_number(p + 1, max, &range->last);
	if (!p || *p || range->last < range->first)
		return -1;
	return 0;
}

#define DEPRECATED_SUFFIX " (deprecated)"

enum record_verdict protocol_record_names(const struct registry_record *rec, struct protocol_names *pn)
{
	size_t len, out = 0;
	bool space = false;

	/* The registry marks a number it holds back with the word where a keyword goes. */
	if (!rec->name || !*rec->name || strcmp(rec->name, "Reserved") == 0 || strcmp(rec->name, "Unassigned") == 0)
		return RECORD_NO_NAME;
	if (!rec->number || !*rec->number)
		return RECORD_NO_NUMBER;
	len = strlen(rec->name);
	pn->deprecated = len > strlen(DEPRECATED_SUFFIX) &&
			 strcmp(rec->name + len - strlen(DEPRECATED_SUFFIX), DEPRECATED_SUFFIX) == 0;
	if (pn->deprecated)
		len -= strlen(DEPRECATED_SUFFIX);
	if (len > NAME_MAX_LEN)
		return RECORD_BAD_NAME;
	for (size_t i = 0; i < len; i++) {
		space = rec->name[i] == ' ';
		if (!space || rec->name[i + 1] != ' ')
			pn->keyword[out++] = space ? '-' : rec->name[i];
	}
	pn->keyword[out] = '\0';
	if (!name_usable(pn->keyword, out))
		return RECORD_BAD_NAME;
	for (size_t i = 0; i <= out; i++)
		pn->official[i] = (char)index_ascii_lower((unsigned char)pn->keyword[i]);
	return RECORD_KEPT;
}
