/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Straight-line least squares and input checks shared by the extractions.
 * Source: N. R. Draper and H. Smith, "Applied Regression Analysis", 3rd ed.
 * (Wiley, 1998), ch. 1 (estimates, residual variance with n − 2 degrees of
 * freedom). Written out rather than through gsl_fit_linear because the
 * callers need the per-point coefficients as GUM sensitivities.
 */
#include "config.h"

#include <math.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

int wbgi_line_fit(struct wbgi_line *out, const double *x, const double *y, size_t n)
{
	double xbar = 0, ybar = 0, sxx = 0, sxy = 0, ss = 0;
	size_t i;

	if (n < 2)
		return WBG_ERR_INSUFFICIENT_DATA;
	for (i = 0; i < n; i++) {
		xbar += x[i];
		ybar += y[i];
	}
	xbar /= (double)n;
	ybar /= (double)n;
	for (i = 0; i < n; i++) {
		sxx += (x[i] - xbar) * (x[i] - xbar);
		sxy += (x[i] - xbar) * (y[i] - ybar);
	}
	if (!(sxx > 0))
		return WBG_ERR_INSUFFICIENT_DATA;
	out->b = sxy / sxx;
	out->a = ybar - out->b * xbar;
	for (i = 0; i < n; i++) {
		double r = y[i] - out->a - out->b * x[i];
		ss += r * r;
	}
	out->s2 = n > 2 ? ss / (double)(n - 2) : 0.0;
	out->xbar = xbar;
	out->sxx = sxx;
	out->n = n;
	return WBG_OK;
}

double wbgi_line_root_sens(const struct wbgi_line *l, double xi)
{
	double beta = (xi - l->xbar) / l->sxx;
	double alpha = 1.0 / (double)l->n - l->xbar * beta;

	/* x0 = −a/b: ∂x0/∂y_i = −alpha_i/b + a·beta_i/b². */
	return -alpha / l->b + l->a * beta / (l->b * l->b);
}

int wbgi_check_curve(wbg_ctx *ctx, const char *what, const double *x, const double *y, size_t n,
                     size_t min_n, int increasing)
{
	size_t i;

	if (!x || !y)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "%s: NULL array", what);
	if (n < min_n)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "%s: %zu points; the method needs at least %zu", what, n, min_n);
	if (n > WBG_EXTRACT_MAX_POINTS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "%s: %zu points; the maximum is %u", what, n,
		                     WBG_EXTRACT_MAX_POINTS);
	for (i = 0; i < n; i++) {
		if (!isfinite(x[i]) || !isfinite(y[i]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "%s: point %zu is not a finite number; remove it", what, i + 1);
		if (increasing && i > 0 && !(x[i] > x[i - 1]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "%s: the swept voltage is not strictly increasing at point %zu "
			                     "(%g after %g); sort the sweep or split up and down sweeps",
			                     what, i + 1, x[i], x[i - 1]);
	}
	return WBG_OK;
}
