// SPDX-License-Identifier: LGPL-2.1
/*
 * Output writers: aligned text tables, CSV and JSON (human units: format.c;
 * columns chosen by name: columns.c, which says why not libsmartcols).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <smccctrace/output.h>

#include "internal.h"

/* ---- tables ---- */

struct sct_table {
	unsigned int	ncols;
	unsigned char	*align;		/* enum sct_align per column */
	char		**cells;	/* rows * ncols, NULL for empty */
	size_t		rows;
	size_t		alloc;		/* rows allocated */
	unsigned int	col;		/* next cell of the last row */
	size_t		fit_width;	/* lines at most this wide, 0: any */
	unsigned int	fit_col;	/* the column cut to fit */
};

/**
 * sct_table_create - an empty table
 * @ncols: number of columns (at least 1); all start left-aligned
 *
 * The first row added is usually the header. Returns the table, which the
 * caller frees with sct_table_free(), or NULL with errno set.
 */
struct sct_table *sct_table_create(unsigned int ncols)
{
	struct sct_table *t;

	if (!ncols) {
		sct_set_error(EINVAL, "a table needs a column");
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (t)
		t->align = calloc(ncols, sizeof(*t->align));
	if (!t || !t->align) {
		free(t);
		sct_set_error(ENOMEM, "out of memory");
		return NULL;
	}
	t->ncols = ncols;
	return t;
}

/**
 * sct_table_free - free a table and all its cells
 * @t: the table, or NULL
 */
void sct_table_free(struct sct_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->rows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t->align);
	free(t);
}

/**
 * sct_table_align - set how a column is aligned
 * @t: the table
 * @col: the column (0-based); out-of-range columns are ignored
 * @align: SCT_ALIGN_LEFT (the default) or SCT_ALIGN_RIGHT
 */
void sct_table_align(struct sct_table *t, unsigned int col, enum sct_align align)
{
	if (col < t->ncols)
		t->align[col] = (unsigned char)align;
}

/**
 * sct_table_add_row - start a new row; sct_table_cell() fills it
 * @t: the table
 *
 * Cells not filled print empty. Returns 0, or -1 with errno ENOMEM.
 */
int sct_table_add_row(struct sct_table *t)
{
	size_t alloc;
	char **cells;

	if (t->rows == t->alloc) {
		alloc = t->alloc ? t->alloc * 2 : 16;
		cells = realloc(t->cells, alloc * t->ncols * sizeof(*cells));
		if (!cells)
			return sct_set_error(ENOMEM, "out of memory");
		t->cells = cells;
		t->alloc = alloc;
	}
	memset(t->cells + t->rows * t->ncols, 0, t->ncols * sizeof(*t->cells));
	t->rows++;
	t->col = 0;
	return 0;
}

/**
 * sct_table_cell - fill the next cell of the last row
 * @t: the table
 * @fmt: printf format of the cell's text; the table keeps a copy
 *
 * Returns 0, or -1 with errno EINVAL (no row, or the row is full) or
 * ENOMEM.
 */
int sct_table_cell(struct sct_table *t, const char *fmt, ...)
{
	va_list ap;
	char *text;
	int n;

	if (!t->rows || t->col >= t->ncols)
		return sct_set_error(EINVAL, "table: no room for another cell");
	va_start(ap, fmt);
	n = vasprintf(&text, fmt, ap);
	va_end(ap);
	if (n < 0)
		return sct_set_error(ENOMEM, "out of memory");
	t->cells[(t->rows - 1) * t->ncols + t->col++] = text;
	return 0;
}

/**
 * sct_table_fit - keep the table's lines within a width
 * @t: the table
 * @width: the widest a line may be, in columns; 0: no limit (the default)
 * @col: the column that gives way: cut to fit, though never narrower than
 *       its first row (the heading)
 *
 * A cell cut short ends with '~'. Only @col is cut: when cutting it to its
 * heading is not enough, the lines stay wider than @width.
 */
void sct_table_fit(struct sct_table *t, size_t width, unsigned int col)
{
	t->fit_width = width;
	t->fit_col = col < t->ncols ? col : t->ncols - 1;
}

/* Columns a UTF-8 text takes: its bytes that start a character */
static size_t text_width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

/* The first @w - 1 characters of @s, then '~' */
static void put_cut(FILE *out, const char *s, size_t w)
{
	const char *p = s;
	size_t n = 0;

	for (; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && n++ == w - 1)
			break;
	}
	fwrite(s, 1, (size_t)(p - s), out);
	fputc('~', out);
}

static void print_row(const struct sct_table *t, FILE *out, size_t row,
		      const size_t *width)
{
	char *const *cell = t->cells + row * t->ncols;
	unsigned int c, last = t->ncols - 1;
	size_t pad, w;

	/* no trailing blanks: stop at the last cell with text, unpadded */
	while (last && !(cell[last] && *cell[last]))
		last--;
	for (c = 0; c <= last; c++) {
		w = text_width(cell[c]);
		pad = w > width[c] ? 0 : width[c] - w;
		if (c)
			fputs("  ", out);
		if (t->align[c] == SCT_ALIGN_RIGHT)
			fprintf(out, "%*s", (int)pad, "");
		if (w > width[c])
			put_cut(out, cell[c], width[c]);
		else
			fputs(cell[c] ? cell[c] : "", out);
		if (t->align[c] == SCT_ALIGN_LEFT && c != last)
			fprintf(out, "%*s", (int)pad, "");
	}
	fputc('\n', out);
}

/* Narrow the column that gives way until the lines fit, if they can */
static void fit(const struct sct_table *t, size_t *width)
{
	size_t total = 2 * (t->ncols - 1), least;
	unsigned int c;

	for (c = 0; c < t->ncols; c++)
		total += width[c];
	if (total <= t->fit_width)
		return;
	least = t->rows ? text_width(t->cells[t->fit_col]) : 0;
	if (least < 2)
		least = 2;
	c = t->fit_col;
	if (width[c] > least)
		width[c] -= total - t->fit_width < width[c] - least ?
			    total - t->fit_width : width[c] - least;
}

/**
 * sct_table_print - write the table, its columns aligned
 * @t: the table
 * @out: the stream
 *
 * Columns are separated by two blanks and padded to their widest cell
 * (in UTF-8 characters), or cut as sct_table_fit() asks; lines carry no
 * trailing blanks, and empty cells at the end of a row print nothing.
 */
void sct_table_print(const struct sct_table *t, FILE *out)
{
	size_t *width, w, r;
	unsigned int c;

	width = calloc(t->ncols, sizeof(*width));
	if (!width)
		return;
	for (r = 0; r < t->rows; r++) {
		for (c = 0; c < t->ncols; c++) {
			w = text_width(t->cells[r * t->ncols + c]);
			if (w > width[c])
				width[c] = w;
		}
	}
	if (t->fit_width)
		fit(t, width);
	for (r = 0; r < t->rows; r++)
		print_row(t, out, r, width);
	free(width);
}

/* ---- CSV ---- */

/**
 * sct_csv_init - start writing CSV
 * @c: the writer
 * @out: the stream it writes to
 */
void sct_csv_init(struct sct_csv *c, FILE *out)
{
	c->out = out;
	c->col = 0;
}

/**
 * sct_csv_quote - write one CSV field, quoted when it must be (RFC 4180)
 * @out: the stream
 * @s: the field's text; NULL writes an empty field
 *
 * A field holding a comma, a double quote, CR or LF, or starting or ending
 * with a blank, is written in double quotes with its quotes doubled.
 */
void sct_csv_quote(FILE *out, const char *s)
{
	size_t len;

	if (!s)
		return;
	len = strlen(s);
	if (!strpbrk(s, ",\"\r\n") &&
	    !(len && (s[0] == ' ' || s[len - 1] == ' '))) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static void csv_sep(struct sct_csv *c)
{
	if (c->col++)
		fputc(',', c->out);
}

/**
 * sct_csv_str - the next field of the line: a text
 * @c: the writer
 * @s: the text, quoted as needed; NULL writes an empty field
 */
void sct_csv_str(struct sct_csv *c, const char *s)
{
	csv_sep(c);
	sct_csv_quote(c->out, s);
}

/**
 * sct_csv_u64 - the next field of the line: a number
 * @c: the writer
 * @v: the number, in decimal
 */
void sct_csv_u64(struct sct_csv *c, uint64_t v)
{
	csv_sep(c);
	fprintf(c->out, "%" PRIu64, v);
}

/**
 * sct_csv_end_row - end the line
 * @c: the writer
 */
void sct_csv_end_row(struct sct_csv *c)
{
	fputc('\n', c->out);
	c->col = 0;
}

/* ---- JSON ---- */

/**
 * sct_json_init - start writing one JSON value
 * @j: the emitter
 * @out: the stream it writes to
 */
void sct_json_init(struct sct_json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

/* The two-character escape of @c, or NULL */
static const char *short_escape(unsigned char c)
{
	switch (c) {
	case '"':	return "\\\"";
	case '\\':	return "\\\\";
	case '\b':	return "\\b";
	case '\f':	return "\\f";
	case '\n':	return "\\n";
	case '\r':	return "\\r";
	case '\t':	return "\\t";
	default:	return NULL;
	}
}

static void json_char(FILE *out, unsigned char c)
{
	const char *esc = short_escape(c);

	if (esc)
		fputs(esc, out);
	else if (c < 0x20)
		fprintf(out, "\\u%04x", c);
	else
		fputc(c, out);
}

/* The length of the valid UTF-8 sequence at s, or 0 when it is not one */
static size_t utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

/**
 * sct_json_escape - write a JSON string: quoted and escaped
 * @out: the stream
 * @s: text, UTF-8 or not (file names need not be); NULL writes null
 *
 * Escapes the double quote, the backslash and the control characters
 * below 0x20 (\b \f \n \r \t, else \u00XX); valid UTF-8 passes through,
 * and each byte that is not part of a valid UTF-8 sequence becomes
 * U+FFFD (\ufffd), so the output is always valid JSON in valid UTF-8.
 */
void sct_json_escape(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	while (*p) {
		n = utf8_len(p);
		if (!n) {
			fputs("\\ufffd", out);
			p++;
		} else if (n == 1) {
			json_char(out, *p++);
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('"', out);
}

/* Separator and key before a value */
static void json_lead(struct sct_json *j, const char *key)
{
	if (j->count[j->depth]++)
		fputs(", ", j->out);
	if (key) {
		sct_json_escape(j->out, key);
		fputs(": ", j->out);
	}
}

static void json_open(struct sct_json *j, const char *key, char c)
{
	json_lead(j, key);
	fputc(c, j->out);
	if (j->depth < SCT_JSON_MAX_DEPTH)
		j->depth++;
	j->count[j->depth] = 0;
}

static void json_close(struct sct_json *j, char c)
{
	fputc(c, j->out);
	if (j->depth)
		j->depth--;
	if (!j->depth)
		fputc('\n', j->out);
}

/**
 * sct_json_begin_object - open an object
 * @j: the emitter
 * @key: its member name, or NULL (in an array, or the top level)
 */
void sct_json_begin_object(struct sct_json *j, const char *key)
{
	json_open(j, key, '{');
}

/**
 * sct_json_end_object - close the innermost object
 * @j: the emitter; closing the top-level value ends the line
 */
void sct_json_end_object(struct sct_json *j)
{
	json_close(j, '}');
}

/**
 * sct_json_begin_array - open an array
 * @j: the emitter
 * @key: its member name, or NULL
 */
void sct_json_begin_array(struct sct_json *j, const char *key)
{
	json_open(j, key, '[');
}

/**
 * sct_json_end_array - close the innermost array
 * @j: the emitter; closing the top-level value ends the line
 */
void sct_json_end_array(struct sct_json *j)
{
	json_close(j, ']');
}

/**
 * sct_json_str - a string value
 * @j: the emitter
 * @key: the member name, or NULL
 * @s: the text (escaped as sct_json_escape() does); NULL writes null
 */
void sct_json_str(struct sct_json *j, const char *key, const char *s)
{
	json_lead(j, key);
	sct_json_escape(j->out, s);
}

/**
 * sct_json_u64 - an unsigned number
 * @j: the emitter
 * @key: the member name, or NULL
 * @v: the number
 */
void sct_json_u64(struct sct_json *j, const char *key, uint64_t v)
{
	json_lead(j, key);
	fprintf(j->out, "%" PRIu64, v);
}

/**
 * sct_json_i64 - a signed number
 * @j: the emitter
 * @key: the member name, or NULL
 * @v: the number
 */
void sct_json_i64(struct sct_json *j, const char *key, int64_t v)
{
	json_lead(j, key);
	fprintf(j->out, "%" PRId64, v);
}

/**
 * sct_json_bool - true or false
 * @j: the emitter
 * @key: the member name, or NULL
 * @v: the value
 */
void sct_json_bool(struct sct_json *j, const char *key, bool v)
{
	json_lead(j, key);
	fputs(v ? "true" : "false", j->out);
}

/**
 * sct_json_null - null
 * @j: the emitter
 * @key: the member name, or NULL
 */
void sct_json_null(struct sct_json *j, const char *key)
{
	json_lead(j, key);
	fputs("null", j->out);
}

/**
 * sct_json_raw - a value the caller has already written as JSON text
 * @j: the emitter
 * @key: the member name, or NULL
 * @text: the value's JSON text (a number such as "12.5"), written as is
 */
void sct_json_raw(struct sct_json *j, const char *key, const char *text)
{
	json_lead(j, key);
	fputs(text, j->out);
}
