/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The measurement record: SI values, uncertainty, conditions, timestamp. */
#include "config.h"

#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

static void test_new_and_accessors(void **state)
{
	wbg_record *rec = NULL;
	const char *name, *unit;
	double v, before = wbg_time_now();

	(void)state;
	assert_int_equal(wbg_record_new(&rec, "vth", 2.713, "V", 0.012, NULL), WBG_OK);
	assert_string_equal(wbg_record_quantity(rec), "vth");
	assert_double_exact(wbg_record_value(rec), 2.713);
	assert_string_equal(wbg_record_unit(rec), "V");
	assert_double_exact(wbg_record_uncertainty(rec), 0.012);
	assert_true(wbg_record_time(rec) >= before && wbg_record_time(rec) <= wbg_time_now());
	assert_int_equal(wbg_record_condition_count(rec), 0);

	assert_int_equal(wbg_record_add_condition(rec, "vds", 10.0, "V", NULL), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "temp", 298.15, "K", NULL), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "id", 1e-3, "A", NULL), WBG_OK);
	assert_int_equal(wbg_record_condition_count(rec), 3);
	assert_int_equal(wbg_record_condition(&name, &v, &unit, rec, 1), WBG_OK);
	assert_string_equal(name, "temp");
	assert_double_exact(v, 298.15);
	assert_string_equal(unit, "K");
	assert_int_equal(wbg_record_condition(NULL, NULL, NULL, rec, 3), WBG_ERR_RANGE);
	assert_int_equal(wbg_record_find_condition(&v, &unit, rec, "id"), WBG_OK);
	assert_double_exact(v, 1e-3);
	assert_int_equal(wbg_record_find_condition(&v, NULL, rec, "vgs"), WBG_ERR_NOT_FOUND);
	wbg_record_free(rec);
	wbg_record_free(NULL);
}

static void test_unknown_uncertainty_is_nan(void **state)
{
	wbg_record *rec = NULL;
	char buf[256];

	(void)state;
	assert_int_equal(wbg_record_new(&rec, "bvdss", 1450.0, "V", NAN, NULL), WBG_OK);
	assert_true(isnan(wbg_record_uncertainty(rec)));
	wbg_record_set_time(rec, 0.0);
	assert_int_equal(wbg_record_format(buf, sizeof(buf), rec, 0), WBG_OK);
	assert_string_equal(buf, "bvdss = 1.450 kV; 1970-01-01T00:00:00.000Z");
	wbg_record_free(rec);
}

static void test_rejects_bad_input(void **state)
{
	wbg_ctx *ctx = NULL;
	wbg_record *rec = NULL;
	int i;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_record_new(&rec, "vth", 2.7, "mV", 0, ctx), WBG_ERR_UNIT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'mV' is not a coherent SI unit"));
	assert_null(rec);
	assert_int_equal(wbg_record_new(&rec, "t", 300, "degC", 0, ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_record_new(&rec, "vth", 2.7, "Vx", 0, ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_record_new(&rec, "", 2.7, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "v th", 2.7, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'v th'"));
	assert_int_equal(wbg_record_new(&rec, NULL, 2.7, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "vth", NAN, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "vth", INFINITY, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "vth", 2.7, "V", -0.1, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(&rec, "vth", 2.7, "V", INFINITY, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_record_new(NULL, "vth", 2.7, "V", 0, ctx), WBG_ERR_INVALID_ARG);
	assert_null(rec);

	/* Coherent SI compound units are accepted. */
	assert_int_equal(wbg_record_new(&rec, "rho", 2.1e-4, "ohm*m", 1e-6, ctx), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "dens", 1e8, "m^-2", ctx), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "dens", 1e8, "m^-2", ctx), WBG_ERR_INVALID_ARG);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "already set"));
	assert_int_equal(wbg_record_add_condition(rec, "x", 1, "cm", ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_record_add_condition(rec, "x", NAN, "m", ctx), WBG_ERR_INVALID_ARG);
	for (i = 1; i < WBG_RECORD_MAX_CONDITIONS; i++) {
		char name[16];
		snprintf(name, sizeof(name), "c%d", i);
		assert_int_equal(wbg_record_add_condition(rec, name, i, "1", ctx), WBG_OK);
	}
	assert_int_equal(wbg_record_add_condition(rec, "one_too_many", 1, "1", ctx), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_record_condition_count(rec), WBG_RECORD_MAX_CONDITIONS);
	wbg_record_free(rec);
	wbg_ctx_free(ctx);
}

static void test_format(void **state)
{
	wbg_record *rec = NULL;
	char buf[256], small[20];

	(void)state;
	assert_int_equal(wbg_record_new(&rec, "vth", 2.713, "V", 0.012, NULL), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "vds", 10, "V", NULL), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "id", 0.005, "A", NULL), WBG_OK);
	/* Dimensionless conditions (a count, a flag) print as plain numbers. */
	assert_int_equal(wbg_record_add_condition(rec, "nplc", 0.5, "1", NULL), WBG_OK);
	assert_int_equal(wbg_record_add_condition(rec, "pulsed", 0, "", NULL), WBG_OK);
	/* 2026-11-28T05:00:00Z = 1795842000 s (date -u -d 2026-11-28T05:00:00Z +%s) */
	wbg_record_set_time(rec, 1795842000.25);
	assert_int_equal(wbg_record_format(buf, sizeof(buf), rec, WBG_UNIT_ASCII), WBG_OK);
	assert_string_equal(buf, "vth = 2.713 V (u = 12.00 mV) at vds = 10.00 V, id = 5.000 mA, "
	                         "nplc = 0.5, pulsed = 0; "
	                         "2026-11-28T05:00:00.250Z");
	assert_int_equal(wbg_record_format(small, sizeof(small), rec, 0), WBG_ERR_OVERFLOW);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	wbg_record_free(rec);
}

static void test_time_format(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(wbg_time_format(buf, sizeof(buf), 0), WBG_OK);
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
	/* 2000-02-29T23:59:59Z = 951868799 s: a leap day. */
	assert_int_equal(wbg_time_format(buf, sizeof(buf), 951868799.9996), WBG_OK);
	assert_string_equal(buf, "2000-02-29T23:59:59.999Z");
	assert_int_equal(wbg_time_format(buf, sizeof(buf), -1), WBG_ERR_RANGE);
	assert_int_equal(wbg_time_format(buf, sizeof(buf), NAN), WBG_ERR_RANGE);
	assert_int_equal(wbg_time_format(buf, sizeof(buf), 1e15), WBG_ERR_RANGE);
	assert_int_equal(wbg_time_format(buf, 10, 0), WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_and_accessors),
		cmocka_unit_test(test_unknown_uncertainty_is_nan),
		cmocka_unit_test(test_rejects_bad_input),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_time_format),
	};
	return cmocka_run_group_tests_name("record", tests, NULL, NULL);
}
