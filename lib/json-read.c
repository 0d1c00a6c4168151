// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading JSON text: every JSON document the project reads goes through
 * here, parsed by jansson with one set of rules.
 */
#include <errno.h>
#include <string.h>
#include <jansson.h>

#include "internal.h"

/* jansson's wording where it names its own flags */
static const char *what_is_wrong(const json_error_t *e)
{
	switch (json_error_code(e)) {
	case json_error_null_character:
		return "\\u0000 in a string";
	case json_error_null_byte_in_key:
		return "\\u0000 in a key";
	default:
		return e->text;
	}
}

/**
 * sct_json_parse - one JSON document from text
 * @text: the text (need not be NUL-terminated)
 * @len: its length in bytes; a NUL byte within it is refused
 *
 * Duplicate object keys and \u0000 in strings are refused; integers are
 * read exactly up to INT64_MAX, larger ones are refused.
 *
 * Returns a reference the caller drops with json_decref(), or NULL with
 * errno EINVAL (ENOMEM) and the error "not valid JSON at line L, column C:
 * what is wrong".
 */
struct json_t *sct_json_parse(const char *text, size_t len)
{
	const char *nul = memchr(text, '\0', len);
	json_error_t e;
	json_t *json;

	if (nul) {
		sct_set_error(EINVAL, "not valid JSON: a NUL byte at offset %zu",
			      (size_t)(nul - text));
		return NULL;
	}
	json = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (json)
		return json;
	if (json_error_code(&e) == json_error_out_of_memory)
		sct_set_error(ENOMEM, "out of memory");
	else
		sct_set_error(EINVAL, "not valid JSON at line %d, column %d: %s",
			      e.line, e.column, what_is_wrong(&e));
	return NULL;
}
