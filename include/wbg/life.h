/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/life.h
 * @brief Life data: Weibull, lognormal and exponential fits by maximum
 * likelihood with right, left and interval censoring; Fisher-matrix and
 * likelihood-ratio confidence bounds; probability-plot positions.
 *
 * The distributions are written as location-scale families of y = ln t
 * (Meeker & Escobar, "Statistical Methods for Reliability Data", Wiley 1998,
 * ch. 4 and 8): z = (ln t - mu) / sigma with the standard smallest extreme
 * value distribution for the Weibull (mu = ln eta, sigma = 1 / beta) and the
 * standard normal for the lognormal. The exponential is the Weibull with
 * sigma = 1 (mean life theta = exp(mu)). Times are in seconds; any other
 * unit works as long as it is used consistently (eta and percentiles come
 * back in it).
 */
#ifndef WBG_LIFE_H
#define WBG_LIFE_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest number of observation records a fit accepts. */
#define WBG_LIFE_MAX_OBS 10000000

/** Life distributions. */
typedef enum wbg_life_dist {
	WBG_LIFE_WEIBULL = 0,     /**< 2-parameter Weibull (beta, eta) */
	WBG_LIFE_LOGNORMAL = 1,   /**< lognormal (mu, sigma of ln t) */
	WBG_LIFE_EXPONENTIAL = 2, /**< exponential (theta = mean life) */
	/** 3-parameter Weibull: the 2-parameter one of t - gamma (threshold
	 * gamma >= 0, below the first failure); exact failures and suspensions
	 * only; Fisher bounds only. */
	WBG_LIFE_WEIBULL3 = 3,
} wbg_life_dist;

/** What an observation says about the unit's failure time T. */
typedef enum wbg_life_cens {
	WBG_LIFE_EXACT = 0,    /**< failed at t */
	WBG_LIFE_RIGHT = 1,    /**< suspension: still running at t (T > t) */
	WBG_LIFE_LEFT = 2,     /**< failed before t_hi (T <= t_hi) */
	WBG_LIFE_INTERVAL = 3, /**< failed between two inspections: t < T <= t_hi */
} wbg_life_cens;

/** One observation, or @p count identical ones. */
typedef struct wbg_life_obs {
	double t_s;         /**< failure or suspension time, or an interval's start (> 0; 0 allowed for LEFT/INTERVAL) */
	double t_hi_s;      /**< an interval's end (LEFT, INTERVAL), > t_s; ignored otherwise */
	wbg_life_cens cens;
	double count;       /**< number of units with this record, > 0 (usually 1) */
} wbg_life_obs;

/** A fitted distribution. */
typedef struct wbg_life_fit {
	wbg_life_dist dist;
	double mu;        /**< location of ln t: ln eta (Weibull), ln theta (exponential) */
	double sigma;     /**< scale of ln t: 1/beta (Weibull), 1 (exponential) */
	double var_mu;    /**< variances and covariance of (mu, sigma), inverse observed Fisher information */
	double var_sigma; /**< 0 for the exponential */
	double cov_mu_sigma;
	double gamma;     /**< threshold (WBG_LIFE_WEIBULL3), else 0 */
	double var_gamma, cov_mu_gamma, cov_sigma_gamma; /**< 0 unless WBG_LIFE_WEIBULL3 */
	double loglik;    /**< log-likelihood with the densities in the time unit used (ln f(t), ln S(t), ...) */
	double n_units;   /**< sum of counts */
	double n_fail;    /**< units with EXACT, LEFT or INTERVAL records */
	size_t niter;
} wbg_life_fit;

/** Bound methods. */
typedef enum wbg_life_bound {
	WBG_LIFE_FISHER = 0, /**< Wald bounds from the Fisher matrix, on log scales (Meeker & Escobar 8.4) */
	WBG_LIFE_LR = 1,     /**< likelihood-ratio bounds (Meeker & Escobar 8.3) */
} wbg_life_bound;

/** Parameters whose bounds wbg_life_param_bounds() gives. */
typedef enum wbg_life_param {
	WBG_LIFE_P_MU = 0,
	WBG_LIFE_P_SIGMA = 1,
	WBG_LIFE_P_BETA = 2, /**< Weibull shape 1/sigma */
	WBG_LIFE_P_ETA = 3,  /**< Weibull scale, lognormal median, exponential mean exp(mu) */
	WBG_LIFE_P_GAMMA = 4, /**< threshold of the 3-parameter Weibull (linear Fisher bounds) */
} wbg_life_param;

/**
 * Fit by maximum likelihood.
 * @param[out] out the fit
 * @param obs   @p n observations (borrowed)
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL, bad time, count or censoring
 *   kind); WBG_ERR_RANGE (n above WBG_LIFE_MAX_OBS);
 *   WBG_ERR_INSUFFICIENT_DATA (no failure, or a two-parameter fit whose
 *   failures carry fewer than two distinct times);
 *   WBG_ERR_NOT_SUPPORTED (WBG_LIFE_WEIBULL3 with left/interval records);
 *   WBG_ERR_NO_CONVERGENCE (also: a 3-parameter likelihood that grows
 *   without bound as gamma approaches the first failure, i.e. beta < 1;
 *   fit the 2-parameter Weibull then).
 */
WBG_API int wbg_life_fit_mle(wbg_life_fit *out, const wbg_life_obs *obs, size_t n, wbg_life_dist dist,
                             wbg_ctx *ctx);

/** The standard normal quantile used for two-sided bounds at level conf: Phi^-1((1 + conf) / 2). */
WBG_API double wbg_life_zcrit(double conf);

/**
 * Two-sided confidence bounds on a parameter at level @p conf (0 < conf < 1).
 * LR bounds refit the profile likelihood, so they need the same @p obs the
 * fit used; Fisher bounds ignore obs (may be NULL).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_DOMAIN (sigma of an
 *   exponential), WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_life_param_bounds(double *out_lo, double *out_hi, const wbg_life_fit *fit,
                                  wbg_life_param which, double conf, wbg_life_bound method,
                                  const wbg_life_obs *obs, size_t n, wbg_ctx *ctx);

/**
 * The time by which a fraction @p p of units has failed (B10: p = 0.10),
 * with two-sided bounds at level @p conf (pass NULL bounds to skip them).
 */
WBG_API int wbg_life_percentile(double *out_t, double *out_lo, double *out_hi, const wbg_life_fit *fit,
                                double p, double conf, wbg_life_bound method,
                                const wbg_life_obs *obs, size_t n, wbg_ctx *ctx);

/** Reliability R(t) = P(T > t) with two-sided bounds (NULL to skip them). */
WBG_API int wbg_life_reliability(double *out_r, double *out_lo, double *out_hi, const wbg_life_fit *fit,
                                 double t_s, double conf, wbg_life_bound method,
                                 const wbg_life_obs *obs, size_t n, wbg_ctx *ctx);

/** The cumulative distribution F(t) of a fit (no bounds). */
WBG_API double wbg_life_cdf(const wbg_life_fit *fit, double t_s);

/**
 * Probability-plot positions of the failures of right-censored data: each
 * failure's adjusted rank (Johnson's method, computed with the equivalent
 * reverse-rank form i_j = (r_j i_{j-1} + N + 1) / (r_j + 1)) and its median
 * rank by Bernard's approximation F = (i - 0.3) / (N + 0.4).
 * Only EXACT and RIGHT records are accepted; ties put failures before
 * suspensions.
 * @param[out] out_t  failure times in ascending order (capacity @p cap)
 * @param[out] out_f  median ranks
 * @param[out] out_n  number of failures written
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_SUPPORTED (interval
 *   data), WBG_ERR_OVERFLOW (more failures than @p cap), WBG_ERR_NOMEM.
 */
WBG_API int wbg_life_plot_positions(double *out_t, double *out_f, size_t *out_n, size_t cap,
                                    const wbg_life_obs *obs, size_t n, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
