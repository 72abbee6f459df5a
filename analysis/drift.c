/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Power-law drift dV = A t^n, the empirical time law of bias temperature
 * instability (e.g. Schroder & Babcock, J. Appl. Phys. 94 (2003) 1, sec.
 * IV; JEDEC JEP184 for SiC MOSFET threshold drift uses the same law).
 *
 * LOGLOG: ordinary least squares of ln dV on ln t (Draper & Smith, "Applied
 * Regression Analysis", 3rd ed., ch. 1: slope, intercept, their covariance
 * s^2 (X^T X)^-1 and the confidence interval of the mean response
 * yhat(x0) +- t_{dof,(1+c)/2} s sqrt(1/N + (x0 - xbar)^2 / Sxx)).
 * LSQ: nonlinear least squares on dV through wbg_nlfit, the interval by the
 * delta method g^T C g with g = (t^n, A t^n ln t).
 */
#include "config.h"

#include <math.h>

#include <gsl/gsl_cdf.h>

#include "wbg/drift.h"
#include "wbg/error.h"
#include "wbg/nlfit.h"

struct pts {
	const double *t, *v;
	size_t n;
};

static int pl_f(double *r, const double *b, void *u)
{
	const struct pts *p = u;
	size_t i;
	for (i = 0; i < p->n; i++)
		r[i] = b[0] * pow(p->t[i], b[1]) - p->v[i];
	return 0;
}

static int pl_df(double *J, const double *b, void *u)
{
	const struct pts *p = u;
	size_t i;
	for (i = 0; i < p->n; i++) {
		double tn = pow(p->t[i], b[1]);
		J[2 * i] = tn;
		J[2 * i + 1] = b[0] * tn * log(p->t[i]);
	}
	return 0;
}

int wbg_drift_fit_power(wbg_drift_fit *out, const double *t_s, const double *dv, size_t n,
                        wbg_drift_method method, wbg_ctx *ctx)
{
	wbg_drift_fit f = {0};
	double sx = 0, sy = 0, sxx = 0, sxy = 0, xbar, ybar, a0, n0;
	size_t i;
	int loglog = method == WBG_DRIFT_LOGLOG;

	if (!out || !t_s || !dv)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: NULL argument");
	if (method != WBG_DRIFT_LOGLOG && method != WBG_DRIFT_LSQ)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: unknown method %d", (int)method);
	if (n < 3)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "drift: %zu readouts; a power law with an interval needs 3",
		                     n);
	if (n > WBG_DRIFT_MAX_POINTS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "drift: %zu readouts exceed the maximum %d", n, WBG_DRIFT_MAX_POINTS);
	for (i = 0; i < n; i++) {
		if (!(t_s[i] > 0) || !isfinite(t_s[i]) || !isfinite(dv[i]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: readout %zu: time %g must be > 0 and values finite", i,
			                     t_s[i]);
		if (loglog && !(dv[i] > 0))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "drift: readout %zu has drift %g; the log-log fit needs drift > 0 (use the lsq method)",
			                     i, dv[i]);
	}
	/* Log-log regression: the LOGLOG answer, and LSQ's starting point. */
	for (i = 0; i < n; i++) {
		double x = log(t_s[i]), y = log(fabs(dv[i]) > 0 ? fabs(dv[i]) : 1e-300);
		sx += x;
		sy += y;
	}
	xbar = sx / (double)n;
	ybar = sy / (double)n;
	for (i = 0; i < n; i++) {
		double x = log(t_s[i]) - xbar, y = log(fabs(dv[i]) > 0 ? fabs(dv[i]) : 1e-300) - ybar;
		sxx += x * x;
		sxy += x * y;
	}
	if (!(sxx > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "drift: all readouts at one time; a power law needs several");
	n0 = sxy / sxx;
	a0 = ybar - n0 * xbar;
	f.method = method;
	f.dof = n - 2;
	if (loglog) {
		double rss = 0;
		for (i = 0; i < n; i++) {
			double e = log(dv[i]) - (a0 + n0 * log(t_s[i]));
			rss += e * e;
		}
		f.rss = rss;
		f.s2 = rss / (double)f.dof;
		f.n = n0;
		f.a = exp(a0);
		f.var_n = f.s2 / sxx;
		f.var_p0 = f.s2 * (1.0 / (double)n + xbar * xbar / sxx);
		f.cov_p0_n = -f.s2 * xbar / sxx;
		f.n_se = sqrt(f.var_n);
		f.a_se = f.a * sqrt(f.var_p0); /* delta method */
	} else {
		struct pts p = {t_s, dv, n};
		wbg_nlfit_problem pb = {n, 2, pl_f, pl_df, &p, NULL};
		wbg_nlfit_result res;
		double b0[2] = {exp(a0), n0}, b[2], cov[4];
		int rc;
		/* Negative drifts (recovery) fit too: start from the sign of the mean. */
		if (!isfinite(b0[0]) || !isfinite(b0[1])) {
			b0[0] = 1.0;
			b0[1] = 0.5;
		}
		{
			double mean = 0;
			for (i = 0; i < n; i++)
				mean += dv[i];
			if (mean < 0)
				b0[0] = -b0[0];
		}
		rc = wbg_nlfit_solve(&res, b, NULL, cov, &pb, b0, NULL, ctx);
		if (rc)
			return rc;
		f.a = b[0];
		f.n = b[1];
		f.var_p0 = cov[0];
		f.var_n = cov[3];
		f.cov_p0_n = cov[1];
		f.a_se = sqrt(cov[0]);
		f.n_se = sqrt(cov[3]);
		f.rss = res.rss;
		f.s2 = res.s2;
	}
	*out = f;
	return WBG_OK;
}

int wbg_drift_predict(double *out_dv, double *out_lo, double *out_hi, const wbg_drift_fit *fit, double t_s,
                      double conf, wbg_ctx *ctx)
{
	double tq, lt, m, se;

	if (!out_dv || !out_lo || !out_hi || !fit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: NULL argument");
	if (!(t_s > 0) || !isfinite(t_s))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: target time %g must be > 0", t_s);
	if (!(conf > 0 && conf < 1))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "drift: confidence %g must lie in (0, 1)", conf);
	if (fit->dof < 1)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "drift: no degrees of freedom for an interval");
	tq = gsl_cdf_tdist_Pinv(0.5 * (1.0 + conf), (double)fit->dof);
	lt = log(t_s);
	if (fit->method == WBG_DRIFT_LOGLOG) {
		m = log(fit->a) + fit->n * lt;
		se = sqrt(fmax(0.0, fit->var_p0 + lt * lt * fit->var_n + 2 * lt * fit->cov_p0_n));
		*out_dv = exp(m);
		*out_lo = exp(m - tq * se);
		*out_hi = exp(m + tq * se);
	} else {
		double tn = pow(t_s, fit->n), g0 = tn, g1 = fit->a * tn * lt;
		m = fit->a * tn;
		se = sqrt(fmax(0.0, g0 * g0 * fit->var_p0 + g1 * g1 * fit->var_n + 2 * g0 * g1 * fit->cov_p0_n));
		*out_dv = m;
		*out_lo = m - tq * se;
		*out_hi = m + tq * se;
	}
	return WBG_OK;
}
