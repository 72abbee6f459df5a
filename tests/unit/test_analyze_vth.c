/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze vth, run as a child process on CSV text fed through standard input. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "run_prog.h"
#include "wbg_test.h"

#define RUN(res, stdin_text, ...) PROG_RUN(res, stdin_text, 30, __VA_ARGS__)


/* Id = 1 nA·10^(Vgs/0.1 V): 1 mA at exactly 0.6 V (log interpolation is exact). */
static const char exp_curve[] = "# subthreshold, 100 mV/dec\n"
                                "VG,ID,IG\n"
                                "0.0,1e-9,0\n0.1,1e-8,0\n0.2,1e-7,0\n0.3,1e-6,0\n"
                                "0.4,1e-5,0\n0.5,1e-4,0\n0.6,1e-3,0\n0.7,1e-2,0\n";

static double json_field(const char *json, const char *key)
{
	const char *p = strstr(json, key);
	assert_non_null(p);
	p = strchr(p, ':');
	assert_non_null(p);
	return strtod(p + 1, NULL);
}

static void test_cc(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "1mA", "--vgs", "VG", "--id",
	    "ID", "-");
	prog_expect(&r, 0, "Vth = 0.6 V", NULL);
	prog_result_free(&r);
	/* 10 mA/mm over a 0.1 mm gate is 1 mA; 1 % gain accuracy gives
	 * u = 0.01/√3 / (ln 10/0.1 V) = 2.5074e-4 V (law of propagation). */
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "10 mA/mm", "--width",
	    "0.1mm", "--vgs", "VG", "--id", "ID", "--id-gain", "1%", "--json", "-");
	prog_expect(&r, 0, "\"method\": \"cc\"", NULL);
	assert_double_near(json_field(r.out, "\"vth_V\""), 0.6, 0, 1e-9);
	assert_double_near(json_field(r.out, "\"u_V\""), 0.01 / sqrt(3.0) / (log(10.0) / 0.1), 1e-6, 0);
	assert_double_near(json_field(r.out, "\"k\""), 1.959964, 1e-6, 0);
	prog_result_free(&r);
	/* Reading noise of 10 µA at the 1 mA crossing: u = 1e-5/(1e-3·ln10/0.1 V). */
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "1mA", "--vgs", "VG", "--id",
	    "ID", "--id-noise", "10uA", "--json", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_field(r.out, "\"u_V\""), 1e-2 / (log(10.0) / 0.1), 1e-6, 0);
	prog_result_free(&r);
}

static void test_down_sweep(void **state)
{
	struct prog_result r;

	(void)state;
	/* The same exponential, high to low: still 0.6 V at 1 mA. */
	RUN(r, "vgs,id\n0.7,1e-2\n0.6,1e-3\n0.5,1e-4\n0.4,1e-5\n0.3,1e-6\n", "analyze", "vth",
	    "--method", "cc", "--icrit", "1 mA", "--json", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_field(r.out, "\"vth_V\""), 0.6, 0, 1e-9);
	prog_result_free(&r);
}

static void test_per_area_and_p_channel(void **state)
{
	struct prog_result r;

	(void)state;
	/* 10 µA/mm² over 10 mm² is 100 µA, reached at 0.5 V on exp_curve. */
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "10 uA/mm^2", "--area",
	    "10 mm^2", "--vgs", "VG", "--id", "ID", "--json", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_field(r.out, "\"vth_V\""), 0.5, 0, 1e-9);
	assert_double_near(json_field(r.out, "\"icrit_A\""), 1e-4, 1e-9, 0);
	prog_result_free(&r);
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "10 uA/mm^2", "--vgs", "VG",
	    "--id", "ID", "-");
	prog_expect(&r, 2, NULL, "give --area too");
	prog_result_free(&r);
	/* The mirror image of exp_curve: Vth = −0.6 V at −1 mA. */
	RUN(r, "vgs,id\n0,-1e-9\n-0.2,-1e-7\n-0.4,-1e-5\n-0.6,-1e-3\n-0.8,-1e-1\n", "analyze",
	    "vth", "--p-channel", "--method", "cc", "--icrit", "1mA", "--json", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_field(r.out, "\"vth_V\""), -0.6, 0, 1e-9);
	prog_result_free(&r);
}

static void test_gm_max_saturation(void **state)
{
	struct prog_result r;
	char csv[4096], *p = csv;
	int i;

	(void)state;
	/* Square law Id = 0.5 (Vgs − 1.23)²: √Id extrapolates to 1.23 V exactly. */
	p += sprintf(p, "vgs,id\n");
	for (i = 0; i <= 40; i++) {
		double v = 0.1 * i;
		p += sprintf(p, "%.17g,%.17g\n", v, v > 1.23 ? 0.5 * (v - 1.23) * (v - 1.23) : 0.0);
	}
	RUN(r, csv, "analyze", "vth", "--method", "gm-max", "--saturation", "--json", "-");
	prog_expect(&r, 0, "\"gm_max\"", NULL);
	assert_double_near(json_field(r.out, "\"vth_V\""), 1.23, 0, 1e-9);
	prog_result_free(&r);
}

static void test_errors(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, "vgs,id\n0,1\n1,oops\n", "analyze", "vth", "-");
	prog_expect(&r, 2, NULL, "-:3: column 2 ('id') is 'oops'");
	prog_result_free(&r);
	RUN(r, exp_curve, "analyze", "vth", "-");
	prog_expect(&r, 2, NULL, "no column 'vgs'");
	prog_result_free(&r);
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--vgs", "VG", "--id", "ID", "-");
	prog_expect(&r, 2, NULL, "--icrit");
	prog_result_free(&r);
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "1 V", "--vgs", "VG", "--id",
	    "ID", "-");
	prog_expect(&r, 2, NULL, "is not a current");
	prog_result_free(&r);
	RUN(r, exp_curve, "analyze", "vth", "--method", "cc", "--icrit", "1 A", "--vgs", "VG", "--id",
	    "ID", "-");
	prog_expect(&r, 2, NULL, "never rises through 1 A");
	prog_result_free(&r);
	RUN(r, NULL, "analyze", "vth", "/nonexistent/file.csv");
	prog_expect(&r, 3, NULL, "/nonexistent/file.csv: cannot open");
	prog_result_free(&r);
	RUN(r, NULL, "analyze", "vth", "--method", "xx", "f");
	prog_expect(&r, 2, NULL, "use cc, gm-max, sd or y");
	prog_result_free(&r);
	RUN(r, NULL, "analyze", "vth", "--help");
	prog_expect(&r, 0, "usage: wbg analyze vth", NULL);
	assert_non_null(strstr(r.out, "Exit status"));
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cc),
		cmocka_unit_test(test_gm_max_saturation),
		cmocka_unit_test(test_down_sweep),
		cmocka_unit_test(test_per_area_and_p_channel),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
