/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The bounded CSV reader of 'wbg analyze' (cli/analyze_csv.c): format, limits, messages. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../cli/analyze_csv.h"
#include "wbg_test.h"

static void parse_ok(struct csv_table *t, const char *text)
{
	char err[256] = "";
	int rc = csv_parse(t, text, strlen(text), "t.csv", err, sizeof(err));
	if (rc != 0)
		print_error("unexpected error: %s\n", err);
	assert_int_equal(rc, 0);
}

static void parse_err(const char *text, size_t len, const char *want)
{
	struct csv_table t;
	char err[256] = "";

	assert_int_equal(csv_parse(&t, text, len, "t.csv", err, sizeof(err)), -1);
	if (!strstr(err, want)) {
		print_error("error '%s' lacks '%s'\n", err, want);
		fail();
	}
}

static void test_format(void **state)
{
	struct csv_table t;
	double col[3];

	(void)state;
	/* Comments, blank lines, CRLF, quoted names, spaces, a last line without newline. */
	parse_ok(&t, "# bench 3\r\n\r\n\"VG\", Id ,x\r\n0, 1e-9 ,2\r\n"
	             "  # mid comment\n1.5,-2.5E-3,3\n2,3,4");
	assert_int_equal(t.ncols, 3);
	assert_int_equal(t.nrows, 3);
	assert_string_equal(t.names[0], "VG");
	assert_string_equal(t.names[1], "Id");
	assert_int_equal(csv_column(&t, "id"), 1);
	assert_int_equal(csv_column(&t, "vgs"), -1);
	csv_get_column(&t, 1, col);
	assert_double_exact(col[0], 1e-9);
	assert_double_exact(col[1], -2.5e-3);
	assert_double_exact(col[2], 3.0);
	csv_free(&t);
	csv_free(&t); /* twice is harmless */
	/* Underflow is a tiny number, not an error. */
	parse_ok(&t, "v\n1e-310\n");
	csv_get_column(&t, 0, col);
	assert_true(col[0] > 0 && col[0] < 1e-300);
	csv_free(&t);
	/* A header alone is a table of no rows. */
	parse_ok(&t, "vgs,id\n");
	assert_int_equal(t.nrows, 0);
	csv_free(&t);
}

static void test_errors(void **state)
{
	static char big[CSV_MAX_LINE + 100];
	char cols[CSV_MAX_COLS * 3 + 16];
	size_t i;

	(void)state;
	parse_err("vgs,id\n0,1\n1,2,3\n", 17, "t.csv:3: 3 fields, but the header names 2 columns");
	parse_err("vgs,id\n0,1\n1,abc\n", 17, "t.csv:3: column 2 ('id') is 'abc'");
	parse_err("vgs,id\n0,nan\n", 13, "is 'nan', not a finite decimal");
	parse_err("vgs,id\n0,inf\n", 13, "is 'inf'");
	parse_err("vgs,id\n0,0x1p3\n", 15, "is '0x1p3'");
	parse_err("vgs,id\n0,1e999\n", 15, "is '1e999'");
	parse_err("vgs,id\n0,\n", 10, "is ''");
	parse_err("vgs,,id\n", 8, "t.csv:1: column 2 of the header has an empty name");
	parse_err("# only comments\n\n", 17, "t.csv: no header line");
	parse_err("vgs,id\n0,1\0\n", 12, "t.csv:2: NUL byte");
	memset(big, 'a', sizeof(big));
	parse_err(big, sizeof(big), "t.csv:1: line longer than 4096 bytes");
	for (i = 0; i < CSV_MAX_COLS + 1; i++)
		memcpy(cols + 2 * i, "a,", 2);
	cols[2 * (CSV_MAX_COLS + 1) - 1] = '\n';
	parse_err(cols, 2 * (CSV_MAX_COLS + 1), "more than 64 columns");
}

static void test_row_limit(void **state)
{
	/* 1 column: the cell limit (4 Mi) is above the row limit (1 M), so the
	 * row limit is what stops a file of 1,000,001 rows. */
	size_t rows = CSV_MAX_ROWS + 1, i;
	char *text = malloc(8 + rows * 2);
	size_t n = 0;

	(void)state;
	assert_non_null(text);
	memcpy(text, "v\n", 2);
	n = 2;
	for (i = 0; i < rows; i++) {
		text[n++] = '1';
		text[n++] = '\n';
	}
	parse_err(text, n, "t.csv:1000002: more than 1000000 data rows");
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_row_limit),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
