/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* output.c: output files that appear whole or not at all (temporary file, flush, rename). */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "output.h"
#include "xalloc.h"

static bool is_stdout(const struct output *o)
{
	return strcmp(o->path, "-") == 0;
}

/* The temporary file lives beside the target so that rename() stays within one filesystem. */
static char *temporary_name(const char *path)
{
	char *dir_copy = xstrndup(path, strlen(path)), *base_copy = xstrndup(path, strlen(path));
	const char *dir = dirname(dir_copy), *base = basename(base_copy);
	size_t size = strlen(dir) + strlen(base) + sizeof("/..XXXXXX");
	char *tmp = xmalloc(size);

	snprintf(tmp, size, "%s/.%s.XXXXXX", dir, base);
	free(dir_copy);
	free(base_copy);
	return tmp;
}

int output_begin(struct output *o, const char *path)
{
	struct stat st;
	int fd;

	*o = (struct output){ .path = path };
	if (is_stdout(o)) {
		o->f = stdout;
		return 0;
	}
	/* A rename would put a file in place of a device, a FIFO or a directory (as root, of /dev/null). */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		log_error(path, "is not a regular file, so it is not replaced (- writes to standard output)");
		return -1;
	}
	o->tmp_path = temporary_name(path);
	fd = mkostemp(o->tmp_path, O_CLOEXEC);
	if (fd < 0) {
		log_error(path, "cannot create a temporary file beside it: %s", strerror(errno));
		free(o->tmp_path);
		o->tmp_path = NULL;
		return -1;
	}
	/* Services files and indexes are read by every user, whatever the umask. */
	if (fchmod(fd, 0644) < 0 || !(o->f = fdopen(fd, "w"))) {
		log_error(path, "cannot set up the temporary file: %s", strerror(errno));
		close(fd);
		output_abort(o);
		return -1;
	}
	return 0;
}

static int sync_directory(const char *path)
{
	char *copy = xstrndup(path, strlen(path));
	int fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC), ret = 0;

	free(copy);
	if (fd < 0)
		return -1;
	if (fsync(fd) < 0 && errno != EINVAL)
		ret = -1;
	close(fd);
	return ret;
}

int output_finish(struct output *o)
{
	int err = 0;

	if (is_stdout(o)) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			log_error("standard output", "write error: %s", strerror(errno ? errno : EIO));
			return -1;
		}
		return 0;
	}
	errno = 0;
	if (fflush(o->f) != 0 || ferror(o->f) || fsync(fileno(o->f)) < 0)
		err = errno ? errno : EIO;
	if (fclose(o->f) != 0 && !err)
		err = errno ? errno : EIO;
	o->f = NULL;
	if (err) {
		errno = err;
		output_fail(o);
		return -1;
	}
	return 0;
}

int output_rename(struct output *o)
{
	if (is_stdout(o))
		return 0;
	if (rename(o->tmp_path, o->path) < 0) {
		output_fail(o);
		return -1;
	}
	free(o->tmp_path);
	o->tmp_path = NULL;
	if (sync_directory(o->path) < 0)
		log_warning(o->path, "written, but its directory could not be synced: %s", strerror(errno));
	return 0;
}

void output_fail(struct output *o)
{
	log_error(o->path, "cannot write: %s", strerror(errno ? errno : EIO));
	output_abort(o);
}

void output_abort(struct output *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp_path) {
		unlink(o->tmp_path);
		free(o->tmp_path);
		o->tmp_path = NULL;
	}
}
