/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lookups.h: ns per services lookup, timed over and over in a process, for iana, a no-op module, files and db. */
#pragma once
#include <stdbool.h>

#include "bench.h"

/* Every set through every backend, round after round, then the tables and the targets; a failure sets b->failed. */
void run_lookups_part(struct bench *b);
/* A wrong answer is a failed benchmark; the floor is meant to find nothing. */
bool any_wrong_answer(const struct bench *b);
/* In the sandbox: "child SERVICES SAMPLE CHECK CHECK_BUDGET BUDGET". */
int lookups_child_main(char **argv);
