/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sandbox.c: a private mount namespace in which glibc reads the benchmark's nsswitch.conf, services file and db. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sandbox.h"

#define DB_DIR "/var/lib/misc"
#define NSCD_DIR "/run/nscd"

static int complain(const char *what, const char *path)
{
	fprintf(stderr, "nss-bench: %s %s: %s\n", what, path, strerror(errno));
	return -1;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return complain("cannot open", path);
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : complain("cannot write", path);
}

/* Root in a user namespace of its own may mount in its mount namespace, and nowhere else. */
static int become_root_of_user_namespace(uid_t uid, gid_t gid)
{
	char map[64];

	if (unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return complain("cannot unshare", "a user and mount namespace");
	if (write_file("/proc/self/setgroups", "deny") < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)uid);
	if (write_file("/proc/self/uid_map", map) < 0)
		return -1;
	snprintf(map, sizeof(map), "0 %u 1", (unsigned)gid);
	return write_file("/proc/self/gid_map", map);
}

static int bind(const char *from, const char *to)
{
	return mount(from, to, NULL, MS_BIND, NULL) == 0 ? 0 : complain("cannot bind-mount over", to);
}

static int empty_tmpfs(const char *dir)
{
	return mount("nss-bench", dir, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k") == 0 ? 0
											  : complain("cannot mount tmpfs on", dir);
}

/* A tmpfs hides the system's databases; ours is bind-mounted over an empty file in it. */
static int mount_db(const char *db)
{
	const char *target = DB_DIR "/services.db";
	int fd;

	if (access(DB_DIR, F_OK) != 0)
		return db ? complain("no directory", DB_DIR) : 0;
	if (empty_tmpfs(DB_DIR) < 0)
		return -1;
	if (!db)
		return 0;
	fd = open(target, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return complain("cannot create", target);
	close(fd);
	return bind(db, target);
}

int sandbox_enter(const struct sandbox *sb)
{
	uid_t uid = geteuid();
	gid_t gid = getegid();

	if (uid == 0 ? unshare(CLONE_NEWNS) < 0 : become_root_of_user_namespace(uid, gid) < 0)
		return uid == 0 ? complain("cannot unshare", "a mount namespace") : -1;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return complain("cannot make private", "/");
	if (bind(sb->nsswitch_conf, "/etc/nsswitch.conf") < 0 || bind(sb->services, "/etc/services") < 0 ||
	    mount_db(sb->services_db) < 0)
		return -1;
	/* A running nscd would answer from its cache: its socket goes out of sight. */
	if (access(NSCD_DIR, F_OK) == 0 && empty_tmpfs(NSCD_DIR) < 0)
		return -1;
	return 0;
}
