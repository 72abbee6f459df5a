/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Multi-peak spectrum fits. References: closed forms (Gaussian and
 * Lorentzian lines, the Voigt limits), SciPy 1.10 (Debian python3-scipy)
 * via tests/reference/scipy/spectrum_ref.py whose printed output is quoted
 * at each use, and Olivero & Longbothum, JQSRT 17 (1977) 233, who state
 * their FWHM formula is accurate to 0.02 %.
 */
#include "config.h"

#include <math.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define C_FWHM 2.3548200450309493 /* 2 sqrt(2 ln 2) */
#define M_PI 3.14159265358979323846

static void test_profiles(void **state)
{
	(void)state;
	/* Gaussian at its centre: 1 / (s sqrt(2 pi)); at half width: half of that. */
	assert_double_near(wbg_peak_profile(WBG_PEAK_GAUSSIAN, 0.0, 1.0, 0.0), C_FWHM / sqrt(2 * M_PI), 1e-14, 0);
	assert_double_near(wbg_peak_profile(WBG_PEAK_GAUSSIAN, 0.5, 1.0, 0.0), 0.5 * C_FWHM / sqrt(2 * M_PI), 1e-14, 0);
	/* Lorentzian: 2 / (pi f) at the centre, half of it at f/2. */
	assert_double_near(wbg_peak_profile(WBG_PEAK_LORENTZIAN, 0.0, 0.0, 0.2), 2 / (M_PI * 0.2), 1e-14, 0);
	assert_double_near(wbg_peak_profile(WBG_PEAK_LORENTZIAN, 0.1, 0.0, 0.2), 1 / (M_PI * 0.2), 1e-14, 0);
	/* SciPy: voigt_profile(0.3, 0.2, 0.1) = 0.677171381514384 (sigma 0.2, gamma 0.1);
	 * voigt_profile(-1.7, 0.5, 0.05) = 0.0105285371821097 */
	assert_double_near(wbg_peak_profile(WBG_PEAK_VOIGT, 0.3, 0.2 * C_FWHM, 0.2), 0.677171381514384, 1e-12, 0);
	assert_double_near(wbg_peak_profile(WBG_PEAK_VOIGT, -1.7, 0.5 * C_FWHM, 0.1), 0.0105285371821097, 1e-11, 0);
	/* Voigt -> Lorentzian as the Gaussian width vanishes. */
	assert_double_near(wbg_peak_profile(WBG_PEAK_VOIGT, 0.1, 1e-9, 0.2), 1 / (M_PI * 0.2), 1e-6, 0);
}

/* Olivero-Longbothum against the FWHM found numerically (bisection on the
 * line itself): within their stated 0.02 %. Limits are exact. */
static void test_voigt_fwhm(void **state)
{
	const double ratios[] = {0.1, 0.5, 1.0, 2.0, 10.0};
	size_t k;

	(void)state;
	assert_double_near(wbg_peak_voigt_fwhm(1.0, 0.0), 1.0, 1e-15, 0);
	assert_double_near(wbg_peak_voigt_fwhm(0.0, 1.0), 0.5346 + sqrt(0.2166), 1e-15, 0);
	for (k = 0; k < 5; k++) {
		double fg = 1.0, fl = ratios[k], half = 0.5 * wbg_peak_profile(WBG_PEAK_VOIGT, 0, fg, fl);
		double lo = 0, hi = 10 * (fg + fl);
		int i;
		for (i = 0; i < 200; i++) {
			double mid = 0.5 * (lo + hi);
			if (wbg_peak_profile(WBG_PEAK_VOIGT, mid, fg, fl) > half)
				lo = mid;
			else
				hi = mid;
		}
		assert_double_near(wbg_peak_voigt_fwhm(fg, fl), 2 * lo, 2e-4, 0);
	}
}

/* Noise-free Gaussians on a linear baseline: the fit returns the truth. */
static void test_gaussian_exact(void **state)
{
	double x[400], y[400];
	wbg_spectrum_fit f;
	size_t i;

	(void)state;
	for (i = 0; i < 400; i++) {
		x[i] = 1.5 + 2.5 * (double)i / 399;
		y[i] = 0.1 + 0.02 * (x[i] - 2.75) + 2.0 * wbg_peak_profile(WBG_PEAK_GAUSSIAN, x[i] - 2.2, 0.5, 0) +
		       0.5 * wbg_peak_profile(WBG_PEAK_GAUSSIAN, x[i] - 3.4, 0.08, 0);
	}
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, 400, 2, WBG_PEAK_GAUSSIAN, WBG_BASELINE_LINEAR, NULL, NULL),
	                 WBG_OK);
	assert_int_equal(f.npeaks, 2);
	assert_double_near(f.peaks[0].centre, 2.2, 1e-9, 0);
	assert_double_near(f.peaks[0].fwhm, 0.5, 1e-8, 0);
	assert_double_near(f.peaks[0].area, 2.0, 1e-8, 0);
	assert_double_near(f.peaks[1].centre, 3.4, 1e-9, 0);
	assert_double_near(f.peaks[1].fwhm, 0.08, 1e-8, 0);
	assert_double_near(f.peaks[1].area, 0.5, 1e-8, 0);
	assert_double_near(f.peaks[1].height, 0.5 * C_FWHM / (0.08 * sqrt(2 * M_PI)), 1e-8, 0);
	assert_double_near(f.base[0], 0.1, 1e-8, 0);
	assert_double_near(f.base[1], 0.02, 1e-7, 0);
	assert_true(f.rss < 1e-20);
}

static void test_lorentzian_exact(void **state)
{
	double x[300], y[300];
	wbg_spectrum_fit f;
	size_t i;

	(void)state;
	for (i = 0; i < 300; i++) {
		x[i] = (double)i / 299;
		y[i] = 3.0 + 0.7 * wbg_peak_profile(WBG_PEAK_LORENTZIAN, x[i] - 0.43, 0, 0.05);
	}
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, 300, 1, WBG_PEAK_LORENTZIAN, WBG_BASELINE_CONSTANT, NULL, NULL),
	                 WBG_OK);
	assert_double_near(f.peaks[0].centre, 0.43, 1e-9, 0);
	assert_double_near(f.peaks[0].fwhm_l, 0.05, 1e-8, 0);
	assert_double_near(f.peaks[0].area, 0.7, 1e-8, 0);
	assert_double_near(f.base[0], 3.0, 1e-9, 0);
}

/* The GaN-like two-band spectrum of spectrum_ref.py: yellow band near 2.2 eV
 * and near-band-edge 3.42 eV, Voigt lines, linear baseline, ripple noise. */
static void test_voigt_vs_scipy(void **state)
{
	enum { N = 512 };
	static double x[N], y[N];
	wbg_spectrum_fit f;
	double r, rse;
	size_t i;

	(void)state;
	for (i = 0; i < N; i++) {
		double di = (double)i;
		x[i] = 1.8 + (3.7 - 1.8) * di / (N - 1);
		y[i] = 0.05 + 0.01 * (x[i] - 2.75) + 0.8 * wbg_peak_profile(WBG_PEAK_VOIGT, x[i] - 2.2, 0.40, 0.10) +
		       0.2 * wbg_peak_profile(WBG_PEAK_VOIGT, x[i] - 3.42, 0.04, 0.03) +
		       0.004 * sin(37.1 * di) * cos(11.3 * di * di / N);
	}
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, N, 2, WBG_PEAK_VOIGT, WBG_BASELINE_LINEAR, NULL, NULL), WBG_OK);
	/* SciPy curve_fit:
	 * b0 0.04938480821 se 0.000612815; b1 0.01032668778 se 0.000701526
	 * A_yl 0.8016179013 se 0.00178055; c_yl 2.199957685 se 5.6508e-05
	 * fG_yl 0.399169148 se 0.00067847; fL_yl 0.1014513773 se 0.00137245
	 * A_nbe 0.2003290642 se 0.000128384; c_nbe 3.420010635 se 8.19724e-06
	 * fG_nbe 0.03985532108 se 7.73826e-05; fL_nbe 0.03016426656 se 8.4948e-05
	 * ratio YL/NBE 4.001505744 se 0.0089115; rss 0.001933851416 */
	assert_double_near(f.base[0], 0.04938480821, 1e-6, 0);
	assert_double_near(f.base[1], 0.01032668778, 1e-6, 0);
	assert_double_near(f.peaks[0].area, 0.8016179013, 1e-7, 0);
	assert_double_near(f.peaks[0].centre, 2.199957685, 1e-8, 0);
	assert_double_near(f.peaks[0].fwhm_g, 0.399169148, 1e-7, 0);
	assert_double_near(f.peaks[0].fwhm_l, 0.1014513773, 1e-6, 0);
	assert_double_near(f.peaks[1].area, 0.2003290642, 1e-7, 0);
	assert_double_near(f.peaks[1].centre, 3.420010635, 1e-8, 0);
	assert_double_near(f.peaks[1].fwhm_g, 0.03985532108, 1e-6, 0);
	assert_double_near(f.peaks[1].fwhm_l, 0.03016426656, 1e-6, 0);
	assert_double_near(f.rss, 0.001933851416, 1e-7, 0);
	/* Standard errors to the 6 digits SciPy printed (its Jacobian is by
	 * finite differences: compare to 1e-4). */
	assert_double_near(f.peaks[0].area_se, 0.00178055, 1e-4, 0);
	assert_double_near(f.peaks[0].centre_se, 5.6508e-05, 1e-4, 0);
	assert_double_near(f.peaks[0].fwhm_l_se, 0.00137245, 1e-4, 0);
	assert_double_near(f.peaks[1].fwhm_g_se, 7.73826e-05, 1e-4, 0);
	assert_double_near(f.base_se[0], 0.000612815, 1e-4, 0);
	assert_int_equal(wbg_spectrum_area_ratio(&r, &rse, &f, 0, 1, NULL), WBG_OK);
	assert_double_near(r, 4.001505744, 1e-7, 0);
	assert_double_near(rse, 0.0089115, 1e-4, 0);
	/* Voigt FWHM from the fitted widths (Olivero-Longbothum). */
	assert_double_near(f.peaks[1].fwhm, wbg_peak_voigt_fwhm(0.03985532108, 0.03016426656), 1e-6, 0);
	assert_true(f.peaks[1].fwhm_se > 0);
}

/* Two overlapping Lorentzians (their sum has one maximum) found from given
 * starting centres; noise-free, so the truth comes back. */
static void test_overlap_with_centres(void **state)
{
	double x[600], y[600], c0[2] = {2.9, 3.1};
	wbg_spectrum_fit f;
	size_t i;

	(void)state;
	for (i = 0; i < 600; i++) {
		x[i] = 2.0 + 2.0 * (double)i / 599;
		y[i] = 1.0 * wbg_peak_profile(WBG_PEAK_LORENTZIAN, x[i] - 2.95, 0, 0.2) +
		       0.6 * wbg_peak_profile(WBG_PEAK_LORENTZIAN, x[i] - 3.05, 0, 0.15);
	}
	assert_int_equal(
	    wbg_spectrum_fit_peaks(&f, x, y, 600, 2, WBG_PEAK_LORENTZIAN, WBG_BASELINE_NONE, c0, NULL), WBG_OK);
	assert_double_near(f.peaks[0].centre, 2.95, 1e-8, 0);
	assert_double_near(f.peaks[0].fwhm, 0.2, 1e-7, 0);
	assert_double_near(f.peaks[0].area, 1.0, 1e-7, 0);
	assert_double_near(f.peaks[1].centre, 3.05, 1e-8, 0);
	assert_double_near(f.peaks[1].fwhm, 0.15, 1e-7, 0);
	assert_double_near(f.peaks[1].area, 0.6, 1e-7, 0);
}

/* Two Gaussians on a linear baseline, 1000 points (not a multiple of the
 * fitting core's 64-row blocks), on a non-uniform grid (one exp per point)
 * and on a uniform one (the exp recurrence). Expected: SciPy curve_fit at
 * ftol = xtol = gtol = 1e-15 (tests/reference/scipy/spectrum_ref.py, last
 * section). Tolerances: 2e-7 relative (the fit stops at a relative decrease
 * of the sum of squares of 1e-13, a few 1e-5 standard errors from the
 * minimum); the slope, whose standard error is ~1e-4, to 1e-8 absolute. */
static void test_gaussian_grids(void **state)
{
	static const double want[2][8] = {
		{0.07010899623, 2.551437446e-05, 0.8999646417, 2.609999969, 0.1499961188, 0.5999187519, 3.199999338,
		 0.299973135},
		{0.07003391421, -3.147630616e-05, 0.8999870869, 2.610000068, 0.1499985745, 0.5999867329, 3.200000756,
		 0.2999956431},
	};
	static double x[1000], y[1000];
	wbg_spectrum_fit f;
	size_t i, k;

	(void)state;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < 1000; i++) {
			double t = (double)i / 999;
			x[i] = k == 0 ? 1.5 + 1.25 * t * t + 1.25 * t : 1.5 + 2.5 * t;
		}
		for (i = 0; i < 1000; i++)
			y[i] = 0.07 + 0.9 * wbg_peak_profile(WBG_PEAK_GAUSSIAN, x[i] - 2.61, 0.15, 0) +
			       0.6 * wbg_peak_profile(WBG_PEAK_GAUSSIAN, x[i] - 3.2, 0.3, 0) +
			       0.017 * sin(12.9898 * (double)(k + 1) * (double)i);
		assert_int_equal(
		    wbg_spectrum_fit_peaks(&f, x, y, 1000, 2, WBG_PEAK_GAUSSIAN, WBG_BASELINE_LINEAR, NULL, NULL), WBG_OK);
		assert_double_near(f.base[0], want[k][0], 2e-7, 0);
		assert_double_near(f.base[1], want[k][1], 0, 1e-8);
		assert_double_near(f.peaks[0].area, want[k][2], 2e-7, 0);
		assert_double_near(f.peaks[0].centre, want[k][3], 2e-7, 0);
		assert_double_near(f.peaks[0].fwhm, want[k][4], 2e-7, 0);
		assert_double_near(f.peaks[1].area, want[k][5], 2e-7, 0);
		assert_double_near(f.peaks[1].centre, want[k][6], 2e-7, 0);
		assert_double_near(f.peaks[1].fwhm, want[k][7], 2e-7, 0);
	}
}

static void test_bad(void **state)
{
	double x[5] = {1, 2, 3, 4, 5}, y[5] = {0, 1, 5, 1, 0};
	wbg_spectrum_fit f;

	(void)state;
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, 5, 0, WBG_PEAK_GAUSSIAN, WBG_BASELINE_NONE, NULL, NULL),
	                 WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, 5, 2, WBG_PEAK_GAUSSIAN, WBG_BASELINE_NONE, NULL, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
	x[3] = 2;
	assert_int_equal(wbg_spectrum_fit_peaks(&f, x, y, 5, 1, WBG_PEAK_GAUSSIAN, WBG_BASELINE_NONE, NULL, NULL),
	                 WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_profiles),       cmocka_unit_test(test_voigt_fwhm),
		cmocka_unit_test(test_gaussian_exact), cmocka_unit_test(test_lorentzian_exact),
		cmocka_unit_test(test_voigt_vs_scipy), cmocka_unit_test(test_bad),
		cmocka_unit_test(test_gaussian_grids), cmocka_unit_test(test_overlap_with_centres),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
