/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Population statistics: process capability, robust outlier screening,
 * control-chart run rules.
 *
 * Sources:
 * - D. C. Montgomery, "Introduction to Statistical Quality Control", 7th ed.
 *   (Wiley, 2013): Cp, Cpk (8.3); Western Electric rules (5.3.6).
 * - A. F. Bissell, "How reliable is your capability index?", Appl. Statist.
 *   39 (1990) 331: standard error of Cpk.
 * - L. S. Nelson, "The Shewhart control chart — tests for special causes",
 *   J. Quality Technology 16 (1984) 237.
 * - R. J. Hyndman and Y. Fan, "Sample quantiles in statistical packages",
 *   Amer. Statist. 50 (1996) 361: quantile definition 7.
 * - J. W. Tukey, "Exploratory Data Analysis" (1977): fences at 1.5 IQR;
 *   AEC-Q001 Rev-D, "Guidelines for part average testing": robust limits
 *   median ± 6·IQR/1.35.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "wbg/analysis.h"
#include "wbg/error.h"

/* 2·Φ⁻¹(0.75): the IQR of a normal distribution in units of σ. */
#define IQR_PER_SIGMA 1.3489795003921634

static int check_data(wbg_ctx *ctx, const char *what, const double *x, size_t n, size_t min_n)
{
	size_t i;

	if (!x)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "%s: NULL data", what);
	if (n < min_n)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "%s: %zu values; need at least %zu",
		                     what, n, min_n);
	for (i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                     "%s: value %zu is not a finite number", what, i + 1);
	return WBG_OK;
}

int wbg_capability_compute(wbg_capability *out, const double *x, size_t n, double lsl, double usl,
                           wbg_ctx *ctx)
{
	double mean = 0, ss = 0, s, cpk, nn = (double)n;
	size_t i;
	int rc = check_data(ctx, "capability", x, n, 2);

	if (rc != WBG_OK)
		return rc;
	if (!out || (isnan(lsl) && isnan(usl)) || (!isnan(lsl) && !isfinite(lsl)) ||
	    (!isnan(usl) && !isfinite(usl)) || (!isnan(lsl) && !isnan(usl) && !(lsl < usl)))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "capability: give LSL < USL, or one of them (the other NAN); got "
		                     "[%g, %g]",
		                     lsl, usl);
	for (i = 0; i < n; i++)
		mean += x[i];
	mean /= nn;
	for (i = 0; i < n; i++)
		ss += (x[i] - mean) * (x[i] - mean);
	s = sqrt(ss / (nn - 1));
	if (!(s > 0))
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                     "capability: the %zu values are all equal; the spread is zero "
		                     "(check the data or the measurement resolution)",
		                     n);
	if (isnan(lsl))
		cpk = (usl - mean) / (3 * s);
	else if (isnan(usl))
		cpk = (mean - lsl) / (3 * s);
	else
		cpk = fmin(usl - mean, mean - lsl) / (3 * s);
	out->mean = mean;
	out->sd = s;
	out->n = n;
	if (isnan(lsl) || isnan(usl)) {
		out->cp.value = NAN;
		out->cp.u = NAN;
	} else {
		out->cp.value = (usl - lsl) / (6 * s);
		out->cp.u = out->cp.value * sqrt(1 / (2 * (nn - 1)));
	}
	out->cp.dof = nn - 1;
	out->cpk.value = cpk;
	out->cpk.u = sqrt(1 / (9 * nn) + cpk * cpk / (2 * (nn - 1)));
	out->cpk.dof = nn - 1;
	return WBG_OK;
}

double wbg_stats_quantile_sorted(const double *sorted, size_t n, double p)
{
	double h;
	size_t lo;

	if (!sorted || n == 0 || !(p >= 0 && p <= 1))
		return NAN;
	h = (double)(n - 1) * p;
	lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return sorted[n - 1];
	return sorted[lo] + (h - (double)lo) * (sorted[lo + 1] - sorted[lo]);
}

int wbg_outlier_screen(wbg_outlier_limits *out, unsigned char *out_flags, const double *x, size_t n,
                       wbg_outlier_rule rule, double k, double *work, wbg_ctx *ctx)
{
	double *s = work, *own = NULL, lo, hi;
	wbg_outlier_limits r;
	size_t i;
	int rc = check_data(ctx, "outlier screen", x, n, 4);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(k > 0) || !isfinite(k))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "outlier screen: the fence factor k = %g must be > 0", k);
	if (rule != WBG_OUTLIER_TUKEY && rule != WBG_OUTLIER_ROBUST)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "outlier screen: unknown rule %d", (int)rule);
	if (!s) {
		own = malloc(n * sizeof(*own));
		if (!own)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "outlier screen: no memory for %zu values", n);
		s = own;
	}
	memcpy(s, x, n * sizeof(*s));
	gsl_sort(s, 1, n);
	r.median = wbg_stats_quantile_sorted(s, n, 0.5);
	r.q1 = wbg_stats_quantile_sorted(s, n, 0.25);
	r.q3 = wbg_stats_quantile_sorted(s, n, 0.75);
	r.iqr = r.q3 - r.q1;
	if (rule == WBG_OUTLIER_TUKEY) {
		lo = r.q1 - k * r.iqr;
		hi = r.q3 + k * r.iqr;
	} else {
		lo = r.median - k * r.iqr / IQR_PER_SIGMA;
		hi = r.median + k * r.iqr / IQR_PER_SIGMA;
	}
	r.low = lo;
	r.high = hi;
	r.n_out = 0;
	for (i = 0; i < n; i++) {
		int o = x[i] < lo || x[i] > hi;
		r.n_out += (size_t)o;
		if (out_flags)
			out_flags[i] = (unsigned char)o;
	}
	*out = r;
	free(own);
	return WBG_OK;
}

/* How many of the last m z values (ending at i) satisfy side·z > lim. */
static size_t count_beyond(const double *z, size_t i, size_t m, double side, double lim)
{
	size_t k, c = 0;

	for (k = i + 1 - m; k <= i; k++)
		c += side * z[k] > lim;
	return c;
}

static int run_all(const double *z, size_t i, size_t m, int (*pred)(double))
{
	size_t k;

	for (k = i + 1 - m; k <= i; k++)
		if (!pred(z[k]))
			return 0;
	return 1;
}

static int above(double z) { return z > 0; }
static int below(double z) { return z < 0; }
static int within1(double z) { return fabs(z) < 1; }
static int beyond1(double z) { return fabs(z) > 1; }

static uint32_t rules_at(const double *x, const double *z, size_t i)
{
	uint32_t f = 0;
	double side = z[i] > 0 ? 1.0 : -1.0;

	if (fabs(z[i]) > 3)
		f |= WBG_NELSON_1 | WBG_WECO_1;
	if (i >= 8 && (run_all(z, i, 9, above) || run_all(z, i, 9, below)))
		f |= WBG_NELSON_2;
	if (i >= 7 && (run_all(z, i, 8, above) || run_all(z, i, 8, below)))
		f |= WBG_WECO_4;
	if (i >= 5) {
		size_t k;
		int up = 1, down = 1;
		for (k = i - 4; k <= i; k++) {
			up = up && x[k] > x[k - 1];
			down = down && x[k] < x[k - 1];
		}
		if (up || down)
			f |= WBG_NELSON_3;
	}
	if (i >= 13) {
		size_t k;
		int alt = 1;
		for (k = i - 11; k <= i; k++)
			alt = alt && (x[k] - x[k - 1]) * (x[k - 1] - x[k - 2]) < 0;
		if (alt)
			f |= WBG_NELSON_4;
	}
	/* The zone tests complete on a point that is itself beyond the zone. */
	if (i >= 2 && side * z[i] > 2 && count_beyond(z, i, 3, side, 2) >= 2)
		f |= WBG_NELSON_5 | WBG_WECO_2;
	if (i >= 4 && side * z[i] > 1 && count_beyond(z, i, 5, side, 1) >= 4)
		f |= WBG_NELSON_6 | WBG_WECO_3;
	if (i >= 14 && run_all(z, i, 15, within1))
		f |= WBG_NELSON_7;
	if (i >= 7 && run_all(z, i, 8, beyond1))
		f |= WBG_NELSON_8;
	return f;
}

int wbg_control_rules(uint32_t *out_flags, uint32_t *out_any, const double *x, size_t n,
                      double center, double sigma, wbg_ctx *ctx)
{
	double *z;
	uint32_t any = 0;
	size_t i;
	int rc = check_data(ctx, "control rules", x, n, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out_flags || !(sigma > 0) || !isfinite(sigma) || !isfinite(center))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "control rules: give a finite centre line and sigma > 0 (got %g, %g)",
		                     center, sigma);
	z = malloc(n * sizeof(*z));
	if (!z)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "control rules: no memory for %zu points", n);
	for (i = 0; i < n; i++)
		z[i] = (x[i] - center) / sigma;
	for (i = 0; i < n; i++) {
		out_flags[i] = rules_at(x, z, i);
		any |= out_flags[i];
	}
	if (out_any)
		*out_any = any;
	free(z);
	return WBG_OK;
}
