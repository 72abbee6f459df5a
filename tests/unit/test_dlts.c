/* SPDX-License-Identifier: GPL-3.0-or-later */
/* DLTS Arrhenius analysis on rates generated from a known trap. */
#include "config.h"

#include <gsl/gsl_fit.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_gamma(void **state)
{
	(void)state;
	/* Schroder 3rd ed., 5.2.3: γ = 3.25e21 (m_eff/m0) cm⁻²s⁻¹K⁻²,
	 * that is 3.25e25 m⁻²s⁻¹K⁻². */
	assert_double_near(wbg_dlts_gamma(1.0), 3.25e25, 0.005, 0);
	assert_double_near(wbg_dlts_gamma(0.2), 0.2 * wbg_dlts_gamma(1.0), 1e-14, 0);
	assert_true(isnan(wbg_dlts_gamma(0)));
}

static void test_arrhenius(void **state)
{
	/* Electron trap in GaN (m_eff = 0.2 m0): Ea = 0.60 eV, σ = 1e-15 cm² = 1e-19 m²;
	 * e = γσT²·exp(−Ea/kT) (Lang 1974) at 200 .. 400 K. */
	const double ea = 0.60 * WBG_Q, sigma = 1e-19, gamma = wbg_dlts_gamma(0.2);
	double t[11], e[11], x[11], y[11], c0, c1, cov00, cov01, cov11, sumsq;
	wbg_trap tr;
	size_t i;

	(void)state;
	for (i = 0; i < 11; i++) {
		t[i] = 200 + 20.0 * (double)i;
		e[i] = gamma * sigma * t[i] * t[i] * exp(-ea / (WBG_KB * t[i]));
	}
	assert_int_equal(wbg_dlts_arrhenius(&tr, t, e, 11, gamma, 0, 0, NULL), WBG_OK);
	assert_double_near(tr.ea_j.value / WBG_Q, 0.60, 1e-10, 0);
	assert_double_near(tr.sigma_m2.value, 1e-19, 1e-8, 0);
	assert_double_near(tr.ea_j.u, 0, 0, 1e-30);

	/* Scatter of ±3 % on the rates: Type A u(Ea) = slope standard error from
	 * GSL's gsl_fit_linear on (1/kT, ln(e/T²)), independent code. */
	for (i = 0; i < 11; i++) {
		e[i] *= 1 + 0.03 * ((i % 3 == 0) ? 1 : (i % 3 == 1 ? -1 : 0));
		x[i] = 1 / (WBG_KB * t[i]);
		y[i] = log(e[i] / (t[i] * t[i]));
	}
	assert_int_equal(wbg_dlts_arrhenius(&tr, t, e, 11, gamma, 0, 0, NULL), WBG_OK);
	assert_int_equal(gsl_fit_linear(x, 1, y, 1, 11, &c0, &c1, &cov00, &cov01, &cov11, &sumsq), 0);
	assert_double_near(tr.ea_j.value, -c1, 1e-12, 0);
	assert_double_near(tr.ea_j.u, sqrt(cov11), 1e-9, 0);
	assert_double_near(tr.sigma_m2.u, tr.sigma_m2.value * sqrt(cov00), 1e-9, 0);
	assert_double_near(tr.ea_j.dof, 9.0, 1e-12, 0);
	/* A temperature uncertainty of 0.5 K adds a Type B part to the slope,
	 * Σ β_i² u_yi² with β_i = (x_i − x̄)/Sxx and the effective variance
	 * u_yi = |2/T − Ea/(kT²)|·u_T (Orear 1982), in quadrature with Type A. */
	{
		double xbar = 0, sxx = 0, ub2 = 0, ea_fit = -c1;
		for (i = 0; i < 11; i++)
			xbar += x[i] / 11;
		for (i = 0; i < 11; i++)
			sxx += (x[i] - xbar) * (x[i] - xbar);
		for (i = 0; i < 11; i++) {
			double beta = (x[i] - xbar) / sxx;
			double uy = fabs(2 / t[i] - ea_fit / (WBG_KB * t[i] * t[i])) * 0.5;
			ub2 += beta * beta * uy * uy;
		}
		assert_int_equal(wbg_dlts_arrhenius(&tr, t, e, 11, gamma, 0.5, 0, NULL), WBG_OK);
		assert_double_near(tr.ea_j.u, sqrt(cov11 + ub2), 1e-9, 0);
		/* Welch–Satterthwaite with ν_A = 9 and ν_B = ∞. */
		assert_double_near(tr.ea_j.dof, pow(cov11 + ub2, 2) / (cov11 * cov11 / 9), 1e-9, 0);
	}
	t[3] = -1;
	assert_int_equal(wbg_dlts_arrhenius(&tr, t, e, 11, gamma, 0, 0, NULL), WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gamma),
		cmocka_unit_test(test_arrhenius),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
