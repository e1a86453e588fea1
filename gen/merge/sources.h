/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.h: a database's registry and overlays, read into its entry list. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "table.h"

/* Each returns 0, or -1 after a message naming the file (and line). */
int load_registry(struct table *t, const char *path, bool verbose);
int load_overlay(struct table *t, FILE *f, const char *label, unsigned source, bool verbose);
