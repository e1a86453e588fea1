/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* services-file.h: the canonical services(5) text written from the entry list. */
#pragma once
#include <stdio.h>

#include "table.h"

/* 0 when every line fits; -1 after naming the first line whose names alone are too long. */
int services_check(const struct service_table *t);
int services_write(FILE *f, const struct service_table *t);
