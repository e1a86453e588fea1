/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* getent-runs.h: what a whole `getent services` process costs through iana, the floor and files. */
#pragma once
#include "bench.h"

/* Every set's questions through getent, round after round, then the tables; a failure sets b->failed. */
void run_getent(struct bench *b);
/* In the sandbox: "getent-launcher QUESTION...", then "time N" or "check N" a line on standard input. */
int getent_launcher_main(int argc, char **argv);
