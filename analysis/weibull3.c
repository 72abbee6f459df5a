/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * 3-parameter Weibull by maximum likelihood: F(t) = 1 - exp(-((t - gamma) /
 * eta)^beta) for t > gamma. The threshold is found by maximising the profile
 * log-likelihood P(gamma) = max over (eta, beta) of the 2-parameter
 * likelihood of t - gamma (Lawless 2003, sec. 5.1.3 "threshold parameters";
 * Cohen, Technometrics 7 (1965) 579) by golden-section search on
 * [0, t_(1)), t_(1) the first failure. The likelihood grows without bound
 * as gamma -> t_(1) (Smith, Biometrika 72 (1985) 67); the estimate is the
 * interior local maximum, as in practice, and its absence is reported. The covariance of (mu, sigma, gamma) is the
 * inverse of the observed information from central second differences of
 * the log-likelihood.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "life_internal.h"
#include "wbg/error.h"

#define GOLDEN 0.61803398874989484820

struct w3 {
	const wbg_life_obs *obs;
	wbg_life_obs *sh; /* shifted copy */
	size_t n, m;      /* records; records kept after the shift */
};

/* Shift by gamma; suspensions at or before gamma carry no information (S = 1). */
static void shift(struct w3 *w, double gamma)
{
	size_t i;
	w->m = 0;
	for (i = 0; i < w->n; i++) {
		if (w->obs[i].t_s - gamma <= 0)
			continue;
		w->sh[w->m] = w->obs[i];
		w->sh[w->m].t_s -= gamma;
		w->m++;
	}
}

static double ll3(struct w3 *w, double mu, double sigma, double gamma)
{
	if (!(sigma > 0))
		return -INFINITY;
	shift(w, gamma);
	return wbgi_life_loglik(w->sh, w->m, WBG_LIFE_WEIBULL, mu, sigma, NULL);
}

/* The profile at gamma (and the inner fit). */
static double profile(struct w3 *w, double gamma, wbg_life_fit *inner)
{
	wbg_life_fit f;
	shift(w, gamma);
	if (wbg_life_fit_mle(&f, w->sh, w->m, WBG_LIFE_WEIBULL, NULL) != WBG_OK)
		return -INFINITY;
	if (inner)
		*inner = f;
	return f.loglik;
}

int wbgi_life_fit_weibull3(wbg_life_fit *out, const wbg_life_obs *obs, size_t n, wbg_ctx *ctx)
{
	struct w3 w = {obs, NULL, n, 0};
	wbg_life_fit in;
	double tmin = INFINITY, lo, hi, x1, x2, f1, f2, g, p_g;
	double th[3], h[3], H[3][3], C[3][3], det;
	size_t i;
	int it, k, j, rc = WBG_OK;

	for (i = 0; i < n; i++) {
		if (obs[i].cens != WBG_LIFE_EXACT && obs[i].cens != WBG_LIFE_RIGHT)
			return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
			                     "life: the 3-parameter Weibull takes exact failures and suspensions only");
		if (obs[i].cens == WBG_LIFE_EXACT && obs[i].t_s < tmin)
			tmin = obs[i].t_s;
	}
	w.sh = malloc(n * sizeof(*w.sh));
	if (!w.sh)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "life: out of memory for %zu records", n);

	/* The likelihood is unbounded as gamma -> t_(1) whenever shapes below 1
	 * are allowed (Smith 1985), so a search over all of [0, t_(1)) can run
	 * into that spike: scan a grid in ln(t_(1) - gamma), take the first
	 * interior local maximum, and refine it by golden section. */
	{
		enum { K = 64 };
		double pk[K + 1], gk[K + 1], step = 12.0 / K;
		int found = -1;
		for (k = 0; k <= K; k++) {
			gk[k] = tmin - tmin * exp(-step * k);
			pk[k] = profile(&w, gk[k], NULL);
		}
		for (k = 1; k < K && found < 0; k++)
			if (isfinite(pk[k]) && pk[k] > pk[k - 1] && pk[k] >= pk[k + 1])
				found = k;
		if (found < 0) {
			if (pk[0] >= pk[1])
				rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
				                   "life: the threshold estimate is 0 (at its lower limit): the 2-parameter Weibull "
				                   "fits these data as well; use it");
			else
				rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
				                   "life: the 3-parameter Weibull likelihood has no maximum below the first failure "
				                   "(shape < 1); fit the 2-parameter Weibull");
			goto out;
		}
		lo = gk[found - 1];
		hi = gk[found + 1];
	}
	x1 = hi - GOLDEN * (hi - lo);
	x2 = lo + GOLDEN * (hi - lo);
	f1 = profile(&w, x1, NULL);
	f2 = profile(&w, x2, NULL);
	for (it = 0; it < 200 && hi - lo > 1e-12 * tmin; it++) {
		if (f1 < f2) {
			lo = x1;
			x1 = x2;
			f1 = f2;
			x2 = lo + GOLDEN * (hi - lo);
			f2 = profile(&w, x2, NULL);
		} else {
			hi = x2;
			x2 = x1;
			f2 = f1;
			x1 = hi - GOLDEN * (hi - lo);
			f1 = profile(&w, x1, NULL);
		}
	}
	g = f1 > f2 ? x1 : x2;
	p_g = profile(&w, g, &in);
	if (!isfinite(p_g)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: the 3-parameter Weibull fit failed at the threshold found");
		goto out;
	}

	/* Observed information of (mu, sigma, gamma) by second differences. */
	th[0] = in.mu;
	th[1] = in.sigma;
	th[2] = g;
	h[0] = 1e-4 * (1.0 + fabs(th[0]));
	h[1] = 1e-4 * th[1];
	h[2] = 1e-4 * fmin(g, tmin - g);
	for (k = 0; k < 3; k++)
		for (j = k; j < 3; j++) {
			double a[3], v[4];
			int q;
			for (q = 0; q < 4; q++) {
				a[0] = th[0];
				a[1] = th[1];
				a[2] = th[2];
				a[k] += (q & 1) ? -h[k] : h[k];
				a[j] += (q & 2) ? -h[j] : h[j];
				v[q] = ll3(&w, a[0], a[1], a[2]);
			}
			H[k][j] = H[j][k] = (v[0] - v[1] - v[2] + v[3]) / (4 * h[k] * h[j]);
		}
	/* C = (-H)^-1 by the adjugate. */
	for (k = 0; k < 3; k++)
		for (j = 0; j < 3; j++)
			H[k][j] = -H[k][j];
	det = H[0][0] * (H[1][1] * H[2][2] - H[1][2] * H[2][1]) - H[0][1] * (H[1][0] * H[2][2] - H[1][2] * H[2][0]) +
	      H[0][2] * (H[1][0] * H[2][1] - H[1][1] * H[2][0]);
	if (!(det > 0) || !(H[0][0] > 0)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: the 3-parameter information matrix is not positive definite");
		goto out;
	}
	C[0][0] = (H[1][1] * H[2][2] - H[1][2] * H[2][1]) / det;
	C[0][1] = (H[0][2] * H[2][1] - H[0][1] * H[2][2]) / det;
	C[0][2] = (H[0][1] * H[1][2] - H[0][2] * H[1][1]) / det;
	C[1][1] = (H[0][0] * H[2][2] - H[0][2] * H[2][0]) / det;
	C[1][2] = (H[0][2] * H[1][0] - H[0][0] * H[1][2]) / det;
	C[2][2] = (H[0][0] * H[1][1] - H[0][1] * H[1][0]) / det;
	if (!(C[0][0] > 0 && C[1][1] > 0 && C[2][2] > 0)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "life: the 3-parameter information matrix is not positive definite");
		goto out;
	}
	in.dist = WBG_LIFE_WEIBULL3;
	in.gamma = g;
	in.var_mu = C[0][0];
	in.var_sigma = C[1][1];
	in.cov_mu_sigma = C[0][1];
	in.var_gamma = C[2][2];
	in.cov_mu_gamma = C[0][2];
	in.cov_sigma_gamma = C[1][2];
	/* Units and failures of the unshifted data. */
	rc = wbgi_life_check_obs(&in.n_units, &in.n_fail, obs, n, ctx);
	if (rc == WBG_OK)
		*out = in;
out:
	free(w.sh);
	return rc;
}
