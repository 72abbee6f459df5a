/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Decision rules (ILAC-G8:2019 clause 4; JCGM 106:2012 clauses 7-9) and the
 * population statistics the standards use: LTPD of a sample plan, Cpk, and
 * robust screening limits.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "wbg/error.h"
#include "wbg/evaluate.h"
#include "wbg/stats.h"

const char *wbg_rule_name(wbg_rule rule)
{
	switch (rule) {
	case WBG_RULE_SIMPLE:
		return "simple";
	case WBG_RULE_GUARDED:
		return "guarded";
	case WBG_RULE_NON_BINARY:
		return "non-binary";
	}
	return "?";
}

const char *wbg_outcome_name(wbg_outcome outcome)
{
	switch (outcome) {
	case WBG_PASS:
		return "PASS";
	case WBG_COND_PASS:
		return "CONDITIONAL PASS";
	case WBG_COND_FAIL:
		return "CONDITIONAL FAIL";
	case WBG_FAIL:
		return "FAIL";
	}
	return "?";
}

/* Probability that the measurand N(y, u²) lies outside [lo, hi], summing the
 * two tails directly (Φ below, Q = 1 − Φ above) so that small PFAs keep
 * their relative precision instead of cancelling in 1 − p_c. */
static double p_outside(double lo, double hi, double y, double u)
{
	double p = 0;

	if (!isinf(lo))
		p += gsl_cdf_ugaussian_P((lo - y) / u);
	if (!isinf(hi))
		p += gsl_cdf_ugaussian_Q((hi - y) / u);
	return p > 1 ? 1 : p;
}

int wbg_decide(wbg_decision *out, double value, double u, double k, double tl_lo, double tl_hi,
               wbg_rule rule, double r, wbg_ctx *ctx)
{
	wbg_decision d;
	int have_u = !isnan(u) && u > 0;

	if (!out || isnan(value) || isinf(value) || isnan(tl_lo) || isnan(tl_hi) || tl_lo > tl_hi ||
	    (isinf(tl_lo) && isinf(tl_hi)))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "wbg_decide: needs a finite value and at least one finite limit, "
		                     "lower <= upper");
	if ((!isnan(u) && u < 0) || isnan(k) || k < 0 || isnan(r) || r < 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "wbg_decide: u, k and r must not be negative");
	memset(&d, 0, sizeof(d));
	d.rule = rule;
	d.value = value;
	d.u = u;
	d.k = k;
	d.U = have_u ? k * u : 0.0;
	d.r = rule == WBG_RULE_SIMPLE ? 0.0 : r;
	d.w = d.r * d.U;
	d.tl_lo = tl_lo;
	d.tl_hi = tl_hi;
	d.al_lo = tl_lo + d.w;
	d.al_hi = tl_hi - d.w;

	switch (rule) {
	case WBG_RULE_SIMPLE:
		d.outcome = value >= tl_lo && value <= tl_hi ? WBG_PASS : WBG_FAIL;
		break;
	case WBG_RULE_GUARDED:
		d.outcome = value >= d.al_lo && value <= d.al_hi ? WBG_PASS : WBG_FAIL;
		break;
	case WBG_RULE_NON_BINARY:
		if (value >= d.al_lo && value <= d.al_hi)
			d.outcome = WBG_PASS;
		else if (value >= tl_lo && value <= tl_hi)
			d.outcome = WBG_COND_PASS;
		else if (value >= tl_lo - d.w && value <= tl_hi + d.w)
			d.outcome = WBG_COND_FAIL;
		else
			d.outcome = WBG_FAIL;
		break;
	}

	if (have_u) {
		/* JCGM 106:2012 (9.3): p_c = Φ((TU − y)/u) − Φ((TL − y)/u). */
		double p_out = p_outside(tl_lo, tl_hi, value, u);
		d.p_conform = 1.0 - p_out;
		if (d.outcome == WBG_PASS || d.outcome == WBG_COND_PASS) {
			d.pfa = p_out;
			d.pfr = 0.0;
		} else {
			d.pfa = 0.0;
			d.pfr = d.p_conform;
		}
	} else {
		d.p_conform = NAN;
		d.pfa = NAN;
		d.pfr = NAN;
	}
	*out = d;
	return WBG_OK;
}

int wbg_ltpd(double *out, unsigned n, unsigned c, double confidence, wbg_ctx *ctx)
{
	double p;

	if (!out || n == 0 || c >= n || !(confidence > 0 && confidence < 1))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "LTPD needs n >= 1 units, c < n failures and a confidence in (0, 1); "
		                     "got n=%u c=%u confidence=%g",
		                     n, c, confidence);
	/* P(X <= c | n, p) = 1 − I_p(c + 1, n − c) (regularized incomplete beta),
	 * so P(X <= c) = 1 − confidence at the confidence quantile of Beta(c+1, n−c). */
	p = gsl_cdf_beta_Pinv(confidence, (double)c + 1.0, (double)(n - c));
	if (!isfinite(p) || p < 0 || p > 1)
		return wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "LTPD for n=%u c=%u did not converge",
		                     n, c);
	*out = p;
	return WBG_OK;
}

/* The statistics themselves are the analysis library's (analysis/stats.c):
 * one implementation of Cpk and of the Hyndman-Fan quartiles. */
int wbg_cpk(double *out, const double *x, size_t n, double lsl, double usl, wbg_ctx *ctx)
{
	wbg_capability cap;
	int rc;

	if (!out || !x || isnan(lsl) || isnan(usl) || (isinf(lsl) && isinf(usl)) || lsl >= usl)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "Cpk needs data and at least one finite specification limit, LSL < USL");
	/* An infinite limit is the capability's missing one (NAN). */
	rc = wbg_capability_compute(&cap, x, n, isinf(lsl) ? NAN : lsl, isinf(usl) ? NAN : usl, ctx);
	if (rc != WBG_OK)
		return rc;
	*out = cap.cpk.value;
	return WBG_OK;
}

int wbg_robust_limits(double *out_lo, double *out_hi, const double *x, size_t n, double k,
                      wbg_ctx *ctx)
{
	wbg_outlier_limits q;
	int rc;

	if (!out_lo || !out_hi || !x || isnan(k) || k <= 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "robust limits need data and k > 0");
	/* The median and quartiles of the outlier screen; the standards' own
	 * divisor 1.349 (not the screen's 2 Phi^-1(0.75) = 1.34898) stays. */
	rc = wbg_outlier_screen(&q, NULL, x, n, WBG_OUTLIER_ROBUST, k, NULL, ctx);
	if (rc != WBG_OK)
		return rc;
	*out_lo = q.median - k * q.iqr / 1.349;
	*out_hi = q.median + k * q.iqr / 1.349;
	return WBG_OK;
}
