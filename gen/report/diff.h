/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diff.h: what replacing a services or protocols file with the generated one would change (--diff,
 * --protocol-diff). */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "overlay.h"
#include "table.h"

/* What sets one database's report apart from another's. */
struct diff_kind {
	enum overlay_kind overlay;
	bool protocols;          /* names are asked with a protocol and without, and Go reads the file too */
	const char *unit;        /* "port": "names that would resolve to another port" */
	const char *units_title; /* "Ports whose official name would change" */
	const char *value;       /* "port ": "(was port 80)" */
	const char *count_join;  /* "on": "400 names on 300 ports there" */
};

extern const struct diff_kind services_diff, protocols_diff;

/* Reports on out what replacing the file at path with t's would change; returns the number of names that
 * would stop resolving, or -1 on error. */
long diff_table(const struct table *t, const struct diff_kind *kind, const char *path, FILE *out);
