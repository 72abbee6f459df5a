/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SCPI response parsers: IEEE 488.2 blocks (clause 8.7.9/8.7.10), REAL
 * arrays (IEEE 754 bit patterns), *IDN? (clause 10.14), SYST:ERR? (SCPI
 * 1999 vol. 2, 21.8). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define B(s) (const uint8_t *)(s), sizeof(s) - 1

static void test_definite_block(void **state)
{
	size_t off, len, needed;

	(void)state;
	/* "#15hello": one length digit, 5 bytes. */
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#15hello\n"), 100, NULL), WBG_OK);
	assert_int_equal(off, 3);
	assert_int_equal(len, 5);
	assert_int_equal(needed, 8);
	/* Leading whitespace skipped; data may hold '\n' and NUL. */
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B(" #204a\n\0b"), 100, NULL), WBG_OK);
	assert_int_equal(off, 5);
	assert_int_equal(len, 4);
	/* Truncated data: needed tells how much is missing. */
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#210abc"), 100, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
	assert_int_equal(needed, 14);
	/* Incomplete header. */
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#41"), 100, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
	assert_int_equal(needed, 0);
	/* Announced length above the maximum: never trusted. */
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#9999999999"), 1 << 20, NULL),
	                 WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#3x12abc"), 100, NULL), WBG_ERR_PARSE);
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("#A"), 100, NULL), WBG_ERR_PARSE);
	assert_int_equal(wbg_scpi_block_parse(&off, &len, &needed, B("1,2"), 100, NULL), WBG_ERR_PARSE);
}

static void test_indefinite_block(void **state)
{
	size_t off, len;

	(void)state;
	assert_int_equal(wbg_scpi_block_parse(&off, &len, NULL, B("#0abc\n"), 100, NULL), WBG_OK);
	assert_int_equal(off, 2);
	assert_int_equal(len, 3);
	assert_int_equal(wbg_scpi_block_parse(&off, &len, NULL, B("#0abcdef"), 4, NULL), WBG_ERR_OVERFLOW);
}

static void test_real_arrays(void **state)
{
	/* 1.0f = 0x3F800000, -2.5f = 0xC0200000; 1.0 = 0x3FF0000000000000,
	 * 0.1 = 0x3FB999999999999A (IEEE 754 binary32/binary64 encodings). */
	static const uint8_t be32[] = {'#', '1', '8', 0x3f, 0x80, 0, 0, 0xc0, 0x20, 0, 0, '\n'};
	static const uint8_t le32[] = {'#', '1', '8', 0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0};
	static const uint8_t be64[] = {'#', '2', '1', '6', 0x3f, 0xf0, 0, 0, 0, 0, 0, 0,
	                               0x3f, 0xb9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9a};
	static const uint8_t le64[] = {'#', '2', '1', '6', 0, 0, 0, 0, 0, 0, 0xf0, 0x3f,
	                               0x9a, 0x99, 0x99, 0x99, 0x99, 0x99, 0xb9, 0x3f};
	static const uint8_t odd[] = {'#', '1', '5', 1, 2, 3, 4, 5};
	double *v;
	size_t n;

	(void)state;
	assert_int_equal(wbg_scpi_array_parse(&v, &n, be32, sizeof(be32), WBG_SCPI_REAL32_BE, 10, NULL), WBG_OK);
	assert_int_equal(n, 2);
	assert_double_exact(v[0], 1.0);
	assert_double_exact(v[1], -2.5);
	free(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, le32, sizeof(le32), WBG_SCPI_REAL32_LE, 10, NULL), WBG_OK);
	assert_int_equal(n, 2);
	assert_double_exact(v[1], -2.5);
	free(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, be64, sizeof(be64), WBG_SCPI_REAL64_BE, 10, NULL), WBG_OK);
	assert_int_equal(n, 2);
	assert_double_exact(v[0], 1.0);
	assert_double_exact(v[1], 0.1);
	free(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, le64, sizeof(le64), WBG_SCPI_REAL64_LE, 10, NULL), WBG_OK);
	assert_double_exact(v[1], 0.1);
	free(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, odd, sizeof(odd), WBG_SCPI_REAL32_BE, 10, NULL), WBG_ERR_PARSE);
	/* More elements than allowed. */
	assert_int_equal(wbg_scpi_array_parse(&v, &n, be64, sizeof(be64), WBG_SCPI_REAL64_BE, 1, NULL),
	                 WBG_ERR_OVERFLOW);
}

static void test_ascii_arrays(void **state)
{
	double *v;
	size_t n;

	(void)state;
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("+1.000000E-03, -2.5E+00,9.91E37\r\n"),
	                                      WBG_SCPI_ASCII, 10, NULL), WBG_OK);
	assert_int_equal(n, 3);
	assert_double_exact(v[0], 1e-3);
	assert_double_exact(v[1], -2.5);
	assert_double_exact(v[2], 9.91e37); /* SCPI's NaN stand-in, passed through */
	free(v);
	/* ASCII inside a definite block (some scopes do this). */
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("#13"
	                                                 "1,2\n"),
	                                      WBG_SCPI_ASCII, 10, NULL), WBG_OK);
	assert_int_equal(n, 2);
	assert_double_exact(v[1], 2.0);
	free(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("\n"), WBG_SCPI_ASCII, 10, NULL), WBG_OK);
	assert_int_equal(n, 0);
	assert_null(v);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("1,,2"), WBG_SCPI_ASCII, 10, NULL), WBG_ERR_PARSE);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("1,2V"), WBG_SCPI_ASCII, 10, NULL), WBG_ERR_PARSE);
	assert_int_equal(wbg_scpi_array_parse(&v, &n, B("1,2,3"), WBG_SCPI_ASCII, 2, NULL), WBG_ERR_OVERFLOW);
}

static void test_idn(void **state)
{
	wbg_idn idn;

	(void)state;
	/* Reply format of a Keithley 2450 (its reference manual, *IDN?). */
	assert_int_equal(wbg_idn_parse(&idn, "KEITHLEY INSTRUMENTS,MODEL 2450,04412345,1.7.3b\n", NULL), WBG_OK);
	assert_string_equal(idn.manufacturer, "KEITHLEY INSTRUMENTS");
	assert_string_equal(idn.model, "MODEL 2450");
	assert_string_equal(idn.serial, "04412345");
	assert_string_equal(idn.firmware, "1.7.3b");
	/* Commas after the third belong to the firmware. */
	assert_int_equal(wbg_idn_parse(&idn, "A, B ,0,fw 1,rev 2", NULL), WBG_OK);
	assert_string_equal(idn.model, "B");
	assert_string_equal(idn.firmware, "fw 1,rev 2");
	assert_int_equal(wbg_idn_parse(&idn, "A,B,C", NULL), WBG_ERR_PARSE);
}

static void test_syst_err(void **state)
{
	wbg_scpi_error e;

	(void)state;
	assert_int_equal(wbg_scpi_error_parse(&e, "-113,\"Undefined header\"\n", NULL), WBG_OK);
	assert_int_equal(e.code, -113);
	assert_string_equal(e.message, "Undefined header");
	assert_int_equal(wbg_scpi_error_parse(&e, "+0,\"No error\"", NULL), WBG_OK);
	assert_int_equal(e.code, 0);
	assert_int_equal(wbg_scpi_error_parse(&e, "-222,\"Data out of range;\"\"X\"\"\"", NULL), WBG_OK);
	assert_string_equal(e.message, "Data out of range;\"X\"");
	assert_int_equal(wbg_scpi_error_parse(&e, "0", NULL), WBG_OK);
	assert_int_equal(wbg_scpi_error_parse(&e, "oops", NULL), WBG_ERR_PARSE);
	assert_int_equal(wbg_scpi_error_parse(&e, "-1,\"unterminated", NULL), WBG_ERR_PARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_definite_block), cmocka_unit_test(test_indefinite_block),
		cmocka_unit_test(test_real_arrays),    cmocka_unit_test(test_ascii_arrays),
		cmocka_unit_test(test_idn),            cmocka_unit_test(test_syst_err),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
