/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accelerated-life regression against SciPy 1.10 (Debian python3-scipy) by
 * tests/reference/scipy/alt_ref.py (output quoted at each use), and closed
 * forms of the acceleration laws.
 */
#include "config.h"

#include <math.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static const double times[30] = {820, 1010, 1260, 1450, 1730, 1900, 2000, 2000, 2000, 2000,
                                 310, 420,  505,  590,  660,  740,  830,  960,  1110, 1320,
                                 95,  140,  170,  205,  230,  260,  300,  345,  400,  480};

static void data(wbg_life_obs *o, double *temp_k)
{
	size_t i;
	for (i = 0; i < 30; i++) {
		o[i].t_s = times[i] * 3600.0;
		o[i].t_hi_s = 0;
		o[i].cens = (i >= 6 && i < 10) ? WBG_LIFE_RIGHT : WBG_LIFE_EXACT;
		o[i].count = 1;
		temp_k[i] = i < 10 ? 423.15 : i < 20 ? 448.15 : 473.15;
	}
}

static void test_arrhenius_weibull(void **state)
{
	wbg_life_obs o[30];
	double tk[30], ea, se, af, lo, hi, eta;
	wbg_alt_fit f;
	wbg_life_fit use;

	(void)state;
	data(o, tk);
	assert_int_equal(wbg_alt_fit_mle(&f, o, tk, 30, WBG_ALT_ARRHENIUS, WBG_LIFE_WEIBULL, NULL), WBG_OK);
	assert_int_equal(f.n_levels, 3);
	/* SciPy: b0 -10.83391405 b1(Ea eV) 0.6756641863 sigma 0.3885812465 loglik -182.8961896
	 * (in hours; our times are in seconds: b0 + ln 3600, loglik - 26 ln 3600) */
	assert_int_equal(wbg_alt_param(&ea, &se, &f, NULL), WBG_OK);
	assert_double_near(ea, 0.6756641863, 1e-7, 0);
	assert_double_near(f.b0, -10.83391405 + log(3600.0), 1e-7, 0);
	assert_double_near(f.sigma, 0.3885812465, 1e-7, 0);
	assert_double_near(f.loglik, -182.8961896 - 26 * log(3600.0), 1e-9, 0);
	/* se b0 1.92328 se Ea 0.0745817 se sigma 0.0593045 */
	assert_double_near(se, 0.0745817, 1e-4, 0);
	assert_double_near(sqrt(f.cov[0][0]), 1.92328, 1e-4, 0);
	assert_double_near(sqrt(f.cov[2][2]), 0.0593045, 1e-4, 0);
	/* eta at 125 degC 7037.858323 h, AF(125 vs 175 degC) 8.999246282 */
	assert_int_equal(wbg_alt_life_at(&use, &f, 398.15, NULL), WBG_OK);
	assert_double_near(exp(use.mu) / 3600.0, 7037.858323, 1e-6, 0);
	assert_int_equal(wbg_alt_accel_factor(&af, &lo, &hi, &f, 398.15, 448.15, 0.9, NULL), WBG_OK);
	assert_double_near(af, 8.999246282, 1e-6, 0);
	/* Closed form of the Fisher bound on ln AF: b1 dx +- z se(b1) dx. */
	{
		double dx = 1 / (WBG_ALT_K_EV * 398.15) - 1 / (WBG_ALT_K_EV * 448.15);
		assert_double_near(hi, af * exp(wbg_life_zcrit(0.9) * sqrt(f.cov[1][1]) * dx), 1e-12, 0);
		assert_double_near(lo * hi, af * af, 1e-12, 0);
	}
	/* SciPy profile: LR 90% Ea bounds 0.55699026 0.80906518 */
	assert_int_equal(wbg_alt_param_bounds(&lo, &hi, &f, 0.9, WBG_LIFE_LR, o, tk, 30, NULL), WBG_OK);
	assert_double_near(lo, 0.55699026, 1e-6, 0);
	assert_double_near(hi, 0.80906518, 1e-6, 0);
	assert_int_equal(wbg_alt_param_bounds(&lo, &hi, &f, 0.9, WBG_LIFE_FISHER, NULL, NULL, 0, NULL), WBG_OK);
	assert_double_near(hi - lo, 2 * wbg_life_zcrit(0.9) * se, 1e-12, 0);
	/* B10 at use conditions with Fisher bounds around it. */
	assert_int_equal(wbg_life_percentile(&eta, &lo, &hi, &use, 0.10, 0.9, WBG_LIFE_FISHER, NULL, 0, NULL), WBG_OK);
	assert_true(lo < eta && eta < hi);
	assert_double_near(eta, exp(use.mu + log(-log(0.9)) * use.sigma), 1e-12, 0);
}

/* Noise-free lives that follow each law exactly (every unit failing at
 * its level's characteristic time, lognormal with sigma -> the spread
 * chosen): the fitted law parameter is recovered. */
static void test_laws_recovered(void **state)
{
	const struct {
		wbg_alt_model m;
		double s[3], truth;
	} cases[] = {
		{WBG_ALT_POWER, {600, 800, 1000}, 7.5},       /* t = A / V^7.5 */
		{WBG_ALT_E, {8e8, 9e8, 1e9}, 3.0e-8},         /* t = A exp(-gamma E), gamma 3 cm/MV */
		{WBG_ALT_INV_E, {8e8, 9e8, 1e9}, 2.0e10},     /* t = A exp(G / E), G 200 MV/cm */
		{WBG_ALT_EYRING, {400, 450, 500}, 0.9},       /* t = (A/T) exp(0.9 eV / kT) */
	};
	/* Fixed standardised spread of the lives around each level's median. */
	const double zz[5] = {-1.2, -0.5, 0.0, 0.5, 1.2};
	size_t c;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		wbg_life_obs o[15];
		double st[15], v, se;
		wbg_alt_fit f;
		size_t l, k;
		for (l = 0; l < 3; l++) {
			double s = cases[c].s[l], mu;
			if (cases[c].m == WBG_ALT_POWER)
				mu = 60.0 - cases[c].truth * log(s);
			else if (cases[c].m == WBG_ALT_E)
				mu = 40.0 - cases[c].truth * s;
			else if (cases[c].m == WBG_ALT_INV_E)
				mu = -5.0 + cases[c].truth / s;
			else
				mu = -10.0 + cases[c].truth / (WBG_ALT_K_EV * s) - log(s);
			for (k = 0; k < 5; k++) {
				o[5 * l + k].t_s = exp(mu + 0.3 * zz[k]);
				o[5 * l + k].t_hi_s = 0;
				o[5 * l + k].cens = WBG_LIFE_EXACT;
				o[5 * l + k].count = 1;
				st[5 * l + k] = s;
			}
		}
		/* With the same standardised residuals at every level, the
		 * lognormal MLE of the slope is exactly the law's parameter. */
		assert_int_equal(wbg_alt_fit_mle(&f, o, st, 15, cases[c].m, WBG_LIFE_LOGNORMAL, NULL), WBG_OK);
		assert_int_equal(wbg_alt_param(&v, &se, &f, NULL), WBG_OK);
		assert_double_near(v, cases[c].truth, 1e-7, 0);
		/* The LR interval is in the reported parameter's sign (n, gamma flip b1). */
		{
			double lo, hi;
			assert_int_equal(wbg_alt_param_bounds(&lo, &hi, &f, 0.9, WBG_LIFE_LR, o, st, 15, NULL), WBG_OK);
			assert_true(lo < v && v < hi);
		}
		/* and sigma is the population sd of 0.3 * zz: 0.3 * sqrt(3.38 / 5) */
		assert_double_near(f.sigma, 0.3 * sqrt((1.44 + 0.25 + 0 + 0.25 + 1.44) / 5), 1e-7, 0);
	}
}

static void test_bad(void **state)
{
	wbg_life_obs o[30];
	double tk[30];
	wbg_alt_fit f;
	size_t i;

	(void)state;
	data(o, tk);
	for (i = 0; i < 30; i++)
		tk[i] = 423.15;
	assert_int_equal(wbg_alt_fit_mle(&f, o, tk, 30, WBG_ALT_ARRHENIUS, WBG_LIFE_WEIBULL, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
	tk[3] = -1;
	assert_int_equal(wbg_alt_fit_mle(&f, o, tk, 30, WBG_ALT_ARRHENIUS, WBG_LIFE_WEIBULL, NULL), WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arrhenius_weibull),
		cmocka_unit_test(test_laws_recovered),
		cmocka_unit_test(test_bad),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
