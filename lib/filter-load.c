// SPDX-License-Identifier: LGPL-2.1
/*
 * Loading a filter configuration named on the command line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <smccctrace/filter.h>

#include "internal.h"

#define MAX_CONFIG_SIZE	(1 << 20)

static char *read_file(const char *path)
{
	struct stat st;
	char *text;
	FILE *f;
	size_t n;

	f = fopen(path, "r");
	if (!f) {
		sct_set_error(errno, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || st.st_size > MAX_CONFIG_SIZE) {
		sct_set_error(EINVAL, "%s: not a filter configuration file", path);
		fclose(f);
		return NULL;
	}
	text = malloc(st.st_size + 1);
	n = text ? fread(text, 1, st.st_size, f) : 0;
	fclose(f);
	if (!text || n != (size_t)st.st_size) {
		free(text);
		sct_set_error(EIO, "%s: cannot read", path);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

/**
 * sct_filter_load - a filter from a JSON file or a command-line spec
 * @arg: the path of a JSON configuration file, or a spec such as
 *       "fwd:0xc6000000+16,deny:0x82000000-0x8200ffff" (sct_filter_from_spec)
 *
 * An existing file is read as JSON; anything else must be a spec. Errors
 * name the file. Returns a filter the caller frees with sct_filter_free(),
 * or NULL with errno and sct_last_error() set.
 */
struct sct_filter *sct_filter_load(const char *arg)
{
	struct sct_filter *filter;
	struct stat st;
	char *text;
	char msg[400];

	if (stat(arg, &st) && strchr(arg, ':'))
		return sct_filter_from_spec(arg);
	text = read_file(arg);
	if (!text)
		return NULL;
	filter = sct_filter_from_json(text);
	free(text);
	if (!filter) {
		snprintf(msg, sizeof(msg), "%s", sct_last_error());
		sct_set_error(0, "%s: %s", arg, msg);
	}
	return filter;
}

/**
 * sct_kvm_entries_load - a configuration file's entries as written
 * @path: a JSON configuration file
 * @nr: set to the number of entries
 *
 * As sct_kvm_entries_from_json() on the file's text; errors name @path.
 * Returns an array the caller frees with free(), or NULL with errno and
 * sct_last_error() set.
 */
struct sct_kvm_entry *sct_kvm_entries_load(const char *path, size_t *nr)
{
	struct sct_kvm_entry *e;
	char *text, msg[400];

	text = read_file(path);
	if (!text)
		return NULL;
	e = sct_kvm_entries_from_json(text, nr);
	free(text);
	if (!e) {
		snprintf(msg, sizeof(msg), "%s", sct_last_error());
		sct_set_error(0, "%s: %s", path, msg);
	}
	return e;
}
