/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Measurement uncertainty: Type A/B, Welch–Satterthwaite, coverage factor, Monte Carlo. */
#include "config.h"

#include "wbg/wbg.h"
#include "wbg_test.h"

static void test_type_b(void **state)
{
	wbg_uncertainty_spec acc = {2e-4, 50e-12};

	(void)state;
	/* GUM 4.3.7: a rectangular half-width a gives u = a/√3. */
	assert_double_near(wbg_uncertainty_rect(0, 0, 1.0), 0.57735026918962576, 1e-15, 0);
	/* "0.02 % of reading + 50 pA" at 1 mA: a = 2e-7 + 5e-11 A. */
	assert_double_near(wbg_uncertainty_spec_u(&acc, -1e-3), (2e-7 + 5e-11) / sqrt(3.0), 1e-15, 0);
	assert_double_exact(wbg_uncertainty_spec_u(NULL, 1.0), 0.0);
}

/* An accuracy model with its temperature coefficient: Keithley 2450, 1 mA
 * measure range, 0.020 % + 60 nA, tempco 0.15 of the limit per K outside
 * 18-28 degC (instruments/drivers/keithley-24xx/accuracy.c, from the 2450
 * datasheet). At 35 degC (7 K above the band) the limit is
 * (2e-4 |r| + 60e-9)(1 + 0.15 * 7); the rectangular u at 0.5 mA is that / sqrt 3,
 * the same as wbg_accuracy_u() gives. */
static void test_spec_from_accuracy(void **state)
{
	const wbg_acc_spec *spec;
	wbg_uncertainty_spec acc;
	double u_model, f = 1.0 + 0.15 * 7.0;

	(void)state;
	assert_int_equal(wbg_accuracy_range(&spec, "2450", WBG_ACC_MEASURE_CURRENT, 1e-3, NULL), WBG_OK);
	assert_int_equal(wbg_uncertainty_spec_from_accuracy(&acc, spec, 308.15, NULL), WBG_OK);
	assert_double_near(acc.gain, 2e-4 * f, 1e-12, 0);
	assert_double_near(acc.offset, 60e-9 * f, 1e-12, 0);
	assert_double_near(wbg_uncertainty_spec_u(&acc, 0.5e-3), (2e-4 * 0.5e-3 + 60e-9) * f / sqrt(3.0), 1e-12, 0);
	assert_int_equal(wbg_accuracy_u(&u_model, "2450", WBG_ACC_MEASURE_CURRENT, 0.5e-3, 308.15, NULL), WBG_OK);
	assert_double_near(wbg_uncertainty_spec_u(&acc, 0.5e-3), u_model, 1e-12, 0);
	/* Inside the band the coefficient does not apply. */
	assert_int_equal(wbg_uncertainty_spec_from_accuracy(&acc, spec, 296.15, NULL), WBG_OK);
	assert_double_near(acc.gain, 2e-4, 1e-12, 0);
	assert_double_near(acc.offset, 60e-9, 1e-12, 0);
	assert_int_equal(wbg_uncertainty_spec_from_accuracy(&acc, spec, -1.0, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_uncertainty_spec_from_accuracy(NULL, spec, 300.0, NULL), WBG_ERR_INVALID_ARG);
}

static void test_type_a(void **state)
{
	const double x[] = {1, 2, 3, 4, 5};
	wbg_estimate e;

	(void)state;
	/* Closed form: mean 3, s² = 10/4, u = s/√5 = √0.5, ν = 4. */
	assert_int_equal(wbg_uncertainty_type_a(&e, x, 5, NULL), WBG_OK);
	assert_double_near(e.value, 3.0, 1e-15, 0);
	assert_double_near(e.u, sqrt(0.5), 1e-15, 0);
	assert_double_exact(e.dof, 4.0);
	assert_int_equal(wbg_uncertainty_type_a(&e, x, 1, NULL), WBG_ERR_INSUFFICIENT_DATA);
}

static void test_combine(void **state)
{
	const double u[] = {1.0, 1.0}, dof[] = {4.0, INFINITY};
	const double u3[] = {0.3, 0.4}, dof3[] = {10, 5};
	wbg_estimate e;

	(void)state;
	/* Welch–Satterthwaite (GUM G.4.1): ν = (1+1)² / (1/4) = 16. */
	assert_int_equal(wbg_uncertainty_combine(&e, 7.0, u, dof, 2, NULL), WBG_OK);
	assert_double_near(e.u, sqrt(2.0), 1e-15, 0);
	assert_double_near(e.dof, 16.0, 1e-12, 0);
	/* 0.5⁴ / (0.3⁴/10 + 0.4⁴/5) = 0.0625 / (0.00081 + 0.00512) = 10.539629 */
	assert_int_equal(wbg_uncertainty_combine(&e, 0, u3, dof3, 2, NULL), WBG_OK);
	assert_double_near(e.u, 0.5, 1e-15, 0);
	assert_double_near(e.dof, 0.0625 / 0.00593, 1e-12, 0);
	/* Type B only: infinite degrees of freedom. */
	assert_int_equal(wbg_uncertainty_combine(&e, 0, u3, NULL, 2, NULL), WBG_OK);
	assert_true(isinf(e.dof));
}

static void test_coverage_factor(void **state)
{
	double k;

	(void)state;
	/* GUM table G.2: ν = ∞, p = 95.45 % gives k = 2.00; p = 95 % gives 1.96. */
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, INFINITY, 0.9545, NULL), WBG_OK);
	assert_double_near(k, 2.0, 1e-3, 0);
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, INFINITY, 0.95, NULL), WBG_OK);
	assert_double_near(k, 1.959963984540054, 1e-12, 0);
	/* Student t quantiles t(0.975; ν): ν = 10 -> 2.228139, ν = 1 -> 12.706205
	 * (table G.2: 2.23, 12.71). */
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, 10, 0.95, NULL), WBG_OK);
	assert_double_near(k, 2.2281388519649, 1e-9, 0);
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, 1, 0.95, NULL), WBG_OK);
	assert_double_near(k, 12.706204736174, 1e-9, 0);
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, 0.5, 0.95, NULL), WBG_ERR_DOMAIN);
	assert_int_equal(wbg_uncertainty_coverage_factor(&k, 10, 1.0, NULL), WBG_ERR_RANGE);
}

static void test_reading(void **state)
{
	const double x[] = {1.0001, 0.9999, 1.0003, 0.9997};
	wbg_uncertainty_spec acc = {1e-4 * sqrt(3.0), 0};
	wbg_estimate e;

	(void)state;
	/* Mean 1.0, s² = (1+1+9+9)e-8/3, u_A² = s²/4 = 1.6667e-8, ν_A = 3;
	 * u_B = 1e-4·1.0 (a = √3e-4 rectangular), u² = 2.6667e-8;
	 * ν_eff = u⁴/(u_A⁴/3) = 7.68 (Welch–Satterthwaite). */
	assert_int_equal(wbg_uncertainty_reading(&e, x, 4, &acc, NULL), WBG_OK);
	assert_double_near(e.value, 1.0, 1e-15, 0);
	assert_double_near(e.u, sqrt(20e-8 / 12 + 1e-8), 1e-12, 0);
	assert_double_near(e.dof, pow(20e-8 / 12 + 1e-8, 2) / (pow(20e-8 / 12, 2) / 3), 1e-9, 0);
	assert_int_equal(wbg_uncertainty_reading(&e, x, 1, &acc, NULL), WBG_OK);
	assert_double_near(e.u, 1e-4 * 1.0001, 1e-12, 0);
	assert_true(isinf(e.dof));
}

static int lin_model(double *y, const double *x, size_t n, void *user)
{
	(void)user;
	(void)n;
	*y = x[0] + 2 * x[1];
	return WBG_OK;
}

static int sum4(double *y, const double *x, size_t n, void *user)
{
	(void)user;
	(void)n;
	*y = x[0] + x[1] + x[2] + x[3];
	return WBG_OK;
}

static void test_jcgm101_additive(void **state)
{
	const double x[] = {0, 0, 0, 0}, ux[] = {1, 1, 1, 1};
	double work[4];
	wbg_mc_result r;

	(void)state;
	/* JCGM 101:2008, 9.2.2 (additive model, normal inputs): Y = X1+X2+X3+X4,
	 * X_i ~ N(0, 1); the Monte Carlo results in table 2 are y = 0.00,
	 * u(y) = 2.00 and the 95 % interval [−3.92, 3.92] (M = 1e6; here 2e5). */
	assert_int_equal(wbg_uncertainty_mc(&r, sum4, NULL, x, ux, 4, 200000, 0.95, 11, work, NULL),
	                 WBG_OK);
	assert_double_near(r.mean, 0.0, 0, 0.01);
	assert_double_near(r.u, 2.00, 0, 0.01);
	assert_double_near(r.low, -3.92, 0, 0.03);
	assert_double_near(r.high, 3.92, 0, 0.03);
}

static void test_monte_carlo(void **state)
{
	const double x[] = {1.0, 2.0}, ux[] = {1.0, 1.0};
	double work[2];
	wbg_mc_result r;

	(void)state;
	/* Linear model y = x1 + 2 x2, Gaussian inputs: y ~ N(5, 5); 95 % interval
	 * 5 ± 1.95996·√5. M = 200000 draws: u to about 0.3 %, limits to 1 %. */
	assert_int_equal(wbg_uncertainty_mc(&r, lin_model, NULL, x, ux, 2, 200000, 0.95, 7, work, NULL),
	                 WBG_OK);
	assert_double_near(r.mean, 5.0, 0, 0.02);
	assert_double_near(r.u, sqrt(5.0), 0.01, 0);
	assert_double_near(r.low, 5.0 - 1.959964 * sqrt(5.0), 0, 0.05);
	assert_double_near(r.high, 5.0 + 1.959964 * sqrt(5.0), 0, 0.05);
	assert_int_equal(r.trials, 200000);
	assert_int_equal(wbg_uncertainty_mc(&r, lin_model, NULL, x, ux, 2, 10, 0.95, 7, work, NULL),
	                 WBG_ERR_RANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_b),  cmocka_unit_test(test_spec_from_accuracy),
		cmocka_unit_test(test_type_a),
		cmocka_unit_test(test_combine),     cmocka_unit_test(test_coverage_factor),
		cmocka_unit_test(test_monte_carlo), cmocka_unit_test(test_reading),
		cmocka_unit_test(test_jcgm101_additive),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
