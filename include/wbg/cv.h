/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/cv.h
 * @brief Capacitance-voltage analysis: doping profile N(W), Mott-Schottky
 *        built-in voltage, MOS flat-band voltage, 2DEG sheet density.
 *
 * SI units throughout: V, F, m, m⁻³ (doping), m⁻² (sheet density), F/m
 * (permittivity: pass ε_r·WBG_EPS0). Capacitance is the total device
 * capacitance; @p area_m2 converts it to per-area.
 */
#ifndef WBG_CV_H
#define WBG_CV_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WBG_Q 1.602176634e-19      /**< elementary charge, C (exact, SI 2019) */
#define WBG_EPS0 8.8541878128e-12  /**< vacuum permittivity, F/m (CODATA 2018) */
#define WBG_KB 1.380649e-23        /**< Boltzmann constant, J/K (exact, SI 2019) */

/**
 * Doping profile of a one-sided junction or Schottky diode from its
 * depletion C-V (Schroder, "Semiconductor Material and Device
 * Characterization", 3rd ed., 2.2.1, eqs. 2.9 and 2.17):
 * W = ε·A/C and N(W) = 2 / (q·ε·A²·|d(1/C²)/dV|), with the derivative by
 * three-point differences. v strictly increasing (either bias polarity).
 * u (per point, law of propagation): acc_c per reading through the three
 * readings the derivative uses, and the relative area uncertainty
 * @p u_area_rel (N ∝ A⁻², W ∝ A).
 * @param out_w, out_n n elements each; out_u_w, out_u_n optional (NULL).
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (n < 3),
 *         WBG_ERR_DOMAIN (C <= 0, or 1/C² flat at a point: N is infinite).
 */
WBG_API int wbg_cv_doping_profile(double *out_w, double *out_n, double *out_u_w, double *out_u_n,
                                  const double *v, const double *c, size_t n, double eps,
                                  double area_m2, double u_area_rel,
                                  const wbg_uncertainty_spec *acc_c,
                                  wbg_ctx *ctx);

/** Mott-Schottky line fit result. */
typedef struct wbg_mott_schottky {
	wbg_estimate v_intercept; /**< V where 1/C² extrapolates to 0 */
	wbg_estimate doping;      /**< m⁻³, from the slope */
	size_t points;            /**< points in the fit */
} wbg_mott_schottky;

/**
 * Straight line through 1/C² against V over [vmin, vmax] (Schroder 3rd ed.,
 * 2.2.1 and 3.4.1): the intercept on the voltage axis and the uniform doping
 * N = 2/(q·ε·A²·|slope|). With V the forward-positive bias of a Schottky
 * diode, the intercept is V_bi − kT/q (Schroder eq. 3.28 and the
 * correction after it). u: Type A from the residuals (ν = points − 2) and
 * Type B from acc_c through the fit, plus u_area_rel for N.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (< 3 points in range).
 */
WBG_API int wbg_cv_mott_schottky(wbg_mott_schottky *out, const double *v, const double *c, size_t n,
                                 double vmin, double vmax, double eps, double area_m2,
                                 double u_area_rel, const wbg_uncertainty_spec *acc_c,
                                 wbg_ctx *ctx);

/**
 * Flat-band voltage of a MOS/MIS capacitor by the flat-band capacitance
 * method (Schroder 3rd ed., 6.2.1; Sze & Ng, "Physics of Semiconductor
 * Devices", 3rd ed., 4.3): L_D = √(ε_s·kT/(q²·N)), C_FB = C_ox·C_s/(C_ox + C_s)
 * with C_s = ε_s·A/L_D, and V_FB the bias where the measured C crosses C_FB
 * (linear interpolation). u: acc_c at C_FB through the local slope dC/dV.
 * @param out_cfb optional: C_FB, F.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_NOT_FOUND (C never crosses C_FB).
 */
WBG_API int wbg_cv_flatband(wbg_estimate *out, double *out_cfb, const double *v, const double *c,
                            size_t n, double c_ox, double doping, double eps, double area_m2,
                            double temp_k, const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx);

/**
 * Two-dimensional electron gas sheet density of a HEMT gate from its C-V:
 * n_s = (1/(q·A))·∫ C dV from @p v_from (pinch-off; NAN: first point) to
 * @p v_to (NAN: last point), by the trapezoidal rule (Schroder 3rd ed.,
 * 2.4.4; Ambacher et al., J. Appl. Phys. 85 (1999) 3222). v increasing.
 * u: acc_c treated as systematic (fully correlated across the readings, so
 * the trapezoid weights add linearly) and u_area_rel; ν = ∞.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA.
 */
WBG_API int wbg_cv_sheet_density(wbg_estimate *out, const double *v, const double *c, size_t n,
                                 double v_from, double v_to, double area_m2, double u_area_rel,
                                 const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
