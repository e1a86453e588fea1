/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.h: the registry and the overlays, loaded as bindings into the entry list. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "table.h"

/* Each returns 0, or -1 after a message naming the file (and line). */
int load_registry(struct service_table *t, const char *path, bool verbose);
int load_overlay(struct service_table *t, FILE *f, const char *label, unsigned source, bool verbose);
