/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Internal: the location-scale log-likelihood shared by the life-data files. */
#ifndef WBG_ANALYSIS_LIFE_INTERNAL_H
#define WBG_ANALYSIS_LIFE_INTERNAL_H

#include "wbg/life.h"

/* Standard distribution of z for a family: SEV for Weibull/exponential,
 * normal for lognormal. */
double wbgi_life_std_cdf(wbg_life_dist d, double z);
double wbgi_life_std_sf(wbg_life_dist d, double z);
double wbgi_life_std_quantile(wbg_life_dist d, double p);

/* Log-likelihood at (mu, sigma); with @p grad (length 2) also d/dmu and
 * d/dsigma. Returns -inf where an observation has zero probability. */
double wbgi_life_loglik(const wbg_life_obs *obs, size_t n, wbg_life_dist d, double mu, double sigma,
                        double *grad);

/* One observation's log-likelihood (count ignored) and its derivatives
 * in mu and sigma (either may be NULL). */
double wbgi_life_obs_ll(wbg_life_dist d, const wbg_life_obs *o, double mu, double sigma, double *dmu,
                        double *dsigma);

/* Check the observations; WBG_OK or an error with detail on ctx. Counts the
 * units and failures. */
int wbgi_life_check_obs(double *out_units, double *out_fail, const wbg_life_obs *obs, size_t n,
                        wbg_ctx *ctx);

/* The 3-parameter Weibull (analysis/weibull3.c), called by wbg_life_fit_mle. */
int wbgi_life_fit_weibull3(wbg_life_fit *out, const wbg_life_obs *obs, size_t n, wbg_ctx *ctx);

#endif
