/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A Levenberg-Marquardt solver for small dense problems (p parameters, a few
 * to ~20; n >> p residuals), the core of the spectra fits.
 *
 * GSL's trust-region driver keeps the n x p Jacobian and works on it with
 * CBLAS; for p = 4 and n = 1024 that bookkeeping costs more than the model.
 * Here each evaluation makes one pass over the data and keeps only
 *   A = J^T J (p x p), g = J^T r (p) and r^T r,
 * accumulated block by block (WBG_NLFIT_BLOCK rows) from the model's fused
 * residual-and-Jacobian callback, or from the ordinary f/df callbacks.
 *
 * Step and damping: Madsen, Nielsen & Tingleff, "Methods for Non-Linear
 * Least Squares Problems", 2nd ed., IMM DTU 2004, Algorithm 3.16 (Nielsen's
 * update of mu; the same as GSL's trs_lm with Levenberg scaling D = I):
 *   solve (A + mu I) h = -g;  rho = (F(x) - F(x + h)) / (L(0) - L(h)),
 *   L(0) - L(h) = h^T (mu h - g) / 2, F = r^T r / 2;
 *   rho > 0: accept, mu *= max(1/3, 1 - (2 rho - 1)^3), nu = 2;
 *   else mu *= nu, nu *= 2;  mu_0 = tau max_k A_kk (tau 1e-3, or 1e-6 from
 *   a start believed good, as MNT advise).
 * The damped system is solved by Cholesky after symmetric (Jacobi) scaling
 * to unit diagonal, which removes the conditioning that only comes from the
 * parameters' units (van der Sluis, Numer. Math. 14 (1969) 14).
 * Stopping: xtol and gtol in GSL's form (gsl_multifit_nlinear_test), so
 * that they mean the same for both cores: |h_k| <= xtol (|x_k| + xtol) for
 * every k; max_k |g_k| max(|x_k|, 1) <= gtol max(F, 1). ftol in MINPACK's
 * form (lmder, More 1978): the actual and the predicted relative reduction
 * of F after a step both at most ftol, or the predicted one before a trial. And, whatever ftol, a predicted decrease below the
 * rounding of F itself.
 *
 * Covariance s^2 A^-1 at the solution, as the GSL core (NIST convention).
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "nlfit_internal.h"
#include "wbg/error.h"

#define BLK WBG_NLFIT_BLOCK

/* One evaluation: J^T J (full p x p, both triangles), J^T r, r^T r. */
struct normal {
	double *A, *g, rss;
};

struct work {
	const wbg_nlfit_problem *pb;
	size_t n, p;
	double *r, *jac;     /* block buffers: BLK and p * BLK (column-major) */
	double *rfull, *jfull; /* n and n * p for the f/df callbacks, else NULL */
	size_t nevalf, nevaldf;
};

/* sum_j u_j v_j over one block, in eight independent partial sums that
 * stay in registers (the compiler pairs them into vector registers without
 * having to reassociate the additions). */
static double dot(const double *restrict u, const double *restrict v)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
	size_t j;

	for (j = 0; j < BLK; j += 8) {
		s0 += u[j] * v[j];
		s1 += u[j + 1] * v[j + 1];
		s2 += u[j + 2] * v[j + 2];
		s3 += u[j + 3] * v[j + 3];
		s4 += u[j + 4] * v[j + 4];
		s5 += u[j + 5] * v[j + 5];
		s6 += u[j + 6] * v[j + 6];
		s7 += u[j + 7] * v[j + 7];
	}
	return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
}

/* Add one block (rows padded with zeros to BLK) to the sums. */
static void accumulate(struct normal *e, const struct work *w, int with_jac)
{
	size_t a, b, p = w->p;

	e->rss += dot(w->r, w->r);
	if (!with_jac)
		return;
	for (a = 0; a < p; a++) {
		const double *ja = w->jac + a * BLK;
		e->g[a] += dot(ja, w->r);
		for (b = 0; b <= a; b++)
			e->A[a * p + b] += dot(ja, w->jac + b * BLK);
	}
}

/* Evaluate at b: r^T r always, A and g when with_jac. Returns 0, or -1 when
 * the model cannot be evaluated there (or gives a non-finite value). */
static int evaluate(struct normal *e, struct work *w, const double *b, int with_jac)
{
	const wbg_nlfit_problem *pb = w->pb;
	size_t i0, j, k, a, n = w->n, p = w->p;

	e->rss = 0.0;
	if (with_jac) {
		memset(e->A, 0, p * p * sizeof(double));
		memset(e->g, 0, p * sizeof(double));
	}
	if (!pb->fdf_block) {
		w->nevalf++;
		if (pb->f(w->rfull, b, pb->userdata) != 0)
			return -1;
		if (with_jac) {
			w->nevaldf++;
			if (pb->df(w->jfull, b, pb->userdata) != 0)
				return -1;
		}
	} else {
		w->nevalf++;
		w->nevaldf += with_jac != 0;
	}
	for (i0 = 0; i0 < n; i0 += BLK) {
		size_t m = n - i0 < BLK ? n - i0 : BLK;
		if (m < BLK) {
			memset(w->r, 0, BLK * sizeof(double));
			memset(w->jac, 0, p * BLK * sizeof(double));
		}
		if (pb->fdf_block) {
			if (pb->fdf_block(w->r, w->jac, i0, m, b, pb->userdata) != 0)
				return -1;
		} else {
			memcpy(w->r, w->rfull + i0, m * sizeof(double));
			if (with_jac)
				for (j = 0; j < m; j++)
					for (k = 0; k < p; k++)
						w->jac[k * BLK + j] = w->jfull[(i0 + j) * p + k];
		}
		accumulate(e, w, with_jac);
	}
	/* An infinite or NaN residual or derivative makes r^T r or a diagonal
	 * element of J^T J infinite or NaN: no need to look at each. */
	if (!isfinite(e->rss))
		return -1;
	if (with_jac)
		for (a = 0; a < p; a++) {
			if (!isfinite(e->A[a * p + a]) || !isfinite(e->g[a]))
				return -1;
			for (k = 0; k < a; k++)
				e->A[k * p + a] = e->A[a * p + k];
		}
	return 0;
}

/* Cholesky of the p x p symmetric positive definite M (lower triangle
 * overwritten with L, M = L L^T). Returns -1 if M is not positive definite. */
static int cholesky(double *M, size_t p)
{
	size_t i, j, k;

	for (j = 0; j < p; j++) {
		double d = M[j * p + j];
		for (k = 0; k < j; k++)
			d -= M[j * p + k] * M[j * p + k];
		if (!(d > 0.0) || !isfinite(d))
			return -1;
		d = sqrt(d);
		M[j * p + j] = d;
		for (i = j + 1; i < p; i++) {
			double s = M[i * p + j];
			for (k = 0; k < j; k++)
				s -= M[i * p + k] * M[j * p + k];
			M[i * p + j] = s / d;
		}
	}
	return 0;
}

/* Solve L L^T x = v in place. */
static void chol_solve(const double *L, size_t p, double *v)
{
	size_t i, k;

	for (i = 0; i < p; i++) {
		double s = v[i];
		for (k = 0; k < i; k++)
			s -= L[i * p + k] * v[k];
		v[i] = s / L[i * p + i];
	}
	for (i = p; i-- > 0;) {
		double s = v[i];
		for (k = i + 1; k < p; k++)
			s -= L[k * p + i] * v[k];
		v[i] = s / L[i * p + i];
	}
}

/* Jacobi scale of A: sc_k = 1 / sqrt(A_kk) (1 for an empty column). */
static void jacobi_scale(double *sc, const double *A, size_t p)
{
	size_t k;
	for (k = 0; k < p; k++)
		sc[k] = A[k * p + k] > 0.0 ? 1.0 / sqrt(A[k * p + k]) : 1.0;
}

/* Solve (A + mu I) h = -g through the scaled system. M is p x p work. */
static int damped_step(double *h, double *M, const double *sc, const struct normal *e, double mu, size_t p)
{
	size_t a, b;

	for (a = 0; a < p; a++) {
		for (b = 0; b <= a; b++)
			M[a * p + b] = sc[a] * e->A[a * p + b] * sc[b];
		M[a * p + a] += mu * sc[a] * sc[a];
	}
	if (cholesky(M, p) != 0)
		return -1;
	for (a = 0; a < p; a++)
		h[a] = -sc[a] * e->g[a];
	chol_solve(M, p, h);
	for (a = 0; a < p; a++)
		h[a] *= sc[a];
	return 0;
}

/* A^-1 (scaled Cholesky), into inv (p x p, full). */
static int inverse(double *inv, double *M, double *col, const double *A, size_t p)
{
	double sc[WBG_NLFIT_MAX_PARAMS];
	size_t a, b;

	jacobi_scale(sc, A, p);
	for (a = 0; a < p; a++)
		for (b = 0; b <= a; b++)
			M[a * p + b] = sc[a] * A[a * p + b] * sc[b];
	if (cholesky(M, p) != 0)
		return -1;
	for (b = 0; b < p; b++) {
		for (a = 0; a < p; a++)
			col[a] = a == b ? 1.0 : 0.0;
		chol_solve(M, p, col);
		for (a = 0; a < p; a++)
			inv[a * p + b] = sc[a] * col[a] * sc[b];
	}
	return 0;
}

/* Reciprocal condition number of J: sqrt(lambda_min / lambda_max) of J^T J. */
static double rcond_of(const double *A, size_t p)
{
	gsl_matrix *m = gsl_matrix_alloc(p, p);
	gsl_vector *ev = gsl_vector_alloc(p);
	gsl_eigen_symm_workspace *ws = gsl_eigen_symm_alloc(p);
	double rc = 0.0;
	size_t a, b;

	if (m && ev && ws) {
		for (a = 0; a < p; a++)
			for (b = 0; b < p; b++)
				gsl_matrix_set(m, a, b, A[a * p + b]);
		if (gsl_eigen_symm(m, ev, ws) == GSL_SUCCESS) {
			double lo = gsl_vector_min(ev), hi = gsl_vector_max(ev);
			rc = hi > 0.0 && lo > 0.0 ? sqrt(lo / hi) : 0.0;
		}
	}
	gsl_eigen_symm_free(ws);
	gsl_vector_free(ev);
	gsl_matrix_free(m);
	return rc;
}

static int step_small(const double *h, const double *x, double xtol, size_t p)
{
	size_t k;
	for (k = 0; k < p; k++)
		if (!(fabs(h[k]) <= xtol * (fabs(x[k]) + xtol)))
			return 0;
	return 1;
}

static int grad_small(const struct normal *e, const double *x, double gtol, size_t p)
{
	double gn = 0.0;
	size_t k;
	for (k = 0; k < p; k++)
		gn = fmax(gn, fabs(e->g[k]) * fmax(fabs(x[k]), 1.0));
	return gn <= gtol * fmax(0.5 * e->rss, 1.0);
}

int wbgi_nlfit_lm_small(wbg_nlfit_result *out, double *out_b, double *out_stderr, double *out_cov,
                        const wbg_nlfit_problem *pb, const double *b0, const wbg_nlfit_options *o, wbg_ctx *ctx)
{
	size_t n = pb->n, p = pb->p, iter = 0, k, j;
	struct work w = {0};
	struct normal cur, trial, tmp;
	double *mem = NULL, *x, *xn, *h, *M, *sc, *col, *inv;
	double mu, nu = 2.0, maxd = 0.0, dl_acc = 0.0;
	wbg_nlfit_result res = {0};
	wbg_nlfit_stop stop = WBG_NLFIT_STOP_XTOL;
	int rc = WBG_OK, done = 0;

	if (!(o->tau > 0.0) || !isfinite(o->tau))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "nlfit: tau must be > 0 and finite");
	if (!pb->fdf_block && (!pb->f || !pb->df))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "nlfit: the small-problem solver needs an analytic Jacobian (df or fdf_block)");
	w.pb = pb;
	w.n = n;
	w.p = p;
	/* cur.A, trial.A, M, inv: p*p each; cur.g, trial.g, x, xn, h, sc, col: p; r: BLK; jac: p*BLK */
	mem = malloc((4 * p * p + 7 * p + BLK + p * BLK) * sizeof(double));
	if (!pb->fdf_block) {
		w.rfull = malloc(n * sizeof(double));
		w.jfull = malloc(n * p * sizeof(double));
	}
	if (!mem || (!pb->fdf_block && (!w.rfull || !w.jfull))) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "nlfit: no memory for %zu x %zu normal equations", n, p);
		goto out;
	}
	cur.A = mem;
	trial.A = cur.A + p * p;
	M = trial.A + p * p;
	inv = M + p * p;
	cur.g = inv + p * p;
	trial.g = cur.g + p;
	x = trial.g + p;
	xn = x + p;
	h = xn + p;
	sc = h + p;
	col = sc + p;
	w.r = col + p;
	w.jac = w.r + BLK;

	memcpy(x, b0, p * sizeof(double));
	if (evaluate(&cur, &w, x, 1) != 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                   "nlfit: the model cannot be evaluated at the starting point; choose other starting values");
		goto out;
	}
	for (k = 0; k < p; k++)
		maxd = fmax(maxd, cur.A[k * p + k]);
	mu = o->tau * (maxd > 0.0 ? maxd : 1.0);

	while (!done && iter < o->max_iter) {
		int accepted = 0;
		double f_old = cur.rss;
		jacobi_scale(sc, cur.A, p);
		while (!accepted) {
			double dl = 0.0, rho;
			if (!(mu < 1e300)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
				                   "nlfit: no step reduces the residuals; try other starting values");
				goto out;
			}
			if (damped_step(h, M, sc, &cur, mu, p) != 0) {
				mu *= nu;
				nu *= 2.0;
				continue;
			}
			if (step_small(h, x, o->xtol, p)) {
				stop = WBG_NLFIT_STOP_XTOL;
				done = 1;
				break;
			}
			for (k = 0; k < p; k++) {
				xn[k] = x[k] + h[k];
				dl += h[k] * (mu * h[k] - cur.g[k]);
			}
			dl *= 0.5;
			/* A predicted decrease below the rounding of F = r^T r / 2
			 * itself (a sum of n squares: ~sqrt(n) eps F) cannot be
			 * measured: the gain ratio would be noise and every further
			 * trial a wasted pass. Converged (MINPACK's lmder stops there
			 * too, info 6: "no further reduction in the sum of squares is
			 * possible"). */
			if (dl <= fmax(sqrt((double)n) * DBL_EPSILON, o->ftol) * 0.5 * cur.rss) {
				stop = WBG_NLFIT_STOP_FTOL;
				done = 1;
				break;
			}
			/* With the fused callback the Jacobian comes at no extra pass;
			 * with f/df only the residuals are needed to judge the step. */
			if (evaluate(&trial, &w, xn, pb->fdf_block != NULL) != 0)
				rho = -1.0;
			else
				rho = dl > 0.0 ? 0.5 * (cur.rss - trial.rss) / dl : -1.0;
			if (rho > 0.0) {
				double t = 2.0 * rho - 1.0;
				dl_acc = dl;
				memcpy(x, xn, p * sizeof(double));
				if (pb->fdf_block) {
					tmp = cur;
					cur = trial;
					trial = tmp;
				} else if (evaluate(&cur, &w, x, 1) != 0) {
					rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "nlfit: the Jacobian cannot be evaluated at an accepted point");
					goto out;
				}
				mu *= fmax(1.0 / 3.0, 1.0 - t * t * t);
				nu = 2.0;
				accepted = 1;
			} else {
				mu *= nu;
				nu *= 2.0;
			}
		}
		if (!accepted)
			break;
		iter++;
		if (step_small(h, x, o->xtol, p)) {
			stop = WBG_NLFIT_STOP_XTOL;
			done = 1;
		} else if (grad_small(&cur, x, o->gtol, p)) {
			stop = WBG_NLFIT_STOP_GTOL;
			done = 1;
		} else if (o->ftol > 0.0 && f_old - cur.rss <= o->ftol * f_old && 2.0 * dl_acc <= o->ftol * f_old) {
			stop = WBG_NLFIT_STOP_FTOL;
			done = 1;
		}
	}
	if (!done) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                   "nlfit: no convergence in %zu iterations; try other starting values or more iterations",
		                   o->max_iter);
		goto out;
	}
	if (inverse(inv, M, col, cur.A, p) != 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                   "nlfit: J^T J is singular at the solution; a parameter is not determined by the data");
		goto out;
	}
	res.rss = cur.rss;
	res.dof = n - p;
	res.s2 = res.dof > 0 ? cur.rss / (double)res.dof : 0.0;
	res.niter = iter;
	res.nevalf = w.nevalf;
	res.nevaldf = w.nevaldf;
	res.stop = stop;
	res.cond = rcond_of(cur.A, p);
	for (k = 0; k < p; k++) {
		out_b[k] = x[k];
		if (out_stderr)
			out_stderr[k] = sqrt(res.s2 * inv[k * p + k]);
		if (out_cov)
			for (j = 0; j < p; j++)
				out_cov[k * p + j] = res.s2 * inv[k * p + j];
	}
	*out = res;
out:
	free(mem);
	free(w.rfull);
	free(w.jfull);
	return rc;
}
