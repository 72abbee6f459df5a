/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the extraction routines (not installed). */
#ifndef WBG_ANALYSIS_INTERNAL_H
#define WBG_ANALYSIS_INTERNAL_H

#include <stddef.h>

#include "wbg/context.h"

/* An unweighted least-squares line y = a + b·x (Draper & Smith, "Applied
 * Regression Analysis", 3rd ed., ch. 1). a and b are linear in the y_i:
 * a = Σ alpha_i y_i, b = Σ beta_i y_i with beta_i = (x_i − xbar)/sxx and
 * alpha_i = 1/n − xbar·beta_i, which the callers use as sensitivities. */
struct wbgi_line {
	double a, b;   /* intercept, slope */
	double s2;     /* residual variance, n − 2 degrees of freedom (0 when n = 2) */
	double xbar;   /* mean of x */
	double sxx;    /* Σ (x_i − xbar)² */
	size_t n;
};

/* Fit; WBG_ERR_INSUFFICIENT_DATA when n < 2 or all x are equal. */
int wbgi_line_fit(struct wbgi_line *out, const double *x, const double *y, size_t n);

/* The sensitivity of the root x0 = −a/b to y_i. */
double wbgi_line_root_sens(const struct wbgi_line *l, double xi);

/* Check a curve: non-NULL, finite, n in [min_n, WBG_EXTRACT_MAX_POINTS], and
 * x strictly increasing when @p increasing. @p what names the routine. */
int wbgi_check_curve(wbg_ctx *ctx, const char *what, const double *x, const double *y, size_t n,
                     size_t min_n, int increasing);

#endif
