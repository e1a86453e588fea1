/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* explained.h: an answer to a question about the registry, as the text and the JSON printers take it. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#include "explain.h"
#include "registry-details.h"

#define PROTOCOL_MAX 32

struct question {
	const char *text;
	const char *name; /* NULL for a port */
	unsigned port;
	char protocol[PROTOCOL_MAX]; /* "" where the question names none */
};

/* RFC 6335's ranges of ports. */
struct port_range {
	unsigned first, last;
	const char *name;
	bool assigned;
};

/* Whether a record's name made it onto the services file's line of its port. */
struct file_status {
	bool applies; /* the record has a name */
	bool listed;
	char why[256]; /* why not; for a range listed, that its first port alone is */
	bool has_at;   /* the line that answers the name for its protocol */
	unsigned at_port;
	const char *at_protocol;
};

/* A line of the services file that answers, and every source that lists it: the one whose line it is (the
 * latest) first, then the others, later before earlier. */
struct answer_line {
	size_t index;
	unsigned *sources;
	size_t nsources;
};

struct answer {
	const struct explain_request *req;
	const struct question *question; /* NULL for --since */
	const char *since;
	const struct port_range *range;  /* of the port asked */
	struct registry_details details;
	struct file_status *status;      /* per record, for a question */
	struct answer_line *lines;       /* the services file's lines that answer */
	size_t nlines;
};

/* "the registry", "the built-in netbase overlay", or the overlay's file. */
const char *answer_source_label(const struct explain_request *req, unsigned source);
void answer_print_text(const struct answer *a, FILE *out);
void answer_print_json(const struct answer *a, FILE *out);
