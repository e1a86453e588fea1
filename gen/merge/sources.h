/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sources.h: the registries and the overlays, loaded into the services and protocols entry lists. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "protocol-table.h"
#include "table.h"

/* Each returns 0, or -1 after a message naming the file (and line). */
int load_registry(struct service_table *t, const char *path, bool verbose);
int load_overlay(struct service_table *t, FILE *f, const char *label, unsigned source, bool verbose);
int load_protocol_registry(struct protocol_table *t, const char *path, bool verbose);
int load_protocol_overlay(struct protocol_table *t, FILE *f, const char *label, unsigned source, bool verbose);
