/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-file.h: the index, built in memory from the same entry list as the services file. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "protocol-table.h"
#include "table.h"

struct index_blob {
	unsigned char *data;
	size_t size, cap;
};

/* 0, or -1 after saying which limit of the format the table exceeds. */
int index_build(const struct service_table *t, const struct protocol_table *pt, struct index_blob *blob);
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
