/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-file.h: the index, built in memory from the same entry lists as the canonical files. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "index-format.h"
#include "table.h"

struct index_blob {
	unsigned char *data;
	size_t size, cap;
};

/* A database's entry list and its sections in the index. */
struct index_input {
	const struct table *table;
	const struct index_database *sections;
};

/* The index of count databases, at most INDEX_DATABASES: 0, or -1 after saying which limit of the format a
 * table exceeds. */
int index_build(const struct index_input *in, size_t count, struct index_blob *blob);
int index_write(FILE *f, const struct index_blob *blob);
/* Where the data of the index whose link is at link_path goes: beside it, named by the link's name and
 * the data's checksum. Allocated. */
char *index_data_path(const char *link_path, const struct index_blob *blob);
/* The link to the data at data_path, which holds blob. */
int index_link_write(FILE *f, const char *data_path, const struct index_blob *blob);
/* Holds the link's directory against another generator's renames and removals: a descriptor to give
 * to index_unlock_directory(), or -1 where it cannot be locked. */
int index_lock_directory(const char *link_path);
void index_unlock_directory(int fd);
/* Removes the data files of the link at link_path but the one it names now; processes that have one
 * mapped keep it until they let go. */
void index_remove_stale_data(const char *link_path);
void index_blob_free(struct index_blob *blob);
