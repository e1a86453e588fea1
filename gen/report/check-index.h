/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check-index.h: --check-index, --dump and --dump-protocols, and the check of each index written before it is renamed. */
#pragma once

/* What a check of an index prints: a report, or one database's entries. */
enum index_printout { PRINT_REPORT, PRINT_SERVICES, PRINT_PROTOCOLS };

/* Checks the index at path, a link and the data it names or a whole index, in every byte; prints what
 * it holds, or its services as services(5) lines, or its protocols as protocols(5) lines. The exit
 * status: 0 good, 1 after a message. */
int check_index(const char *path, enum index_printout printout);
/* The index data just written to written, for path, read back and checked: 0, or -1 after a message. */
int check_written_index(const char *written, const char *path);
