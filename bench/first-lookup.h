/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* first-lookup.h: what the first services lookup of a fresh process costs through iana, the floor and files. */
#pragma once
#include "bench.h"

/* Every set's first-lookup questions in fresh processes, round after round, then the tables; a failure sets b->failed. */
void run_first_lookups(struct bench *b);
/* In the sandbox: "first KIND NAME PROTOCOL PORT OFFICIAL". */
int first_lookup_main(char **argv);
