/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DLTS Arrhenius analysis.
 *
 * Sources:
 * - D. V. Lang, "Deep-level transient spectroscopy: a new method to
 *   characterize traps in semiconductors", J. Appl. Phys. 45 (1974) 3023.
 * - D. K. Schroder, "Semiconductor Material and Device Characterization",
 *   3rd ed. (Wiley, 2006), 5.2.3 (emission rate, γ) and 5.4 (DLTS).
 * - J. Orear, "Least squares when both variables have uncertainties",
 *   Am. J. Phys. 50 (1982) 912 (effective variance).
 * - Physical constants: SI 2019 exact k and h; CODATA 2018 electron mass.
 * Uncertainty: JCGM 100:2008, law of propagation through the line's
 * intercept and slope, Welch–Satterthwaite for the combination.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

#define PLANCK 6.62607015e-34     /* J·s, exact */
#define ELECTRON_MASS 9.1093837015e-31 /* kg, CODATA 2018 */

double wbg_dlts_gamma(double m_eff_rel)
{
	const double two_pi = 6.28318530717958647692;

	if (!(m_eff_rel > 0))
		return NAN;
	return 2 * sqrt(3.0) * pow(two_pi, 1.5) * WBG_KB * WBG_KB * m_eff_rel * ELECTRON_MASS /
	       (PLANCK * PLANCK * PLANCK);
}

int wbg_dlts_arrhenius(wbg_trap *out, const double *temp_k, const double *rate_s, size_t n,
                       double gamma, double u_temp_k, double u_rate_rel, wbg_ctx *ctx)
{
	double *x = NULL, *y = NULL, va = 0, vb = 0, sa = 0, sb = 0, ea, u[2], dof[2];
	struct wbgi_line l;
	size_t i;
	int rc = wbgi_check_curve(ctx, "DLTS Arrhenius", temp_k, rate_s, n, 3, 0);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(gamma > 0) || !(u_temp_k >= 0) || !(u_rate_rel >= 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "DLTS Arrhenius: γ must be > 0 (wbg_dlts_gamma) and the "
		                     "uncertainties >= 0");
	for (i = 0; i < n; i++)
		if (!(temp_k[i] > 0) || !(rate_s[i] > 0))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "DLTS Arrhenius: point %zu has T = %g K, e = %g /s; both must be "
			                     "> 0",
			                     i + 1, temp_k[i], rate_s[i]);
	x = malloc(n * sizeof(*x));
	y = malloc(n * sizeof(*y));
	if (!x || !y) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "DLTS Arrhenius: no memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		x[i] = 1 / (WBG_KB * temp_k[i]);
		y[i] = log(rate_s[i] / (temp_k[i] * temp_k[i]));
	}
	if (wbgi_line_fit(&l, x, y, n) != WBG_OK) {
		rc = wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                   "DLTS Arrhenius: the temperatures are all equal; measure at several");
		goto out;
	}
	ea = -l.b;
	for (i = 0; i < n; i++) {
		double beta = (x[i] - l.xbar) / l.sxx;
		double alpha = 1.0 / (double)n - l.xbar * beta;
		double t = temp_k[i];
		double uy_t = fabs(2 / t - ea / (WBG_KB * t * t)) * u_temp_k;
		double uy2 = u_rate_rel * u_rate_rel + uy_t * uy_t;
		va += alpha * alpha;
		vb += beta * beta;
		sa += alpha * alpha * uy2;
		sb += beta * beta * uy2;
	}
	dof[0] = n > 2 ? (double)(n - 2) : INFINITY;
	dof[1] = INFINITY;
	u[0] = sqrt(l.s2 * vb);
	u[1] = sqrt(sb);
	rc = wbg_uncertainty_combine(&out->ea_j, ea, u, dof, 2, ctx);
	if (rc != WBG_OK)
		goto out;
	{
		double sigma = exp(l.a) / gamma;
		u[0] = sigma * sqrt(l.s2 * va);
		u[1] = sigma * sqrt(sa);
		rc = wbg_uncertainty_combine(&out->sigma_m2, sigma, u, dof, 2, ctx);
	}
	out->points = n;
out:
	free(x);
	free(y);
	return rc;
}
