/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The strict view of the CSV reader of cli/csvcols.h for 'wbg analyze vth': one header line of
 * column names, then rows of numbers in SI units. Outside input: every limit
 * below is enforced and every error names file:line.
 */
#ifndef WBG_CLI_ANALYZE_CSV_H
#define WBG_CLI_ANALYZE_CSV_H

#include <stddef.h>

#define CSV_MAX_LINE 4096          /* bytes in a line, without the newline */
#define CSV_MAX_COLS 64            /* columns */
#define CSV_MAX_ROWS 1000000       /* data rows */
#define CSV_MAX_NAME 64            /* bytes in a column name */
#define CSV_MAX_FILE (64u << 20)   /* bytes in a file */
#define CSV_MAX_CELLS (4u << 20)   /* numbers in a table (32 MiB of doubles) */

struct csv_table {
	size_t ncols, nrows;
	char (*names)[CSV_MAX_NAME + 1]; /* ncols names */
	double *data;                    /* row-major, nrows × ncols */
};

/*
 * Parse @p len bytes of @p buf (need not be NUL-terminated). Lines are
 * separated by LF or CRLF; blank lines and lines starting with '#' are
 * skipped; fields are separated by ',' with optional spaces; a header name may
 * be in double quotes. @p file names the input in messages.
 * Returns 0, or -1 with a message "FILE:LINE: what, what to do" in @p err.
 */
int csv_parse(struct csv_table *out, const char *buf, size_t len, const char *file, char *err,
              size_t errlen);

/* Read @p path ("-" = standard input) whole, at most CSV_MAX_FILE bytes, and
 * parse it. Returns 0, -1 (bad content) or -2 (cannot read), with @p err. */
int csv_read_file(struct csv_table *out, const char *path, char *err, size_t errlen);

/* Index of the column named @p name (case-insensitive), or -1. */
int csv_column(const struct csv_table *t, const char *name);

/* Copy column @p col into @p dst (nrows elements). */
void csv_get_column(const struct csv_table *t, int col, double *dst);

void csv_free(struct csv_table *t);

#endif
