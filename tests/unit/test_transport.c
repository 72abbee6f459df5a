/* SPDX-License-Identifier: GPL-3.0-or-later */
/* van der Pauw, Hall and TLM on closed-form cases. */
#include "config.h"

#include <gsl/gsl_fit.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define PI 3.14159265358979323846

static void test_vdp_symmetric(void **state)
{
	wbg_estimate e;

	(void)state;
	/* Symmetric sample: R_s = π·R/ln 2 (van der Pauw 1958, eq. 6). R = 100 Ω
	 * gives 453.2360 Ω/sq; u(R) = 1 Ω propagates with sensitivity
	 * (π/ln2)/2 per reading, u = 453.236/100/√2 Ω. */
	assert_int_equal(wbg_vdp_sheet_resistance(&e, 100, 1, 100, 1, NULL), WBG_OK);
	assert_double_near(e.value, PI * 100 / log(2.0), 1e-14, 0);
	assert_double_near(e.u, PI / log(2.0) / sqrt(2.0), 1e-12, 0);
	assert_int_equal(wbg_vdp_sheet_resistance(&e, -1, 0, 100, 0, NULL), WBG_ERR_INVALID_ARG);
}

/* van der Pauw's correction factor f for a ratio r, from his cosh form
 * (r − 1)/(r + 1) = (f/ln 2)·arccosh(exp(ln 2/f)/2), solved by bisection:
 * an independent form of the same equation. */
static double vdp_f_factor(double r)
{
	double lo = 0.05, hi = 1.0, q = (r - 1) / (r + 1);
	int i;
	for (i = 0; i < 200; i++) {
		double f = 0.5 * (lo + hi);
		double g = f / log(2.0) * acosh(exp(log(2.0) / f) / 2) - q;
		if (g > 0)
			lo = f; /* the left side falls from 1 to 0 as f rises towards 1 */
		else
			hi = f;
	}
	return 0.5 * (lo + hi);
}

static void test_vdp_asymmetric(void **state)
{
	wbg_estimate e;
	const double ra = 300, rb = 100;
	double f;

	(void)state;
	f = vdp_f_factor(ra / rb);
	assert_true(f > 0.5 && f < 1.0);
	assert_int_equal(wbg_vdp_sheet_resistance(&e, ra, 0, rb, 0, NULL), WBG_OK);
	assert_double_near(e.value, PI / log(2.0) * (ra + rb) / 2 * f, 1e-9, 0);
	/* The root satisfies the van der Pauw equation. */
	assert_double_near(exp(-PI * ra / e.value) + exp(-PI * rb / e.value), 1.0, 0, 1e-14);
}

static void test_hall(void **state)
{
	wbg_estimate rs = {453.236, 4.53236, INFINITY};
	wbg_hall h;

	(void)state;
	/* I = 10 µA, B = 0.5 T, V_H = −1 mV: n_s = I·B/(q·V_H) = 3.1207e16 m⁻²
	 * (by hand: 5e-6/(1.602176634e-19·1e-3)); μ = 1/(q·n_s·R_s). */
	assert_int_equal(wbg_hall_compute(&h, 10e-6, 0, 0.5, 0.005, -1e-3, 1e-5, &rs, NULL), WBG_OK);
	assert_double_near(h.sheet_density.value, 5e-6 / (WBG_Q * 1e-3), 1e-14, 0);
	assert_double_near(h.sheet_density.value, 3.1207e16, 1e-4, 0);
	assert_double_near(h.mobility.value, 1 / (WBG_Q * 3.1207e16 * 453.236), 1e-4, 0);
	/* 1 % on B and on V_H: √2 % on n_s; with 1 % on R_s, √3 % on μ. */
	assert_double_near(h.sheet_density.u / h.sheet_density.value, sqrt(2.0) * 0.01, 1e-12, 0);
	assert_double_near(h.mobility.u / h.mobility.value, sqrt(3.0) * 0.01, 1e-6, 0);
	assert_int_equal(h.carrier_sign, -1);
	assert_int_equal(wbg_hall_compute(&h, 10e-6, 0, 0.5, 0, 0, 0, &rs, NULL), WBG_ERR_INVALID_ARG);
}

static void test_tlm(void **state)
{
	/* R_sh = 100 Ω/sq, W = 100 µm, R_c = 5 Ω: L_T = R_c·W/R_sh = 5 µm,
	 * ρ_c = R_c·L_T·W = 2.5e-9 Ω·m² (2.5e-5 Ω·cm²). */
	const double d[] = {5e-6, 10e-6, 20e-6, 40e-6, 80e-6};
	double r[5], c0, c1, cov00, cov01, cov11, sumsq;
	wbg_tlm t;
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		r[i] = 10 + 100 * d[i] / 100e-6;
	assert_int_equal(wbg_tlm_extract(&t, d, r, 5, 100e-6, NULL, NULL), WBG_OK);
	assert_double_near(t.sheet_resistance.value, 100, 1e-12, 0);
	assert_double_near(t.contact_resistance.value, 5, 1e-12, 0);
	assert_double_near(t.rc_width.value, 5e-4, 1e-12, 0);
	assert_double_near(t.transfer_length.value, 5e-6, 1e-12, 0);
	assert_double_near(t.rho_c.value, 2.5e-9, 1e-12, 0);

	/* With scatter, the Type A u of R_sh = slope·W and R_c = intercept/2 match
	 * GSL's gsl_fit_linear covariance (independent code). */
	r[0] += 0.3;
	r[2] -= 0.4;
	r[4] += 0.2;
	assert_int_equal(wbg_tlm_extract(&t, d, r, 5, 100e-6, NULL, NULL), WBG_OK);
	assert_int_equal(gsl_fit_linear(d, 1, r, 1, 5, &c0, &c1, &cov00, &cov01, &cov11, &sumsq), 0);
	assert_double_near(t.sheet_resistance.u, sqrt(cov11) * 100e-6, 1e-9, 0);
	assert_double_near(t.contact_resistance.u, sqrt(cov00) / 2, 1e-9, 0);
	/* L_T = c0/(2 c1), gradient (1/2c1, −c0/2c1²). */
	assert_double_near(t.transfer_length.u,
	                   sqrt(cov00 / (4 * c1 * c1) + c0 * c0 * cov11 / (4 * pow(c1, 4)) -
	                        2 * c0 * cov01 / (4 * pow(c1, 3))),
	                   1e-9, 0);
	assert_double_near(t.contact_resistance.dof, 3.0, 1e-12, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vdp_symmetric),
		cmocka_unit_test(test_vdp_asymmetric),
		cmocka_unit_test(test_hall),
		cmocka_unit_test(test_tlm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
