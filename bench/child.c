/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* child.c: the backends, and starting the benchmark's own processes in a sandbox of one of them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child.h"

const char *const backend_module[BACKENDS] = { "noop", "iana", "files", "db" };
const char *const backend_label[BACKENDS] = { "floor (noop)", "iana", "files", "db" };

static const enum backend fresh_orders[][FRESH_BACKENDS] = {
	{ NOOP, IANA, FILES }, { NOOP, FILES, IANA }, { IANA, NOOP, FILES },
	{ IANA, FILES, NOOP }, { FILES, NOOP, IANA }, { FILES, IANA, NOOP },
};

enum backend fresh_backend(unsigned turn, size_t position)
{
	return fresh_orders[turn % (sizeof(fresh_orders) / sizeof(fresh_orders[0]))][position];
}

static void exec_in_sandbox(const struct child_setup *c, char **argv)
{
	if (sandbox_enter(&c->sandbox) < 0)
		_exit(126);
	setenv("LD_LIBRARY_PATH", c->module_path, 1);
	if (c->index)
		setenv("NSS_IANA_INDEX", c->index, 1);
	else
		unsetenv("NSS_IANA_INDEX");
	execv(c->program, argv);
	fprintf(stderr, "nss-bench: cannot run %s: %s\n", c->program, strerror(errno));
	_exit(127);
}

FILE *spawn_child(const struct child_setup *c, char **argv, pid_t *pid, int *to_child)
{
	int out[2], in[2] = { -1, -1 };

	if (pipe2(out, O_CLOEXEC) < 0 || (to_child && pipe2(in, O_CLOEXEC) < 0))
		return NULL;
	fflush(NULL);
	*pid = fork();
	if (*pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		if (to_child)
			dup2(in[0], STDIN_FILENO);
		exec_in_sandbox(c, argv);
	}
	close(out[1]);
	if (to_child) {
		close(in[0]);
		*to_child = in[1];
	}
	if (*pid < 0) {
		close(out[0]);
		return NULL;
	}
	return fdopen(out[0], "r");
}

bool finished_well(pid_t pid)
{
	int status;

	return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}
