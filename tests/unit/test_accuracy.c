/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accuracy models: the manufacturers' tables and worked examples, and the
 * rectangular-distribution standard uncertainty.
 */
#include "config.h"

#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

#define T23C 296.15

/* Keithley 2450 Reference Manual (2450-901-01 Rev. B, Sept. 2013), section 4,
 * "Calculating measurement accuracy": 2 V measured on the 2 V range,
 * ±(0.012 % + 300 µV) = ±540 µV. */
static void test_2450_manual_example(void **state)
{
	const wbg_acc_spec *s = NULL;
	double a, u;

	(void)state;
	assert_int_equal(wbg_accuracy_range(&s, "2450", WBG_ACC_MEASURE_VOLTAGE, 2.0, NULL), WBG_OK);
	assert_int_equal(wbg_accuracy_limit(&a, s, 2.0, T23C, NULL), WBG_OK);
	assert_double_near(a, 540e-6, 1e-12, 0);
	assert_int_equal(wbg_accuracy_u(&u, "2450", WBG_ACC_MEASURE_VOLTAGE, 2.0, T23C, NULL), WBG_OK);
	assert_double_near(u, 540e-6 / 1.7320508075688772, 1e-12, 0); /* a/√3 */
	/* The *IDN? spelling is accepted. */
	assert_int_equal(wbg_accuracy_u(&u, "MODEL 2450", WBG_ACC_MEASURE_VOLTAGE, 2.0, T23C, NULL),
	                 WBG_OK);
}

/* Straight from the tables (SPEC-2450 Rev. A; B2900A data sheet p. 16;
 * 2470 specifications): a = gain·|x| + offset. */
static void test_table_values(void **state)
{
	static const struct {
		const char *model;
		wbg_acc_fn fn;
		double x;
		double a;
	} cases[] = {
		{"2450", WBG_ACC_MEASURE_VOLTAGE, 10.0, 0.00015 * 10 + 1e-3},      /* 20 V range */
		{"2450", WBG_ACC_MEASURE_VOLTAGE, -150.0, 0.00015 * 150 + 10e-3},  /* 200 V range */
		{"2450", WBG_ACC_MEASURE_CURRENT, 1e-3, 0.0002 * 1e-3 + 60e-9},    /* 1 mA range */
		{"2450", WBG_ACC_MEASURE_CURRENT, 5e-9, 0.001 * 5e-9 + 50e-12},    /* 10 nA range */
		{"2450", WBG_ACC_SOURCE_CURRENT, 0.1, 0.00025 * 0.1 + 15e-6},      /* 100 mA range */
		{"2450", WBG_ACC_SOURCE_VOLTAGE, 0.1, 0.00015 * 0.1 + 200e-6},     /* 200 mV range */
		{"2470", WBG_ACC_MEASURE_VOLTAGE, 1000.0, 0.00015 * 1000 + 50e-3}, /* 1000 V range */
		{"2470", WBG_ACC_SOURCE_VOLTAGE, 1100.0, 0.0002 * 1100 + 100e-3},  /* overrange 105 % */
		{"2470", WBG_ACC_MEASURE_CURRENT, 50e-9, 0.0006 * 50e-9 + 300e-12},
		{"B2902A", WBG_ACC_MEASURE_CURRENT, 1e-3, 0.0002 * 1e-3 + 200e-9},
		{"b2901a", WBG_ACC_MEASURE_VOLTAGE, 15.0, 0.00015 * 15 + 5e-3},
		{"B2901A", WBG_ACC_MEASURE_CURRENT, 2.5, 0.004 * 2.5 + 7e-3}, /* 3 A range */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const wbg_acc_spec *s = NULL;
		double a;
		assert_int_equal(wbg_accuracy_autorange(&s, cases[i].model, cases[i].fn, cases[i].x, NULL),
		                 WBG_OK);
		assert_int_equal(wbg_accuracy_limit(&a, s, cases[i].x, T23C, NULL), WBG_OK);
		assert_double_near(a, cases[i].a, 1e-12, 0);
	}
}

/*
 * A second transcription of every row of the Keithley tables, read again
 * from another copy of each document and written as the document prints it
 * (range, % of reading or setting, offset, temperature coefficient):
 *   2450: SPEC-2450 Rev. A (July 2013), page 2 of 7, voltage and current
 *         specifications; tempco ±(0.15 × accuracy specification)/°C.
 *   2470: Model 2470 specifications, voltage and current tables; tempco
 *         0.30 × on the 200 mV and 2 V ranges, 0.15 × elsewhere.
 * For each row the limit at full scale, (% × range + offset)·(1 + tc·8 K)
 * at 10 °C, must equal the encoded model's, and the ranges listed in the
 * refusal of a missing range must be exactly these rows: a typo, a missing
 * or an extra range in drivers/keithley-24xx/accuracy.c fails here.
 * No performance-verification limits of the 2450 or 2470 could be read, so
 * this check stands in for them.
 */
struct dsrow {
	const char *range, *pct, *offset;
	double tc;
};

static const struct dsrow k2450_sv[] = {
	{"20 mV", "0.100 %", "200 µV", 0.15}, {"200 mV", "0.015 %", "200 µV", 0.15},
	{"2 V", "0.020 %", "300 µV", 0.15},   {"20 V", "0.015 %", "2.4 mV", 0.15},
	{"200 V", "0.015 %", "24 mV", 0.15},  {NULL, NULL, NULL, 0}};
static const struct dsrow k2450_mv[] = {
	{"20 mV", "0.100 %", "150 µV", 0.15}, {"200 mV", "0.012 %", "200 µV", 0.15},
	{"2 V", "0.012 %", "300 µV", 0.15},   {"20 V", "0.015 %", "1 mV", 0.15},
	{"200 V", "0.015 %", "10 mV", 0.15},  {NULL, NULL, NULL, 0}};
static const struct dsrow k2450_si[] = {
	{"10 nA", "0.100 %", "100 pA", 0.15},  {"100 nA", "0.060 %", "150 pA", 0.15},
	{"1 µA", "0.025 %", "400 pA", 0.15},   {"10 µA", "0.025 %", "1.5 nA", 0.15},
	{"100 µA", "0.020 %", "15 nA", 0.15},  {"1 mA", "0.020 %", "150 nA", 0.15},
	{"10 mA", "0.020 %", "1.5 µA", 0.15},  {"100 mA", "0.025 %", "15 µA", 0.15},
	{"1 A", "0.067 %", "900 µA", 0.15},    {NULL, NULL, NULL, 0}};
static const struct dsrow k2450_mi[] = {
	{"10 nA", "0.10 %", "50 pA", 0.15},   {"100 nA", "0.060 %", "100 pA", 0.15},
	{"1 µA", "0.025 %", "300 pA", 0.15},  {"10 µA", "0.025 %", "700 pA", 0.15},
	{"100 µA", "0.02 %", "6 nA", 0.15},   {"1 mA", "0.02 %", "60 nA", 0.15},
	{"10 mA", "0.02 %", "600 nA", 0.15},  {"100 mA", "0.025 %", "6 µA", 0.15},
	{"1 A", "0.03 %", "500 µA", 0.15},    {NULL, NULL, NULL, 0}};

static const struct dsrow k2470_sv[] = {
	{"200 mV", "0.015 %", "200 µV", 0.30}, {"2 V", "0.020 %", "300 µV", 0.30},
	{"20 V", "0.015 %", "2.4 mV", 0.15},   {"200 V", "0.015 %", "24 mV", 0.15},
	{"1000 V", "0.02 %", "100 mV", 0.15},  {NULL, NULL, NULL, 0}};
static const struct dsrow k2470_mv[] = {
	{"200 mV", "0.012 %", "200 µV", 0.30}, {"2 V", "0.012 %", "300 µV", 0.30},
	{"20 V", "0.015 %", "1 mV", 0.15},     {"200 V", "0.015 %", "10 mV", 0.15},
	{"1000 V", "0.015 %", "50 mV", 0.15},  {NULL, NULL, NULL, 0}};
static const struct dsrow k2470_si[] = {
	{"10 nA", "0.100 %", "200 pA", 0.15},  {"100 nA", "0.060 %", "250 pA", 0.15},
	{"1 µA", "0.025 %", "400 pA", 0.15},   {"10 µA", "0.025 %", "1.5 nA", 0.15},
	{"100 µA", "0.020 %", "15 nA", 0.15},  {"1 mA", "0.020 %", "150 nA", 0.15},
	{"10 mA", "0.020 %", "1.5 µA", 0.15},  {"100 mA", "0.025 %", "15 µA", 0.15},
	{"1 A", "0.067 %", "900 µA", 0.15},    {NULL, NULL, NULL, 0}};
static const struct dsrow k2470_mi[] = {
	{"10 nA", "0.10 %", "250 pA", 0.15},  {"100 nA", "0.060 %", "300 pA", 0.15},
	{"1 µA", "0.025 %", "300 pA", 0.15},  {"10 µA", "0.025 %", "700 pA", 0.15},
	{"100 µA", "0.02 %", "6 nA", 0.15},   {"1 mA", "0.02 %", "60 nA", 0.15},
	{"10 mA", "0.02 %", "600 nA", 0.15},  {"100 mA", "0.025 %", "6 µA", 0.15},
	{"1 A", "0.03 %", "500 µA", 0.15},    {NULL, NULL, NULL, 0}};

static double parse_q(const char *text, wbg_ctx *ctx)
{
	double v = NAN;

	assert_int_equal(wbg_quantity_parse(&v, NULL, text, NULL, ctx), WBG_OK);
	return v;
}

static void check_rows(const char *model, wbg_acc_fn fn, const struct dsrow *rows)
{
	wbg_ctx *ctx = NULL;
	char list[256] = "ranges: ";
	size_t i, pos = strlen(list);
	const wbg_acc_spec *s;

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (i = 0; rows[i].range; i++) {
		double r = parse_q(rows[i].range, ctx), g = parse_q(rows[i].pct, ctx);
		double off = parse_q(rows[i].offset, ctx), a;
		int n;

		s = NULL;
		assert_int_equal(wbg_accuracy_range(&s, model, fn, r, ctx), WBG_OK);
		assert_int_equal(wbg_accuracy_limit(&a, s, r, 273.15 + 10, ctx), WBG_OK);
		assert_double_near(a, (g * r + off) * (1 + rows[i].tc * 8), 1e-12, 0);
		n = snprintf(list + pos, sizeof(list) - pos, "%s%g", i ? ", " : "", r);
		assert_true(n > 0 && (size_t)n < sizeof(list) - pos);
		pos += (size_t)n;
	}
	assert_true(pos + 2 < sizeof(list));
	strcat(list, ")");
	/* 3 pA is no range of either model: the refusal lists them all. */
	assert_int_equal(wbg_accuracy_range(&s, model, fn, 3e-12, ctx), WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), list));
	wbg_ctx_free(ctx);
}

static void test_keithley_tables_second_reading(void **state)
{
	(void)state;
	check_rows("2450", WBG_ACC_SOURCE_VOLTAGE, k2450_sv);
	check_rows("2450", WBG_ACC_MEASURE_VOLTAGE, k2450_mv);
	check_rows("2450", WBG_ACC_SOURCE_CURRENT, k2450_si);
	check_rows("2450", WBG_ACC_MEASURE_CURRENT, k2450_mi);
	check_rows("2470", WBG_ACC_SOURCE_VOLTAGE, k2470_sv);
	check_rows("2470", WBG_ACC_MEASURE_VOLTAGE, k2470_mv);
	check_rows("2470", WBG_ACC_SOURCE_CURRENT, k2470_si);
	check_rows("2470", WBG_ACC_MEASURE_CURRENT, k2470_mi);
}

/* Outside 23 °C ± 5 °C: + tempco × specification per °C beyond the band. */
static void test_temperature_coefficient(void **state)
{
	const wbg_acc_spec *s = NULL;
	double a;

	(void)state;
	assert_int_equal(wbg_accuracy_range(&s, "2450", WBG_ACC_MEASURE_VOLTAGE, 2.0, NULL), WBG_OK);
	assert_int_equal(wbg_accuracy_limit(&a, s, 2.0, 273.15 + 33, NULL), WBG_OK); /* 5 K above */
	assert_double_near(a, 540e-6 * (1 + 0.15 * 5), 1e-12, 0);
	assert_int_equal(wbg_accuracy_limit(&a, s, 2.0, 273.15 + 10, NULL), WBG_OK); /* 8 K below */
	assert_double_near(a, 540e-6 * (1 + 0.15 * 8), 1e-12, 0);
	assert_int_equal(wbg_accuracy_limit(&a, s, 2.0, 273.15 + 27.9, NULL), WBG_OK); /* in band */
	assert_double_near(a, 540e-6, 1e-12, 0);
	/* The 2470's 2 V range has twice the coefficient. */
	assert_int_equal(wbg_accuracy_range(&s, "2470", WBG_ACC_MEASURE_VOLTAGE, 2.0, NULL), WBG_OK);
	assert_int_equal(wbg_accuracy_limit(&a, s, 1.0, 273.15 + 30, NULL), WBG_OK);
	assert_double_near(a, (0.00012 + 300e-6) * (1 + 0.30 * 2), 1e-12, 0);
}

static void test_refusals(void **state)
{
	wbg_ctx *ctx = NULL;
	const wbg_acc_spec *s = NULL;
	double u;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_accuracy_u(&u, "2460", WBG_ACC_MEASURE_VOLTAGE, 1, T23C, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'2460'"));
	/* The 2460 is refused with the reason, also as *IDN? spells it, for
	 * every function and on every wbg_accuracy_* entry point. */
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "2460-905-01"));
	assert_int_equal(wbg_accuracy_range(&s, "MODEL 2460", WBG_ACC_SOURCE_CURRENT, 7.0, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "does not guess"));
	assert_int_equal(wbg_accuracy_autorange(&s, "2460", WBG_ACC_MEASURE_CURRENT, 1e-3, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	assert_null(wbg_accuracy_source("2460"));
	/* An unknown model still lists the known ones. */
	assert_int_equal(wbg_accuracy_u(&u, "2461", WBG_ACC_MEASURE_VOLTAGE, 1, T23C, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "known: 2450, 2470"));
	/* No invented source tables for the B2900. */
	assert_int_equal(wbg_accuracy_u(&u, "B2902A", WBG_ACC_SOURCE_VOLTAGE, 1, T23C, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	/* Beyond the 2450's 200 V range and its 105 % overrange. */
	assert_int_equal(wbg_accuracy_u(&u, "2450", WBG_ACC_MEASURE_VOLTAGE, 211, T23C, ctx),
	                 WBG_ERR_RANGE);
	assert_int_equal(wbg_accuracy_u(&u, "2450", WBG_ACC_MEASURE_VOLTAGE, 209, T23C, ctx), WBG_OK);
	assert_int_equal(wbg_accuracy_range(&s, "2450", WBG_ACC_MEASURE_VOLTAGE, 5.0, ctx),
	                 WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "ranges: 0.02, 0.2, 2, 20, 200"));
	assert_int_equal(wbg_accuracy_range(&s, "2450", WBG_ACC_MEASURE_VOLTAGE, 2.0, ctx), WBG_OK);
	assert_int_equal(wbg_accuracy_limit(&u, s, 2.2, T23C, ctx), WBG_ERR_RANGE);
	assert_int_equal(wbg_accuracy_limit(&u, s, NAN, T23C, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_accuracy_u(&u, "2450", (wbg_acc_fn)9, 1, T23C, ctx), WBG_ERR_INVALID_ARG);
	assert_string_equal(wbg_accuracy_source("2450"), "Keithley SPEC-2450 Rev. A (July 2013)");
	assert_null(wbg_accuracy_source("34401A"));
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_2450_manual_example),
		cmocka_unit_test(test_table_values),
		cmocka_unit_test(test_keithley_tables_second_reading),
		cmocka_unit_test(test_temperature_coefficient),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests_name("accuracy", tests, NULL, NULL);
}
