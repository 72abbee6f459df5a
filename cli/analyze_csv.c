/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bounded numeric CSV reader for 'wbg analyze' (see analyze_csv.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze_csv.h"

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Split @p line (NUL-terminated, modified) at commas into trimmed fields. */
static size_t split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		char *end = strchr(p, ',');
		char *e;
		if (n == max)
			return max + 1;
		if (end)
			*end = '\0';
		while (is_space(*p))
			p++;
		e = p + strlen(p);
		while (e > p && is_space(e[-1]))
			*--e = '\0';
		fields[n++] = p;
		if (!end)
			return n;
		p = end + 1;
	}
}

void csv_free(struct csv_table *t)
{
	if (!t)
		return;
	free(t->names);
	free(t->data);
	t->names = NULL;
	t->data = NULL;
	t->ncols = t->nrows = 0;
}

int csv_parse(struct csv_table *out, const char *buf, size_t len, const char *file, char *err,
              size_t errlen)
{
	struct csv_table t = {0, 0, NULL, NULL};
	char line[CSV_MAX_LINE + 1];
	char *fields[CSV_MAX_COLS + 1];
	size_t pos = 0, lineno = 0, cap = 0;
	int rc = -1;

	if (!file)
		file = "input";
	while (pos < len) {
		size_t start = pos, n, nf, k;
		const char *nl = memchr(buf + pos, '\n', len - pos);
		size_t stop = nl ? (size_t)(nl - buf) : len;

		lineno++;
		pos = nl ? stop + 1 : len;
		n = stop - start;
		if (n > 0 && buf[stop - 1] == '\r')
			n--;
		if (n > CSV_MAX_LINE) {
			fail(err, errlen, "%s:%zu: line longer than %d bytes; is this a CSV file?", file,
			     lineno, CSV_MAX_LINE);
			goto out;
		}
		if (memchr(buf + start, '\0', n)) {
			fail(err, errlen, "%s:%zu: NUL byte in the line; is this a text file?", file, lineno);
			goto out;
		}
		memcpy(line, buf + start, n);
		line[n] = '\0';
		for (k = 0; is_space(line[k]); k++)
			;
		if (line[k] == '\0' || line[k] == '#')
			continue;
		nf = split(line, fields, CSV_MAX_COLS);
		if (nf > CSV_MAX_COLS) {
			fail(err, errlen, "%s:%zu: more than %d columns", file, lineno, CSV_MAX_COLS);
			goto out;
		}
		if (!t.names) {
			t.ncols = nf;
			t.names = calloc(nf, sizeof(*t.names));
			if (!t.names) {
				fail(err, errlen, "%s: out of memory", file);
				goto out;
			}
			for (k = 0; k < nf; k++) {
				char *f = fields[k];
				size_t fl = strlen(f);
				if (fl >= 2 && f[0] == '"' && f[fl - 1] == '"') {
					f[fl - 1] = '\0';
					f++;
					fl -= 2;
				}
				if (fl == 0 || fl > CSV_MAX_NAME) {
					fail(err, errlen,
					     "%s:%zu: column %zu of the header has %s name; name every column "
					     "(at most %d bytes), e.g. 'vgs,id'",
					     file, lineno, k + 1, fl == 0 ? "an empty" : "too long a", CSV_MAX_NAME);
					goto out;
				}
				memcpy(t.names[k], f, fl + 1);
			}
			continue;
		}
		if (nf != t.ncols) {
			fail(err, errlen, "%s:%zu: %zu fields, but the header names %zu columns", file, lineno,
			     nf, t.ncols);
			goto out;
		}
		if (t.nrows == CSV_MAX_ROWS || (t.nrows + 1) * t.ncols > CSV_MAX_CELLS) {
			fail(err, errlen, "%s:%zu: more than %zu data rows; split the file", file, lineno,
			     t.nrows);
			goto out;
		}
		if (t.nrows == cap) {
			size_t ncap = cap ? cap * 2 : 256;
			double *d;
			if (ncap > CSV_MAX_ROWS)
				ncap = CSV_MAX_ROWS;
			if (ncap * t.ncols > CSV_MAX_CELLS)
				ncap = CSV_MAX_CELLS / t.ncols;
			d = realloc(t.data, ncap * t.ncols * sizeof(*d));
			if (!d) {
				fail(err, errlen, "%s: out of memory at line %zu", file, lineno);
				goto out;
			}
			t.data = d;
			cap = ncap;
		}
		for (k = 0; k < nf; k++) {
			char *end;
			double v;
			/* Overflow gives ±HUGE_VAL (refused as not finite); underflow
			 * to a subnormal or zero is accepted as the tiny number it is. */
			v = strtod(fields[k], &end);
			if (fields[k][0] == '\0' || *end != '\0' || !isfinite(v) ||
			    strpbrk(fields[k], "xXnNiI")) {
				fail(err, errlen,
				     "%s:%zu: column %zu ('%s') is '%.40s', not a finite decimal number in SI "
				     "units",
				     file, lineno, k + 1, t.names[k], fields[k]);
				goto out;
			}
			t.data[t.nrows * t.ncols + k] = v;
		}
		t.nrows++;
	}
	if (!t.names) {
		fail(err, errlen, "%s: no header line; the first line names the columns, e.g. 'vgs,id'",
		     file);
		goto out;
	}
	*out = t;
	return 0;
out:
	csv_free(&t);
	return rc;
}

int csv_read_file(struct csv_table *out, const char *path, char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	int rc = -2;

	if (!f)
		return fail(err, errlen, "%s: cannot open: %s", path, strerror(errno)) - 1;
	for (;;) {
		size_t got;
		if (n == cap) {
			char *b;
			cap = cap ? cap * 2 : 65536;
			if (cap > CSV_MAX_FILE + 1)
				cap = CSV_MAX_FILE + 1;
			b = realloc(buf, cap);
			if (!b) {
				fail(err, errlen, "%s: out of memory", path);
				goto out;
			}
			buf = b;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n > CSV_MAX_FILE) {
			rc = fail(err, errlen, "%s: larger than %u MiB; split the file", path,
			          CSV_MAX_FILE >> 20);
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fail(err, errlen, "%s: read error: %s", path, strerror(errno));
		goto out;
	}
	rc = csv_parse(out, buf, n, path, err, errlen);
out:
	if (f != stdin)
		fclose(f);
	free(buf);
	return rc;
}

int csv_column(const struct csv_table *t, const char *name)
{
	size_t k;

	for (k = 0; k < t->ncols; k++)
		if (strcasecmp(t->names[k], name) == 0)
			return (int)k;
	return -1;
}

void csv_get_column(const struct csv_table *t, int col, double *dst)
{
	size_t r;

	for (r = 0; r < t->nrows; r++)
		dst[r] = t->data[r * t->ncols + (size_t)col];
}
