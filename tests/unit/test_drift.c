/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Power-law drift fits against SciPy 1.10 (Debian python3-scipy), computed
 * by tests/reference/scipy/drift_ref.py (output quoted at each use), and a
 * noise-free closed form.
 */
#include "config.h"

#include <math.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static const double ts[9] = {10, 30, 100, 300, 1000, 3000, 10000, 30000, 100000};
#define TEN_YEARS (10 * 365.25 * 86400)

static void data(double *dv)
{
	size_t k;
	for (k = 0; k < 9; k++)
		dv[k] = 2e-3 * pow(ts[k], 0.18) * (1 + 0.03 * sin(2.7 * (double)k + 0.4));
}

static void test_loglog(void **state)
{
	double dv[9], m, lo, hi;
	wbg_drift_fit f;

	(void)state;
	data(dv);
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 9, WBG_DRIFT_LOGLOG, NULL), WBG_OK);
	/* SciPy linregress: n 0.179576165839 se 0.0024379785  lnA -6.21052265504 se 0.018281806 */
	assert_double_near(f.n, 0.179576165839, 1e-10, 0);
	assert_double_near(f.n_se, 0.0024379785, 1e-7, 0);
	assert_double_near(log(f.a), -6.21052265504, 1e-10, 0);
	assert_double_near(sqrt(f.var_p0), 0.018281806, 1e-7, 0);
	/* SciPy: loglog 10y 0.06745913757 [0.06351910906, 0.07164356221] (90 %) */
	assert_int_equal(wbg_drift_predict(&m, &lo, &hi, &f, TEN_YEARS, 0.9, NULL), WBG_OK);
	assert_double_near(m, 0.06745913757, 1e-9, 0);
	assert_double_near(lo, 0.06351910906, 1e-9, 0);
	assert_double_near(hi, 0.07164356221, 1e-9, 0);
}

static void test_lsq(void **state)
{
	double dv[9], m, lo, hi;
	wbg_drift_fit f;

	(void)state;
	data(dv);
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 9, WBG_DRIFT_LSQ, NULL), WBG_OK);
	/* SciPy curve_fit: A 0.001998824871 se 5.70334e-05  n 0.1801705476 se 0.00292138 */
	assert_double_near(f.a, 0.001998824871, 1e-8, 0);
	assert_double_near(f.a_se, 5.70334e-05, 1e-5, 0);
	assert_double_near(f.n, 0.1801705476, 1e-8, 0);
	assert_double_near(f.n_se, 0.00292138, 1e-5, 0);
	/* SciPy: lsq 10y 0.06793021051 [0.06405745413, 0.07180296688] */
	assert_int_equal(wbg_drift_predict(&m, &lo, &hi, &f, TEN_YEARS, 0.9, NULL), WBG_OK);
	assert_double_near(m, 0.06793021051, 1e-8, 0);
	assert_double_near(lo, 0.06405745413, 1e-6, 0);
	assert_double_near(hi, 0.07180296688, 1e-6, 0);
}

/* Exact power law: both methods return A and n; the interval collapses. */
static void test_exact(void **state)
{
	double dv[9], m, lo, hi;
	wbg_drift_fit f;
	size_t k;

	(void)state;
	for (k = 0; k < 9; k++)
		dv[k] = 5e-3 * pow(ts[k], 0.25);
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 9, WBG_DRIFT_LOGLOG, NULL), WBG_OK);
	assert_double_near(f.n, 0.25, 1e-12, 0);
	assert_double_near(f.a, 5e-3, 1e-11, 0);
	assert_int_equal(wbg_drift_predict(&m, &lo, &hi, &f, 1e8, 0.95, NULL), WBG_OK);
	assert_double_near(m, 5e-3 * 100.0, 1e-10, 0);
	assert_double_near(hi - lo, 0.0, 0, 1e-9);
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 9, WBG_DRIFT_LSQ, NULL), WBG_OK);
	assert_double_near(f.n, 0.25, 1e-9, 0);
	dv[3] = -1e-3;
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 9, WBG_DRIFT_LOGLOG, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_drift_fit_power(&f, ts, dv, 2, WBG_DRIFT_LSQ, NULL), WBG_ERR_INSUFFICIENT_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_loglog),
		cmocka_unit_test(test_lsq),
		cmocka_unit_test(test_exact),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
