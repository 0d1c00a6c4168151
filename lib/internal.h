/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Helpers private to the library.
 */
#ifndef SMCCCTRACE_LIB_INTERNAL_H
#define SMCCCTRACE_LIB_INTERNAL_H

#include <stddef.h>

#include <smccctrace/error.h>

/* sct_set_error() is public: <smccctrace/error.h> */

struct json_t;

/*
 * One JSON document from @len bytes of @text (json-read.c): duplicate keys,
 * \u0000 and NUL bytes are refused. Returns a reference the caller drops
 * with json_decref(), or NULL with errno and the error "not valid JSON at
 * line L, column C: what".
 */
struct json_t *sct_json_parse(const char *text, size_t len);

#endif /* SMCCCTRACE_LIB_INTERNAL_H */
