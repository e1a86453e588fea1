/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* log.h: the generator's messages on stderr, as "iana-services-gen: FILE: what". */
#pragma once
#include <stddef.h>

#define PROGRAM_NAME "iana-services-gen"

void log_error(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_warning(const char *file, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* At most size-1 bytes of s, non-printable bytes shown as '?': safe to print whatever s holds. */
const char *printable(const char *s, char *buf, size_t size);
