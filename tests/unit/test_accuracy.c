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
		cmocka_unit_test(test_temperature_coefficient),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests_name("accuracy", tests, NULL, NULL);
}
