/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/alt.h
 * @brief Accelerated life tests: a life distribution (wbg/life.h) whose
 * location depends on the stress, fitted jointly by maximum likelihood.
 *
 * mu(s) = b0 + b1 x(s) + o(s), sigma constant (Nelson, "Accelerated
 * Testing", Wiley 1990, ch. 2 and 5; Meeker & Escobar 1998, ch. 17-19):
 *
 * | model             | life law                | x(s)            | o(s)   | reported       |
 * |-------------------|-------------------------|-----------------|--------|----------------|
 * | Arrhenius         | t = A exp(Ea / k T)     | 1 / (k_B T), eV | 0      | Ea = b1 (eV)   |
 * | Eyring            | t = (A / T) exp(B / kT) | 1 / (k_B T), eV | -ln T  | Ea = b1 (eV)   |
 * | inverse power law | t = A / V^n             | ln V            | 0      | n = -b1        |
 * | E model (TDDB)    | t = A exp(-gamma E)     | E               | 0      | gamma = -b1    |
 * | 1/E model (TDDB)  | t = A exp(G / E)        | 1 / E           | 0      | G = b1         |
 *
 * Stress in SI: temperature in K, voltage in V, field in V/m.
 */
#ifndef WBG_ALT_H
#define WBG_ALT_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/life.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Boltzmann's constant in eV/K (CODATA 2018, exact: 1.380649e-23 / 1.602176634e-19). */
#define WBG_ALT_K_EV 8.617333262e-5

/** Acceleration models. */
typedef enum wbg_alt_model {
	WBG_ALT_ARRHENIUS = 0,
	WBG_ALT_EYRING = 1,
	WBG_ALT_POWER = 2,
	WBG_ALT_E = 3,
	WBG_ALT_INV_E = 4,
} wbg_alt_model;

/** A fitted model. */
typedef struct wbg_alt_fit {
	wbg_alt_model model;
	wbg_life_dist dist;
	double b0, b1, sigma; /**< mu(s) = b0 + b1 x(s) + o(s); sigma = 1 for the exponential */
	double cov[3][3];     /**< covariance of (b0, b1, sigma), inverse observed information */
	double loglik;
	double n_units, n_fail;
	size_t n_levels;      /**< distinct stress levels */
	size_t niter;
} wbg_alt_fit;

/**
 * Fit the model to observations @p obs at stresses @p stress (SI, one per
 * observation).
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL, bad observation, stress <= 0
 *   or not finite); WBG_ERR_INSUFFICIENT_DATA (fewer than two stress levels,
 *   or too few failures); WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_alt_fit_mle(wbg_alt_fit *out, const wbg_life_obs *obs, const double *stress, size_t n,
                            wbg_alt_model model, wbg_life_dist dist, wbg_ctx *ctx);

/**
 * The life distribution at one stress (e.g. use conditions), with the
 * variances of its mu and sigma from the fit, so that wbg_life_percentile()
 * and wbg_life_reliability() with WBG_LIFE_FISHER give bounds there.
 */
WBG_API int wbg_alt_life_at(wbg_life_fit *out, const wbg_alt_fit *fit, double stress, wbg_ctx *ctx);

/**
 * The model's physical parameter with its standard error: Ea in eV
 * (Arrhenius, Eyring), n (power law), gamma in m/V (E model), G in V/m
 * (1/E model).
 */
WBG_API int wbg_alt_param(double *out_value, double *out_se, const wbg_alt_fit *fit, wbg_ctx *ctx);

/**
 * Two-sided bounds at level @p conf on the parameter of wbg_alt_param():
 * Fisher (value +- z se) or likelihood ratio (profile over b0 and sigma;
 * needs the @p obs and @p stress the fit used).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOMEM, WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_alt_param_bounds(double *out_lo, double *out_hi, const wbg_alt_fit *fit, double conf,
                                 wbg_life_bound method, const wbg_life_obs *obs, const double *stress, size_t n,
                                 wbg_ctx *ctx);

/**
 * Acceleration factor AF = t(use) / t(test) = exp(mu(use) - mu(test)),
 * with two-sided Fisher bounds at level @p conf (NULL bounds to skip).
 */
WBG_API int wbg_alt_accel_factor(double *out_af, double *out_lo, double *out_hi, const wbg_alt_fit *fit,
                                 double stress_use, double stress_test, double conf, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
