/* SPDX-License-Identifier: GPL-3.0-or-later */
/* C-V analysis on curves from the depletion approximation and known structures. */
#include "config.h"

#include "wbg/wbg.h"
#include "wbg_test.h"

#define NP 101

/* Schottky diode on uniformly doped n-type 4H-SiC, ε_r = 9.7, N = 1e16 cm⁻³,
 * 1 mm², V_bi = 1.5 V; V is the forward-positive bias, −10 .. 0 V:
 * C = A·√(qεN / (2(V_bi − V))) (Schroder 3rd ed., eq. 2.9 inverted). */
static const double eps_sic = 9.7 * WBG_EPS0, nd = 1e22, area = 1e-6, vbi = 1.5;

static void schottky(double *v, double *c)
{
	size_t i;
	for (i = 0; i < NP; i++) {
		v[i] = -10.0 + 0.1 * (double)i;
		c[i] = area * sqrt(WBG_Q * eps_sic * nd / (2 * (vbi - v[i])));
	}
}

static void test_doping_profile(void **state)
{
	double v[NP], c[NP], w[NP], n[NP], uw[NP], un[NP];
	wbg_uncertainty_spec acc = {1e-3, 0};
	size_t i;

	(void)state;
	schottky(v, c);
	/* 1/C² is linear in V, so the three-point derivative is exact: N = 1e22
	 * m⁻³ at every point, and W = √(2ε(V_bi − V)/(qN)). */
	assert_int_equal(wbg_cv_doping_profile(w, n, uw, un, v, c, NP, eps_sic, area, 0.01, &acc, NULL),
	                 WBG_OK);
	for (i = 0; i < NP; i++) {
		assert_double_near(n[i], nd, 1e-9, 0);
		assert_double_near(w[i], sqrt(2 * eps_sic * (vbi - v[i]) / (WBG_Q * nd)), 1e-12, 0);
		/* The area alone contributes 2 % to N and 1 % to W. */
		assert_true(un[i] > 0.02 * nd);
		assert_true(uw[i] > 0.01 * w[i]);
	}
	/* At 10 V reverse, W = √(2·9.7ε0·11.5/(q·1e22)) = 1.1145 µm. */
	assert_double_near(w[0], 1.1104e-6, 1e-3, 0);
}

static void test_mott_schottky(void **state)
{
	double v[NP], c[NP];
	wbg_mott_schottky ms;

	(void)state;
	schottky(v, c);
	assert_int_equal(wbg_cv_mott_schottky(&ms, v, c, NP, -8, -1, eps_sic, area, 0, NULL, NULL),
	                 WBG_OK);
	assert_double_near(ms.v_intercept.value, vbi, 0, 1e-9);
	assert_double_near(ms.doping.value, nd, 1e-9, 0);
	assert_int_equal(ms.points, 71);
	assert_int_equal(wbg_cv_mott_schottky(&ms, v, c, NP, 5, 6, eps_sic, area, 0, NULL, NULL),
	                 WBG_ERR_INSUFFICIENT_DATA);
}

static void test_flatband(void **state)
{
	/* Si MOS capacitor, p-type 1e16 cm⁻³, 10 nm SiO2, 100 µm × 100 µm, 300 K. */
	const double eps_si = 11.7 * WBG_EPS0, a = 1e-8, na = 1e22;
	const double cox = 3.9 * WBG_EPS0 / 10e-9 * a;
	double v[41], c[41], cfb, ld, cs, want;
	wbg_estimate e;
	size_t i;

	(void)state;
	/* Sze & Ng: the Debye length in Si at 1e16 cm⁻³ is about 0.04 µm. */
	ld = sqrt(eps_si * WBG_KB * 300 / (WBG_Q * WBG_Q * na));
	assert_double_near(ld, 4.1e-8, 0.02, 0);
	cs = eps_si * a / ld;
	want = cox * cs / (cox + cs);
	/* A C-V falling linearly from C_ox at −2 V to 0.2 C_ox at +2 V. */
	for (i = 0; i < 41; i++) {
		v[i] = -2.0 + 0.1 * (double)i;
		c[i] = cox * (1 - 0.2 * (v[i] + 2));
	}
	assert_int_equal(wbg_cv_flatband(&e, &cfb, v, c, 41, cox, na, eps_si, a, 300, NULL, NULL),
	                 WBG_OK);
	assert_double_near(cfb, want, 1e-12, 0);
	assert_double_near(e.value, (1 - want / cox) / 0.2 - 2, 0, 1e-12);
	/* 0.5 % capacitance gain: u = (0.005/√3)·C_FB / |dC/dV|, dC/dV = −0.2·C_ox per V. */
	{
		wbg_uncertainty_spec g = {0.005, 0};
		assert_int_equal(wbg_cv_flatband(&e, NULL, v, c, 41, cox, na, eps_si, a, 300, &g, NULL),
		                 WBG_OK);
		assert_double_near(e.u, 0.005 / sqrt(3.0) * want / (0.2 * cox), 1e-9, 0);
	}
	assert_int_equal(wbg_cv_flatband(&e, &cfb, v, c, 41, cox * 0.01, na, eps_si, a, 300, NULL, NULL),
	                 WBG_ERR_NOT_FOUND);
}

static void test_sheet_density(void **state)
{
	/* AlGaN/GaN gate, 25 nm barrier ε_r = 9.5, 100 µm × 100 µm: C/A = 3.3646e-3
	 * F/m². Zero below −3.2 V, a linear rise to −2.8 V, flat to 0 V: ∫C dV =
	 * 3.0·C0 exactly (trapezoids are exact on a piecewise-linear C), so
	 * n_s = 3·C0/(qA) = 6.30e16 m⁻² (6.3e12 cm⁻², typical of AlGaN/GaN). */
	const double a = 1e-8, c0 = 9.5 * WBG_EPS0 / 25e-9 * a;
	double v[81], c[81];
	wbg_estimate e;
	wbg_uncertainty_spec acc = {0.002, 0};
	size_t i;

	(void)state;
	for (i = 0; i < 81; i++) {
		v[i] = -4.0 + 0.05 * (double)i;
		c[i] = v[i] < -3.2 ? 0 : (v[i] < -2.8 ? c0 * (v[i] + 3.2) / 0.4 : c0);
	}
	assert_int_equal(wbg_cv_sheet_density(&e, v, c, 81, NAN, 0.0, a, 0, &acc, NULL), WBG_OK);
	assert_double_near(e.value, 3.0 * c0 / (WBG_Q * a), 1e-12, 0);
	assert_double_near(e.value, 6.30e16, 0.01, 0);
	/* Systematic 0.2 % accuracy: u = 0.002/√3 of n_s. */
	assert_double_near(e.u, 0.002 / sqrt(3.0) * e.value, 1e-9, 0);
	/* From −3.0 V: the ramp's upper half, 0.1·C0 + 2.8·C0. */
	assert_int_equal(wbg_cv_sheet_density(&e, v, c, 81, -3.0, 0.0, a, 0, NULL, NULL), WBG_OK);
	assert_double_near(e.value, (0.5 * (0.5 + 1.0) * 0.2 + 2.8) * c0 / (WBG_Q * a), 1e-12, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_doping_profile),
		cmocka_unit_test(test_mott_schottky),
		cmocka_unit_test(test_flatband),
		cmocka_unit_test(test_sheet_density),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
