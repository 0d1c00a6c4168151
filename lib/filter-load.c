// SPDX-License-Identifier: LGPL-2.1
/*
 * Loading a filter configuration named on the command line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include <smccctrace/filter.h>

#include "internal.h"
#include "filter-internal.h"

#define MAX_CONFIG_SIZE	(1 << 20)

/* @path's type and size, judged before it is opened: a FIFO never blocks us */
static int check_file(const char *path, const struct stat *st)
{
	if (!S_ISREG(st->st_mode))
		return sct_set_error(EINVAL, "%s: not a regular file", path);
	if (st->st_size > MAX_CONFIG_SIZE)
		return sct_set_error(EFBIG, "%s: larger than %d bytes, not a filter configuration",
				     path, MAX_CONFIG_SIZE);
	return 0;
}

static int open_file(const char *path)
{
	struct stat st;
	int fd;

	if (!*path)
		return sct_set_error(EINVAL, "empty file name");
	if (stat(path, &st))
		return sct_set_error(errno, "%s: %s", path, strerror(errno));
	if (check_file(path, &st))
		return -1;
	/* replaced between stat and open: O_NONBLOCK and the check again */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return sct_set_error(errno, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) || check_file(path, &st)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The whole of @path in a buffer the caller frees, NUL-terminated; its length in @len */
static char *read_file(const char *path, size_t *len)
{
	char *text;
	size_t n = 0;
	ssize_t got = 0;
	int fd;

	fd = open_file(path);
	if (fd < 0)
		return NULL;
	text = malloc(MAX_CONFIG_SIZE + 1);
	while (text && n < MAX_CONFIG_SIZE) {
		got = read(fd, text + n, MAX_CONFIG_SIZE - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += got;
	}
	if (!text || got < 0) {
		sct_set_error(text ? errno : ENOMEM, "%s: %s", path,
			      text ? strerror(errno) : "out of memory");
		free(text);
		text = NULL;
	} else {
		text[n] = '\0';
		*len = n;
	}
	close(fd);
	return text;
}

/**
 * sct_filter_load - a filter from a JSON file or a command-line spec
 * @arg: the path of a JSON configuration file, or a spec such as
 *       "fwd:0xc6000000+16,deny:0x82000000-0x8200ffff" (sct_filter_from_spec)
 *
 * An existing file is read as JSON (sct_filter_from_json()); it must be a
 * regular file of at most 1 MiB, judged before it is opened, so a FIFO
 * never blocks. Anything else must be a spec. Errors name the file, and
 * the line and column of bad JSON. Returns a filter the caller frees with sct_filter_free(),
 * or NULL with errno and sct_last_error() set.
 */
struct sct_filter *sct_filter_load(const char *arg)
{
	struct sct_filter *filter;
	struct stat st;
	char *text;
	char msg[400];
	size_t len;

	if (!*arg) {
		sct_set_error(EINVAL, "empty filter: a JSON file, or a spec such as fwd:0xc6000000+16");
		return NULL;
	}
	if (stat(arg, &st) && strchr(arg, ':'))
		return sct_filter_from_spec(arg);
	text = read_file(arg, &len);
	if (!text)
		return NULL;
	filter = sct_filter_parse_json(text, len);
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
	size_t len;

	text = read_file(path, &len);
	if (!text)
		return NULL;
	e = sct_kvm_entries_parse(text, len, nr);
	free(text);
	if (!e) {
		snprintf(msg, sizeof(msg), "%s", sct_last_error());
		sct_set_error(0, "%s: %s", path, msg);
	}
	return e;
}
