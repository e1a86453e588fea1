/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* index-file.h: the index, built in memory from the same entry list as the services file. */
#pragma once
#include <stddef.h>
#include <stdio.h>

#include "table.h"

struct index_blob {
	unsigned char *data;
	size_t size, cap;
};

/* 0, or -1 after saying which limit of the format the table exceeds. */
int index_build(const struct service_table *t, struct index_blob *blob);
int index_write(FILE *f, const struct index_blob *blob);
void index_blob_free(struct index_blob *blob);
