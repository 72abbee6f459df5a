/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The strict numeric view of cli/csvcols.c for 'wbg analyze vth' (see analyze_csv.h). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analyze_csv.h"
#include "csvcols.h"

/* Every data cell a finite number; the bounds of analyze_csv.h. */
static const struct csvcols_limits strict = {CSV_MAX_COLS, CSV_MAX_ROWS, CSV_MAX_CELLS,
                                             CSV_MAX_LINE, CSV_MAX_NAME, 1};

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

/* Take the values of @p c (all numbers, names within CSV_MAX_NAME) into @p out. */
static int adopt(struct csv_table *out, struct csvcols *c, const char *file, char *err, size_t errlen)
{
	struct csv_table t = {0, 0, NULL, NULL};
	size_t k;

	t.names = calloc(c->ncols ? c->ncols : 1, sizeof(*t.names));
	if (!t.names) {
		snprintf(err, errlen, "%s: out of memory", file);
		csvcols_free(c);
		return -1;
	}
	for (k = 0; k < c->ncols; k++)
		memcpy(t.names[k], c->names[k], strlen(c->names[k]) + 1);
	t.ncols = c->ncols;
	t.nrows = c->nrows;
	t.data = c->val; /* row-major nrows x ncols, every cell a number */
	c->val = NULL;
	csvcols_free(c);
	*out = t;
	return 0;
}

int csv_parse(struct csv_table *out, const char *buf, size_t len, const char *file, char *err,
              size_t errlen)
{
	struct csvcols c;

	if (!file)
		file = "input";
	if (csvcols_parse_limits(&c, buf, len, file, &strict, err, errlen) != 0)
		return -1;
	return adopt(out, &c, file, err, errlen);
}

int csv_read_file(struct csv_table *out, const char *path, char *err, size_t errlen)
{
	struct csvcols c;
	int rc = csvcols_read_file_limits(&c, path, &strict, err, errlen);

	if (rc != 0)
		return rc;
	return adopt(out, &c, path, err, errlen);
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
