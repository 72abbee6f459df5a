/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accelerated-life regression: location-scale life distribution with
 * mu_i = b0 + b1 x(s_i) + o(s_i) (Nelson, "Accelerated Testing", Wiley
 * 1990, ch. 5 "maximum likelihood ... for censored data"; Meeker &
 * Escobar 1998, sec. 17.3). Maximised by Newton's method on
 * (c0, c1, ln sigma) with the covariate centred and scaled,
 * x' = (x - xbar) / sx, for conditioning (field in V/m spans 1e8..1e9);
 * analytic score, central-difference Hessian, backtracking line search.
 * The covariance is mapped back to (b0, b1, sigma) by the Jacobian of
 * b1 = c1 / sx, b0 = c0 - c1 xbar / sx.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "life_internal.h"
#include "wbg/alt.h"
#include "wbg/error.h"

static int covariate(double *x, double *off, wbg_alt_model m, double s)
{
	*off = 0.0;
	switch (m) {
	case WBG_ALT_ARRHENIUS:
		*x = 1.0 / (WBG_ALT_K_EV * s);
		return 0;
	case WBG_ALT_EYRING:
		*x = 1.0 / (WBG_ALT_K_EV * s);
		*off = -log(s);
		return 0;
	case WBG_ALT_POWER:
		*x = log(s);
		return 0;
	case WBG_ALT_E:
		*x = s;
		return 0;
	case WBG_ALT_INV_E:
		*x = 1.0 / s;
		return 0;
	}
	return -1;
}

struct altdata {
	const wbg_life_obs *obs;
	size_t n;
	wbg_life_dist dist;
	double *xs, *off; /* centred, scaled covariate; offset */
	int np;           /* 2 (exponential) or 3 */
	int fix_c1;       /* profile: hold c1 */
};

/* Log-likelihood and score in (c0, c1, ln sigma). */
static double ll(const struct altdata *a, const double *th, double *g)
{
	double s = a->np == 3 ? exp(th[2]) : 1.0, l = 0, g0 = 0, g1 = 0, g2 = 0;
	size_t i;

	for (i = 0; i < a->n; i++) {
		double dm, ds, w = a->obs[i].count;
		double li = wbgi_life_obs_ll(a->dist, &a->obs[i], th[0] + th[1] * a->xs[i] + a->off[i], s, &dm, &ds);
		l += w * li;
		g0 += w * dm;
		g1 += w * dm * a->xs[i];
		g2 += w * ds * s;
	}
	if (g) {
		g[0] = g0;
		g[1] = g1;
		g[2] = a->np == 3 ? g2 : 0.0;
	}
	return isnan(l) ? -INFINITY : l;
}

static void hess(double H[3][3], const struct altdata *a, const double *th)
{
	double x[3], gp[3], gm[3];
	int k, j;

	for (k = 0; k < a->np; k++) {
		double h = 1e-5 * (1.0 + fabs(th[k]));
		for (j = 0; j < 3; j++)
			x[j] = th[j];
		x[k] += h;
		ll(a, x, gp);
		x[k] -= 2 * h;
		ll(a, x, gm);
		for (j = 0; j < a->np; j++)
			H[j][k] = (gp[j] - gm[j]) / (2 * h);
	}
	for (k = 0; k < a->np; k++)
		for (j = 0; j < k; j++)
			H[j][k] = H[k][j] = 0.5 * (H[j][k] + H[k][j]);
}

/* Solve A y = b for a small symmetric system by Gaussian elimination with
 * partial pivoting; returns -1 when singular. */
static int solve(int np, double A[3][3], const double *b, double *y)
{
	double M[3][4];
	int i, j, k;

	for (i = 0; i < np; i++) {
		for (j = 0; j < np; j++)
			M[i][j] = A[i][j];
		M[i][np] = b[i];
	}
	for (k = 0; k < np; k++) {
		int piv = k;
		for (i = k + 1; i < np; i++)
			if (fabs(M[i][k]) > fabs(M[piv][k]))
				piv = i;
		if (!(fabs(M[piv][k]) > 1e-300))
			return -1;
		if (piv != k)
			for (j = 0; j <= np; j++) {
				double t = M[k][j];
				M[k][j] = M[piv][j];
				M[piv][j] = t;
			}
		for (i = k + 1; i < np; i++) {
			double f = M[i][k] / M[k][k];
			for (j = k; j <= np; j++)
				M[i][j] -= f * M[k][j];
		}
	}
	for (i = np - 1; i >= 0; i--) {
		double s = M[i][np];
		for (j = i + 1; j < np; j++)
			s -= M[i][j] * y[j];
		y[i] = s / M[i][i];
	}
	return 0;
}

/* Newton ascent over the free parameters: c0, c1 (unless fix_c1) and
 * ln sigma (unless exponential). */
static int maximise(double *th, double *out_l, size_t *out_it, const struct altdata *a)
{
	double g[3], H[3][3], l = ll(a, th, g);
	size_t it;
	int act[3], na = 0, k;

	act[na++] = 0;
	if (!a->fix_c1)
		act[na++] = 1;
	if (a->np == 3)
		act[na++] = 2;
	for (it = 0; it < 500; it++) {
		double step[3] = {0, 0, 0}, negH[3][3], gr[3], sr[3], t, mx;
		int j, ok;

		hess(H, a, th);
		for (k = 0; k < na; k++) {
			gr[k] = g[act[k]];
			for (j = 0; j < na; j++)
				negH[k][j] = -H[act[k]][act[j]];
		}
		ok = solve(na, negH, gr, sr) == 0;
		if (ok) { /* an ascent direction? */
			double d = 0;
			for (k = 0; k < na; k++)
				d += sr[k] * gr[k];
			ok = d > 0;
		}
		if (!ok) {
			double gn = 0;
			for (k = 0; k < na; k++)
				gn += gr[k] * gr[k];
			gn = sqrt(gn) + 1e-300;
			for (k = 0; k < na; k++)
				sr[k] = 0.1 * gr[k] / gn;
		}
		for (k = 0; k < na; k++)
			step[act[k]] = sr[k];
		mx = 0;
		for (k = 0; k < 3; k++)
			mx = fmax(mx, fabs(step[k]));
		if (mx > 2.0)
			for (k = 0; k < 3; k++)
				step[k] *= 2.0 / mx;
		for (t = 1.0, k = 0; k < 60; k++, t *= 0.5) {
			double tr[3] = {th[0] + t * step[0], th[1] + t * step[1], th[2] + t * step[2]}, gt[3], lt;
			lt = ll(a, tr, gt);
			if (isfinite(lt) && lt >= l - 1e-12 * fabs(l)) {
				double dmax = t * mx;
				int done = dmax < 1e-10 || (fabs(lt - l) < 1e-14 * fmax(1.0, fabs(l)) && dmax < 1e-7);
				for (j = 0; j < 3; j++) {
					th[j] = tr[j];
					g[j] = gt[j];
				}
				l = lt;
				if (done) {
					*out_l = l;
					*out_it = it + 1;
					return 0;
				}
				break;
			}
		}
		if (k == 60) {
			*out_l = l;
			*out_it = it + 1;
			return 0;
		}
	}
	return -1;
}

int wbg_alt_fit_mle(wbg_alt_fit *out, const wbg_life_obs *obs, const double *stress, size_t n,
                    wbg_alt_model model, wbg_life_dist dist, wbg_ctx *ctx)
{
	struct altdata a = {0};
	wbg_alt_fit f = {0};
	double *x = NULL, xbar = 0, sx = 0, th[3] = {0, 0, 0}, H[3][3], C[3][3], l;
	double sy = 0, sxy = 0, sw = 0, syy = 0;
	size_t i, levels = 0, it;
	int rc, k, j;

	if (!out || !stress)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: NULL argument");
	if ((unsigned)model > (unsigned)WBG_ALT_INV_E)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: unknown model %d", (int)model);
	if (dist != WBG_LIFE_WEIBULL && dist != WBG_LIFE_LOGNORMAL && dist != WBG_LIFE_EXPONENTIAL)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: unknown distribution %d", (int)dist);
	rc = wbgi_life_check_obs(&f.n_units, &f.n_fail, obs, n, ctx);
	if (rc)
		return rc;
	x = malloc(2 * n * sizeof(double));
	if (!x)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "alt: out of memory for %zu observations", n);
	a.xs = x;
	a.off = x + n;
	for (i = 0; i < n; i++) {
		if (!(stress[i] > 0) || !isfinite(stress[i])) {
			rc = wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: observation %zu has stress %g; stresses must be > 0 (K, V, V/m)",
			                   i, stress[i]);
			goto out;
		}
		covariate(&x[i], &a.off[i], model, stress[i]);
		xbar += x[i];
		for (j = 0; j < (int)i; j++)
			if (stress[j] == stress[i])
				break;
		if (j == (int)i)
			levels++;
	}
	if (levels < 2) {
		rc = wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                   "alt: all units at one stress level; an acceleration model needs two levels at least");
		goto out;
	}
	xbar /= (double)n;
	for (i = 0; i < n; i++)
		sx += (x[i] - xbar) * (x[i] - xbar);
	sx = sqrt(sx / (double)n);
	for (i = 0; i < n; i++)
		x[i] = (x[i] - xbar) / sx;
	a.obs = obs;
	a.n = n;
	a.dist = dist;
	a.np = dist == WBG_LIFE_EXPONENTIAL ? 2 : 3;

	/* Start: least squares of the failures' log times (interval mid-points) on x'. */
	for (i = 0; i < n; i++) {
		const wbg_life_obs *o = &obs[i];
		double y, w = o->count;
		if (o->cens == WBG_LIFE_RIGHT)
			continue;
		y = o->cens == WBG_LIFE_EXACT ? log(o->t_s)
		    : (o->cens == WBG_LIFE_INTERVAL && o->t_s > 0) ? 0.5 * (log(o->t_s) + log(o->t_hi_s))
		                                                   : log(o->t_hi_s);
		y -= a.off[i];
		sw += w;
		sy += w * y;
		sxy += w * y * x[i];
		syy += w * y * y;
	}
	if (!(sw > 0)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "alt: no failures");
		goto out;
	}
	{
		double sxx = 0, sxw = 0;
		for (i = 0; i < n; i++)
			if (obs[i].cens != WBG_LIFE_RIGHT) {
				sxx += obs[i].count * x[i] * x[i];
				sxw += obs[i].count * x[i];
			}
		th[1] = sxx * sw - sxw * sxw > 1e-12 ? (sw * sxy - sxw * sy) / (sxx * sw - sxw * sxw) : 0.0;
		th[0] = (sy - th[1] * sxw) / sw;
		th[2] = a.np == 3 ? 0.5 * log(fmax(syy / sw - (sy / sw) * (sy / sw), 1e-2) * 0.5) : 0.0;
		/* Censoring hides the long lives. */
		if (f.n_units > f.n_fail)
			th[0] += exp(th[2]) * log(f.n_units / f.n_fail);
	}
	for (k = 0; k < 40 && !isfinite(ll(&a, th, NULL)); k++)
		th[a.np == 3 ? 2 : 0] += 0.5;
	if (maximise(th, &l, &it, &a) != 0 || !isfinite(l)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "alt: the likelihood maximisation did not converge");
		goto out;
	}
	if (a.np == 3 && (th[2] > 20 || th[2] < -20)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "alt: the scale parameter diverged; too few failures?");
		goto out;
	}
	/* Information in (c0, c1, sigma): convert the ln sigma row/column. */
	hess(H, &a, th);
	{
		double s = exp(th[2]), g[3], negH[3][3], e[3], col[3];
		ll(&a, th, g);
		if (a.np == 3) {
			/* d2l/dsigma2 = (H22 - g2) / s^2, d2l/(dc dsigma) = H_k2 / s */
			H[2][2] = (H[2][2] - g[2]) / (s * s);
			H[0][2] = H[2][0] = H[0][2] / s;
			H[1][2] = H[2][1] = H[1][2] / s;
		}
		for (k = 0; k < a.np; k++)
			for (j = 0; j < a.np; j++)
				negH[k][j] = -H[k][j];
		for (k = 0; k < 3; k++)
			for (j = 0; j < 3; j++)
				C[k][j] = 0.0;
		for (k = 0; k < a.np; k++) {
			for (j = 0; j < a.np; j++)
				e[j] = j == k ? 1.0 : 0.0;
			if (solve(a.np, negH, e, col) != 0) {
				rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "alt: singular information matrix");
				goto out;
			}
			for (j = 0; j < a.np; j++)
				C[j][k] = col[j];
		}
		for (k = 0; k < a.np; k++)
			if (!(C[k][k] > 0)) {
				rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
				                   "alt: the information matrix is not positive definite; too few failures?");
				goto out;
			}
		/* Back to (b0, b1, sigma): b = T c with T = [[1, -xbar/sx, 0], [0, 1/sx, 0], [0, 0, 1]]. */
		{
			double T[3][3] = {{1, -xbar / sx, 0}, {0, 1 / sx, 0}, {0, 0, 1}}, TC[3][3];
			int m;
			for (k = 0; k < 3; k++)
				for (j = 0; j < 3; j++) {
					TC[k][j] = 0;
					for (m = 0; m < 3; m++)
						TC[k][j] += T[k][m] * C[m][j];
				}
			for (k = 0; k < 3; k++)
				for (j = 0; j < 3; j++) {
					f.cov[k][j] = 0;
					for (m = 0; m < 3; m++)
						f.cov[k][j] += TC[k][m] * T[j][m];
				}
		}
		f.b1 = th[1] / sx;
		f.b0 = th[0] - th[1] * xbar / sx;
		f.sigma = a.np == 3 ? s : 1.0;
	}
	f.model = model;
	f.dist = dist;
	f.loglik = l;
	f.n_levels = levels;
	f.niter = it;
	*out = f;
	rc = WBG_OK;
out:
	free(x);
	return rc;
}

int wbg_alt_life_at(wbg_life_fit *out, const wbg_alt_fit *fit, double stress, wbg_ctx *ctx)
{
	wbg_life_fit f = {0};
	double x, off;

	if (!out || !fit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: NULL argument");
	if (!(stress > 0) || !isfinite(stress) || covariate(&x, &off, fit->model, stress) != 0)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: stress %g must be > 0", stress);
	f.dist = fit->dist;
	f.mu = fit->b0 + fit->b1 * x + off;
	f.sigma = fit->sigma;
	f.var_mu = fit->cov[0][0] + 2 * x * fit->cov[0][1] + x * x * fit->cov[1][1];
	f.var_sigma = fit->cov[2][2];
	f.cov_mu_sigma = fit->cov[0][2] + x * fit->cov[1][2];
	f.loglik = fit->loglik;
	f.n_units = fit->n_units;
	f.n_fail = fit->n_fail;
	*out = f;
	return WBG_OK;
}

int wbg_alt_param(double *out_value, double *out_se, const wbg_alt_fit *fit, wbg_ctx *ctx)
{
	double sign;

	if (!out_value || !fit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: NULL argument");
	sign = fit->model == WBG_ALT_POWER || fit->model == WBG_ALT_E ? -1.0 : 1.0;
	*out_value = sign * fit->b1;
	if (out_se)
		*out_se = sqrt(fit->cov[1][1]);
	return WBG_OK;
}

int wbg_alt_accel_factor(double *out_af, double *out_lo, double *out_hi, const wbg_alt_fit *fit,
                         double stress_use, double stress_test, double conf, wbg_ctx *ctx)
{
	double xu, ou, xt, ot, d, se, z;

	if (!out_af || !fit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: NULL argument");
	if (!(stress_use > 0) || !(stress_test > 0) || !isfinite(stress_use) || !isfinite(stress_test))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: stresses must be > 0");
	covariate(&xu, &ou, fit->model, stress_use);
	covariate(&xt, &ot, fit->model, stress_test);
	d = fit->b1 * (xu - xt) + ou - ot;
	*out_af = exp(d);
	if (out_lo && out_hi) {
		z = wbg_life_zcrit(conf);
		if (isnan(z))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: confidence %g must lie in (0, 1)", conf);
		se = fabs(xu - xt) * sqrt(fit->cov[1][1]);
		*out_lo = exp(d - z * se);
		*out_hi = exp(d + z * se);
	}
	return WBG_OK;
}

/* The data of a fit, rebuilt for likelihood-ratio profiles. */
struct altprof {
	struct altdata a;
	double *buf, xbar, sx;
	const wbg_alt_fit *fit;
};

static int prof_init(struct altprof *p, const wbg_alt_fit *fit, const wbg_life_obs *obs, const double *stress,
                     size_t n, wbg_ctx *ctx)
{
	size_t i;

	p->fit = fit;
	p->buf = malloc(2 * n * sizeof(double));
	if (!p->buf)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "alt: out of memory for %zu observations", n);
	p->a.obs = obs;
	p->a.n = n;
	p->a.dist = fit->dist;
	p->a.xs = p->buf;
	p->a.off = p->buf + n;
	p->a.np = fit->dist == WBG_LIFE_EXPONENTIAL ? 2 : 3;
	p->a.fix_c1 = 1;
	p->xbar = p->sx = 0;
	for (i = 0; i < n; i++) {
		if (!(stress[i] > 0) || !isfinite(stress[i]) || covariate(&p->buf[i], &p->a.off[i], fit->model, stress[i]) != 0) {
			free(p->buf);
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: observation %zu has stress %g", i, stress[i]);
		}
		p->xbar += p->buf[i];
	}
	p->xbar /= (double)n;
	for (i = 0; i < n; i++)
		p->sx += (p->buf[i] - p->xbar) * (p->buf[i] - p->xbar);
	p->sx = sqrt(p->sx / (double)n);
	if (!(p->sx > 0)) {
		free(p->buf);
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "alt: one stress level only");
	}
	for (i = 0; i < n; i++)
		p->buf[i] = (p->buf[i] - p->xbar) / p->sx;
	return WBG_OK;
}

/* Profile log-likelihood with b1 held. */
static double prof_ll(struct altprof *p, double b1)
{
	double th[3], l;
	size_t it;

	th[0] = p->fit->b0 + p->fit->b1 * p->xbar;
	th[1] = b1 * p->sx;
	th[2] = p->a.np == 3 ? log(p->fit->sigma) : 0.0;
	if (maximise(th, &l, &it, &p->a) != 0)
		return -INFINITY;
	return l;
}

int wbg_alt_param_bounds(double *out_lo, double *out_hi, const wbg_alt_fit *fit, double conf,
                         wbg_life_bound method, const wbg_life_obs *obs, const double *stress, size_t n,
                         wbg_ctx *ctx)
{
	double z, v, se, sign, ends[2];
	struct altprof p;
	int rc, side;

	if (!out_lo || !out_hi || !fit)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: NULL argument");
	z = wbg_life_zcrit(conf);
	if (isnan(z))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: confidence %g must lie in (0, 1)", conf);
	wbg_alt_param(&v, &se, fit, NULL);
	sign = fit->model == WBG_ALT_POWER || fit->model == WBG_ALT_E ? -1.0 : 1.0;
	if (method == WBG_LIFE_FISHER) {
		*out_lo = v - z * se;
		*out_hi = v + z * se;
		return WBG_OK;
	}
	if (method != WBG_LIFE_LR)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: unknown bound method %d", (int)method);
	if (!obs || !stress)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "alt: likelihood-ratio bounds need the fitted data");
	rc = wbgi_life_check_obs(&ends[0], &ends[1], obs, n, ctx);
	if (rc)
		return rc;
	rc = prof_init(&p, fit, obs, stress, n, ctx);
	if (rc)
		return rc;
	{
		/* {b1 : 2 (l_hat - l_p(b1)) <= chi2_1}: bracket outwards from the Wald
		 * half-width, then bisect (Meeker & Escobar 1998, sec. 8.3). */
		double target = fit->loglik - 0.5 * z * z, w = z * sqrt(fit->cov[1][1]);
		if (!(w > 0) || !isfinite(w))
			w = 0.1 * (1.0 + fabs(fit->b1));
		for (side = 0; side < 2; side++) {
			double dir = side == 0 ? -1.0 : 1.0, in = fit->b1, outv = fit->b1 + dir * w;
			int k;
			for (k = 0; k < 40 && prof_ll(&p, outv) > target; k++) {
				in = outv;
				outv = fit->b1 + dir * w * pow(2.0, k + 1);
			}
			if (k == 40) {
				free(p.buf);
				return wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
				                     "alt: the likelihood-ratio bound is unbounded; use Fisher bounds or more data");
			}
			for (k = 0; k < 100 && fabs(outv - in) > 1e-10 * (1.0 + fabs(in)); k++) {
				double mid = 0.5 * (in + outv);
				if (prof_ll(&p, mid) > target)
					in = mid;
				else
					outv = mid;
			}
			ends[side] = 0.5 * (in + outv);
		}
	}
	free(p.buf);
	/* In the reported parameter's sign. */
	*out_lo = sign > 0 ? ends[0] : -ends[1];
	*out_hi = sign > 0 ? ends[1] : -ends[0];
	return WBG_OK;
}
