/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* module-memory.c: the private memory the module adds to a process, alone and beside another that maps it too. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memory.h"
#include "module-memory.h"
#include "sample.h"

#define TARGET_MODULE_PRIVATE_KIB 16 /* of issue 6 */

struct memory_report {
	struct memory_use before, after, module, index;
};

/* A process that has looked up the sample through a backend and keeps its mappings until
 * its standard input closes: with one, the module's code and the index are shared pages. */
struct holder {
	FILE *from;
	int to;
	pid_t pid;
};

/* Runs "memory" in a sandbox: a holder (hold set) returns once it is ready, a measure once it is done. */
static int run_memory_child(struct bench *b, const struct data_set *set, enum backend backend, struct holder *hold,
			    struct memory_report *m)
{
	char sample[32], line[LINE_MAX_LEN], module[64];
	char *argv[] = { b->self, "memory", (char *)set->services, (char *)set->index_data, module, sample,
			 hold ? "hold" : "measure", NULL };
	struct child_setup c = child_setup_for(b, set, backend);
	struct memory_report unused;
	unsigned parsed = 0;
	FILE *from;
	pid_t pid;

	if (!m)
		m = &unused;
	snprintf(module, sizeof(module), "/libnss_%s.so.2", backend_module[backend]);
	snprintf(sample, sizeof(sample), "%zu", b->sample_count);
	if (!(from = spawn_child(&c, argv, &pid, hold ? &hold->to : NULL)))
		return -1;
	while (fgets(line, sizeof(line), from)) {
		if (hold && strcmp(line, "ready\n") == 0) {
			hold->from = from;
			hold->pid = pid;
			return 0;
		}
		parsed += parse_memory_use(line, "before", &m->before) == 0 || parse_memory_use(line, "after", &m->after) == 0 ||
			  parse_memory_use(line, "module", &m->module) == 0 || parse_memory_use(line, "index", &m->index) == 0;
	}
	fclose(from);
	return finished_well(pid) && parsed == 4 && !hold ? 0 : -1;
}

static void release(struct holder *h)
{
	if (h->pid <= 0)
		return;
	close(h->to);
	fclose(h->from);
	finished_well(h->pid);
}

static long dirty_added(const struct memory_report *m)
{
	return m->after.private_dirty - m->before.private_dirty;
}

static long private_added(const struct memory_report *m)
{
	return m->after.private_clean - m->before.private_clean + dirty_added(m);
}

static void print_memory_rows(const struct memory_report *noop, const struct memory_report *iana)
{
	printf("| private memory added (Private_Clean + Private_Dirty) | %ld | %ld |\n", private_added(noop),
	       private_added(iana));
	printf("| of it dirty (Private_Dirty) | %ld | %ld |\n", dirty_added(noop), dirty_added(iana));
	printf("| the module's mappings: Rss, Private_Clean + Private_Dirty | %ld, %ld | %ld, %ld |\n", noop->module.rss,
	       noop->module.private_clean + noop->module.private_dirty, iana->module.rss,
	       iana->module.private_clean + iana->module.private_dirty);
	printf("| the index mapping: Rss, Shared_Clean, Private_Clean, Private_Dirty | | %ld, %ld, %ld, %ld |\n",
	       iana->index.rss, iana->index.shared_clean, iana->index.private_clean, iana->index.private_dirty);
}

static void print_memory(const struct memory_report alone[BACKENDS], const struct memory_report shared[BACKENDS],
			 size_t count)
{
	long added = private_added(&shared[IANA]) - private_added(&shared[NOOP]);

	printf("\n## Memory: what the first lookup and %zu hits of each kind add to a process (KiB, /proc/self/smaps)\n\n",
	       count);
	printf("smaps counts a page as private while no other process maps it, clean file pages too.\n\n");
	printf("Alone: no other process maps the module or the index.\n\n| | floor (noop) | iana |\n| --- | ---: | ---: |\n");
	print_memory_rows(&alone[NOOP], &alone[IANA]);
	printf("\nShared: another process holds the same module and index mapped, as on a system where many\n"
	       "processes look services up.\n\n| | floor (noop) | iana |\n| --- | ---: | ---: |\n");
	print_memory_rows(&shared[NOOP], &shared[IANA]);
	printf("\n| target | measured | |\n| --- | ---: | --- |\n");
	printf("| private memory the module adds to a process (iana - floor, shared), at most %d KiB | %ld KiB | %s |\n",
	       TARGET_MODULE_PRIVATE_KIB, added, added <= TARGET_MODULE_PRIVATE_KIB ? "met" : "**not met**");
	/* No Rss means the index was not found among the mappings: nothing measured, nothing met. */
	printf("| the index mapping is clean page cache (Rss over 0, Private_Dirty 0, Anonymous 0) | %ld, %ld, %ld | %s |\n",
	       alone[IANA].index.rss, alone[IANA].index.private_dirty, alone[IANA].index.anonymous,
	       alone[IANA].index.rss > 0 && alone[IANA].index.private_dirty == 0 && alone[IANA].index.anonymous == 0
		       ? "met"
		       : "**not met**");
}

void run_memory(struct bench *b)
{
	static const enum backend measured[] = { NOOP, IANA };
	struct memory_report alone[BACKENDS] = { 0 }, shared[BACKENDS] = { 0 };
	struct holder holders[2] = { { .pid = -1 }, { .pid = -1 } };
	int ok = 1;

	fprintf(stderr, "nss-bench: memory\n");
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], NULL, &alone[measured[i]]) == 0;
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], &holders[i], NULL) == 0;
	for (int i = 0; i < 2; i++)
		ok = ok && run_memory_child(b, &b->sets[0], measured[i], NULL, &shared[measured[i]]) == 0;
	for (int i = 0; i < 2; i++)
		release(&holders[i]);
	if (!ok) {
		fprintf(stderr, "nss-bench: the memory measurement failed\n");
		b->failed = true;
		return;
	}
	print_memory(alone, shared, b->sample_count);
}

/* In the sandbox: "memory SERVICES INDEX MODULE SAMPLE hold|measure". A holder keeps the index
 * mapped until its standard input closes. */
int memory_child_main(char **argv)
{
	struct memory_use before, after, module, index;
	size_t count = strtoul(argv[4], NULL, 10);
	struct sample s;

	if (sample_draw(&s, argv[1], count, SEED) < 0)
		return 1;
	ask_all(&s, NAME_MISS, 0); /* what measuring allocates is allocated before the first reading */
	memory_use_of(NULL, &before);
	for (int k = 0; k < QUESTION_KINDS; k++)
		ask_all(&s, (enum question_kind)k, count);
	memory_use_of(NULL, &after);
	memory_use_of(argv[3], &module);
	memory_use_of(argv[2], &index);
	print_memory_use(stdout, "before", &before);
	print_memory_use(stdout, "after", &after);
	print_memory_use(stdout, "module", &module);
	print_memory_use(stdout, "index", &index);
	if (strcmp(argv[5], "hold") == 0) {
		char c;

		printf("ready\n");
		fflush(stdout);
		while (read(STDIN_FILENO, &c, 1) > 0)
			;
	}
	sample_free(&s);
	return 0;
}
