/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Decision rules and population statistics, against hand-computed values.
 * Φ values are from the closed form Φ(x) = (1 + erf(x/√2))/2, computed
 * independently with Python's math.erf:
 *   Φ(2) = 0.9772498680518208, Φ(1.5) = 0.9331927987311419,
 *   Φ(1) = 0.8413447460685429, Φ(−3.25) = 0.0005770250423907664.
 */
#include "config.h"

#include <math.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define PHI2 0.9772498680518208
#define PHI15 0.9331927987311419
#define PHI1 0.8413447460685429
#define PHIM325 0.0005770250423907664

/* JCGM 106:2012 clause 9.3.2 (upper tolerance limit TU, normal PDF):
 * p_c = Φ((TU − y)/u). TU = 10, y = 9.8, u = 0.1: p_c = Φ(2). Simple
 * acceptance (ILAC-G8 4.2.1) accepts it; PFA = 1 − Φ(2) = 0.02275. */
static void test_simple_upper(void **state)
{
	wbg_decision d;

	(void)state;
	assert_int_equal(wbg_decide(&d, 9.8, 0.1, 2, -INFINITY, 10, WBG_RULE_SIMPLE, 1, NULL), WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_near(d.U, 0.2, 1e-15, 0);
	assert_double_exact(d.w, 0.0);
	assert_double_exact(d.al_hi, 10.0);
	assert_double_near(d.p_conform, PHI2, 1e-12, 0);
	assert_double_near(d.pfa, 1 - PHI2, 1e-9, 0);
	assert_double_exact(d.pfr, 0.0);
	/* On the limit, simple acceptance accepts with PFA 1/2 (ILAC-G8 4.2.1). */
	assert_int_equal(wbg_decide(&d, 10, 0.1, 2, -INFINITY, 10, WBG_RULE_SIMPLE, 1, NULL), WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_near(d.pfa, 0.5, 1e-12, 0);
	assert_int_equal(wbg_decide(&d, 10.01, 0.1, 2, -INFINITY, 10, WBG_RULE_SIMPLE, 1, NULL), WBG_OK);
	assert_int_equal(d.outcome, WBG_FAIL);
	/* Far from the limit the PFA is a tiny tail, kept to full relative precision:
	 * y = 9, u = 0.1: PFA = Q(10) = erfc(10/√2)/2 = 7.6198530241605e-24 (Python math.erfc). */
	assert_int_equal(wbg_decide(&d, 9.0, 0.1, 2, -INFINITY, 10, WBG_RULE_SIMPLE, 1, NULL), WBG_OK);
	assert_double_near(d.pfa, 7.619853024160527e-24, 1e-9, 0);
}

/* Guarded acceptance (ILAC-G8 4.2.2), w = r·U = 1 × 2 × 0.1 = 0.2, AU = 9.8. */
static void test_guarded(void **state)
{
	wbg_decision d;

	(void)state;
	assert_int_equal(wbg_decide(&d, 9.8, 0.1, 2, -INFINITY, 10, WBG_RULE_GUARDED, 1, NULL), WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_near(d.w, 0.2, 1e-15, 0);
	assert_double_near(d.al_hi, 9.8, 1e-15, 0);
	/* The guard band bounds the PFA of an accepted result by 1 − Φ(r·k) = 1 − Φ(2). */
	assert_double_near(d.pfa, 1 - PHI2, 1e-9, 0);
	/* y = 9.85 is inside the tolerance but in the guard band: rejected, and the
	 * probability that this rejection is false is p_c = Φ(1.5). */
	assert_int_equal(wbg_decide(&d, 9.85, 0.1, 2, -INFINITY, 10, WBG_RULE_GUARDED, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_FAIL);
	assert_double_exact(d.pfa, 0.0);
	assert_double_near(d.pfr, PHI15, 1e-12, 0);
	/* r = 0.5: w = 0.1, AU = 9.9, so 9.85 passes. */
	assert_int_equal(wbg_decide(&d, 9.85, 0.1, 2, -INFINITY, 10, WBG_RULE_GUARDED, 0.5, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_near(d.al_hi, 9.9, 1e-15, 0);
}

/* Non-binary (ILAC-G8 4.2.3, its figure of four zones), TU = 10, w = 0.2. */
static void test_non_binary(void **state)
{
	wbg_decision d;

	(void)state;
	assert_int_equal(wbg_decide(&d, 9.7, 0.1, 2, -INFINITY, 10, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_int_equal(wbg_decide(&d, 9.9, 0.1, 2, -INFINITY, 10, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_COND_PASS);
	/* p_c = Φ(1): PFA = 1 − Φ(1) = 0.15866 */
	assert_double_near(d.pfa, 1 - PHI1, 1e-9, 0);
	assert_int_equal(wbg_decide(&d, 10.1, 0.1, 2, -INFINITY, 10, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_COND_FAIL);
	assert_double_near(d.pfr, 1 - PHI1, 1e-9, 0); /* Φ(−1) */
	assert_int_equal(wbg_decide(&d, 10.3, 0.1, 2, -INFINITY, 10, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_FAIL);
	/* Lower limit TL = 5, y = 4.9, u = 0.05, k = 2: w = 0.1, 4.9 = TL − w is
	 * still a conditional fail; 4.85 is a fail. */
	assert_int_equal(wbg_decide(&d, 4.9, 0.05, 2, 5, INFINITY, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_COND_FAIL);
	assert_int_equal(wbg_decide(&d, 4.85, 0.05, 2, 5, INFINITY, WBG_RULE_NON_BINARY, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_FAIL);
}

/* Two-sided (JCGM 106 9.4): resistivity 0.015..0.028 Ω·cm, y = 0.0215, u = 0.002:
 * p_c = Φ(3.25) − Φ(−3.25) = 1 − 2 Φ(−3.25) = 0.99884595; PFA = 0.00115405. */
static void test_two_sided_and_lower(void **state)
{
	wbg_decision d;

	(void)state;
	assert_int_equal(wbg_decide(&d, 0.0215, 0.002, 2, 0.015, 0.028, WBG_RULE_SIMPLE, 1, NULL),
	                 WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_near(d.p_conform, 1 - 2 * PHIM325, 1e-9, 0);
	assert_double_near(d.pfa, 2 * PHIM325, 1e-6, 0);
	/* Lower limit TL = 5, y = 5.1, u = 0.05: p_c = 1 − Φ(−2) = Φ(2) (JCGM 106 9.3.1). */
	assert_int_equal(wbg_decide(&d, 5.1, 0.05, 2, 5, INFINITY, WBG_RULE_SIMPLE, 1, NULL), WBG_OK);
	assert_double_near(d.p_conform, PHI2, 1e-12, 0);
}

static void test_no_uncertainty_and_errors(void **state)
{
	wbg_decision d;

	(void)state;
	/* Without u the guard band is 0 and the probabilities are unknown. */
	assert_int_equal(wbg_decide(&d, 9.9, NAN, 2, -INFINITY, 10, WBG_RULE_GUARDED, 1, NULL), WBG_OK);
	assert_int_equal(d.outcome, WBG_PASS);
	assert_double_exact(d.U, 0.0);
	assert_true(isnan(d.pfa) && isnan(d.p_conform));
	assert_int_equal(wbg_decide(&d, NAN, 0.1, 2, 0, 1, WBG_RULE_SIMPLE, 1, NULL),
	                 WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_decide(&d, 1, 0.1, 2, -INFINITY, INFINITY, WBG_RULE_SIMPLE, 1, NULL),
	                 WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_decide(&d, 1, 0.1, 2, 2, 1, WBG_RULE_SIMPLE, 1, NULL),
	                 WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_decide(&d, 1, -0.1, 2, 0, 2, WBG_RULE_SIMPLE, 1, NULL),
	                 WBG_ERR_INVALID_ARG);
	assert_string_equal(wbg_outcome_name(WBG_COND_FAIL), "CONDITIONAL FAIL");
	assert_string_equal(wbg_rule_name(WBG_RULE_NON_BINARY), "non-binary");
}

/*
 * LTPD at 90 % confidence. For c = 0 the closed form is 1 − 0.1^(1/n).
 * The MIL-PRF-19500 / MIL-STD-750 LTPD sampling table gives, for LTPD = 10 %,
 * 22 devices with 0 failures and 38 devices with 1 failure; here LTPD(22, 0) =
 * 9.937 % and LTPD(38, 1) = 9.855 %, both at or just under 10 %, and one unit
 * fewer exceeds 10 %. AEC-Q101's 77 units / 0 failures give 2.946 % (about
 * LTPD 3), 3 lots pooled (231 units) 0.992 %. Values checked by bisection on
 * the binomial CDF in Python (independent of GSL).
 */
static void test_ltpd(void **state)
{
	double p;

	(void)state;
	assert_int_equal(wbg_ltpd(&p, 22, 0, 0.90, NULL), WBG_OK);
	assert_double_near(p, 0.09937197978872148, 1e-9, 0);
	assert_double_near(p, 1 - pow(0.1, 1.0 / 22), 1e-9, 0);
	assert_int_equal(wbg_ltpd(&p, 21, 0, 0.90, NULL), WBG_OK);
	assert_true(p > 0.10);
	assert_int_equal(wbg_ltpd(&p, 77, 0, 0.90, NULL), WBG_OK);
	assert_double_near(p, 0.029461010479235772, 1e-9, 0);
	assert_int_equal(wbg_ltpd(&p, 231, 0, 0.90, NULL), WBG_OK);
	assert_double_near(p, 0.009918385968269994, 1e-9, 0);
	assert_int_equal(wbg_ltpd(&p, 38, 1, 0.90, NULL), WBG_OK);
	assert_double_near(p, 0.09854670878164289, 1e-8, 0);
	/* and it solves P(X <= 1 | 38, p) = (1 − p)^37 (1 + 37 p) = 0.1 */
	assert_double_near(pow(1 - p, 37) * (1 + 37 * p), 0.1, 1e-9, 0);
	assert_int_equal(wbg_ltpd(&p, 37, 1, 0.90, NULL), WBG_OK);
	assert_true(p > 0.10);
	assert_int_equal(wbg_ltpd(&p, 5, 5, 0.90, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_ltpd(&p, 0, 0, 0.90, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_ltpd(&p, 5, 0, 1.0, NULL), WBG_ERR_INVALID_ARG);
}

/* Cpk of {9.5, 10, 10.5}: mean 10, s = 0.5 (n − 1); LSL 8, USL 13:
 * min(3, 2)/(3 × 0.5) = 4/3. One-sided USL 13 only: 3/1.5 = 2. */
static void test_cpk(void **state)
{
	const double x[] = {9.5, 10.0, 10.5};
	double c;

	(void)state;
	assert_int_equal(wbg_cpk(&c, x, 3, 8, 13, NULL), WBG_OK);
	assert_double_near(c, 4.0 / 3.0, 1e-14, 0);
	assert_int_equal(wbg_cpk(&c, x, 3, -INFINITY, 13, NULL), WBG_OK);
	assert_double_near(c, 2.0, 1e-14, 0);
	assert_int_equal(wbg_cpk(&c, x, 1, 8, 13, NULL), WBG_ERR_INSUFFICIENT_DATA);
	assert_int_equal(wbg_cpk(&c, (const double[]){1, 1, 1}, 3, 0, 2, NULL), WBG_ERR_DOMAIN);
}

/* Robust limits of 1..8 with quartiles by Hyndman-Fan type 7 (R: quantile(1:8,
 * c(.25,.5,.75)) = 2.75, 4.5, 6.25): IQR 3.5; k = 2: 4.5 ± 2 × 3.5/1.349. */
static void test_robust(void **state)
{
	const double x[] = {8, 3, 1, 7, 2, 6, 5, 4};
	double lo, hi;

	(void)state;
	assert_int_equal(wbg_robust_limits(&lo, &hi, x, 8, 2, NULL), WBG_OK);
	assert_double_near(lo, 4.5 - 7.0 / 1.349, 1e-14, 0);
	assert_double_near(hi, 4.5 + 7.0 / 1.349, 1e-14, 0);
	assert_int_equal(wbg_robust_limits(&lo, &hi, x, 3, 2, NULL), WBG_ERR_INSUFFICIENT_DATA);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_simple_upper),
		cmocka_unit_test(test_guarded),
		cmocka_unit_test(test_non_binary),
		cmocka_unit_test(test_two_sided_and_lower),
		cmocka_unit_test(test_no_uncertainty_and_errors),
		cmocka_unit_test(test_ltpd),
		cmocka_unit_test(test_cpk),
		cmocka_unit_test(test_robust),
	};
	return cmocka_run_group_tests_name("decision", tests, NULL, NULL);
}
