/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What 'wbg run' reads from a standard to plan: the tests, their readout
 * times, the parameters their limits judge, their conditions in SI. The
 * expected values are those written in standards/library/aecq101-sic-mosfet.xml
 * (HTGB: readouts 0 and 1000 h, VGS = $htgb_vgs, Tj = $tj_max) and
 * standards/demo/demo-sic-htgb.xml (17 V, 175 °C, readouts 0/100/300/1000 h).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

static wbg_schema *schema;
static wbg_ctx *ctx;
static char src[4096];

static int setup(void **state)
{
	char path[4200];
	const char *s = getenv("WBG_TOP_SRCDIR");

	(void)state;
	snprintf(src, sizeof(src), "%s", s ? s : "..");
	if (wbg_ctx_new(&ctx) != WBG_OK)
		return -1;
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	snprintf(path, sizeof(path), "%s/standards/schema/" WBG_SCHEMA_FILE, src);
	return wbg_schema_new(&schema, path, ctx) == WBG_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
	return 0;
}

static wbg_standard *load(const char *rel)
{
	char path[4200];
	wbg_standard *std = NULL;

	snprintf(path, sizeof(path), "%s/%s", src, rel);
	assert_int_equal(wbg_standard_load_file(&std, schema, path, ctx), WBG_OK);
	return std;
}

/* The index of test @p id. */
static size_t find(const wbg_standard *std, const char *id)
{
	size_t i;
	wbg_test_info ti;

	for (i = 0; i < wbg_standard_test_count(std); i++) {
		assert_int_equal(wbg_standard_test_info(&ti, std, i, ctx), WBG_OK);
		if (strcmp(ti.id, id) == 0)
			return i;
	}
	fail_msg("no test %s", id);
	return 0;
}

static void test_aecq101_htgb(void **state)
{
	wbg_standard *std = load("standards/library/aecq101-sic-mosfet.xml");
	size_t t = find(std, "HTGB");
	wbg_test_info ti;
	double v;

	(void)state;
	assert_int_equal(wbg_standard_test_info(&ti, std, t, ctx), WBG_OK);
	assert_string_equal(ti.title, "High-temperature gate bias");
	assert_true(ti.stress);
	assert_int_equal(ti.n_readouts, 2);
	assert_double_exact(ti.readouts_s[0], 0);
	assert_double_exact(ti.readouts_s[1], 1000 * 3600.0);
	/* limits: IGSS datasheet and ratio, VGSth shift; each parameter once, in order */
	assert_int_equal(ti.n_params, 2);
	assert_string_equal(ti.params[0], "IGSS");
	assert_string_equal(ti.params[1], "VGSth");
	/* a literal condition, and user settings before and after they are given */
	assert_int_equal(wbg_standard_test_condition(&v, std, t, "duration", ctx), WBG_OK);
	assert_double_exact(v, 3.6e6);
	assert_int_equal(wbg_standard_test_condition(&v, std, t, "VGS", ctx), WBG_ERR_STATE);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "--set htgb_vgs=VALUE"));
	assert_int_equal(wbg_standard_set(std, "htgb_vgs", "15 V", ctx), WBG_OK);
	assert_int_equal(wbg_standard_set(std, "tj_max", "175 °C", ctx), WBG_OK);
	assert_int_equal(wbg_standard_test_condition(&v, std, t, "VGS", ctx), WBG_OK);
	assert_double_exact(v, 15.0);
	assert_int_equal(wbg_standard_test_condition(&v, std, t, "Tj", ctx), WBG_OK);
	assert_double_near(v, 448.15, 0, 1e-12);
	assert_int_equal(wbg_standard_test_condition(&v, std, t, "VDS", ctx), WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_standard_test_info(&ti, std, 99, ctx), WBG_ERR_INVALID_ARG);
	wbg_standard_free(std);
}

static void test_demo_standard(void **state)
{
	wbg_standard *std = load("standards/demo/demo-sic-htgb.xml");
	wbg_test_info ti;
	double v;

	(void)state;
	assert_int_equal(wbg_standard_test_count(std), 1);
	assert_int_equal(wbg_standard_test_info(&ti, std, 0, ctx), WBG_OK);
	assert_int_equal(ti.n_readouts, 4);
	assert_double_exact(ti.readouts_s[1], 100 * 3600.0);
	assert_double_exact(ti.readouts_s[2], 300 * 3600.0);
	assert_int_equal(wbg_standard_test_condition(&v, std, 0, "VGS", ctx), WBG_OK);
	assert_double_exact(v, 17.0);
	wbg_standard_free(std);
}

/* The conditions a parameter's definition states (jep183-sic-vth.xml:
 * VGSth_up: VGS_pre = $precond_vgs_low, t_pre = $precond_time, ID =
 * $vth_current), resolved through the settings as test conditions are. */
static void test_param_condition(void **state)
{
	wbg_standard *std = load("standards/library/jep183-sic-vth.xml");
	double v;

	(void)state;
	assert_int_equal(wbg_standard_param_condition(&v, std, "VGSth_up", "VGS_pre", ctx),
	                 WBG_ERR_STATE);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "parameter VGSth_up needs the setting "
	                                            "precond_vgs_low"));
	assert_int_equal(wbg_standard_set(std, "precond_vgs_low", "-4 V", ctx), WBG_OK);
	assert_int_equal(wbg_standard_set(std, "precond_time", "100 ms", ctx), WBG_OK);
	assert_int_equal(wbg_standard_param_condition(&v, std, "VGSth_up", "VGS_pre", ctx), WBG_OK);
	assert_double_exact(v, -4.0);
	assert_int_equal(wbg_standard_param_condition(&v, std, "VGSth_up", "t_pre", ctx), WBG_OK);
	assert_double_near(v, 0.1, 0, 1e-15);
	/* VGSth_hyst states no condition; an unknown parameter is named */
	assert_int_equal(wbg_standard_param_condition(&v, std, "VGSth_hyst", "ID", ctx),
	                 WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_standard_param_condition(&v, std, "NOPE", "ID", ctx), WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "no parameter NOPE"));
	wbg_standard_free(std);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_aecq101_htgb),
		cmocka_unit_test(test_demo_standard),
		cmocka_unit_test(test_param_condition),
	};
	return cmocka_run_group_tests_name("stdplan", tests, setup, teardown);
}
