/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* record.h: which registry records become services lines, and the checks on their fields. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

#include "registry.h"

#define SERVICE_NAME_MAX_LEN 63

enum record_verdict {
	RECORD_KEPT,
	RECORD_NO_NAME,        /* Reserved, Unassigned */
	RECORD_NO_NUMBER,      /* a name registered without a port */
	RECORD_NO_PROTOCOL,
	RECORD_OTHER_PROTOCOL, /* not tcp, udp, sctp or dccp */
	RECORD_BAD_NAME,       /* a name no services file can carry */
	RECORD_VERDICTS
};

struct port_range {
	unsigned first, last;
};

const char *record_verdict_text(enum record_verdict v);
enum record_verdict record_classify(const struct registry_record *rec);
int parse_port_range(const char *s, struct port_range *range);
bool service_name_usable(const char *name, size_t len);
