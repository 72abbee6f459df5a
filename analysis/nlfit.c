/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Nonlinear least squares over GSL's gsl_multifit_nlinear trust-region
 * solver (WBG_NLFIT_LM_SMALL is analysis/nlfit_lm.c) (GSL Reference Manual, "Nonlinear Least-Squares Fitting";
 * Levenberg-Marquardt as in Moré, "The Levenberg-Marquardt algorithm:
 * implementation and theory", LNM 630, 1978; geodesic acceleration after
 * Transtrum & Sethna, arXiv:1201.5885).
 *
 * Standard errors follow the NIST StRD convention: the covariance of the
 * estimates is s^2 (J^T J)^-1 with s^2 = RSS / (n - p), evaluated at the
 * solution.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>

#include "nlfit_internal.h"
#include "wbg/error.h"
#include "wbg/nlfit.h"

/* A residual at a point where the model fails: large enough that the trust
 * region rejects the step, small enough that n of them squared stay finite. */
#define BAD_RESIDUAL 1e100

struct adapter {
	const wbg_nlfit_problem *pb;
	double *b;   /* p, the current point as a plain array */
	double *buf; /* n * p, the Jacobian or the residuals as plain arrays */
	int failed;  /* the user's callback failed at least once */
};

static void copy_x(struct adapter *a, const gsl_vector *x)
{
	size_t k;

	for (k = 0; k < a->pb->p; k++)
		a->b[k] = gsl_vector_get(x, k);
}

static int eval_f(const gsl_vector *x, void *params, gsl_vector *f)
{
	struct adapter *a = params;
	size_t i, n = a->pb->n;
	/* Write straight into GSL's vector when it is contiguous. */
	double *r = f->stride == 1 ? f->data : a->buf;
	int bad;

	copy_x(a, x);
	bad = a->pb->f(r, a->b, a->pb->userdata) != 0;
	for (i = 0; i < n && !bad; i++)
		if (!isfinite(r[i]))
			bad = 1;
	if (bad) {
		a->failed = 1;
		gsl_vector_set_all(f, BAD_RESIDUAL / sqrt((double)n));
		return GSL_SUCCESS;
	}
	if (r != f->data)
		for (i = 0; i < n; i++)
			f->data[i * f->stride] = r[i];
	return GSL_SUCCESS;
}

static int eval_df(const gsl_vector *x, void *params, gsl_matrix *jac)
{
	struct adapter *a = params;
	size_t i, k, n = a->pb->n, p = a->pb->p;
	/* Row-major n x p is GSL's own layout when tda == p: no copy. */
	double *J = jac->tda == p ? jac->data : a->buf;

	copy_x(a, x);
	if (a->pb->df(J, a->b, a->pb->userdata) != 0) {
		a->failed = 1;
		return GSL_EDOM;
	}
	for (i = 0; i < n * p; i++)
		if (!isfinite(J[i])) {
			a->failed = 1;
			return GSL_EDOM;
		}
	if (J != jac->data)
		for (i = 0; i < n; i++)
			for (k = 0; k < p; k++)
				jac->data[i * jac->tda + k] = J[i * p + k];
	return GSL_SUCCESS;
}

void wbg_nlfit_options_default(wbg_nlfit_options *out)
{
	if (!out)
		return;
	out->method = WBG_NLFIT_LM;
	out->max_iter = 1000;
	out->xtol = 1e-12;
	out->gtol = 1e-12;
	out->ftol = 0.0;
	out->scale_more = 0;
	out->normal_equations = 0;
	out->tau = 1e-3;
}

int wbg_nlfit_solve(wbg_nlfit_result *out, double *out_b, double *out_stderr, double *out_cov,
                    const wbg_nlfit_problem *problem, const double *b0,
                    const wbg_nlfit_options *opts, wbg_ctx *ctx)
{
	wbg_nlfit_options o;
	gsl_multifit_nlinear_parameters fp;
	gsl_multifit_nlinear_fdf fdf;
	gsl_multifit_nlinear_workspace *w = NULL;
	gsl_matrix *cov = NULL;
	gsl_vector_view x0;
	struct adapter a = {0};
	wbg_nlfit_result res = {0};
	size_t n, p, k;
	int rc = WBG_OK, status, info = 0;
	double chisq, rcond = 0.0;
	gsl_vector *r;

	if (!out || !out_b || !problem || !b0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: NULL result, parameters, problem or start");
	n = problem->n;
	p = problem->p;
	if (p == 0 || n < p)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "nlfit: %zu residuals for %zu parameters; a fit needs at least as many points as parameters",
		                     n, p);
	if (p > WBG_NLFIT_MAX_PARAMS || n > WBG_NLFIT_MAX_RESIDUALS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "nlfit: %zu parameters / %zu residuals exceed the maxima %d / %d",
		                     p, n, WBG_NLFIT_MAX_PARAMS, WBG_NLFIT_MAX_RESIDUALS);
	for (k = 0; k < p; k++)
		if (!isfinite(b0[k]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: starting value %zu is not finite", k);
	if (opts)
		o = *opts;
	else
		wbg_nlfit_options_default(&o);
	if (o.max_iter == 0 || !(o.xtol >= 0) || !(o.gtol >= 0) || !(o.ftol >= 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: max_iter must be > 0 and tolerances >= 0");
	if (o.method == WBG_NLFIT_LM_SMALL)
		return wbgi_nlfit_lm_small(out, out_b, out_stderr, out_cov, problem, b0, &o, ctx);
	if (o.method != WBG_NLFIT_LM && o.method != WBG_NLFIT_LM_ACCEL)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: unknown method %d", (int)o.method);
	if (!problem->f)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: NULL residual function");

	a.pb = problem;
	a.b = malloc(p * sizeof(double));
	a.buf = malloc(n * p * sizeof(double));
	cov = gsl_matrix_alloc(p, p);
	if (!a.b || !a.buf || !cov) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "nlfit: no memory for %zu x %zu Jacobian", n, p);
		goto out;
	}

	/* The starting point must be inside the model's domain. */
	memcpy(a.b, b0, p * sizeof(double));
	if (problem->f(a.buf, a.b, problem->userdata) != 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "nlfit: the model cannot be evaluated at the starting point; choose other starting values");
		goto out;
	}

	fp = gsl_multifit_nlinear_default_parameters();
	fp.trs = o.method == WBG_NLFIT_LM_ACCEL ? gsl_multifit_nlinear_trs_lmaccel : gsl_multifit_nlinear_trs_lm;
	fp.scale = o.scale_more ? gsl_multifit_nlinear_scale_more : gsl_multifit_nlinear_scale_levenberg;
	fp.solver = o.normal_equations ? gsl_multifit_nlinear_solver_cholesky : gsl_multifit_nlinear_solver_qr;

	fdf.f = eval_f;
	fdf.df = problem->df ? eval_df : NULL;
	fdf.fvv = NULL; /* second directional derivative by finite differences */
	fdf.n = n;
	fdf.p = p;
	fdf.params = &a;

	w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, n, p);
	if (!w) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "nlfit: no memory for the GSL workspace (%zu x %zu)", n, p);
		goto out;
	}
	memcpy(a.b, b0, p * sizeof(double));
	x0 = gsl_vector_view_array(a.b, p);
	status = gsl_multifit_nlinear_init(&x0.vector, &fdf, w);
	if (status != GSL_SUCCESS) {
		rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "nlfit: the Jacobian cannot be evaluated at the starting point (%s)",
		                   gsl_strerror(status));
		goto out;
	}
	status = gsl_multifit_nlinear_driver(o.max_iter, o.xtol, o.gtol, o.ftol, NULL, NULL, &info, w);
	if (status == GSL_EMAXITER) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                   "nlfit: no convergence in %zu iterations; try other starting values or more iterations",
		                   o.max_iter);
		goto out;
	}
	if (status != GSL_SUCCESS) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "nlfit: the solver stopped: %s; try other starting values",
		                   gsl_strerror(status));
		goto out;
	}

	r = gsl_multifit_nlinear_residual(w);
	status = gsl_blas_ddot(r, r, &chisq);
	if (status != GSL_SUCCESS || !isfinite(chisq) || chisq >= BAD_RESIDUAL) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "nlfit: the solution lies where the model cannot be evaluated");
		goto out;
	}
	if (o.normal_equations) {
		/* (J^T J)^-1 by Cholesky: p x p work instead of a pivoted QR of J. */
		status = gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, gsl_multifit_nlinear_jac(w), 0.0, cov);
		if (status == GSL_SUCCESS)
			status = gsl_linalg_cholesky_decomp1(cov);
		if (status == GSL_SUCCESS)
			status = gsl_linalg_cholesky_invert(cov);
	} else {
		status = gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), 0.0, cov);
	}
	if (status != GSL_SUCCESS) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "nlfit: covariance failed: %s", gsl_strerror(status));
		goto out;
	}
	status = gsl_multifit_nlinear_rcond(&rcond, w);
	if (status != GSL_SUCCESS)
		rcond = 0.0;

	if (a.failed)
		wbg_log(ctx, WBG_LOG_DEBUG, "nlfit", "the model could not be evaluated at some trial points; those steps were rejected");
	res.rss = chisq;
	res.dof = n - p;
	res.s2 = res.dof > 0 ? chisq / (double)res.dof : 0.0;
	res.niter = gsl_multifit_nlinear_niter(w);
	res.nevalf = fdf.nevalf;
	res.nevaldf = fdf.nevaldf;
	res.stop = info == 1 ? WBG_NLFIT_STOP_XTOL : info == 2 ? WBG_NLFIT_STOP_GTOL : WBG_NLFIT_STOP_FTOL;
	res.cond = rcond;

	for (k = 0; k < p; k++) {
		size_t j;
		out_b[k] = gsl_vector_get(gsl_multifit_nlinear_position(w), k);
		if (out_stderr)
			out_stderr[k] = sqrt(res.s2 * gsl_matrix_get(cov, k, k));
		if (out_cov)
			for (j = 0; j < p; j++)
				out_cov[k * p + j] = res.s2 * gsl_matrix_get(cov, k, j);
	}
	*out = res;
out:
	if (w)
		gsl_multifit_nlinear_free(w);
	gsl_matrix_free(cov);
	free(a.b);
	free(a.buf);
	return rc;
}
