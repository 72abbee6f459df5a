/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/drift.h
 * @brief Power-law drift (bias temperature instability and the like):
 * dV(t) = A t^n fitted to readouts and extrapolated to a target time with
 * a confidence interval on the mean drift there.
 */
#ifndef WBG_DRIFT_H
#define WBG_DRIFT_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest number of readouts a fit accepts. */
#define WBG_DRIFT_MAX_POINTS 10000000

/** How the power law is fitted. */
typedef enum wbg_drift_method {
	/** Least squares on ln dV = ln A + n ln t (errors proportional to the
	 * drift, the usual BTI practice); needs every dV > 0. */
	WBG_DRIFT_LOGLOG = 0,
	/** Nonlinear least squares on dV itself (constant absolute errors). */
	WBG_DRIFT_LSQ = 1,
} wbg_drift_method;

/** A fitted power law. */
typedef struct wbg_drift_fit {
	wbg_drift_method method;
	double a, n;        /**< dV = a t^n with t in seconds */
	double a_se, n_se;  /**< standard errors */
	/** covariance of (p0, n) with p0 = ln a (LOGLOG) or a (LSQ) */
	double var_p0, var_n, cov_p0_n;
	double rss, s2;     /**< residual sum of squares (in ln dV for LOGLOG), RSS / dof */
	size_t dof;         /**< points - 2 */
} wbg_drift_fit;

/**
 * Fit dV = A t^n.
 * @param t_s readout times (> 0) in seconds; @p dv the drifts; @p n points (>= 3)
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL, t <= 0, non-finite, dV <= 0 for
 *   LOGLOG); WBG_ERR_INSUFFICIENT_DATA (fewer than 3 points or one distinct
 *   time); WBG_ERR_NO_CONVERGENCE (LSQ).
 */
WBG_API int wbg_drift_fit_power(wbg_drift_fit *out, const double *t_s, const double *dv, size_t n,
                                wbg_drift_method method, wbg_ctx *ctx);

/**
 * The fitted mean drift at @p t_s with a two-sided confidence interval at
 * level @p conf, from the parameter covariance and Student's t with the
 * fit's degrees of freedom (on ln dV for LOGLOG, then exponentiated).
 */
WBG_API int wbg_drift_predict(double *out_dv, double *out_lo, double *out_hi, const wbg_drift_fit *fit,
                              double t_s, double conf, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
