/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The reader of numeric CSV tables with a header line for 'wbg analyze'
 * (life, alt, drift, spectrum directly; vth through the strict view of
 * analyze_csv.h). Outside input: the file size, the line length, the
 * columns, the rows, the cells and the field length are bounded, and every
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

/* Bounds and strictness of one parse; csvcols_parse() uses the CSVCOLS_MAX_* ones. */
struct csvcols_limits {
	size_t max_cols, max_rows, max_cells; /* max_cells 0: no limit besides rows x cols */
	size_t max_line;                      /* bytes in a line without its newline; 0: none */
	size_t max_name;                      /* bytes in a header name; 0: the field limit */
	int numbers_only; /* 1: an empty or non-numeric data cell is an error naming it */
};

/* Parse @p len bytes. Comma-separated; '#' starts a comment line; blank
 * lines are skipped; CRLF is accepted; a field may be wrapped in double
 * quotes (no embedded quotes or commas). Returns 0, or -1 with a message
 * "name:line: what" in @p err. */
int csvcols_parse(struct csvcols *out, const char *text, size_t len, const char *name, char *err,
                  size_t errlen);

/* The same with explicit @p lim. */
int csvcols_parse_limits(struct csvcols *out, const char *text, size_t len, const char *name,
                         const struct csvcols_limits *lim, char *err, size_t errlen);

/* Read and parse a file ("-" is stdin). Returns 0, -1 (bad content) or -2 (I/O). */
int csvcols_read_file(struct csvcols *out, const char *path, char *err, size_t errlen);

/* The same with explicit @p lim. */
int csvcols_read_file_limits(struct csvcols *out, const char *path, const struct csvcols_limits *lim, char *err,
                             size_t errlen);

/* Column index of @p name (case-sensitive), or -1. */
int csvcols_find(const struct csvcols *t, const char *name);

/* Release a table; zeroed tables are fine. */
void csvcols_free(struct csvcols *t);

#endif
