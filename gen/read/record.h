/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* record.h: which registry records become services or protocols lines, and the checks on their fields. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

#define NAME_MAX_LEN 63

enum record_verdict {
	RECORD_KEPT,
	RECORD_NO_NAME,        /* Reserved, Unassigned */
	RECORD_NO_NUMBER,      /* a name registered without a port */
	RECORD_NO_PROTOCOL,
	RECORD_OTHER_PROTOCOL, /* not tcp, udp, sctp or dccp */
	RECORD_BAD_NAME,       /* a name no services file can carry */
	RECORD_VERDICTS
};

struct number_range {
	unsigned first, last;
};

/* A protocol record's keyword as names: spaces hyphenated, a trailing " (deprecated)" taken off. */
struct protocol_names {
	char keyword[NAME_MAX_LEN + 1]; /* an alias where it differs from the official name */
	char official[NAME_MAX_LEN + 1]; /* the keyword lower-cased */
	bool deprecated;
};

const char *record_verdict_text(enum record_verdict v);
enum record_verdict record_classify(const struct registry_record *rec);
enum record_verdict protocol_record_names(const struct registry_record *rec, struct protocol_names *pn);
/* A decimal number within 0-max at the start of s: where it ends, or NULL. */
const char *parse_number(const char *s, unsigned max, unsigned *value);
/* "993" or "6000-6063", within 0-max and in order: 0 or -1. */
int parse_number_range(const char *s, unsigned max, struct number_range *range);
bool name_usable(const char *name, size_t len);
