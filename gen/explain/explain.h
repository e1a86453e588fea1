/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explain.h: what a port or a service name is: the registry's records for it, and the services file's lines. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "table.h"

/* The exit statuses of a question. */
#define EXPLAIN_ANSWERED 0
#define EXPLAIN_NOTHING 1 /* a good question that no record and no line matches */
#define EXPLAIN_BAD 2     /* a bad question, or a file that cannot be read: after a message */

struct explain_request {
	const struct table *table; /* the services database, merged from the registry and its overlays */
	const char *registry;      /* the file the registry was read from */
	bool builtin_overlay;      /* the first overlay is the built-in netbase one */
	bool json;
};

/* QUESTION: PORT, PORT/PROTOCOL, NAME or NAME/PROTOCOL. */
int explain_question(const struct explain_request *req, const char *question, FILE *out);
/* The records registered or modified after date (YYYY-MM-DD). */
int explain_since(const struct explain_request *req, const char *date, FILE *out);
