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

int wbg_cpk(double *out, const double *x, size_t n, double lsl, double usl, wbg_ctx *ctx)
{
	double mean = 0, ss = 0, s, a, b;
	size_t i;

	if (!out || !x || isnan(lsl) || isnan(usl) || (isinf(lsl) && isinf(usl)) || lsl >= usl)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "Cpk needs data and at least one finite specification limit, LSL < USL");
	if (n < 2)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "Cpk needs at least 2 values, got %zu",
		                     n);
	for (i = 0; i < n; i++)
		mean += (x[i] - mean) / (double)(i + 1);
	for (i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	s = sqrt(ss / (double)(n - 1));
	if (!(s > 0))
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                     "Cpk: the values do not vary (s = 0); Cpk is undefined");
	a = isinf(usl) ? INFINITY : (usl - mean) / (3 * s);
	b = isinf(lsl) ? INFINITY : (mean - lsl) / (3 * s);
	*out = a < b ? a : b;
	return WBG_OK;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Hyndman & Fan (1996) definition 7: h = (n − 1)p, linear interpolation. */
static double quantile7(const double *sorted, size_t n, double p)
{
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);

	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

int wbg_robust_limits(double *out_lo, double *out_hi, const double *x, size_t n, double k,
                      wbg_ctx *ctx)
{
	double *s, med, iqr;
	size_t i;

	if (!out_lo || !out_hi || !x || isnan(k) || k <= 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "robust limits need data and k > 0");
	if (n < 4)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "robust screening needs at least 4 values, got %zu", n);
	s = malloc(n * sizeof(*s));
	if (!s)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
	for (i = 0; i < n; i++)
		s[i] = x[i];
	qsort(s, n, sizeof(*s), cmp_double);
	med = quantile7(s, n, 0.5);
	iqr = quantile7(s, n, 0.75) - quantile7(s, n, 0.25);
	free(s);
	*out_lo = med - k * iqr / 1.349;
	*out_hi = med + k * iqr / 1.349;
	return WBG_OK;
}
