/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A bounded reader of numeric CSV tables with a header (see csvcols.h). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvcols.h"

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

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

void csvcols_free(struct csvcols *t)
{
	size_t i;

	if (!t)
		return;
	if (t->names)
		for (i = 0; i < t->ncols; i++)
			free(t->names[i]);
	free(t->names);
	free(t->val);
	free(t->isnum);
	free(t->line);
	memset(t, 0, sizeof(*t));
}

int csvcols_find(const struct csvcols *t, const char *name)
{
	size_t i;

	for (i = 0; t && name && i < t->ncols; i++)
		if (strcmp(t->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* Split one line (without newline) into at most CSVCOLS_MAX_COLS trimmed
 * fields copied into @p fields. Returns the count, or -1 (message in err). */
static int split(char fields[][CSVCOLS_MAX_FIELD], const char *s, size_t len, size_t max_cols, const char *name,
                 size_t lineno, char *err, size_t errlen)
{
	size_t pos = 0;
	int nf = 0;

	for (;;) {
		size_t a, b, flen;
		if ((size_t)nf >= max_cols)
			return fail(err, errlen, "%s:%zu: more than %zu columns", name, lineno, max_cols);
		a = pos;
		while (pos < len && s[pos] != ',')
			pos++;
		b = pos;
		while (a < b && (s[a] == ' ' || s[a] == '\t'))
			a++;
		while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		if (b - a >= 2 && s[a] == '"' && s[b - 1] == '"') {
			a++;
			b--;
		}
		flen = b - a;
		if (flen >= CSVCOLS_MAX_FIELD)
			return fail(err, errlen, "%s:%zu: field %d is longer than %d bytes", name, lineno, nf + 1,
			            CSVCOLS_MAX_FIELD - 1);
		if (memchr(s + a, '"', flen))
			return fail(err, errlen, "%s:%zu: field %d: quotes inside a field are not supported", name,
			            lineno, nf + 1);
		memcpy(fields[nf], s + a, flen);
		fields[nf][flen] = '\0';
		nf++;
		if (pos >= len)
			break;
		pos++; /* the comma */
	}
	return nf;
}

static int grow(struct csvcols *t, size_t *cap, size_t max_rows)
{
	size_t ncap = *cap ? *cap * 2 : 64;
	double *v;
	unsigned char *k;
	size_t *l;

	if (ncap > max_rows)
		ncap = max_rows;
	v = realloc(t->val, ncap * t->ncols * sizeof(*v));
	if (!v)
		return -1;
	t->val = v;
	k = realloc(t->isnum, ncap * t->ncols);
	if (!k)
		return -1;
	t->isnum = k;
	l = realloc(t->line, ncap * sizeof(*l));
	if (!l)
		return -1;
	t->line = l;
	*cap = ncap;
	return 0;
}

static const struct csvcols_limits default_limits = {CSVCOLS_MAX_COLS, CSVCOLS_MAX_ROWS, 0, 0, 0, 0};

int csvcols_parse(struct csvcols *out, const char *text, size_t len, const char *name, char *err,
                  size_t errlen)
{
	return csvcols_parse_limits(out, text, len, name, &default_limits, err, errlen);
}

int csvcols_parse_limits(struct csvcols *out, const char *text, size_t len, const char *name,
                         const struct csvcols_limits *lim, char *err, size_t errlen)
{
	struct csvcols t = {0};
	char(*fields)[CSVCOLS_MAX_FIELD] = NULL;
	size_t pos = 0, lineno = 0, cap = 0;
	int have_header = 0, rc = -1;

	if (!name)
		name = "(input)";
	if (!out || !lim || (!text && len))
		return fail(err, errlen, "%s: no input", name);
	if (len > CSVCOLS_MAX_BYTES)
		return fail(err, errlen, "%s: larger than %u bytes", name, CSVCOLS_MAX_BYTES);
	fields = malloc(sizeof(*fields) * CSVCOLS_MAX_COLS);
	if (!fields)
		return fail(err, errlen, "%s: out of memory", name);

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos, i, k;
		int nf;

		pos += ll + (nl ? 1 : 0);
		lineno++;
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		if (lim->max_line && ll > lim->max_line) {
			fail(err, errlen, "%s:%zu: line longer than %zu bytes; is this a CSV file?", name, lineno, lim->max_line);
			goto out;
		}
		if (memchr(line, '\0', ll)) {
			fail(err, errlen, "%s:%zu: NUL byte; is this a text file?", name, lineno);
			goto out;
		}
		for (i = 0; i < ll && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		if (i == ll || line[i] == '#')
			continue;
		nf = split(fields, line, ll, lim->max_cols < CSVCOLS_MAX_COLS ? lim->max_cols : CSVCOLS_MAX_COLS, name,
		           lineno, err, errlen);
		if (nf < 0)
			goto out;
		if (!have_header) {
			t.names = calloc((size_t)nf, sizeof(char *));
			if (!t.names) {
				fail(err, errlen, "%s: out of memory", name);
				goto out;
			}
			t.ncols = (size_t)nf;
			for (k = 0; k < t.ncols; k++) {
				size_t fl = strlen(fields[k]);
				if (fl == 0 || (lim->max_name && fl > lim->max_name)) {
					fail(err, errlen,
					     "%s:%zu: column %zu of the header has %s name; name every column (at most %zu "
					     "bytes), e.g. 'vgs,id'",
					     name, lineno, k + 1, fl == 0 ? "an empty" : "too long a",
					     lim->max_name ? lim->max_name : (size_t)CSVCOLS_MAX_FIELD - 1);
					goto out;
				}
				t.names[k] = strdup(fields[k]);
				if (!t.names[k]) {
					fail(err, errlen, "%s: out of memory", name);
					goto out;
				}
			}
			have_header = 1;
			continue;
		}
		if ((size_t)nf != t.ncols) {
			fail(err, errlen, "%s:%zu: %d fields, but the header names %zu columns", name, lineno, nf, t.ncols);
			goto out;
		}
		if (t.nrows >= lim->max_rows || (lim->max_cells && (t.nrows + 1) * t.ncols > lim->max_cells)) {
			fail(err, errlen, "%s:%zu: more than %zu data rows; split the file", name, lineno, t.nrows);
			goto out;
		}
		if (t.nrows == cap && grow(&t, &cap, lim->max_rows) != 0) {
			fail(err, errlen, "%s: out of memory at line %zu", name, lineno);
			goto out;
		}
		for (k = 0; k < t.ncols; k++) {
			size_t at = t.nrows * t.ncols + k;
			char *end;
			double v;
			t.val[at] = NAN;
			t.isnum[at] = 0;
			/* Plain decimal numbers only: strtod would also take hex, inf and nan.
			 * Overflow gives +-HUGE_VAL (not finite: refused); underflow to a
			 * subnormal or zero is the tiny number it is. */
			if (fields[k][0] != '\0') {
				t.isnum[at] = 2;
				if (strspn(fields[k], "0123456789+-.eE") == strlen(fields[k])) {
					v = strtod(fields[k], &end);
					if (*end == '\0' && isfinite(v)) {
						t.val[at] = v;
						t.isnum[at] = 1;
					}
				}
			}
			if (lim->numbers_only && t.isnum[at] != 1) {
				fail(err, errlen, "%s:%zu: column %zu ('%s') is '%.40s', not a finite decimal number in SI units",
				     name, lineno, k + 1, t.names[k], fields[k]);
				goto out;
			}
		}
		t.line[t.nrows] = lineno;
		t.nrows++;
	}
	if (!have_header) {
		fail(err, errlen, "%s: no header line; the first line names the columns, e.g. 'time,status'", name);
		goto out;
	}
	*out = t;
	memset(&t, 0, sizeof(t));
	rc = 0;
out:
	csvcols_free(&t);
	free(fields);
	return rc;
}

int csvcols_read_file(struct csvcols *out, const char *path, char *err, size_t errlen)
{
	return csvcols_read_file_limits(out, path, &default_limits, err, errlen);
}

int csvcols_read_file_limits(struct csvcols *out, const char *path, const struct csvcols_limits *lim, char *err,
                             size_t errlen)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc;

	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		fail(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -2;
	}
	buf = malloc(CSVCOLS_MAX_BYTES + 1u);
	if (!buf) {
		if (f != stdin)
			fclose(f);
		fail(err, errlen, "%s: out of memory", path);
		return -2;
	}
	n = fread(buf, 1, CSVCOLS_MAX_BYTES + 1u, f);
	if (ferror(f)) {
		fail(err, errlen, "%s: read error", path);
		rc = -2;
	} else if (n > CSVCOLS_MAX_BYTES) {
		fail(err, errlen, "%s: larger than %u bytes", path, CSVCOLS_MAX_BYTES);
		rc = -1;
	} else {
		rc = csvcols_parse_limits(out, buf, n, path, lim, err, errlen);
	}
	if (f != stdin)
		fclose(f);
	free(buf);
	return rc;
}
