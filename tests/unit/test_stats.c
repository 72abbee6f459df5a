/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Capability indices, quantiles and outlier fences, control-chart run rules. */
#include "config.h"

#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_capability(void **state)
{
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	wbg_capability c;

	(void)state;
	/* s = 3.0276503540974917 (NumPy std(ddof=1)); Cp = 12/6s, Cpk = 5.5/3s. */
	assert_int_equal(wbg_capability_compute(&c, x, 10, 0.0, 12.0, NULL), WBG_OK);
	assert_double_near(c.sd, 3.0276503540974917, 1e-14, 0);
	assert_double_near(c.cp.value, 0.6605782590758164, 1e-14, 0);
	assert_double_near(c.cpk.value, 0.6055300708194984, 1e-14, 0);
	/* Bissell (1990): u(Cpk) = √(1/9n + Cpk²/2(n−1)). */
	assert_double_near(c.cpk.u, sqrt(1.0 / 90 + 0.6055300708194984 * 0.6055300708194984 / 18),
	                   1e-14, 0);
	assert_double_near(c.cp.u, 0.6605782590758164 / sqrt(18.0), 1e-14, 0);
	/* One-sided: only the upper limit, Cpu = (12 − 5.5)/3s. */
	assert_int_equal(wbg_capability_compute(&c, x, 10, NAN, 12.0, NULL), WBG_OK);
	assert_true(isnan(c.cp.value));
	assert_double_near(c.cpk.value, 6.5 / (3 * 3.0276503540974917), 1e-14, 0);
	assert_int_equal(wbg_capability_compute(&c, x, 10, 5, 4, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_capability_compute(&c, x, 1, 0, 12, NULL), WBG_ERR_INSUFFICIENT_DATA);
}

static void test_outliers(void **state)
{
	const double x[] = {7, 2, 100, 4, 5, 6, 1, 8, 9, 3};
	const double sorted[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 100};
	unsigned char f[10];
	wbg_outlier_limits l;
	size_t i;

	(void)state;
	/* NumPy percentile (linear, = Hyndman–Fan 7): 3.25, 5.5, 7.75. */
	assert_double_near(wbg_stats_quantile_sorted(sorted, 10, 0.25), 3.25, 1e-15, 0);
	assert_double_near(wbg_stats_quantile_sorted(sorted, 10, 0.5), 5.5, 1e-15, 0);
	assert_double_near(wbg_stats_quantile_sorted(sorted, 10, 1.0), 100, 1e-15, 0);
	/* Tukey fences 3.25 − 1.5·4.5 = −3.5 and 7.75 + 6.75 = 14.5: only 100 is out. */
	assert_int_equal(wbg_outlier_screen(&l, f, x, 10, WBG_OUTLIER_TUKEY, 1.5, NULL, NULL), WBG_OK);
	assert_double_near(l.low, -3.5, 1e-15, 0);
	assert_double_near(l.high, 14.5, 1e-15, 0);
	assert_int_equal(l.n_out, 1);
	for (i = 0; i < 10; i++)
		assert_int_equal(f[i], i == 2);
	/* AEC-Q001 style: median ± 6·IQR/1.3489795 = 5.5 ± 20.0151. */
	assert_int_equal(wbg_outlier_screen(&l, f, x, 10, WBG_OUTLIER_ROBUST, 6, NULL, NULL), WBG_OK);
	assert_double_near(l.high, 5.5 + 6 * 4.5 / 1.3489795003921634, 1e-14, 0);
	assert_int_equal(l.n_out, 1);
	assert_int_equal(wbg_outlier_screen(&l, f, x, 3, WBG_OUTLIER_ROBUST, 6, NULL, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
}

/* Apply the rules to x (centre 0, σ 1) and return the flags of point @p at. */
static uint32_t flags_at(const double *x, size_t n, size_t at)
{
	uint32_t f[32], any;
	assert_true(n <= 32);
	assert_int_equal(wbg_control_rules(f, &any, x, n, 0.0, 1.0, NULL), WBG_OK);
	return f[at];
}

static void test_control_rules(void **state)
{
	const double r1[] = {0.5, 3.5};
	const double r2[] = {0.5, 0.2, 0.3, 0.4, 0.1, 0.6, 0.5, 0.2, 0.3};
	const double r3[] = {0.0, 0.1, 0.2, 0.3, 0.4, 0.5};
	const double r5[] = {0.0, 2.5, 0.0, 2.5};
	const double r6[] = {1.5, 1.5, 0.0, 1.5, 1.5};
	const double r8[] = {1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5};
	double r4[14], r7[15];
	size_t i;

	(void)state;
	/* Each sequence is built to complete exactly one pattern on its last point
	 * (Nelson 1984, Montgomery 5.3.6). */
	assert_int_equal(flags_at(r1, 2, 1), WBG_NELSON_1 | WBG_WECO_1);
	assert_int_equal(flags_at(r1, 2, 0), 0);
	assert_int_equal(flags_at(r2, 9, 8), WBG_NELSON_2 | WBG_WECO_4);
	assert_int_equal(flags_at(r2, 9, 7), WBG_WECO_4);
	assert_int_equal(flags_at(r3, 6, 5), WBG_NELSON_3);
	assert_int_equal(flags_at(r3, 6, 4), 0);
	for (i = 0; i < 14; i++)
		r4[i] = (i % 2) ? -0.5 : 0.5;
	assert_int_equal(flags_at(r4, 14, 13), WBG_NELSON_4);
	assert_int_equal(flags_at(r4, 14, 12), 0);
	assert_int_equal(flags_at(r5, 4, 3), WBG_NELSON_5 | WBG_WECO_2);
	assert_int_equal(flags_at(r6, 5, 4), WBG_NELSON_6 | WBG_WECO_3);
	for (i = 0; i < 15; i++)
		r7[i] = (i % 3) * 0.1;
	assert_int_equal(flags_at(r7, 15, 14), WBG_NELSON_7);
	assert_int_equal(flags_at(r7, 15, 13), 0);
	assert_int_equal(flags_at(r8, 8, 7), WBG_NELSON_8);
	assert_int_equal(wbg_control_rules((uint32_t[1]){0}, NULL, r1, 1, 0.0, 0.0, NULL),
	                 WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capability),
		cmocka_unit_test(test_outliers),
		cmocka_unit_test(test_control_rules),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
