/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* overlay.h: reading services(5) and protocols(5) text, strictly for overlays or as glibc would for a diff. */
#pragma once
#include <stdbool.h>
#include <stdio.h>

#define OVERLAY_LINE_MAX 4096
#define OVERLAY_NAMES_MAX 255

/* The two kinds of file: "name port/protocol alias..." and "name number alias...". */
enum overlay_kind { OVERLAY_SERVICES, OVERLAY_PROTOCOLS };

struct overlay_line {
	const char *names[OVERLAY_NAMES_MAX]; /* names[0] is the official name */
	size_t nnames;
	const char *protocol; /* services only */
	unsigned number;      /* the port, or the protocol number */
	const char *comment; /* NULL or the text after '#' */
	long line;
};

/* Returns 0 to go on, -1 to stop. */
typedef int overlay_line_handler(const struct overlay_line *l, void *userdata);

#define OVERLAY_FILE_MAX_SIZE (16 * 1024 * 1024) /* 800 times netbase's /etc/services */

/* Opens a regular file of at most OVERLAY_FILE_MAX_SIZE, or says why not and returns NULL. */
FILE *overlay_open(const char *path);

/* Strict: a malformed line is an error (-1 after a message naming label and line). Lenient: it is
 * skipped, as glibc skips what it cannot parse, and *skipped counts it. */
int overlay_read(FILE *f, const char *label, enum overlay_kind kind, bool strict, overlay_line_handler *fn,
		 void *userdata, unsigned long *skipped);
