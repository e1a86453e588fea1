/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* check-index.h: --check-index and --dump, and the check of each index written before it is renamed. */
#pragma once
#include <stdbool.h>

/* Checks the index at path, a link and the data it names or a whole index, in every byte; prints what
 * it holds (its entries as services(5) lines with dump). The exit status: 0 good, 1 after a message. */
int check_index(const char *path, bool dump);
/* The index data just written to written, for path, read back and checked: 0, or -1 after a message. */
int check_written_index(const char *written, const char *path);
