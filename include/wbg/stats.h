/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/stats.h
 * @brief Population statistics for lots: process capability (Cp, Cpk),
 *        robust outlier screening, control-chart run rules.
 */
#ifndef WBG_STATS_H
#define WBG_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Process capability of a sample against specification limits. */
typedef struct wbg_capability {
	double mean;      /**< sample mean */
	double sd;        /**< sample standard deviation (n − 1) */
	wbg_estimate cp;  /**< (USL − LSL)/6s; NAN when a limit is missing */
	wbg_estimate cpk; /**< min(USL − mean, mean − LSL)/3s */
	size_t n;
} wbg_capability;

/**
 * Cp and Cpk (Montgomery, "Introduction to Statistical Quality Control",
 * 7th ed., 8.3) with s the overall sample standard deviation. A one-sided
 * specification gives NAN for the missing limit (then Cp is NAN and Cpk is
 * Cpu or Cpl). u: normal-theory standard errors, Cp·√(1/(2(n−1))) and
 * Bissell's √(1/(9n) + Cpk²/(2(n−1))) (A. F. Bissell, Appl. Statist. 39
 * (1990) 331); dof = n − 1.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (no limit, LSL >= USL, not finite),
 *         WBG_ERR_INSUFFICIENT_DATA (n < 2), WBG_ERR_DOMAIN (s = 0).
 */
WBG_API int wbg_capability_compute(wbg_capability *out, const double *x, size_t n, double lsl,
                                   double usl, wbg_ctx *ctx);

/**
 * Sample quantile, Hyndman & Fan definition 7 (Amer. Statist. 50 (1996)
 * 361): h = (n − 1)p, linear interpolation between the order statistics
 * x(⌊h⌋) and x(⌊h⌋+1) (0-based) — the default of R, NumPy and Excel's
 * PERCENTILE.INC. @p sorted must be in ascending order.
 */
WBG_API double wbg_stats_quantile_sorted(const double *sorted, size_t n, double p);

/** Outlier fences. */
typedef enum wbg_outlier_rule {
	WBG_OUTLIER_TUKEY = 0,  /**< [Q1 − k·IQR, Q3 + k·IQR]; k = 1.5 (Tukey, EDA, 1977) */
	/** median ± k·IQR/1.349 (robust σ; AEC-Q001 part average testing uses k = 6) */
	WBG_OUTLIER_ROBUST = 1,
} wbg_outlier_rule;

/** The result of an outlier screen. */
typedef struct wbg_outlier_limits {
	double median, q1, q3, iqr; /**< quantiles by Hyndman & Fan definition 7 */
	double low, high;           /**< the fences; a value outside them is an outlier */
	size_t n_out;               /**< how many values are outside */
} wbg_outlier_limits;

/**
 * Screen @p x for outliers with the robust fences of @p rule and factor @p k.
 * @param out_flags optional (NULL), n bytes: 1 for an outlier, else 0.
 * @param work n doubles of scratch (a sorted copy), or NULL to allocate.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (k <= 0, not finite), WBG_ERR_INSUFFICIENT_DATA (n < 4).
 */
WBG_API int wbg_outlier_screen(wbg_outlier_limits *out, unsigned char *out_flags, const double *x,
                               size_t n, wbg_outlier_rule rule, double k, double *work,
                               wbg_ctx *ctx);

/** Run-rule bits set on the point that completes the pattern (wbg_control_rules). */
enum wbg_control_rule {
	WBG_NELSON_1 = 1u << 0, /**< one point beyond 3σ */
	WBG_NELSON_2 = 1u << 1, /**< nine in a row on one side of the centre */
	WBG_NELSON_3 = 1u << 2, /**< six in a row steadily increasing or decreasing */
	WBG_NELSON_4 = 1u << 3, /**< fourteen in a row alternating up and down */
	WBG_NELSON_5 = 1u << 4, /**< two of three beyond 2σ on the same side */
	WBG_NELSON_6 = 1u << 5, /**< four of five beyond 1σ on the same side */
	WBG_NELSON_7 = 1u << 6, /**< fifteen in a row within 1σ (either side) */
	WBG_NELSON_8 = 1u << 7, /**< eight in a row beyond 1σ (either side) */
	WBG_WECO_1 = 1u << 8,   /**< Western Electric 1: one point beyond 3σ */
	WBG_WECO_2 = 1u << 9,   /**< WE 2: two of three beyond 2σ, same side */
	WBG_WECO_3 = 1u << 10,  /**< WE 3: four of five beyond 1σ, same side */
	WBG_WECO_4 = 1u << 11,  /**< WE 4: eight in a row on one side */
};

/**
 * Apply the Western Electric rules (Western Electric, "Statistical Quality
 * Control Handbook", 1956; Montgomery, 7th ed., 5.3.6) and Nelson's eight
 * rules (L. S. Nelson, J. Quality Technology 16 (1984) 237) to a sequence
 * with centre line @p center and standard deviation @p sigma (from a phase I
 * study, not from the sequence under test). "Beyond" is strict (|z| > m);
 * a point exactly on the centre line is on neither side.
 * @param out_flags n elements: the OR of wbg_control_rule bits per point.
 * @param out_any optional: the OR over all points.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (sigma <= 0, not finite).
 */
WBG_API int wbg_control_rules(uint32_t *out_flags, uint32_t *out_any, const double *x, size_t n,
                              double center, double sigma, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
