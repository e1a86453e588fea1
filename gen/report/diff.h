/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* diff.h: what replacing a services or protocols file with the generated one would change (--diff,
 * --protocol-diff). */
#pragma once
#include <stdio.h>

#include "protocol-table.h"
#include "table.h"

/* Reports on out; returns the number of names that would stop resolving, or -1 on error. */
long diff_services(const struct service_table *t, const char *path, FILE *out);
long diff_protocols(const struct protocol_table *t, const char *path, FILE *out);
