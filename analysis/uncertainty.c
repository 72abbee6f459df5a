/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Measurement uncertainty.
 *
 * Sources: JCGM 100:2008 (GUM): Type A 4.2, Type B rectangular 4.3.7,
 * law of propagation 5.1.2, Welch–Satterthwaite G.4.1, coverage factor from
 * Student's t G.3. JCGM 101:2008 (GUM Supplement 1): Monte Carlo propagation,
 * clause 7 (7.6 estimate and standard uncertainty, 7.7 coverage interval).
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

#include "wbg/analysis.h"
#include "wbg/error.h"

#define MC_MAX_TRIALS 10000000u

double wbg_uncertainty_rect(double reading, double gain, double offset)
{
	return (fabs(gain) * fabs(reading) + fabs(offset)) / sqrt(3.0);
}

double wbg_uncertainty_spec_u(const wbg_uncertainty_spec *acc, double reading)
{
	return acc ? wbg_uncertainty_rect(reading, acc->gain, acc->offset) : 0.0;
}

int wbg_uncertainty_spec_from_accuracy(wbg_uncertainty_spec *out, const wbg_acc_spec *spec,
                                       double ambient_k, wbg_ctx *ctx)
{
	double a0, a1;
	int rc;

	if (!out || !spec)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "uncertainty: NULL specification");
	/* The accuracy model's own limit at zero and at full scale: the
	 * temperature rule lives in one place (instruments/accuracy.c). */
	rc = wbg_accuracy_limit(&a0, spec, 0.0, ambient_k, ctx);
	if (rc == WBG_OK)
		rc = wbg_accuracy_limit(&a1, spec, spec->range, ambient_k, ctx);
	if (rc != WBG_OK)
		return rc;
	out->offset = a0;
	out->gain = spec->range > 0 ? (a1 - a0) / spec->range : 0.0;
	return WBG_OK;
}

int wbg_uncertainty_type_a(wbg_estimate *out, const double *x, size_t n, wbg_ctx *ctx)
{
	double mean = 0, ss = 0;
	size_t i;

	if (!out || !x)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "type A: NULL argument");
	if (n < 2)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "type A: %zu reading(s); repeat the measurement at least twice", n);
	for (i = 0; i < n; i++)
		mean += x[i];
	mean /= (double)n;
	for (i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	out->value = mean;
	out->u = sqrt(ss / (double)(n - 1) / (double)n);
	out->dof = (double)(n - 1);
	return WBG_OK;
}

int wbg_uncertainty_combine(wbg_estimate *out, double value, const double *u, const double *dof,
                            size_t n, wbg_ctx *ctx)
{
	double s2 = 0, den = 0;
	size_t i;

	if (!out || !u || n == 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "uncertainty combine: no components");
	for (i = 0; i < n; i++) {
		if (!(u[i] >= 0) || !isfinite(u[i]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "uncertainty combine: component %zu is %g; give u >= 0", i, u[i]);
		s2 += u[i] * u[i];
		if (dof && dof[i] > 0 && isfinite(dof[i]))
			den += pow(u[i], 4) / dof[i];
	}
	out->value = value;
	out->u = sqrt(s2);
	out->dof = den > 0 ? s2 * s2 / den : INFINITY;
	return WBG_OK;
}

int wbg_uncertainty_reading(wbg_estimate *out, const double *x, size_t n,
                            const wbg_uncertainty_spec *acc,
                            wbg_ctx *ctx)
{
	wbg_estimate a;
	double u[2], dof[2];
	size_t i;
	int rc;

	if (!out || !x || n == 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "reading: no values");
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "reading %zu is not a finite number",
			                     i + 1);
	if (n == 1) {
		a.value = x[0];
		a.u = 0;
		a.dof = INFINITY;
	} else {
		rc = wbg_uncertainty_type_a(&a, x, n, ctx);
		if (rc != WBG_OK)
			return rc;
	}
	u[0] = a.u;
	dof[0] = a.dof;
	u[1] = wbg_uncertainty_spec_u(acc, a.value);
	dof[1] = INFINITY;
	return wbg_uncertainty_combine(out, a.value, u, dof, 2, ctx);
}

int wbg_uncertainty_coverage_factor(double *out_k, double dof, double p, wbg_ctx *ctx)
{
	double q;

	if (!out_k)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "coverage factor: NULL output");
	if (!(p > 0 && p < 1))
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "coverage probability %g is not in (0, 1)", p);
	if (!(dof >= 1))
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                     "coverage factor: %g degrees of freedom; need at least 1", dof);
	q = 0.5 + p / 2;
	*out_k = (isinf(dof) || dof > 1e6) ? gsl_cdf_ugaussian_Pinv(q) : gsl_cdf_tdist_Pinv(q, dof);
	return WBG_OK;
}

int wbg_uncertainty_mc(wbg_mc_result *out, wbg_mc_model model, void *user, const double *x,
                       const double *u_x, size_t n, size_t trials, double p, unsigned long seed,
                       double *work, wbg_ctx *ctx)
{
	gsl_rng *rng = NULL;
	double *y = NULL, mean = 0, ss = 0;
	size_t m = 0, fails = 0, t, i, lo, hi;
	int rc = WBG_OK;

	if (!out || !model || !x || !u_x || !work || n == 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "Monte Carlo: NULL argument or no inputs");
	if (trials < 100 || trials > MC_MAX_TRIALS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE,
		                     "Monte Carlo: %zu trials; use 100 to %u (JCGM 101 suggests 1e6 "
		                     "for a 95 %% interval to 2 significant digits)",
		                     trials, MC_MAX_TRIALS);
	if (!(p > 0 && p < 1))
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "coverage probability %g is not in (0, 1)", p);
	y = malloc(trials * sizeof(*y));
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	if (!y || !rng) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "Monte Carlo: no memory for %zu trials", trials);
		goto out;
	}
	gsl_rng_set(rng, seed);
	for (t = 0; t < trials; t++) {
		double v;
		for (i = 0; i < n; i++)
			work[i] = x[i] + (u_x[i] > 0 ? gsl_ran_gaussian_ziggurat(rng, u_x[i]) : 0.0);
		if (model(&v, work, n, user) != WBG_OK || !isfinite(v)) {
			fails++;
			continue;
		}
		y[m++] = v;
	}
	if (m < 2 || fails * 10 > trials) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                   "Monte Carlo: the model failed in %zu of %zu trials; the input "
		                   "uncertainties are too large for this extraction",
		                   fails, trials);
		goto out;
	}
	for (t = 0; t < m; t++)
		mean += y[t];
	mean /= (double)m;
	for (t = 0; t < m; t++)
		ss += (y[t] - mean) * (y[t] - mean);
	gsl_sort(y, 1, m);
	/* JCGM 101 7.7.2: q = pM (rounded); interval [y(r), y(r+q)], r = (M-q)/2. */
	lo = (size_t)floor((double)m * (1 - p) / 2);
	hi = (size_t)ceil((double)m * (1 + p) / 2);
	if (hi >= m)
		hi = m - 1;
	out->mean = mean;
	out->u = sqrt(ss / (double)(m - 1));
	out->low = y[lo];
	out->high = y[hi];
	out->trials = m;
	out->failures = fails;
out:
	gsl_rng_free(rng);
	free(y);
	return rc;
}
