/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.h: the generator's messages on stderr, as "iana-services-gen: FILE: what". */
#pragma once
#include <stddef.h>

#define PROGRAM_NAME "iana-services-gen"

/* Without "FILE: " where file is NULL; kind goes before what, as "warning: " does. */
void log_message(const char *file, const char *kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
#define log_error(file, ...) log_message(file, "", __VA_ARGS__)
#define log_warning(file, ...) log_message(file, "warning: ", __VA_ARGS__)
#define log_info(...) log_message(NULL, "", __VA_ARGS__)
/* At most size-1 bytes of s, non-printable bytes shown as '?': safe to print whatever s holds. */
const char *printable(const char *s, char *buf, size_t size);
