/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* protocols-file.h: the canonical protocols(5) text written from the protocols entry list. */
#pragma once
#include <stdio.h>

#include "protocol-table.h"

/* 0 when every line fits; -1 after naming the first line whose names alone are too long. */
int protocols_check(const struct protocol_table *t);
int protocols_write(FILE *f, const struct protocol_table *t);
