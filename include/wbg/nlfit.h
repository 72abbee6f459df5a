/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/nlfit.h
 * @brief Nonlinear least squares: minimise sum r_i(b)^2 over the parameters b.
 *
 * A thin, checked layer over GSL's gsl_multifit_nlinear trust-region solver
 * (Levenberg-Marquardt, optionally with geodesic acceleration, Transtrum &
 * Sethna, arXiv:1201.5885). It returns the parameters, their standard errors
 * sqrt(s^2 [(J^T J)^-1]_kk) with s^2 = RSS / (n - p) -- the convention of the
 * NIST StRD certified values -- the residual sum of squares and why it stopped.
 *
 * Validated against the NIST StRD nonlinear regression problems (Misra1a,
 * Thurber, MGH09, Eckerle4, Rat43, BoxBOD) from both NIST starting points
 * (tests/unit/test_nlfit.c).
 */
#ifndef WBG_NLFIT_H
#define WBG_NLFIT_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest number of parameters a fit may have. */
#define WBG_NLFIT_MAX_PARAMS 64
/** The largest number of residuals a fit may have. */
#define WBG_NLFIT_MAX_RESIDUALS 10000000

/**
 * Residuals r_i(b), i = 0..n-1, into @p out_r (length n). Return 0, or
 * non-zero when @p b is outside the model's domain (the solver then rejects
 * the step).
 */
typedef int (*wbg_nlfit_residual_fn)(double *out_r, const double *b, void *userdata);

/**
 * Jacobian dr_i/db_k into @p out_jac, row-major n x p (out_jac[i * p + k]).
 * Return 0 or non-zero as for wbg_nlfit_residual_fn.
 */
typedef int (*wbg_nlfit_jacobian_fn)(double *out_jac, const double *b, void *userdata);

/** Rows per call of wbg_nlfit_block_fn (the last block may be shorter). */
#define WBG_NLFIT_BLOCK 64

/**
 * Residuals and Jacobian together for the rows i0 .. i0 + m - 1
 * (1 <= m <= WBG_NLFIT_BLOCK): out_r[j] = r_{i0+j} and, column by column,
 * out_jac[k * WBG_NLFIT_BLOCK + j] = dr_{i0+j}/db_k. Evaluating both in one
 * pass lets the model share its work (one exp per point and peak).
 * Return 0 or non-zero as for wbg_nlfit_residual_fn.
 */
typedef int (*wbg_nlfit_block_fn)(double *out_r, double *out_jac, size_t i0, size_t m, const double *b,
                                  void *userdata);

/** The problem: sizes, callbacks and their user data (borrowed during the call). */
typedef struct wbg_nlfit_problem {
	size_t n;                     /**< residuals, n >= p */
	size_t p;                     /**< parameters, 1..WBG_NLFIT_MAX_PARAMS */
	wbg_nlfit_residual_fn f;      /**< required, except with fdf_block and WBG_NLFIT_LM_SMALL */
	wbg_nlfit_jacobian_fn df;     /**< NULL: forward finite differences */
	void *userdata;
	/** Optional, used by WBG_NLFIT_LM_SMALL only (then f and df may be NULL). */
	wbg_nlfit_block_fn fdf_block;
} wbg_nlfit_problem;

/** Trust-region methods. */
typedef enum wbg_nlfit_method {
	WBG_NLFIT_LM = 0,       /**< Levenberg-Marquardt */
	WBG_NLFIT_LM_ACCEL = 1, /**< Levenberg-Marquardt with geodesic acceleration */
	/** wbgkit's own Levenberg-Marquardt for small dense problems (p <= 20 is
	 * where it pays): J^T J and J^T r are accumulated in one pass over the
	 * residuals (with wbg_nlfit_problem.fdf_block, fused with the model) and
	 * the damped normal equations solved by Cholesky; damping and stopping
	 * after Madsen, Nielsen & Tingleff, "Methods for Non-Linear Least Squares
	 * Problems", 2nd ed., DTU 2004, Algorithm 3.16. Ignores scale_more and
	 * normal_equations. The spectra use it. */
	WBG_NLFIT_LM_SMALL = 2,
} wbg_nlfit_method;

/** Solver settings; wbg_nlfit_options_default() fills sensible values. */
typedef struct wbg_nlfit_options {
	wbg_nlfit_method method;
	size_t max_iter; /**< iterations, default 1000 */
	double xtol;     /**< step tolerance (GSL's xtol), default 1e-12 */
	double gtol;     /**< gradient tolerance, default 1e-12 */
	double ftol;     /**< residual-change tolerance, default 0 (off); WBG_NLFIT_LM_SMALL:
	                      relative, as MINPACK's (stop when the actual and predicted
	                      relative decreases of the sum of squares are <= ftol) */
	/** 0 (default): Levenberg's damping D = I. 1: Moré's scaling D = diag(J^T J),
	 * invariant to parameter units but, from NIST start 1 of Rat43 and
	 * BoxBOD, it stops on a plateau far from the minimum. */
	int scale_more;
	/** 0 (default): QR factorisation of J, robust for ill-conditioned
	 * problems (the NIST "higher difficulty" ones). 1: Cholesky on the
	 * normal equations J^T J, several times faster when n >> p and the
	 * problem is well conditioned (spectra, drift). */
	int normal_equations;
	/** WBG_NLFIT_LM_SMALL only: the first damping mu_0 = tau max_k (J^T J)_kk.
	 * Default 1e-3; 1e-6 when the start is believed close (Madsen, Nielsen &
	 * Tingleff 2004, sec. 3.2), which saves an iteration or two. */
	double tau;
} wbg_nlfit_options;

/** Why the solver stopped. */
typedef enum wbg_nlfit_stop {
	WBG_NLFIT_STOP_XTOL = 1, /**< the step became small */
	WBG_NLFIT_STOP_GTOL = 2, /**< the gradient became small */
	WBG_NLFIT_STOP_FTOL = 3, /**< the residuals stopped changing */
} wbg_nlfit_stop;

/** The result besides the parameter arrays. */
typedef struct wbg_nlfit_result {
	double rss;       /**< residual sum of squares at the solution */
	double s2;        /**< residual variance RSS / (n - p); 0 when n == p */
	size_t dof;       /**< n - p */
	size_t niter;     /**< iterations taken */
	size_t nevalf;    /**< residual evaluations */
	size_t nevaldf;   /**< Jacobian evaluations */
	wbg_nlfit_stop stop;
	double cond;      /**< reciprocal condition number of J at the solution (0..1) */
} wbg_nlfit_result;

/** Fill @p out with the defaults documented in wbg_nlfit_options. */
WBG_API void wbg_nlfit_options_default(wbg_nlfit_options *out);

/**
 * Solve the problem from the starting point @p b0.
 *
 * @param[out] out        summary (rss, s2, iterations, stop reason)
 * @param[out] out_b      p fitted parameters
 * @param[out] out_stderr p standard errors sqrt(s^2 [(J^T J)^-1]_kk), or NULL
 * @param[out] out_cov    p x p covariance s^2 (J^T J)^-1 row-major, or NULL
 * @param problem  sizes and callbacks
 * @param b0       p starting values
 * @param opts     settings, or NULL for the defaults
 * @param ctx      error detail and logging (may be NULL)
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL pointers, p == 0, n < p);
 *   WBG_ERR_RANGE (p or n above the maxima); WBG_ERR_NOMEM;
 *   WBG_ERR_DOMAIN (the model failed at the starting point);
 *   WBG_ERR_NO_CONVERGENCE (max_iter reached, or no step reduced the residuals).
 *   Outputs are written only on WBG_OK.
 */
WBG_API int wbg_nlfit_solve(wbg_nlfit_result *out, double *out_b, double *out_stderr,
                            double *out_cov, const wbg_nlfit_problem *problem, const double *b0,
                            const wbg_nlfit_options *opts, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
