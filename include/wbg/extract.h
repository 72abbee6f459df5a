/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/extract.h
 * @brief Device parameters from I-V sweeps: threshold voltage (four
 *        methods), transconductance, subthreshold swing, on-resistance,
 *        leakage at a condition, breakdown voltage, hysteresis.
 *
 * Conventions: arrays of n points in SI units (V, A); the swept voltage
 * strictly increasing unless stated; an n-channel (or p-channel with both
 * arrays negated) device. No I/O, no global state; @p work is caller scratch
 * (NULL: the function allocates what it needs). Every result is a
 * wbg_estimate with its standard uncertainty; how it is evaluated is stated
 * per function.
 */
#ifndef WBG_EXTRACT_H
#define WBG_EXTRACT_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Largest curve the extractions accept (points). */
#define WBG_EXTRACT_MAX_POINTS 10000000u
/** Largest batch wbg_vth_extract_many() accepts (curves). */
#define WBG_EXTRACT_MAX_CURVES 100000000u

/** Threshold-voltage methods (Ortiz-Conde et al., Microelectron. Reliab. 42 (2002) 583). */
typedef enum wbg_vth_method {
	WBG_VTH_CC = 0,     /**< constant current: Vgs where Id = icrit */
	WBG_VTH_GM_MAX = 1, /**< linear extrapolation of the tangent at maximum gm */
	WBG_VTH_SD = 2,     /**< maximum of the second derivative d²Id/dVgs² */
	WBG_VTH_Y = 3,      /**< Y-function Id/√gm extrapolated to zero (linear region) */
} wbg_vth_method;

/** Options of wbg_vth_extract(); set the defaults with wbg_vth_opts_init(). */
typedef struct wbg_vth_opts {
	wbg_vth_method method;
	double icrit;       /**< A, constant-current criterion (CC); default 1e-3 */
	int saturation;     /**< GM_MAX and SD: apply the method to √Id (square law in saturation) */
	size_t window;      /**< GM_MAX: 0 (default) the tangent at the max-gm point; >= 2 a
	                         least-squares line over that many points centred on it (smoothing) */
	double y_vmin;      /**< Y: fit range low end, V; NAN = from the max-gm point */
	double y_vmax;      /**< Y: fit range high end, V; NAN = to the last point */
	wbg_uncertainty_spec acc_id;  /**< accuracy of the current readings: a systematic error
	                                   common to the whole sweep (one range) */
	double noise_id;      /**< A, standard deviation of each current reading's random noise,
	                           independent between readings (e.g. from repeated sweeps) */
	wbg_uncertainty_spec acc_vgs; /**< accuracy of the gate voltage */
	size_t mc_trials;     /**< SD and Y: Monte Carlo trials (0 disables); default 2000 */
	unsigned long seed;   /**< Monte Carlo seed; default 1 */
} wbg_vth_opts;

/** Threshold-voltage result. */
typedef struct wbg_vth_result {
	wbg_estimate vth;   /**< V */
	double gm_max;      /**< S (of √Id in A^½/V when saturation is set); NAN for CC */
	double v_gm_max;    /**< V at maximum gm; NAN for CC */
	double slope;       /**< GM_MAX, Y: slope of the extrapolated line; NAN otherwise */
	size_t first, last; /**< index range of the points the result rests on */
} wbg_vth_result;

/** Fill @p opts with the defaults documented in wbg_vth_opts. */
WBG_API void wbg_vth_opts_init(wbg_vth_opts *opts);

/** The number of doubles of scratch wbg_vth_extract() needs for n points. */
WBG_API size_t wbg_vth_work_size(size_t n);

/**
 * Threshold voltage of a transfer curve Id(Vgs).
 *
 * Uncertainty. Three inputs, kept apart because they reach Vth differently:
 * acc_id, the current accuracy, is a systematic error common to the whole
 * sweep (a gain error scales every reading, an offset error shifts them
 * all; GUM F.1.2.3: readings on one instrument range are correlated);
 * noise_id is random and independent reading to reading; acc_vgs is a
 * common shift of the sweep and moves Vth one to one (u(Vgs) at Vth, added
 * in quadrature). A common gain leaves the gm-max, SD and Y results
 * unchanged (they are invariant to a scale of Id), and a common offset
 * leaves SD unchanged; so for those methods noise_id, not acc_id, is what
 * their uncertainty mostly comes from.
 *
 * - CC: first crossing of icrit, interpolated linearly in ln Id (the
 *   subthreshold current is exponential). u: law of propagation with the
 *   local slope as sensitivity, u(Vth)² = (u(Id)² + noise²)/(Id·dlnId/dV)²
 *   + u(Vgs)², u(Id) from acc_id at icrit.
 * - GM_MAX: gm by three-point differences; the tangent at max gm,
 *   Vth = Vgs_j − Id_j/gm_j, or with @c window >= 2 a least-squares line over
 *   that many points centred on max gm, Vth = −intercept/slope. u: analytic
 *   (law of propagation through the readings the tangent or line uses; the
 *   offset's sensitivities add before squaring), and for the window fit
 *   Type A from the residuals (ν = window − 2), combined by
 *   Welch–Satterthwaite. It assumes the max-gm point stays put; when the
 *   noise is large enough to move it, the spread is larger than u.
 * - SD: peak of d²Id/dVgs² refined by a parabola through the three points
 *   around it. u: Monte Carlo (JCGM 101, @c mc_trials trials, one gain and
 *   one offset draw per trial for the sweep, independent noise per reading),
 *   since the argmax of a second difference has no useful linearization.
 * - Y: Y = Id/√gm fitted by a straight line from max gm (or over
 *   [y_vmin, y_vmax]); Vth = −intercept/slope (Ghibaudo, Electron. Lett. 24
 *   (1988) 543). For the linear region only. u: Type A analytic from the fit
 *   residuals (ν = points − 2) combined with the same Monte Carlo as SD.
 *
 * With mc_trials = 0, SD and Y carry no acc_id or noise component.
 *
 * @param work wbg_vth_work_size(n) doubles, or NULL.
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL, Vgs not increasing, not finite);
 *         WBG_ERR_INSUFFICIENT_DATA (too few points); WBG_ERR_NOT_FOUND (Id
 *         never reaches icrit; no gm peak); WBG_ERR_NOMEM.
 */
WBG_API int wbg_vth_extract(wbg_vth_result *out, const double *vgs, const double *id, size_t n,
                            const wbg_vth_opts *opts, double *work, wbg_ctx *ctx);

/**
 * wbg_vth_extract() over @p curves curves sharing one Vgs grid of @p n
 * points (a wafer map, a lot): @p id is row-major, curves × n. The grid is
 * checked and its difference weights computed once. A curve whose
 * extraction fails gets NAN results and is counted in @p out_failed
 * (optional); the call still returns WBG_OK.
 * @param out @p curves results.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (grid), WBG_ERR_RANGE, WBG_ERR_NOMEM.
 */
WBG_API int wbg_vth_extract_many(wbg_vth_result *out, size_t *out_failed, const double *vgs,
                                 const double *id, size_t curves, size_t n,
                                 const wbg_vth_opts *opts, wbg_ctx *ctx);

/**
 * Transconductance gm = dId/dVgs at every point: second-order three-point
 * differences on the (possibly uneven) grid, one-sided at the ends
 * (Fornberg, Math. Comp. 51 (1988) 699). @p out_gm has n elements.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (n < 3).
 */
WBG_API int wbg_gm(double *out_gm, const double *vgs, const double *id, size_t n, wbg_ctx *ctx);

/**
 * Subthreshold swing S = dVgs/dlog10 Id in V/decade (Schroder, 3rd ed., 6.4).
 * With @p i_low < @p i_high, one least-squares line of log10 Id against Vgs
 * through every point whose current lies in [i_low, i_high]; with both NAN,
 * the steepest line over any @p window consecutive points with Id > 0 (the
 * minimum swing). u: Type A from the slope's standard error (ν = points − 2)
 * combined with Type B from acc_id (law of propagation through the slope).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA, WBG_ERR_DOMAIN
 *         (the current does not rise in the range).
 */
WBG_API int wbg_ss_extract(wbg_estimate *out, const double *vgs, const double *id, size_t n,
                           double i_low, double i_high, size_t window,
                           const wbg_uncertainty_spec *acc_id, wbg_ctx *ctx);

/**
 * On-resistance from the linear region of an output curve Id(Vds): a
 * least-squares line Id = G·Vds + b through the points with |Vds| <= vds_max;
 * Ron = 1/G (Schroder, 3rd ed., 4.2). u: Type A from the slope's standard
 * error (ν = points − 2), Type B from acc_id and acc_vds through the slope.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA, WBG_ERR_DOMAIN (G <= 0).
 */
WBG_API int wbg_ron_fit(wbg_estimate *out, const double *vds, const double *id, size_t n,
                        double vds_max, const wbg_uncertainty_spec *acc_vds,
                        const wbg_uncertainty_spec *acc_id, wbg_ctx *ctx);

/**
 * Spot on-resistance Ron = Vds/Id at the current @p at_id (datasheet style,
 * "RDS(on) at ID = 20 A"), Vds interpolated linearly between the bracketing
 * points of the increasing curve. u: law of propagation,
 * (u/Ron)² = (u(Vds)/Vds)² + (u(Id)/Id)².
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (at_id outside the curve).
 */
WBG_API int wbg_ron_spot(wbg_estimate *out, const double *vds, const double *id, size_t n,
                         double at_id, const wbg_uncertainty_spec *acc_vds,
                         const wbg_uncertainty_spec *acc_id, wbg_ctx *ctx);

/**
 * Current at the bias @p at_v (leakage at a condition, e.g. IDSS at
 * VDS = 650 V): interpolated in log|I| when both neighbours have the same
 * sign and are non-zero (leakage spans decades), otherwise linearly. v
 * strictly increasing. u: acc_i at the interpolated current combined with
 * acc_v through the local slope dI/dV.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (at_v outside the sweep).
 */
WBG_API int wbg_leakage_at(wbg_estimate *out, const double *v, const double *i, size_t n,
                           double at_v, const wbg_uncertainty_spec *acc_v,
                           const wbg_uncertainty_spec *acc_i,
                           wbg_ctx *ctx);

/**
 * Breakdown voltage: the first bias, in sweep order, at which |I| reaches
 * @p icrit (JEDEC JESD24-style current criterion), interpolated in ln|I|
 * between the bracketing points. v need not be increasing (a sweep to
 * negative voltages works). u: law of propagation as for constant-current Vth.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (the criterion was
 *         never reached: BV is beyond the sweep).
 */
WBG_API int wbg_bv_extract(wbg_estimate *out, const double *v, const double *i, size_t n,
                           double icrit, const wbg_uncertainty_spec *acc_v,
                           const wbg_uncertainty_spec *acc_i,
                           wbg_ctx *ctx);

/**
 * Hysteresis between an up sweep and a down sweep of the gate: ΔVth =
 * Vth(down) − Vth(up), both by the method in @p opts (constant current is the
 * usual choice for GaN HEMTs). The down sweep may be given in either order.
 * u: the two extractions are independent, u² = u_up² + u_down², ν by
 * Welch–Satterthwaite.
 * @param out_up, out_down optional (NULL): the two threshold voltages.
 * @return as wbg_vth_extract().
 */
WBG_API int wbg_hysteresis_extract(wbg_estimate *out, wbg_estimate *out_up, wbg_estimate *out_down,
                                   const double *v_up, const double *i_up, size_t n_up,
                                   const double *v_down, const double *i_down, size_t n_down,
                                   const wbg_vth_opts *opts, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
