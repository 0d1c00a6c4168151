// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading a filter configuration's entries exactly as written, before any
 * rule is applied, so that a check can say which entry KVM would refuse:
 *
 *	{"filters": [{"base": "0x84000050", "nr_functions": 16,
 *		      "action": "FWD_TO_USER"}, ...], ...}
 *
 * base and nr_functions are numbers or strings holding a decimal or 0x
 * number; action is a name (sct_filter_action_parse) or a number. Other
 * keys, at any level, are skipped.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/suggest.h>

#include "internal.h"

#define MAX_DEPTH	32
#define MAX_TOKEN	64

struct reader {
	const char	*p;
	size_t		index;		/* the entry being read */
	int		depth;
};

static void skip_ws(struct reader *r)
{
	while (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' || *r->p == '\r')
		r->p++;
}

static int expect(struct reader *r, char c)
{
	skip_ws(r);
	if (!*r->p)
		return sct_set_error(EINVAL, "not a filter configuration: the text ends early");
	if (*r->p != c)
		return sct_set_error(EINVAL, "not a filter configuration: '%c' expected", c);
	r->p++;
	return 0;
}

/* A string into @buf (cut to @size - 1 characters); escapes are kept as read */
static int read_string(struct reader *r, char *buf, size_t size)
{
	size_t n = 0;

	if (expect(r, '"'))
		return -1;
	for (; *r->p && *r->p != '"'; r->p++) {
		if (*r->p == '\\' && r->p[1])
			r->p++;
		if (n + 1 < size)
			buf[n++] = *r->p;
	}
	if (*r->p != '"')
		return sct_set_error(EINVAL, "not a filter configuration: unterminated string");
	r->p++;
	buf[n] = '\0';
	return 0;
}

/* A bare token: a number, true, false or null */
static int read_token(struct reader *r, char *buf, size_t size)
{
	size_t n = 0;

	skip_ws(r);
	while (*r->p && !strchr(" \t\r\n,:]}[{\"", *r->p)) {
		if (n + 1 >= size)
			return sct_set_error(EINVAL, "not a filter configuration: token too long");
		buf[n++] = *r->p++;
	}
	buf[n] = '\0';
	if (!n)
		return sct_set_error(EINVAL, "not a filter configuration: value expected");
	return 0;
}

static int skip_value(struct reader *r);

static int skip_members(struct reader *r, char close, bool keys)
{
	char tok[MAX_TOKEN];

	skip_ws(r);
	if (*r->p == close) {
		r->p++;
		return 0;
	}
	for (;;) {
		if (keys && (read_string(r, tok, sizeof(tok)) || expect(r, ':')))
			return -1;
		if (skip_value(r))
			return -1;
		skip_ws(r);
		if (*r->p == close) {
			r->p++;
			return 0;
		}
		if (expect(r, ','))
			return -1;
	}
}

static int skip_value(struct reader *r)
{
	char tok[MAX_TOKEN];
	int ret;

	skip_ws(r);
	if (*r->p == '"')
		return read_string(r, tok, sizeof(tok));
	if (*r->p != '{' && *r->p != '[')
		return read_token(r, tok, sizeof(tok));
	if (++r->depth > MAX_DEPTH)
		return sct_set_error(EINVAL, "not a filter configuration: nested too deeply");
	r->p++;
	ret = skip_members(r, r->p[-1] == '{' ? '}' : ']', r->p[-1] == '{');
	r->depth--;
	return ret;
}

/* A number, or a string holding one */
static int read_number(struct reader *r, const char *key, bool sign, int64_t *sv,
		       uint64_t *uv)
{
	char tok[MAX_TOKEN], *end;
	int ret;

	skip_ws(r);
	ret = *r->p == '"' ? read_string(r, tok, sizeof(tok)) :
			     read_token(r, tok, sizeof(tok));
	if (ret)
		return -1;
	errno = 0;
	if (sign)
		*sv = strtoll(tok, &end, 0);
	else if (tok[0] != '-' && tok[0] != '+')
		*uv = strtoull(tok, &end, 0);
	else
		end = tok;
	if (errno || end == tok || *end)
		return sct_set_error(EINVAL, "filters[%zu]: %s: '%s' is not %s", r->index,
				     key, tok, sign ? "a number" : "an unsigned number");
	return 0;
}

static int read_action(struct reader *r, int64_t *action)
{
	char name[MAX_TOKEN];
	int a;

	skip_ws(r);
	if (*r->p != '"')
		return read_number(r, "action", true, action, NULL);
	if (read_string(r, name, sizeof(name)))
		return -1;
	a = sct_filter_action_parse(name);
	if (a < 0)
		return sct_set_error(EINVAL, "filters[%zu]: unknown action '%s'",
				     r->index, name);
	*action = a;
	return 0;
}

enum { HAVE_BASE = 1, HAVE_NR = 2, HAVE_ACTION = 4 };

static int read_member(struct reader *r, struct sct_kvm_entry *e, unsigned int *have)
{
	char key[MAX_TOKEN];

	if (read_string(r, key, sizeof(key)) || expect(r, ':'))
		return -1;
	if (!strcmp(key, "base")) {
		*have |= HAVE_BASE;
		return read_number(r, key, false, NULL, &e->base);
	}
	if (!strcmp(key, "nr_functions")) {
		*have |= HAVE_NR;
		return read_number(r, key, false, NULL, &e->nr_functions);
	}
	if (!strcmp(key, "action")) {
		*have |= HAVE_ACTION;
		return read_action(r, &e->action);
	}
	return skip_value(r);
}

static int read_entry(struct reader *r, struct sct_kvm_entry *e)
{
	unsigned int have = 0;

	memset(e, 0, sizeof(*e));
	if (expect(r, '{'))
		return -1;
	skip_ws(r);
	while (*r->p != '}') {
		if (read_member(r, e, &have))
			return -1;
		skip_ws(r);
		if (*r->p == ',')
			r->p++;
		else if (*r->p != '}')
			return sct_set_error(EINVAL, "filters[%zu]: ',' or '}' expected",
					     r->index);
		skip_ws(r);
	}
	r->p++;
	if (have != (HAVE_BASE | HAVE_NR | HAVE_ACTION))
		return sct_set_error(EINVAL, "filters[%zu]: needs base, nr_functions and action",
				     r->index);
	return 0;
}

static struct sct_kvm_entry *read_filters(struct reader *r, size_t *nr)
{
	struct sct_kvm_entry *entries = NULL, *tmp;
	size_t alloc = 0;

	if (expect(r, '['))
		return NULL;
	for (skip_ws(r); *r->p != ']'; skip_ws(r)) {
		if (r->index == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			tmp = realloc(entries, alloc * sizeof(*entries));
			if (!tmp)
				goto fail_nomem;
			entries = tmp;
		}
		if (read_entry(r, &entries[r->index]))
			goto fail;
		r->index++;
		skip_ws(r);
		if (*r->p == ',')
			r->p++;
		else if (*r->p != ']' && expect(r, ']'))
			goto fail;
	}
	r->p++;
	*nr = r->index;
	return entries ? entries : calloc(1, sizeof(*entries));
fail_nomem:
	sct_set_error(ENOMEM, "out of memory");
fail:
	free(entries);
	return NULL;
}

/**
 * sct_kvm_entries_from_json - a configuration's entries as written
 * @json: the text: an object whose "filters" member is an array of
 *        {"base", "nr_functions", "action"} objects
 * @nr: set to the number of entries
 *
 * Nothing is validated beyond the syntax: sct_kvm_check() judges the
 * entries. Returns an array the caller frees with free(), or NULL with
 * errno and sct_last_error() set.
 */
struct sct_kvm_entry *sct_kvm_entries_from_json(const char *json, size_t *nr)
{
	struct reader r = { .p = json };
	char key[MAX_TOKEN];

	if (expect(&r, '{'))
		return NULL;
	for (skip_ws(&r); *r.p != '}'; skip_ws(&r)) {
		if (read_string(&r, key, sizeof(key)) || expect(&r, ':'))
			return NULL;
		if (!strcmp(key, "filters"))
			return read_filters(&r, nr);
		if (skip_value(&r))
			return NULL;
		skip_ws(&r);
		if (*r.p == ',')
			r.p++;
		else if (*r.p != '}' && expect(&r, '}'))
			return NULL;
	}
	sct_set_error(EINVAL, "not a filter configuration: no \"filters\" array");
	return NULL;
}
