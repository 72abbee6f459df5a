/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reader of the NIST/ITL StRD nonlinear regression data files
 * (https://www.itl.nist.gov/div898/strd/nls/nls_main.shtml): the lines
 * "  bK = start1 start2 certified sd", "Residual Sum of Squares: v" and,
 * after the line "Data:  y  x", one "y x" pair per line. Everything else
 * (the free-text header) is skipped. Input is untrusted: line length,
 * parameter count and observation count are bounded.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "strd.h"
#include "wbg/error.h"

/* Parse one finite double at *s, advancing *s; 0 on success. */
static int next_num(double *out, const char **s)
{
	char *end;
	double v;

	while (**s == ' ' || **s == '\t')
		(*s)++;
	if (**s == '\0')
		return -1;
	errno = 0;
	v = strtod(*s, &end);
	if (end == *s || errno == ERANGE || !isfinite(v))
		return -1;
	if (*end != '\0' && *end != ' ' && *end != '\t')
		return -1;
	*s = end;
	*out = v;
	return 0;
}

static int only_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* "Data:" followed only by column names (letters): the start of the table. */
static int is_table_header(const char *line)
{
	const char *s;
	int letters = 0;

	if (strncmp(line, "Data:", 5) != 0)
		return 0;
	for (s = line + 5; *s; s++) {
		if (isalpha((unsigned char)*s))
			letters++;
		else if (*s != ' ' && *s != '\t')
			return 0;
	}
	return letters > 0;
}

int wbgi_strd_parse(struct wbgi_strd *out, const char *text, size_t len, const char *name, wbg_ctx *ctx)
{
	struct wbgi_strd *d;
	char line[WBGI_STRD_MAX_LINE];
	size_t pos = 0, lineno = 0;
	int in_data = 0, have_rss = 0, rc = WBG_OK;

	if (!out || (!text && len > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "strd: NULL argument");
	if (!name)
		name = "(input)";
	d = calloc(1, sizeof(*d));
	if (!d)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "strd: out of memory");

	while (pos < len) {
		size_t ll = 0;
		const char *s;

		lineno++;
		while (pos < len && text[pos] != '\n') {
			if (ll + 1 >= sizeof(line)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "%s:%zu: line longer than %d bytes", name,
				                   lineno, WBGI_STRD_MAX_LINE - 1);
				goto out;
			}
			if (text[pos] == '\0') {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE, "%s:%zu: NUL byte in a text file", name, lineno);
				goto out;
			}
			line[ll++] = text[pos++];
		}
		pos++; /* the newline */
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		line[ll] = '\0';

		if (in_data) {
			double y, x;
			if (only_space(line))
				continue;
			s = line;
			if (next_num(&y, &s) != 0 || next_num(&x, &s) != 0 || !only_space(s)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE, "%s:%zu: expected a data line 'y x'", name, lineno);
				goto out;
			}
			if (d->n >= WBGI_STRD_MAX_N) {
				rc = wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "%s:%zu: more than %d observations", name,
				                   lineno, WBGI_STRD_MAX_N);
				goto out;
			}
			d->y[d->n] = y;
			d->x[d->n] = x;
			d->n++;
			continue;
		}
		if (is_table_header(line)) {
			in_data = 1;
			continue;
		}
		if (strncmp(line, "Residual Sum of Squares:", 24) == 0) {
			s = line + 24;
			if (next_num(&d->rss, &s) != 0 || !only_space(s)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE, "%s:%zu: bad residual sum of squares", name, lineno);
				goto out;
			}
			have_rss = 1;
			continue;
		}
		/* "  bK = start1 start2 certified sd" */
		s = line;
		while (*s == ' ')
			s++;
		if (s[0] == 'b' && isdigit((unsigned char)s[1])) {
			char *end;
			long k;
			errno = 0;
			k = strtol(s + 1, &end, 10);
			while (*end == ' ')
				end++;
			if (*end != '=')
				continue; /* prose that starts with b<digit> */
			if (errno || k != (long)d->p + 1 || k > WBGI_STRD_MAX_P) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE, "%s:%zu: parameter b%ld out of order or above b%d",
				                   name, lineno, k, WBGI_STRD_MAX_P);
				goto out;
			}
			s = end + 1;
			if (next_num(&d->start1[d->p], &s) != 0 || next_num(&d->start2[d->p], &s) != 0 ||
			    next_num(&d->cert[d->p], &s) != 0 || next_num(&d->cert_sd[d->p], &s) != 0 ||
			    !only_space(s)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
				                   "%s:%zu: expected 'bK = start1 start2 certified sd'", name, lineno);
				goto out;
			}
			d->p++;
		}
	}
	if (d->p == 0 || !have_rss || d->n < d->p) {
		rc = wbg_ctx_error(ctx, WBG_ERR_PARSE,
		                   "%s: incomplete StRD file (%zu parameters, %zu observations, %s residual sum of squares)",
		                   name, d->p, d->n, have_rss ? "a" : "no");
		goto out;
	}
	memcpy(out, d, sizeof(*d));
out:
	free(d);
	return rc;
}
