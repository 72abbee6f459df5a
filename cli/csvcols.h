/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small reader of numeric CSV tables with a header line, for the
 * fitlife analyses (life, alt, drift, spectrum). Outside input: the file
 * size, the columns, the rows and the field length are bounded, and every
 * error names file:line.
 */
#ifndef WBG_CLI_CSVCOLS_H
#define WBG_CLI_CSVCOLS_H

#include <stddef.h>

#define CSVCOLS_MAX_BYTES (64u << 20) /* 64 MiB */
#define CSVCOLS_MAX_COLS 256
#define CSVCOLS_MAX_ROWS 5000000
#define CSVCOLS_MAX_FIELD 256

struct csvcols {
	size_t ncols, nrows;
	char **names;         /* ncols header names, trimmed, unquoted */
	double *val;          /* nrows * ncols; NaN for an empty or non-numeric cell */
	unsigned char *isnum; /* nrows * ncols; 1 number, 0 empty, 2 text */
	size_t *line;         /* nrows: the file line of each row */
};

/* Parse @p len bytes. Comma-separated; '#' starts a comment line; blank
 * lines are skipped; CRLF is accepted; a field may be wrapped in double
 * quotes (no embedded quotes or commas). Returns 0, or -1 with a message
 * "name:line: what" in @p err. */
int csvcols_parse(struct csvcols *out, const char *text, size_t len, const char *name, char *err,
                  size_t errlen);

/* Read and parse a file ("-" is stdin). Returns 0, -1 (bad content) or -2 (I/O). */
int csvcols_read_file(struct csvcols *out, const char *path, char *err, size_t errlen);

/* Column index of @p name (case-sensitive), or -1. */
int csvcols_find(const struct csvcols *t, const char *name);

/* Release a table; zeroed tables are fine. */
void csvcols_free(struct csvcols *t);

#endif
