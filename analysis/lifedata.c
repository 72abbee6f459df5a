/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Maximum-likelihood fits of Weibull, lognormal and exponential life data
 * with exact, right-, left- and interval-censored observations.
 *
 * Method: Meeker & Escobar, "Statistical Methods for Reliability Data"
 * (Wiley 1998), ch. 8 (location-scale likelihood of y = ln t, eq. 8.x:
 * exact failures contribute f(t) = phi(z) / (sigma t), suspensions S(z),
 * intervals F(z_hi) - F(z_lo)); Lawless, "Statistical Models and Methods
 * for Lifetime Data", 2nd ed. (Wiley 2003), sec. 5.1-5.2 for the score
 * equations. The maximum is found by Newton's method in (mu, ln sigma)
 * with the analytic score, a central-difference Hessian of the score and a
 * backtracking line search; the covariance is the inverse observed Fisher
 * information, -H^-1 in (mu, sigma), at the maximum.
 */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>

#include "life_internal.h"
#include "wbg/error.h"

#define LN_SQRT_2PI 0.91893853320467274178
#define SQRT2 1.41421356237309504880
#define LN2 0.69314718055994530942

static int is_sev(wbg_life_dist d)
{
	return d != WBG_LIFE_LOGNORMAL;
}

double wbgi_life_std_cdf(wbg_life_dist d, double z)
{
	if (is_sev(d))
		return -expm1(-exp(z));
	return gsl_cdf_ugaussian_P(z);
}

double wbgi_life_std_sf(wbg_life_dist d, double z)
{
	if (is_sev(d))
		return exp(-exp(z));
	return gsl_cdf_ugaussian_Q(z);
}

double wbgi_life_std_quantile(wbg_life_dist d, double p)
{
	if (is_sev(d))
		return log(-log1p(-p));
	return gsl_cdf_ugaussian_Pinv(p);
}

/* ln phi(z) and its derivative d ln phi / dz. */
static double log_pdf(wbg_life_dist d, double z, double *dlog)
{
	if (is_sev(d)) {
		double ez = exp(z);
		*dlog = 1.0 - ez;
		return z - ez;
	}
	*dlog = -z;
	return -0.5 * z * z - LN_SQRT_2PI;
}

static double pdf(wbg_life_dist d, double z)
{
	double dl;
	if (!isfinite(z))
		return 0.0;
	return exp(log_pdf(d, z, &dl));
}

/* ln S(z) and the hazard h(z) = phi / S = -d ln S / dz. */
static double log_sf(wbg_life_dist d, double z, double *hazard)
{
	if (is_sev(d)) {
		double ez = exp(z);
		*hazard = ez;
		return -ez;
	}
	*hazard = gsl_sf_hazard(z);
	return gsl_sf_log_erfc(z / SQRT2) - LN2;
}

/* ln F(z) and phi / F = d ln F / dz. */
static double log_cdf(wbg_life_dist d, double z, double *rev_hazard)
{
	if (is_sev(d)) {
		double ez = exp(z), F = -expm1(-ez);
		*rev_hazard = F > 0 ? exp(z - ez) / F : 1.0 - z; /* z -> -inf: phi/F -> 1 */
		return F > 0 ? log(F) : z;                         /* F ~ e^z */
	}
	*rev_hazard = gsl_sf_hazard(-z);
	return gsl_sf_log_erfc(-z / SQRT2) - LN2;
}

double wbgi_life_obs_ll(wbg_life_dist d, const wbg_life_obs *o, double mu, double sigma, double *dmu,
                        double *dsigma)
{
	double li, dz_mu, dz_s, z, zh, g, lns = log(sigma);

	switch (o->cens) {
	case WBG_LIFE_EXACT: {
		double lt = log(o->t_s);
		z = (lt - mu) / sigma;
		li = log_pdf(d, z, &g) - lns - lt;
		dz_mu = -g / sigma;
		dz_s = -1.0 / sigma - g * z / sigma;
		break;
	}
	case WBG_LIFE_RIGHT:
		z = (log(o->t_s) - mu) / sigma;
		li = log_sf(d, z, &g);
		dz_mu = g / sigma;
		dz_s = g * z / sigma;
		break;
	case WBG_LIFE_LEFT:
	case WBG_LIFE_INTERVAL:
		zh = (log(o->t_hi_s) - mu) / sigma;
		if (o->cens == WBG_LIFE_LEFT || o->t_s <= 0.0) {
			li = log_cdf(d, zh, &g);
			dz_mu = -g / sigma;
			dz_s = -g * zh / sigma;
		} else {
			double pl, ph, diff;
			z = (log(o->t_s) - mu) / sigma;
			/* The difference from the tail where it is the more accurate. */
			if (wbgi_life_std_sf(d, z) < 0.5)
				diff = wbgi_life_std_sf(d, z) - wbgi_life_std_sf(d, zh);
			else
				diff = wbgi_life_std_cdf(d, zh) - wbgi_life_std_cdf(d, z);
			if (!(diff > 0.0)) {
				li = -INFINITY;
				dz_mu = dz_s = 0.0;
				break;
			}
			li = log(diff);
			pl = pdf(d, z);
			ph = pdf(d, zh);
			dz_mu = -(ph - pl) / (sigma * diff);
			dz_s = -(ph * zh - pl * z) / (sigma * diff);
		}
		break;
	default:
		li = -INFINITY;
		dz_mu = dz_s = 0.0;
		break;
	}
	if (dmu)
		*dmu = dz_mu;
	if (dsigma)
		*dsigma = dz_s;
	return li;
}

double wbgi_life_loglik(const wbg_life_obs *obs, size_t n, wbg_life_dist d, double mu, double sigma,
                        double *grad)
{
	double l = 0.0, gm = 0.0, gs = 0.0, a, b;
	size_t i;

	for (i = 0; i < n; i++) {
		double w = obs[i].count;
		l += w * wbgi_life_obs_ll(d, &obs[i], mu, sigma, &a, &b);
		gm += w * a;
		gs += w * b;
	}
	if (grad) {
		grad[0] = gm;
		grad[1] = gs;
	}
	return isnan(l) ? -INFINITY : l;
}

int wbgi_life_check_obs(double *out_units, double *out_fail, const wbg_life_obs *obs, size_t n,
                        wbg_ctx *ctx)
{
	double units = 0, fail = 0;
	size_t i;

	if (!obs || n == 0)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "life: no observations");
	if (n > WBG_LIFE_MAX_OBS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "life: %zu observations exceed the maximum %d", n,
		                     WBG_LIFE_MAX_OBS);
	for (i = 0; i < n; i++) {
		const wbg_life_obs *o = &obs[i];
		if (!(o->count > 0) || !isfinite(o->count))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: observation %zu has count %g; counts must be > 0",
			                     i, o->count);
		switch (o->cens) {
		case WBG_LIFE_EXACT:
		case WBG_LIFE_RIGHT:
			if (!(o->t_s > 0) || !isfinite(o->t_s))
				return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
				                     "life: observation %zu has time %g; times must be > 0", i, o->t_s);
			break;
		case WBG_LIFE_LEFT:
		case WBG_LIFE_INTERVAL:
			if (!(o->t_hi_s > 0) || !isfinite(o->t_hi_s) ||
			    (o->cens == WBG_LIFE_INTERVAL && !(o->t_s >= 0 && o->t_s < o->t_hi_s)))
				return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
				                     "life: observation %zu: interval (%g, %g] must have 0 <= start < end",
				                     i, o->t_s, o->t_hi_s);
			break;
		default:
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: observation %zu has censoring kind %d", i,
			                     (int)o->cens);
		}
		units += o->count;
		if (o->cens != WBG_LIFE_RIGHT)
			fail += o->count;
	}
	*out_units = units;
	*out_fail = fail;
	return WBG_OK;
}

/* Score in (mu, ln sigma). */
static double ll_theta(const wbg_life_obs *obs, size_t n, wbg_life_dist d, const double *th, double *g)
{
	double s = exp(th[1]), gg[2];
	double l = wbgi_life_loglik(obs, n, d, th[0], s, g ? gg : NULL);
	if (g) {
		g[0] = gg[0];
		g[1] = gg[1] * s;
	}
	return l;
}

/* Hessian by central differences of the analytic score, in (mu, sigma)
 * when @p in_sigma, else in (mu, ln sigma). np = 1 or 2. */
static void hessian(double H[2][2], const wbg_life_obs *obs, size_t n, wbg_life_dist d, const double *th,
                    int np, int in_sigma)
{
	double x[2], gp[2], gm[2], h;
	int k, j;

	for (k = 0; k < np; k++) {
		x[0] = th[0];
		x[1] = in_sigma ? exp(th[1]) : th[1];
		h = 1e-5 * (1.0 + fabs(x[k]));
		if (in_sigma && k == 1)
			h = 1e-5 * x[1];
		x[k] += h;
		if (in_sigma)
			wbgi_life_loglik(obs, n, d, x[0], x[1], gp);
		else
			ll_theta(obs, n, d, x, gp);
		x[k] -= 2 * h;
		if (in_sigma)
			wbgi_life_loglik(obs, n, d, x[0], x[1], gm);
		else
			ll_theta(obs, n, d, x, gm);
		for (j = 0; j < np; j++)
			H[j][k] = (gp[j] - gm[j]) / (2 * h);
	}
	if (np == 2) {
		double m = 0.5 * (H[0][1] + H[1][0]);
		H[0][1] = H[1][0] = m;
	}
}

/* Exact failures and suspensions only: log-likelihood, score and Hessian
 * in (mu, sigma) analytically, with the logs of the times computed once.
 * With l(z) per record, g1 = dl/dz, g2 = d2l/dz2 and e = 1 for a density
 * term (-ln sigma), z = (y - mu) / sigma:
 *   dl/dmu = -g1/s, dl/ds = -(g1 z + e)/s,
 *   d2l/dmu2 = g2/s^2, d2l/dmu ds = (g1 + g2 z)/s^2,
 *   d2l/ds2 = (2 g1 z + g2 z^2 + e)/s^2. */
struct lfast {
	const wbg_life_obs *obs;
	size_t n;
	wbg_life_dist d;
	double *y; /* ln t, or NULL when some record is left/interval censored */
};

static double fast_eval(const struct lfast *F, double mu, double s, double *g, double H[2][2])
{
	double l = 0, gm = 0, gs = 0, hmm = 0, hms = 0, hss = 0, lns = log(s);
	int sev = is_sev(F->d);
	size_t i;

	for (i = 0; i < F->n; i++) {
		const wbg_life_obs *o = &F->obs[i];
		double y = F->y[i], z = (y - mu) / s, w = o->count, li, g1, g2, e;
		if (o->cens == WBG_LIFE_EXACT) {
			e = 1.0;
			if (sev) {
				double ez = exp(z);
				li = z - ez;
				g1 = 1.0 - ez;
				g2 = -ez;
			} else {
				li = -0.5 * z * z - LN_SQRT_2PI;
				g1 = -z;
				g2 = -1.0;
			}
			li -= lns + y;
		} else {
			e = 0.0;
			if (sev) {
				double ez = exp(z);
				li = -ez;
				g1 = g2 = -ez;
			} else {
				double h;
				li = log_sf(F->d, z, &h);
				g1 = -h;
				g2 = -h * (h - z);
			}
		}
		l += w * li;
		gm -= w * g1;
		gs -= w * (g1 * z + e);
		hmm += w * g2;
		hms += w * (g1 + g2 * z);
		hss += w * (2.0 * g1 * z + g2 * z * z + e);
	}
	if (g) {
		g[0] = gm / s;
		g[1] = gs / s;
	}
	if (H) {
		H[0][0] = hmm / (s * s);
		H[0][1] = H[1][0] = hms / (s * s);
		H[1][1] = hss / (s * s);
	}
	return isnan(l) ? -INFINITY : l;
}

/* Log-likelihood, score and (when H) Hessian in theta = (mu, ln sigma). */
static double eval_theta(const struct lfast *F, const double *th, double *g, double H[2][2], int np)
{
	double s = exp(th[1]), gg[2], HH[2][2], l;

	if (!F->y) {
		l = ll_theta(F->obs, F->n, F->d, th, g);
		if (H)
			hessian(H, F->obs, F->n, F->d, th, np, 0);
		return l;
	}
	l = fast_eval(F, th[0], s, gg, H ? HH : NULL);
	if (g) {
		g[0] = gg[0];
		g[1] = gg[1] * s;
	}
	if (H) {
		H[0][0] = HH[0][0];
		H[0][1] = H[1][0] = HH[0][1] * s;
		H[1][1] = HH[1][1] * s * s + gg[1] * s;
	}
	return l;
}

/* Starting values: mean and sd of the logs of failure times (interval
 * midpoints), shifted up for the censored share. */
static void start_values(double *th, const wbg_life_obs *obs, size_t n)
{
	double s1 = 0, s2 = 0, w = 0, all = 0, lmax = -INFINITY;
	size_t i;

	for (i = 0; i < n; i++) {
		double y;
		const wbg_life_obs *o = &obs[i];
		if (o->cens == WBG_LIFE_EXACT)
			y = log(o->t_s);
		else if (o->cens == WBG_LIFE_RIGHT) {
			y = log(o->t_s);
			all += o->count;
			if (y > lmax)
				lmax = y;
			continue;
		} else if (o->cens == WBG_LIFE_INTERVAL && o->t_s > 0)
			y = 0.5 * (log(o->t_s) + log(o->t_hi_s));
		else
			y = log(o->t_hi_s) - 0.5;
		s1 += o->count * y;
		s2 += o->count * y * y;
		w += o->count;
		all += o->count;
		if (y > lmax)
			lmax = y;
	}
	th[0] = s1 / w;
	th[1] = w > 1 ? 0.5 * log(fmax(s2 / w - th[0] * th[0], 1e-4)) : 0.0;
	/* Censoring hides the long lives: move the location up. */
	if (all > w)
		th[0] += exp(th[1]) * log(all / w);
	if (!isfinite(th[0]))
		th[0] = lmax;
}

int wbg_life_fit_mle(wbg_life_fit *out, const wbg_life_obs *obs, size_t n, wbg_life_dist dist,
                     wbg_ctx *ctx)
{
	wbg_life_fit fit = {0};
	struct lfast F = {0};
	double th[2], g[2], H[2][2], l;
	int np = dist == WBG_LIFE_EXPONENTIAL ? 1 : 2, rc, conv = 0;
	size_t it, i, distinct = 0;
	double first = NAN;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL output");
	if (dist != WBG_LIFE_WEIBULL && dist != WBG_LIFE_LOGNORMAL && dist != WBG_LIFE_EXPONENTIAL &&
	    dist != WBG_LIFE_WEIBULL3)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: unknown distribution %d", (int)dist);
	rc = wbgi_life_check_obs(&fit.n_units, &fit.n_fail, obs, n, ctx);
	if (rc)
		return rc;
	if (dist == WBG_LIFE_WEIBULL3) {
		if (fit.n_fail < 3)
			return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "life: a 3-parameter Weibull needs 3 failures at least");
		return wbgi_life_fit_weibull3(out, obs, n, ctx);
	}
	if (fit.n_fail <= 0)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "life: no failures among %g units; a fit needs at least one (two for Weibull/lognormal)",
		                     fit.n_units);
	for (i = 0; i < n && distinct < 2; i++) {
		double t = obs[i].cens == WBG_LIFE_RIGHT ? NAN : obs[i].cens == WBG_LIFE_EXACT ? obs[i].t_s : obs[i].t_hi_s;
		if (isnan(t))
			continue;
		if (distinct == 0 || t != first) {
			if (distinct == 0)
				first = t;
			distinct++;
		}
	}
	if (np == 2 && distinct < 2)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "life: a two-parameter fit needs failures at two different times at least");

	F.obs = obs;
	F.n = n;
	F.d = dist;
	F.y = NULL;
	for (i = 0; i < n; i++)
		if (obs[i].cens != WBG_LIFE_EXACT && obs[i].cens != WBG_LIFE_RIGHT)
			break;
	if (i == n) {
		F.y = malloc(n * sizeof(double)); /* without memory, the slower general path */
		for (i = 0; F.y && i < n; i++)
			F.y[i] = log(obs[i].t_s);
	}

	start_values(th, obs, n);
	if (np == 1)
		th[1] = 0.0;
	l = eval_theta(&F, th, g, NULL, np);
	/* Find a finite start: widen the scale if some interval has zero mass. */
	for (i = 0; i < 40 && !isfinite(l); i++) {
		if (np == 2)
			th[1] += 0.5;
		else
			th[0] += 0.5;
		l = eval_theta(&F, th, g, NULL, np);
	}
	if (!isfinite(l)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: no starting point with a finite likelihood");
		goto out;
	}

	for (it = 0; it < 500 && !conv; it++) {
		double step[2] = {0, 0}, det, t;
		int k;

		eval_theta(&F, th, NULL, H, np);
		if (np == 1) {
			step[0] = H[0][0] < 0 ? -g[0] / H[0][0] : g[0] * 0.1;
		} else {
			det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
			if (H[0][0] < 0 && det > 0) {
				step[0] = -(H[1][1] * g[0] - H[0][1] * g[1]) / det;
				step[1] = -(-H[1][0] * g[0] + H[0][0] * g[1]) / det;
			} else { /* not concave here: a scaled gradient step */
				double gn = sqrt(g[0] * g[0] + g[1] * g[1]);
				step[0] = g[0] / (gn + 1e-300) * 0.1;
				step[1] = g[1] / (gn + 1e-300) * 0.1;
			}
		}
		/* Keep steps moderate in ln sigma. */
		if (fabs(step[1]) > 1.0) {
			step[0] /= fabs(step[1]);
			step[1] /= fabs(step[1]);
		}
		for (t = 1.0, k = 0; k < 60; k++, t *= 0.5) {
			double tr[2] = {th[0] + t * step[0], th[1] + t * step[1]}, gt[2];
			double lt = eval_theta(&F, tr, gt, NULL, np);
			if (isfinite(lt) && lt >= l - 1e-12 * fabs(l)) {
				double dmax = fmax(fabs(t * step[0]), fabs(t * step[1]));
				th[0] = tr[0];
				th[1] = tr[1];
				g[0] = gt[0];
				g[1] = np == 2 ? gt[1] : 0.0;
				if (dmax < 1e-10 || (fabs(lt - l) < 1e-14 * fmax(1.0, fabs(l)) && dmax < 1e-7))
					conv = 1;
				l = lt;
				break;
			}
		}
		if (k == 60)
			conv = 1; /* no ascent direction left: at the maximum to rounding */
		if (np == 1)
			g[1] = 0.0;
	}
	if (!conv || !isfinite(th[0]) || !isfinite(th[1])) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                   "life: the likelihood maximisation did not converge in %zu iterations", it);
		goto out;
	}
	if (np == 2 && (th[1] > 20 || th[1] < -20)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: the scale went to %s; the data do not determine a %s fit",
		                   th[1] > 0 ? "infinity" : "zero", dist == WBG_LIFE_WEIBULL ? "Weibull" : "lognormal");
		goto out;
	}

	/* Observed information in (mu, sigma). */
	if (F.y)
		fast_eval(&F, th[0], exp(th[1]), NULL, H);
	else
		hessian(H, obs, n, dist, th, np, 1);
	fit.dist = dist;
	fit.mu = th[0];
	fit.sigma = np == 2 ? exp(th[1]) : 1.0;
	fit.loglik = l;
	fit.niter = it;
	if (np == 1) {
		if (!(H[0][0] < 0)) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: the information matrix is not positive definite");
			goto out;
		}
		fit.var_mu = -1.0 / H[0][0];
	} else {
		double det = H[0][0] * H[1][1] - H[0][1] * H[1][0];
		if (!(H[0][0] < 0 && det > 0)) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
			                   "life: the information matrix is not positive definite; too few failures?");
			goto out;
		}
		fit.var_mu = -H[1][1] / det;
		fit.var_sigma = -H[0][0] / det;
		fit.cov_mu_sigma = H[0][1] / det;
	}
	*out = fit;
	rc = WBG_OK;
out:
	free(F.y);
	return rc;
}

double wbg_life_cdf(const wbg_life_fit *fit, double t_s)
{
	if (!fit)
		return NAN;
	if (!(t_s - fit->gamma > 0))
		return 0.0;
	return wbgi_life_std_cdf(fit->dist, (log(t_s - fit->gamma) - fit->mu) / fit->sigma);
}
