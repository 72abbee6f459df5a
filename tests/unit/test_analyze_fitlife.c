/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze life / drift / spectrum / alt, run as a child process. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "run_prog.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define RUN(res, stdin_text, ...) PROG_RUN(res, stdin_text, 60, __VA_ARGS__)


/* The value following "key": in a flat JSON text. */
static double json_num(const char *json, const char *key)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(json, pat);
	assert_non_null(p);
	return strtod(p + strlen(pat), NULL);
}

/* NIST/SEMATECH e-Handbook sec. 8.4.1.3: 10 failures, 10 suspensions at 500 h. */
static const char nist_csv[] = "unit,time,status\n"
                               "a,54,1\nb,187,1\nc,216,1\nd,240,1\ne,244,1\n"
                               "f,335,1\ng,361,1\nh,373,1\ni,375,1\nj,386,1\n"
                               "# ten units removed unfailed\n"
                               "k,500,0\nl,500,0\nm,500,0\nn,500,0\no,500,0\n"
                               "p,500,0\nq,500,0\nr,500,0\ns,500,0\nt,500,0\n";

static void test_life_weibull_json(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, nist_csv, "analyze", "life", "--json", "-");
	prog_expect(&r, 0, "\"dist\":\"weibull\"", NULL);
	/* Handbook: eta 606.528 (to its converged digits), beta 1.7208, log-likelihood -75.135 */
	assert_double_near(json_num(r.out, "eta"), 606.528, 0, 0.0005);
	assert_double_near(json_num(r.out, "beta"), 1.7208, 0, 0.00005);
	assert_double_near(json_num(r.out, "loglik"), -75.135, 0, 0.0005);
	prog_result_free(&r);

	/* The same in minutes: eta scales, beta and the bounds' shape do not;
	 * the log-likelihood shifts by -10 ln 60 (ten densities per minute). */
	RUN(r, "time,status\n3240,1\n11220,1\n12960,1\n14400,1\n14640,1\n20100,1\n21660,1\n22380,1\n22500,1\n"
	       "23160,1\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n30000,0\n",
	    "analyze", "life", "--json", "--unit", "min", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_num(r.out, "eta"), 606.527558 * 60, 1e-8, 0);
	assert_double_near(json_num(r.out, "loglik"), -75.13461816 - 10 * log(60.0), 1e-8, 0);
	prog_result_free(&r);
}

static void test_life_lognormal_lr(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, nist_csv, "analyze", "life", "--dist", "lognormal", "--json", "-");
	prog_expect(&r, 0, "\"dist\":\"lognormal\"", NULL);
	/* SciPy (tests/reference/scipy/life_ref.py): mu 6.226015059 sigma 0.9089140163 */
	assert_double_near(json_num(r.out, "mu"), 6.226015059, 1e-7, 0);
	assert_double_near(json_num(r.out, "sigma"), 0.9089140163, 1e-7, 0);
	prog_result_free(&r);

	RUN(r, nist_csv, "analyze", "life", "--bounds", "lr", "--json", "-");
	prog_expect(&r, 0, "\"bound_method\":\"lr\"", NULL);
	/* SciPy: weibull LR 90% B10 bounds 74.833575 254.76183; beta 1.014647 2.6734502 */
	assert_non_null(strstr(r.out, "\"beta\":[1.01464"));
	assert_non_null(strstr(r.out, "\"lo\":74.8335"));
	prog_result_free(&r);

	/* Plot points: with the 10 suspensions after every failure, the ranks
	 * are 1..10 and Bernard's F = (i - 0.3) / 20.4. */
	RUN(r, nist_csv, "analyze", "life", "--plot", "-");
	prog_expect(&r, 0, "time_h,median_rank,fitted_F\n54,0.034314,", NULL);
	assert_non_null(strstr(r.out, "386,0.475490,"));
	prog_result_free(&r);
	RUN(r, nist_csv, "analyze", "life", "-");
	prog_expect(&r, 0, "beta   1.7208", NULL);
	assert_non_null(strstr(r.out, "B10"));
	prog_result_free(&r);
}

static void test_life_weibull3(void **state)
{
	struct prog_result r;

	(void)state;
	/* tests/reference/scipy/weibull3_ref.py: beta 1.470053858 eta 750.3073138 gamma 757.6529105 */
	RUN(r, "time,status,count\n793.73650025053894,1,1\n922.10866186914154,1,1\n1020.841831969858,1,1\n"
	       "1091.5373693584825,1,1\n1174.4659226917738,1,1\n1225.3560992858856,1,1\n1310.6939591988021,1,1\n"
	       "1349.5302258690399,1,1\n1446.1760293090986,1,1\n1477.403546012782,1,1\n1594.5592298355864,1,1\n"
	       "1624.9467860839218,1,1\n1800,0,3\n",
	    "analyze", "life", "--dist", "weibull3", "--json", "-");
	prog_expect(&r, 0, "\"dist\":\"weibull3\"", NULL);
	assert_double_near(json_num(r.out, "gamma"), 757.6529105, 1e-6, 0);
	assert_double_near(json_num(r.out, "beta"), 1.470053858, 1e-6, 0);
	prog_result_free(&r);
	RUN(r, nist_csv, "analyze", "life", "--dist", "weibull3", "--bounds", "lr", "-");
	prog_expect(&r, 2, NULL, NULL);
	prog_result_free(&r);
}

static void test_life_interval(void **state)
{
	struct prog_result r;

	(void)state;
	/* SciPy: interval weibull mu 6.35711873 sigma 0.4799274719 */
	RUN(r, "time_lo,time_hi,count\n,200,1\n200,300,4\n300,400,5\n500,,10\n", "analyze", "life", "--json", "-");
	prog_expect(&r, 0, NULL, NULL);
	assert_double_near(json_num(r.out, "eta"), exp(6.35711873), 1e-7, 0);
	assert_double_near(json_num(r.out, "beta"), 1 / 0.4799274719, 1e-7, 0);
	prog_result_free(&r);
}

static void test_life_errors(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "analyze", "life", "--help");
	prog_expect(&r, 0, "usage: wbg analyze life", NULL);
	assert_non_null(strstr(r.out, "Examples:"));
	prog_result_free(&r);
	RUN(r, NULL, "analyze", "--help");
	prog_expect(&r, 0, "usage: wbg analyze NAME", NULL);
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n200,2\n", "analyze", "life", "-");
	prog_expect(&r, 2, NULL, "-:3: status must be 1");
	prog_result_free(&r);
	RUN(r, "t,s\n100,1\n", "analyze", "life", "-");
	prog_expect(&r, 2, NULL, "needs columns 'time' and 'status'");
	prog_result_free(&r);
	RUN(r, "t,s\n100,1\n200,0\n", "analyze", "life", "--time-col", "t", "--status-col", "s", "-");
	prog_expect(&r, 2, NULL, "two different times");
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n", "analyze", "life", "--dist", "gamma", "-");
	prog_expect(&r, 2, NULL, "--dist takes weibull, weibull3, lognormal or exponential, not 'gamma'");
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n", "analyze", "life", "--bounds", "wald", "-");
	prog_expect(&r, 2, NULL, "--bounds takes fisher or lr, not 'wald'");
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n", "analyze", "life", "--confidence", "1", "-");
	prog_expect(&r, 2, NULL, "--confidence takes a level between 0 and 1 (e.g. 0.9), not '1'");
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n", "analyze", "life", "--confidence", "0.9x", "-");
	prog_expect(&r, 2, NULL, "not '0.9x'");
	prog_result_free(&r);
	RUN(r, "time,status\n100,1\n", "analyze", "life", "--unit", "V", "-");
	prog_expect(&r, 2, NULL, "not a time unit");
	prog_result_free(&r);
	RUN(r, NULL, "analyze", "life", "/nonexistent/x.csv");
	prog_expect(&r, 3, NULL, "cannot open");
	prog_result_free(&r);
}

/* The GaN-like spectrum of tests/reference/scipy/spectrum_ref.py, piped as
 * CSV with the rows in reverse order (the command sorts them). */
static void test_spectrum(void **state)
{
	enum { N = 512 };
	size_t cap = 64 * N, len = 0, i;
	char *csv = malloc(cap);
	struct prog_result r;

	(void)state;
	assert_non_null(csv);
	len += (size_t)snprintf(csv + len, cap - len, "energy_ev,counts\n");
	for (i = N; i-- > 0;) {
		double di = (double)i, x = 1.8 + (3.7 - 1.8) * di / (N - 1);
		double y = 0.05 + 0.01 * (x - 2.75) + 0.8 * wbg_peak_profile(WBG_PEAK_VOIGT, x - 2.2, 0.40, 0.10) +
		           0.2 * wbg_peak_profile(WBG_PEAK_VOIGT, x - 3.42, 0.04, 0.03) +
		           0.004 * sin(37.1 * di) * cos(11.3 * di * di / N);
		len += (size_t)snprintf(csv + len, cap - len, "%.17g,%.17g\n", x, y);
	}
	RUN(r, csv, "analyze", "spectrum", "--peaks", "2", "--shape", "voigt", "--ratio", "1:2", "--json", "-");
	prog_expect(&r, 0, "\"shape\":\"voigt\"", NULL);
	/* SciPy: ratio YL/NBE 4.001505744 se 0.0089115; rss 0.001933851416 */
	assert_double_near(json_num(r.out, "value"), 4.001505744, 1e-7, 0);
	assert_double_near(json_num(r.out, "rss"), 0.001933851416, 1e-7, 0);
	prog_result_free(&r);
	RUN(r, csv, "analyze", "spectrum", "--peaks", "2", "--shape", "voigt", "-");
	prog_expect(&r, 0, "Lorentzian FWHM 0.101451", NULL);
	prog_result_free(&r);
	RUN(r, "x,y\n1,2\n2,x\n", "analyze", "spectrum", "-");
	prog_expect(&r, 2, NULL, "-:3: x and intensity must be numbers");
	prog_result_free(&r);
	RUN(r, csv, "analyze", "spectrum", "--shape", "sinc", "-");
	prog_expect(&r, 2, NULL, "--shape takes");
	prog_result_free(&r);
	free(csv);
}

/* The BTI-like readouts of tests/reference/scipy/drift_ref.py, in hours. */
static void test_drift(void **state)
{
	static const double ts[9] = {10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000};
	char csv[2048];
	size_t len = 0, k;
	struct prog_result r;

	(void)state;
	len += (size_t)snprintf(csv + len, sizeof(csv) - len, "time,dvth\n0,0\n");
	for (k = 0; k < 9; k++)
		len += (size_t)snprintf(csv + len, sizeof(csv) - len, "%.17g,%.17g\n", ts[k] / 3600.0,
		                        2e-3 * pow(ts[k], 0.18) * (1 + 0.03 * sin(2.7 * (double)k + 0.4)));
	RUN(r, csv, "analyze", "drift", "--target", "10y", "--unit", "h", "--json", "-");
	prog_expect(&r, 0, "\"method\":\"loglog\"", NULL);
	/* SciPy: loglog 10y 0.06745913757 [0.06351910906, 0.07164356221] */
	assert_double_near(json_num(r.out, "drift"), 0.06745913757, 1e-8, 0);
	assert_double_near(json_num(r.out, "lo"), 0.06351910906, 1e-8, 0);
	assert_double_near(json_num(r.out, "hi"), 0.07164356221, 1e-8, 0);
	prog_result_free(&r);
	RUN(r, csv, "analyze", "drift", "--target", "10y", "--unit", "h", "--method", "lsq", "-");
	/* SciPy: lsq n 0.1801705476 */
	prog_expect(&r, 0, "n      0.180171", NULL);
	prog_result_free(&r);
	RUN(r, csv, "analyze", "drift", "-");
	prog_expect(&r, 2, NULL, "--target is required");
	prog_result_free(&r);
	RUN(r, csv, "analyze", "drift", "--target", "10V", "-");
	prog_expect(&r, 2, NULL, "--target takes a time");
	prog_result_free(&r);
}

/* The Arrhenius-Weibull test of tests/reference/scipy/alt_ref.py. */
static void test_alt(void **state)
{
	static const double times[30] = {820, 1010, 1260, 1450, 1730, 1900, 2000, 2000, 2000, 2000,
	                                 310, 420,  505,  590,  660,  740,  830,  960,  1110, 1320,
	                                 95,  140,  170,  205,  230,  260,  300,  345,  400,  480};
	char csv[2048];
	size_t len = 0, i;
	struct prog_result r;

	(void)state;
	len += (size_t)snprintf(csv + len, sizeof(csv) - len, "temp_c,time,status\n");
	for (i = 0; i < 30; i++)
		len += (size_t)snprintf(csv + len, sizeof(csv) - len, "%d,%g,%d\n", i < 10 ? 150 : i < 20 ? 175 : 200,
		                        times[i], (i >= 6 && i < 10) ? 0 : 1);
	RUN(r, csv, "analyze", "alt", "--model", "arrhenius", "--dist", "weibull", "--use", "125", "--json", "-");
	prog_expect(&r, 0, "\"model\":\"arrhenius\"", NULL);
	/* SciPy: Ea 0.6756641863 eV, sigma 0.3885812465, eta at 125 degC 7037.858323 h */
	assert_double_near(json_num(r.out, "Ea_eV"), 0.6756641863, 1e-7, 0);
	assert_double_near(json_num(r.out, "sigma"), 0.3885812465, 1e-7, 0);
	assert_double_near(json_num(r.out, "eta"), 7037.858323, 1e-6, 0);
	prog_result_free(&r);
	RUN(r, csv, "analyze", "alt", "-");
	prog_expect(&r, 0, "Ea_eV          0.675664", NULL);
	prog_result_free(&r);
	/* SciPy profile: LR 90% Ea bounds 0.55699026 0.80906518 */
	RUN(r, csv, "analyze", "alt", "--bounds", "lr", "--json", "-");
	prog_expect(&r, 0, "\"Ea_eV_bounds\":[0.55699", NULL);
	assert_non_null(strstr(r.out, ",0.80906"));
	prog_result_free(&r);
	/* Inverse power law, exact-law lognormal data: three units per level at
	 * ln t = 60 - 7.5 ln V + 0.3 z, z = -1, 0, 1; the slope is exactly n = 7.5
	 * (equal residual patterns at every level make it the least-squares slope). */
	{
		char p[1024];
		size_t pl = 0;
		int lv, k;
		static const double volts[3] = {600, 800, 1000};
		pl += (size_t)snprintf(p + pl, sizeof(p) - pl, "voltage,time,status\n");
		for (lv = 0; lv < 3; lv++)
			for (k = -1; k <= 1; k++)
				pl += (size_t)snprintf(p + pl, sizeof(p) - pl, "%g,%.17g,1\n", volts[lv],
				                       exp(60.0 - 7.5 * log(volts[lv]) + 0.3 * k) / 3600.0);
		RUN(r, p, "analyze", "alt", "--model", "power", "--dist", "lognormal", "--json", "-");
		prog_expect(&r, 0, "\"model\":\"power\"", NULL);
		assert_double_near(json_num(r.out, "n"), 7.5, 1e-7, 0);
		prog_result_free(&r);
	}
	RUN(r, "time,status\n1,1\n", "analyze", "alt", "-");
	prog_expect(&r, 2, NULL, "needs columns time, status and a stress column");
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_life_weibull_json),
		cmocka_unit_test(test_life_lognormal_lr),
		cmocka_unit_test(test_life_interval),
		cmocka_unit_test(test_life_weibull3),
		cmocka_unit_test(test_life_errors),
		cmocka_unit_test(test_spectrum),
		cmocka_unit_test(test_drift),
		cmocka_unit_test(test_alt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
