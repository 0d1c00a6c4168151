// SPDX-License-Identifier: GPL-2.0
/*
 * smccctrace decode: what an SMCCC function ID is.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <smccctrace/array.h>
#include <smccctrace/output.h>
#include <smccctrace/smccc.h>

#include "builtin.h"
#include "cli.h"
#include "parse-options.h"

static const struct usage decode_usage = {
	.cmd		= "decode",
	.synopsis	= (const char *const []){
		"smccctrace decode [--format table|csv|json] ID|NAME...",
		"smccctrace decode [--format table|csv|json] [-] < IDS",
		NULL
	},
	.notes		= (const char *const []){
		"ID: a 32-bit SMCCC function ID (w0), decimal or 0x hexadecimal, or a",
		"function's name (PSCI_CPU_ON_64, any case). Without IDs, or with -,",
		"they are read from standard input, separated by white space.",
		NULL
	},
};

static const char *const columns[] = {
	"ID", "NAME", "OWNER", "SERVICE", "RANGE", "CALL", "CONV", "SVE", "NUMBER",
};

#define NR_COLUMNS	(sizeof(columns) / sizeof(columns[0]))

static const char *call_type(const struct sct_id_info *info)
{
	return info->fast ? "fast" : "yielding";
}

static const char *convention(const struct sct_id_info *info)
{
	return info->smc64 ? "SMC64" : "SMC32";
}

static const char *or_dash(const char *s)
{
	return s ? s : "-";
}

static int add_table_row(struct sct_table *t, const struct sct_id_info *info)
{
	char range[SCT_RANGE_BUFSZ];

	sct_range_name(info->id, range, sizeof(range));
	return sct_table_add_row(t) ||
	       sct_table_cell(t, "0x%08x", info->id) ||
	       sct_table_cell(t, "%s", or_dash(info->name)) ||
	       sct_table_cell(t, "%s", info->owner_name) ||
	       sct_table_cell(t, "%s", or_dash(info->service)) ||
	       sct_table_cell(t, "%s", range) ||
	       sct_table_cell(t, "%s", call_type(info)) ||
	       sct_table_cell(t, "%s", convention(info)) ||
	       sct_table_cell(t, "%s", info->sve_hint ? "yes" : "no") ||
	       sct_table_cell(t, "0x%04x", info->number);
}

static int print_table(const struct sct_id_info *infos, size_t n)
{
	struct sct_table *t;
	size_t i;
	int err;

	t = sct_table_create(NR_COLUMNS);
	if (!t)
		return sct_err("decode: out of memory");
	err = sct_table_add_row(t);
	for (i = 0; !err && i < NR_COLUMNS; i++)
		err = sct_table_cell(t, "%s", columns[i]);
	for (i = 0; !err && i < n; i++)
		err = add_table_row(t, &infos[i]);
	if (!err)
		sct_table_print(t, stdout);
	sct_table_free(t);
	return err ? sct_err("decode: out of memory") : SCT_EXIT_OK;
}

static int print_csv(const struct sct_id_info *infos, size_t n)
{
	static const char *const header[] = {
		"id", "name", "owner", "owner_id", "service", "range", "call",
		"convention", "sve_hint", "number", "reserved_bits",
	};
	char id[16], range[SCT_RANGE_BUFSZ];
	const struct sct_id_info *info;
	struct sct_csv c;
	size_t i;

	sct_csv_init(&c, stdout);
	for (i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		sct_csv_str(&c, header[i]);
	sct_csv_end_row(&c);
	for (info = infos; info < infos + n; info++) {
		snprintf(id, sizeof(id), "0x%08x", info->id);
		sct_csv_str(&c, id);
		sct_csv_str(&c, info->name ? info->name : "");
		sct_csv_str(&c, info->owner_name);
		sct_csv_u64(&c, info->owner);
		sct_csv_str(&c, info->service ? info->service : "");
		sct_csv_str(&c, sct_range_name(info->id, range, sizeof(range)));
		sct_csv_str(&c, call_type(info));
		sct_csv_str(&c, convention(info));
		sct_csv_u64(&c, info->sve_hint);
		sct_csv_u64(&c, info->number);
		sct_csv_u64(&c, info->reserved_bits);
		sct_csv_end_row(&c);
	}
	return SCT_EXIT_OK;
}

static void json_one(struct sct_json *j, const struct sct_id_info *info)
{
	char id[16], range[SCT_RANGE_BUFSZ];

	snprintf(id, sizeof(id), "0x%08x", info->id);
	sct_json_begin_object(j, NULL);
	sct_json_str(j, "id", id);
	sct_json_str(j, "name", info->name);
	sct_json_str(j, "owner", info->owner_name);
	sct_json_u64(j, "owner_id", info->owner);
	sct_json_str(j, "service", info->service);
	sct_json_str(j, "range", sct_range_name(info->id, range, sizeof(range)));
	sct_json_bool(j, "fast", info->fast);
	sct_json_str(j, "convention", convention(info));
	sct_json_bool(j, "sve_hint", info->sve_hint);
	sct_json_u64(j, "number", info->number);
	sct_json_bool(j, "reserved_bits", info->reserved_bits);
	sct_json_end_object(j);
}

static int print_json(const struct sct_id_info *infos, size_t n)
{
	struct sct_json j;
	size_t i;

	sct_json_init(&j, stdout);
	sct_json_begin_array(&j, NULL);
	for (i = 0; i < n; i++)
		json_one(&j, &infos[i]);
	sct_json_end_array(&j);
	return SCT_EXIT_OK;
}

static int (*const printers[])(const struct sct_id_info *, size_t) = {
	[SCT_FORMAT_TABLE]	= print_table,
	[SCT_FORMAT_CSV]	= print_csv,
	[SCT_FORMAT_JSON]	= print_json,
};

/* Returns the number of IDs, left in argv[0..n), or PARSE_HELP or PARSE_ERROR */
static int parse(int argc, char **argv, enum sct_format *format)
{
	const struct opt opts[] = {
		opt_format(format, SCT_FORMATS_DATA),
		opt_end(),
	};

	return parse_options(argc, argv, opts, &decode_usage, 0);
}

struct name_match {
	const char	*name;
	uint32_t	id;
};

static int match_name(uint32_t id, const char *name, void *data)
{
	struct name_match *m = data;

	if (strcasecmp(name, m->name))
		return 0;
	m->id = id;
	return 1;
}

/* A function ID as a number (decimal or 0x hexadecimal) or a function's name */
static int parse_id(const char *arg, uint32_t *id)
{
	struct name_match m = { .name = arg };
	uint64_t v;

	if (!sct_parse_u64(arg, &v)) {
		if (v > UINT32_MAX)
			return -1;
		*id = (uint32_t)v;
		return 0;
	}
	if (!sct_for_each_named_id(match_name, &m))
		return -1;
	*id = m.id;
	return 0;
}

/* Every ID is checked before anything is printed */
static int decode_all(char **args, size_t n, struct sct_id_info *infos)
{
	uint32_t id;
	size_t i;

	for (i = 0; i < n; i++) {
		if (parse_id(args[i], &id))
			return usage_error(&decode_usage, "'%s' is neither a 32-bit function ID "
					   "nor a function's name", args[i]);
		sct_decode(id, &infos[i]);
	}
	for (i = 0; i < n; i++) {
		if (infos[i].reserved_bits)
			sct_warn("0x%08x: bits 23:17 of a fast call must be zero", infos[i].id);
	}
	return 0;
}

static void free_words(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

/* Read white-space separated words from a stream into a growing vector */
static char **read_words(FILE *in, size_t *n)
{
	char **v = NULL, **tmp, word[128];
	size_t alloc = 0;

	*n = 0;
	while (fscanf(in, "%127s", word) == 1) {
		tmp = sct_array_room(v, &alloc, *n + 1, sizeof(*tmp));
		if (!tmp)
			goto fail;
		v = tmp;
		v[*n] = strdup(word);
		if (!v[*n])
			goto fail;
		(*n)++;
	}
	if (!ferror(in))
		return v ? v : calloc(1, sizeof(*v));
fail:
	free_words(v, *n);
	return NULL;
}

static int decode_words(char **words, size_t n, enum sct_format format)
{
	struct sct_id_info *infos;
	int ret;

	if (!n)
		return usage_error(&decode_usage, "no function ID given");
	infos = calloc(n, sizeof(*infos));
	if (!infos)
		return sct_err("decode: out of memory");
	ret = decode_all(words, n, infos);
	if (!ret)
		ret = printers[format](infos, n);
	free(infos);
	return ret;
}

/* decode - or decode alone: the IDs come on standard input */
static int decode_stdin(enum sct_format format)
{
	char **words;
	size_t n;
	int ret;

	words = read_words(stdin, &n);
	if (!words)
		return sct_err("decode: standard input: %s", strerror(errno ? errno : EIO));
	ret = decode_words(words, n, format);
	free_words(words, n);
	return ret;
}

/**
 * cmd_decode - smccctrace decode [--format F] ID|NAME... (or - or none: stdin)
 * @argc: argument count; argv[0] is "decode"
 * @argv: the arguments
 *
 * Prints what each function ID is. Returns SCT_EXIT_OK, or SCT_EXIT_USAGE
 * (after a one-line error) for a bad option or an ID that is not a 32-bit
 * number.
 */
int cmd_decode(int argc, char **argv)
{
	enum sct_format format = SCT_FORMAT_TABLE;
	int ret;

	ret = parse(argc, argv, &format);
	if (ret < 0)
		return parse_status(ret);
	if (!ret || (ret == 1 && !strcmp(argv[0], "-")))
		return decode_stdin(format);
	return decode_words(argv, (size_t)ret, format);
}
