/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* sandbox.h: a private mount namespace in which glibc reads the benchmark's nsswitch.conf, services file and db. */
#pragma once

struct sandbox {
	const char *nsswitch_conf; /* bind-mounted over /etc/nsswitch.conf */
	const char *services;      /* over /etc/services */
	const char *services_db;   /* over /var/lib/misc/services.db; NULL for none there */
};

/* Moves the calling process into a mount namespace of its own (in a user namespace of its own too,
 * when not root) and mounts the sandbox's files; 0, or -1 with a message on standard error. */
int sandbox_enter(const struct sandbox *sb);
