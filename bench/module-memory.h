/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* module-memory.h: the private memory the module adds to a process, alone and beside another that maps it too. */
#pragma once
#include "bench.h"

/* The floor and iana on the first set, alone and beside a holder, then the tables; a failure sets b->failed. */
void run_memory(struct bench *b);
/* In the sandbox: "memory SERVICES INDEX MODULE SAMPLE hold|measure". */
int memory_child_main(char **argv);
