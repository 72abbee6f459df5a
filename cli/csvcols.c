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
static int split(char fields[][CSVCOLS_MAX_FIELD], const char *s, size_t len, const char *name, size_t lineno,
                 char *err, size_t errlen)
{
	size_t pos = 0;
	int nf = 0;

	for (;;) {
		size_t a, b, flen;
		if (nf >= CSVCOLS_MAX_COLS)
			return fail(err, errlen, "%s:%zu: more than %d columns", name, lineno, CSVCOLS_MAX_COLS);
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

static int grow(struct csvcols *t, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 64;
	double *v;
	unsigned char *k;
	size_t *l;

	if (ncap > CSVCOLS_MAX_ROWS)
		ncap = CSVCOLS_MAX_ROWS;
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

int csvcols_parse(struct csvcols *out, const char *text, size_t len, const char *name, char *err,
                  size_t errlen)
{
	struct csvcols t = {0};
	char(*fields)[CSVCOLS_MAX_FIELD] = NULL;
	size_t pos = 0, lineno = 0, cap = 0;
	int have_header = 0, rc = -1;

	if (!name)
		name = "(input)";
	if (!out || (!text && len))
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
		if (memchr(line, '\0', ll)) {
			fail(err, errlen, "%s:%zu: NUL byte; is this a text file?", name, lineno);
			goto out;
		}
		for (i = 0; i < ll && (line[i] == ' ' || line[i] == '\t'); i++)
			;
		if (i == ll || line[i] == '#')
			continue;
		nf = split(fields, line, ll, name, lineno, err, errlen);
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
				if (fields[k][0] == '\0') {
					fail(err, errlen, "%s:%zu: header column %zu has no name", name, lineno, k + 1);
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
			fail(err, errlen, "%s:%zu: %d fields, but the header has %zu", name, lineno, nf, t.ncols);
			goto out;
		}
		if (t.nrows >= CSVCOLS_MAX_ROWS) {
			fail(err, errlen, "%s:%zu: more than %d data rows", name, lineno, CSVCOLS_MAX_ROWS);
			goto out;
		}
		if (t.nrows == cap && grow(&t, &cap) != 0) {
			fail(err, errlen, "%s: out of memory at line %zu", name, lineno);
			goto out;
		}
		for (k = 0; k < t.ncols; k++) {
			size_t at = t.nrows * t.ncols + k;
			char *end;
			double v;
			t.val[at] = NAN;
			t.isnum[at] = 0;
			if (fields[k][0] == '\0')
				continue;
			/* Plain decimal numbers only: strtod would also take hex, inf and nan. */
			if (strspn(fields[k], "0123456789+-.eE") != strlen(fields[k])) {
				t.isnum[at] = 2;
				continue;
			}
			errno = 0;
			v = strtod(fields[k], &end);
			if (*end == '\0' && errno != ERANGE && isfinite(v)) {
				t.val[at] = v;
				t.isnum[at] = 1;
			} else {
				t.isnum[at] = 2;
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
		rc = csvcols_parse(out, buf, n, path, err, errlen);
	}
	if (f != stdin)
		fclose(f);
	free(buf);
	return rc;
}
