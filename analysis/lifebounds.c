/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Confidence bounds for life-data fits (Meeker & Escobar, "Statistical
 * Methods for Reliability Data", Wiley 1998):
 *
 * - Fisher-matrix (Wald) bounds, sec. 8.4: for positive quantities on the
 *   log scale (eta, sigma, beta, t_p); for the percentile
 *   ln t_p = mu + q_p sigma with Var = V_mu + q_p^2 V_sigma + 2 q_p C;
 *   for the reliability on z = (ln t - mu) / sigma with
 *   Var z = (V_mu + z^2 V_sigma + 2 z C) / sigma^2, then R = S(z).
 * - Likelihood-ratio bounds, sec. 8.3: the set of values whose profile
 *   log-likelihood lies within chi2_{1,conf} / 2 of the maximum. The
 *   profile of a percentile or a reliability fixes mu = c - a sigma and
 *   maximises over sigma; the ends are found by bracketing outwards from
 *   the Wald bound and bisecting.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "life_internal.h"
#include "wbg/error.h"

#define GOLDEN 0.61803398874989484820

double wbg_life_zcrit(double conf)
{
	if (!(conf > 0 && conf < 1))
		return NAN;
	return gsl_cdf_ugaussian_Pinv(0.5 * (1.0 + conf));
}

/* What a profile holds fixed. */
enum prof_kind {
	PROF_MU,    /* v = mu; maximise over sigma */
	PROF_LNSIG, /* v = ln sigma; maximise over mu */
	PROF_LINK_C, /* v = c in mu = c - a sigma (percentile: a = q_p) */
	PROF_LINK_A, /* v = a in mu = c - a sigma (reliability: c = ln t, a = z) */
};

struct prof {
	const wbg_life_fit *fit;
	const wbg_life_obs *obs;
	size_t n;
	enum prof_kind kind;
	double c, a; /* the fixed member of the link */
};

static double ll_at(const struct prof *p, double v, double free_)
{
	double mu, sigma;

	switch (p->kind) {
	case PROF_MU:
		mu = v;
		sigma = exp(free_);
		break;
	case PROF_LNSIG:
		mu = free_;
		sigma = exp(v);
		break;
	case PROF_LINK_C:
		sigma = exp(free_);
		mu = v - p->a * sigma;
		break;
	case PROF_LINK_A:
		sigma = exp(free_);
		mu = p->c - v * sigma;
		break;
	default:
		return -INFINITY;
	}
	if (p->fit->dist == WBG_LIFE_EXPONENTIAL)
		sigma = 1.0;
	return wbgi_life_loglik(p->obs, p->n, p->fit->dist, mu, sigma, NULL);
}

/* The profile log-likelihood at v: golden-section search over the free
 * parameter (ln sigma, or mu for PROF_LNSIG). */
static double profile(const struct prof *p, double v)
{
	double lo, hi, x1, x2, f1, f2;
	int i;

	if (p->fit->dist == WBG_LIFE_EXPONENTIAL)
		return ll_at(p, v, 0.0);
	if (p->kind == PROF_LNSIG) {
		double w = 10.0 * (p->fit->sigma + sqrt(p->fit->var_mu)) + 10.0 * exp(v);
		lo = p->fit->mu - w;
		hi = p->fit->mu + w;
	} else {
		lo = log(p->fit->sigma) - 6.0;
		hi = log(p->fit->sigma) + 6.0;
	}
	x1 = hi - GOLDEN * (hi - lo);
	x2 = lo + GOLDEN * (hi - lo);
	f1 = ll_at(p, v, x1);
	f2 = ll_at(p, v, x2);
	for (i = 0; i < 200 && hi - lo > 1e-10 * (1.0 + fabs(lo)); i++) {
		if (f1 < f2) {
			lo = x1;
			x1 = x2;
			f1 = f2;
			x2 = lo + GOLDEN * (hi - lo);
			f2 = ll_at(p, v, x2);
		} else {
			hi = x2;
			x2 = x1;
			f2 = f1;
			x1 = hi - GOLDEN * (hi - lo);
			f1 = ll_at(p, v, x1);
		}
	}
	return fmax(f1, f2);
}

/* The two ends of {v : 2 (l_hat - profile(v)) <= chi2}, starting from the
 * estimate v_hat and the Wald half-width w. */
static int lr_interval(double *out_lo, double *out_hi, const struct prof *p, double v_hat, double w,
                       double conf, wbg_ctx *ctx)
{
	double target = p->fit->loglik - 0.5 * gsl_cdf_chisq_Pinv(conf, 1.0);
	double ends[2];
	int side;

	if (!(w > 0) || !isfinite(w))
		w = 0.1 * (1.0 + fabs(v_hat));
	for (side = 0; side < 2; side++) {
		double dir = side == 0 ? -1.0 : 1.0, in = v_hat, outv = v_hat + dir * w;
		int k;
		for (k = 0; k < 60 && profile(p, outv) > target; k++) {
			in = outv;
			outv = v_hat + dir * w * pow(2.0, k + 1);
		}
		if (k == 60)
			return wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
			                     "life: the likelihood-ratio bound is unbounded; use Fisher bounds or more data");
		for (k = 0; k < 100 && fabs(outv - in) > 1e-10 * (1.0 + fabs(in)); k++) {
			double mid = 0.5 * (in + outv);
			if (profile(p, mid) > target)
				in = mid;
			else
				outv = mid;
		}
		ends[side] = 0.5 * (in + outv);
	}
	*out_lo = ends[0];
	*out_hi = ends[1];
	return WBG_OK;
}

static int check_common(const wbg_life_fit *fit, double conf, wbg_life_bound method,
                        const wbg_life_obs *obs, size_t n, wbg_ctx *ctx)
{
	if (!fit || !(fit->sigma > 0) || !isfinite(fit->mu))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL or invalid fit");
	if (!(conf > 0 && conf < 1))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: confidence level %g must lie in (0, 1)", conf);
	if (method == WBG_LIFE_LR) {
		double u, f;
		if (fit->dist == WBG_LIFE_WEIBULL3)
			return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
			                     "life: likelihood-ratio bounds of the 3-parameter Weibull are not implemented; use Fisher bounds");
		return wbgi_life_check_obs(&u, &f, obs, n, ctx);
	}
	if (method != WBG_LIFE_FISHER)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: unknown bound method %d", (int)method);
	return WBG_OK;
}

int wbg_life_param_bounds(double *out_lo, double *out_hi, const wbg_life_fit *fit, wbg_life_param which,
                          double conf, wbg_life_bound method, const wbg_life_obs *obs, size_t n,
                          wbg_ctx *ctx)
{
	double z = wbg_life_zcrit(conf), lo, hi, se;
	struct prof p;
	int rc;

	if (!out_lo || !out_hi)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL output");
	rc = check_common(fit, conf, method, obs, n, ctx);
	if (rc)
		return rc;
	p.fit = fit;
	p.obs = obs;
	p.n = n;
	p.c = p.a = 0;
	switch (which) {
	case WBG_LIFE_P_MU:
	case WBG_LIFE_P_ETA:
		se = sqrt(fit->var_mu);
		if (method == WBG_LIFE_FISHER) {
			lo = fit->mu - z * se;
			hi = fit->mu + z * se;
		} else {
			p.kind = PROF_MU;
			rc = lr_interval(&lo, &hi, &p, fit->mu, z * se, conf, ctx);
			if (rc)
				return rc;
		}
		if (which == WBG_LIFE_P_ETA) {
			lo = exp(lo);
			hi = exp(hi);
		}
		break;
	case WBG_LIFE_P_SIGMA:
	case WBG_LIFE_P_BETA:
		if (fit->dist == WBG_LIFE_EXPONENTIAL)
			return wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "life: the exponential has no shape parameter to bound");
		if (which == WBG_LIFE_P_BETA && fit->dist != WBG_LIFE_WEIBULL && fit->dist != WBG_LIFE_WEIBULL3)
			return wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "life: beta is a Weibull parameter");
		se = sqrt(fit->var_sigma) / fit->sigma; /* of ln sigma */
		if (method == WBG_LIFE_FISHER) {
			lo = log(fit->sigma) - z * se;
			hi = log(fit->sigma) + z * se;
		} else {
			p.kind = PROF_LNSIG;
			rc = lr_interval(&lo, &hi, &p, log(fit->sigma), z * se, conf, ctx);
			if (rc)
				return rc;
		}
		if (which == WBG_LIFE_P_SIGMA) {
			lo = exp(lo);
			hi = exp(hi);
		} else {
			double t = exp(-hi);
			hi = exp(-lo);
			lo = t;
		}
		break;
	case WBG_LIFE_P_GAMMA:
		if (fit->dist != WBG_LIFE_WEIBULL3)
			return wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "life: only the 3-parameter Weibull has a threshold");
		se = sqrt(fit->var_gamma);
		lo = fit->gamma - z * se;
		hi = fit->gamma + z * se;
		break;
	default:
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: unknown parameter %d", (int)which);
	}
	*out_lo = lo;
	*out_hi = hi;
	return WBG_OK;
}

int wbg_life_percentile(double *out_t, double *out_lo, double *out_hi, const wbg_life_fit *fit, double prob,
                        double conf, wbg_life_bound method, const wbg_life_obs *obs, size_t n,
                        wbg_ctx *ctx)
{
	double q, y, se, lo = NAN, hi = NAN, z;
	int rc;

	if (!out_t)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL output");
	if (!(prob > 0 && prob < 1))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: percentile fraction %g must lie in (0, 1)", prob);
	if (!fit || !(fit->sigma > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL or invalid fit");
	q = wbgi_life_std_quantile(fit->dist, prob);
	y = fit->mu + q * fit->sigma;
	if (out_lo && out_hi) {
		rc = check_common(fit, conf, method, obs, n, ctx);
		if (rc)
			return rc;
		z = wbg_life_zcrit(conf);
		se = sqrt(fit->var_mu + q * q * fit->var_sigma + 2 * q * fit->cov_mu_sigma);
		if (fit->dist == WBG_LIFE_WEIBULL3) {
			/* t_p = gamma + e^y: Var = e^2y Var y + Var gamma + 2 e^y Cov(y, gamma);
			 * bounds on ln t_p, as for the other positive quantities. */
			double ey = exp(y), tp = fit->gamma + ey;
			double cyg = fit->cov_mu_gamma + q * fit->cov_sigma_gamma;
			double setp = sqrt(fmax(0.0, ey * ey * se * se + fit->var_gamma + 2 * ey * cyg));
			*out_lo = tp * exp(-z * setp / tp);
			*out_hi = tp * exp(z * setp / tp);
			*out_t = tp;
			return WBG_OK;
		}
		if (method == WBG_LIFE_FISHER) {
			lo = y - z * se;
			hi = y + z * se;
		} else {
			struct prof p = {fit, obs, n, PROF_LINK_C, 0.0, q};
			rc = lr_interval(&lo, &hi, &p, y, z * se, conf, ctx);
			if (rc)
				return rc;
		}
		*out_lo = exp(lo);
		*out_hi = exp(hi);
	}
	*out_t = fit->gamma + exp(y);
	return WBG_OK;
}

int wbg_life_reliability(double *out_r, double *out_lo, double *out_hi, const wbg_life_fit *fit, double t_s,
                         double conf, wbg_life_bound method, const wbg_life_obs *obs, size_t n,
                         wbg_ctx *ctx)
{
	double zt, se, lo, hi, z;
	int rc;

	if (!out_r)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL output");
	if (!(t_s > 0) || !isfinite(t_s))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: reliability time %g must be > 0", t_s);
	if (!fit || !(fit->sigma > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL or invalid fit");
	if (!(t_s - fit->gamma > 0)) { /* before the threshold nothing fails */
		*out_r = 1.0;
		if (out_lo && out_hi)
			*out_lo = *out_hi = 1.0;
		return WBG_OK;
	}
	zt = (log(t_s - fit->gamma) - fit->mu) / fit->sigma;
	if (out_lo && out_hi) {
		rc = check_common(fit, conf, method, obs, n, ctx);
		if (rc)
			return rc;
		z = wbg_life_zcrit(conf);
		se = sqrt(fit->var_mu + zt * zt * fit->var_sigma + 2 * zt * fit->cov_mu_sigma) / fit->sigma;
		if (fit->dist == WBG_LIFE_WEIBULL3) {
			/* dz/dgamma = -1 / (sigma (t - gamma)) adds its terms. */
			double dg = -1.0 / (fit->sigma * (t_s - fit->gamma));
			double v = se * se + dg * dg * fit->var_gamma +
			           2 * dg * (-fit->cov_mu_gamma - zt * fit->cov_sigma_gamma) / fit->sigma;
			se = sqrt(fmax(0.0, v));
		}
		if (method == WBG_LIFE_FISHER) {
			lo = zt - z * se;
			hi = zt + z * se;
		} else {
			struct prof p = {fit, obs, n, PROF_LINK_A, log(t_s), 0.0};
			rc = lr_interval(&lo, &hi, &p, zt, z * se, conf, ctx);
			if (rc)
				return rc;
		}
		*out_lo = wbgi_life_std_sf(fit->dist, hi);
		*out_hi = wbgi_life_std_sf(fit->dist, lo);
	}
	*out_r = wbgi_life_std_sf(fit->dist, zt);
	return WBG_OK;
}

struct rank_item {
	double t;
	int fail;
	double count;
};

static int cmp_item(const void *a, const void *b)
{
	const struct rank_item *x = a, *y = b;
	if (x->t < y->t)
		return -1;
	if (x->t > y->t)
		return 1;
	return y->fail - x->fail; /* failures before suspensions at a tie */
}

int wbg_life_plot_positions(double *out_t, double *out_f, size_t *out_n, size_t cap,
                            const wbg_life_obs *obs, size_t n, wbg_ctx *ctx)
{
	struct rank_item *it = NULL;
	double units = 0, fails = 0, before = 0, rank = 0;
	size_t i, m = 0;
	int rc;

	if (!out_t || !out_f || !out_n)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: NULL output");
	rc = wbgi_life_check_obs(&units, &fails, obs, n, ctx);
	if (rc)
		return rc;
	if (fails > (double)cap)
		return wbg_ctx_error(ctx, WBG_ERR_OVERFLOW, "life: %g failures exceed the %zu plot positions given", fails,
		                     cap);
	it = malloc(n * sizeof(*it));
	if (!it)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "life: out of memory for %zu ranks", n);
	for (i = 0; i < n; i++) {
		if (obs[i].cens != WBG_LIFE_EXACT && obs[i].cens != WBG_LIFE_RIGHT) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
			                   "life: plot positions by adjusted ranks need exact failures and suspensions only");
			goto out;
		}
		if (obs[i].count != floor(obs[i].count)) {
			rc = wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "life: plot positions need whole unit counts");
			goto out;
		}
		it[i].t = obs[i].t_s;
		it[i].fail = obs[i].cens == WBG_LIFE_EXACT;
		it[i].count = obs[i].count;
	}
	qsort(it, n, sizeof(*it), cmp_item);
	for (i = 0; i < n; i++) {
		double k;
		for (k = 0; k < it[i].count; k++) {
			double reverse = units - before; /* units at risk, this one included */
			if (it[i].fail) {
				/* Johnson's adjusted rank in its reverse-rank form. */
				rank = (reverse * rank + units + 1.0) / (reverse + 1.0);
				out_t[m] = it[i].t;
				out_f[m] = (rank - 0.3) / (units + 0.4); /* Bernard */
				m++;
			}
			before += 1.0;
		}
	}
	*out_n = m;
out:
	free(it);
	return rc;
}
