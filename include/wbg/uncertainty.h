/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/uncertainty.h
 * @brief Measurement uncertainty per the GUM (JCGM 100:2008) and its
 *        Supplement 1 (JCGM 101:2008, Monte Carlo propagation).
 *
 * Every extraction in wbg/extract.h, wbg/cv.h, wbg/dlts.h and wbg/transport.h
 * returns a wbg_estimate: the value, its combined standard uncertainty u, and
 * the effective degrees of freedom (INFINITY when only Type B components or
 * known variances enter). The expanded uncertainty is U = k u with k from
 * wbg_uncertainty_coverage_factor().
 */
#ifndef WBG_UNCERTAINTY_H
#define WBG_UNCERTAINTY_H

#include <stddef.h>

#include "wbg/accuracy.h"
#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A result with its standard uncertainty (same unit as value) and degrees of freedom. */
typedef struct wbg_estimate {
	double value;
	double u;   /**< combined standard uncertainty, >= 0 */
	double dof; /**< effective degrees of freedom; INFINITY for Type B only */
} wbg_estimate;

/**
 * An instrument accuracy specification "±(gain·|reading| + offset)", e.g.
 * a source-measure unit's "0.02 % + 50 pA" is {2e-4, 50e-12}. Read as the
 * half-width of a rectangular distribution (Type B, GUM 4.3.7). {0, 0}
 * means an exact reading. (From an instrument accuracy model of
 * wbg/accuracy.h, with its temperature coefficient, use
 * wbg_uncertainty_spec_from_accuracy().)
 */
typedef struct wbg_uncertainty_spec {
	double gain;   /**< relative part, dimensionless */
	double offset; /**< absolute part, in the reading's SI unit */
} wbg_uncertainty_spec;

/**
 * The specification of one range of an instrument accuracy model
 * (wbg/accuracy.h) at the ambient temperature @p ambient_k, temperature
 * coefficient included: the model's limit is
 * (gain·|r| + offset)·(1 + tempco·ΔT) (wbg_accuracy_limit()), so @p out gets
 * gain·(1 + tempco·ΔT) and offset·(1 + tempco·ΔT), ΔT the distance from the
 * 18–28 °C band.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NULL, ambient not finite or <= 0).
 */
WBG_API int wbg_uncertainty_spec_from_accuracy(wbg_uncertainty_spec *out, const wbg_acc_spec *spec,
                                               double ambient_k, wbg_ctx *ctx);

/** The standard uncertainty of @p reading under @p acc: (gain·|reading| + offset)/√3. */
WBG_API double wbg_uncertainty_spec_u(const wbg_uncertainty_spec *acc, double reading);

/**
 * Type B standard uncertainty of an instrument accuracy specification
 * "±(gain·|reading| + offset)" taken as the half-width of a rectangular
 * distribution: u = a/√3 (GUM 4.3.7), a = gain·|reading| + offset.
 * @return u (>= 0); negative inputs are taken by magnitude.
 */
WBG_API double wbg_uncertainty_rect(double reading, double gain, double offset);

/**
 * Type A evaluation (GUM 4.2) of @p n repeated readings: the mean, the
 * experimental standard deviation of the mean s/√n, and n-1 degrees of freedom.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (n < 2).
 */
WBG_API int wbg_uncertainty_type_a(wbg_estimate *out, const double *x, size_t n, wbg_ctx *ctx);

/**
 * A repeated reading with its instrument accuracy: the mean of @p n readings
 * with u² = s²/n (Type A, ν = n − 1) + u_B² (Type B, rectangular, @p acc at
 * the mean, ν = ∞), and ν_eff by Welch–Satterthwaite (GUM 4.2, 4.3.7, G.4.1).
 * With n = 1 only the Type B part (ν = ∞).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (NULL, n = 0, a reading not finite).
 */
WBG_API int wbg_uncertainty_reading(wbg_estimate *out, const double *x, size_t n,
                                    const wbg_uncertainty_spec *acc, wbg_ctx *ctx);

/**
 * Combine uncorrelated components u_i (each with sensitivity already applied)
 * in quadrature, with the effective degrees of freedom by the
 * Welch–Satterthwaite formula (GUM G.4.1): ν_eff = u⁴ / Σ u_i⁴/ν_i.
 * A component with dof <= 0 or INFINITY counts as Type B (ν = ∞).
 * @param[out] out value = @p value, u and dof of the combination.
 * @return WBG_OK or WBG_ERR_INVALID_ARG (negative u, n = 0).
 */
WBG_API int wbg_uncertainty_combine(wbg_estimate *out, double value, const double *u,
                                    const double *dof, size_t n, wbg_ctx *ctx);

/**
 * Coverage factor k for a coverage probability @p p (e.g. 0.95) from the
 * Student t distribution with @p dof degrees of freedom (GUM G.3, table G.2);
 * the normal quantile when dof is INFINITY or above 1e6.
 * @return WBG_OK, WBG_ERR_RANGE (p outside (0,1)), WBG_ERR_DOMAIN (dof < 1).
 */
WBG_API int wbg_uncertainty_coverage_factor(double *out_k, double dof, double p, wbg_ctx *ctx);

/** A measurement model y = f(x) for Monte Carlo propagation. Returns WBG_OK or an error code. */
typedef int (*wbg_mc_model)(double *out_y, const double *x, size_t n, void *user);

/** Result of a Monte Carlo propagation (JCGM 101:2008, 7.6 and 7.7). */
typedef struct wbg_mc_result {
	double mean; /**< mean of the model values: the estimate of y */
	double u;    /**< their standard deviation: the standard uncertainty of y */
	double low;  /**< probabilistically symmetric coverage interval, lower end */
	double high; /**< ... upper end */
	size_t trials;   /**< M, the number of model evaluations that succeeded */
	size_t failures; /**< trials whose model evaluation failed (excluded) */
} wbg_mc_result;

/**
 * Propagate Gaussian input uncertainties through @p model by Monte Carlo
 * (JCGM 101:2008, clause 7): M = @p trials draws of x_i ~ N(x_i, u_i²),
 * independent; the result's u is the standard deviation of the outputs and
 * [low, high] the probabilistically symmetric interval of coverage @p p.
 * Deterministic for a given @p seed (GSL's mt19937).
 * @param work caller's scratch of n doubles (the perturbed inputs).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOMEM, or
 *         WBG_ERR_NO_CONVERGENCE when more than 10 % of the trials fail.
 */
WBG_API int wbg_uncertainty_mc(wbg_mc_result *out, wbg_mc_model model, void *user,
                               const double *x, const double *u_x, size_t n, size_t trials,
                               double p, unsigned long seed, double *work, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
