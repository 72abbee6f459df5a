/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/transport.h
 * @brief Transport: van der Pauw sheet resistance, Hall density and
 *        mobility, transfer-length-method contact resistance.
 */
#ifndef WBG_TRANSPORT_H
#define WBG_TRANSPORT_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Sheet resistance (Ω per square) from the two van der Pauw resistances
 * R_A = R_12,34 and R_B = R_23,41 (each already averaged over reversed
 * currents), as the root of exp(−πR_A/R_s) + exp(−πR_B/R_s) = 1
 * (L. J. van der Pauw, Philips Res. Rep. 13 (1958) 1, eq. 5), found by
 * Brent's method (GSL). u: implicit differentiation,
 * ∂R_s/∂R_A = R_s·e_A/(R_A·e_A + R_B·e_B) with e_X = exp(−πR_X/R_s).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (R <= 0), WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_vdp_sheet_resistance(wbg_estimate *out, double r_a, double u_r_a, double r_b,
                                     double u_r_b, wbg_ctx *ctx);

/** Hall result. */
typedef struct wbg_hall {
	wbg_estimate sheet_density; /**< m⁻², n_s = I·B/(q·|V_H|) */
	wbg_estimate mobility;      /**< m²/(V·s), μ = 1/(q·n_s·R_s) */
	int carrier_sign;           /**< −1 electrons (V_H < 0 with the usual contact order), +1 holes */
} wbg_hall;

/**
 * Hall sheet carrier density and Hall mobility (Schroder, "Semiconductor
 * Material and Device Characterization", 3rd ed., 8.3; ASTM F76) from the
 * current @p i_a, the field @p b_t, the Hall voltage @p vh_v (averaged over
 * field and current reversals, sign kept) and the sheet resistance. The Hall
 * scattering factor is taken as 1. u: relative uncertainties in quadrature
 * (all factors are products), ν = ∞ unless the caller's inputs say otherwise.
 * Divide the sheet density by the thickness for a volume density.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (zero current, field, Hall voltage or R_s <= 0).
 */
WBG_API int wbg_hall_compute(wbg_hall *out, double i_a, double u_i, double b_t, double u_b,
                             double vh_v, double u_vh, const wbg_estimate *rs, wbg_ctx *ctx);

/** Transfer-length-method result. */
typedef struct wbg_tlm {
	wbg_estimate sheet_resistance; /**< Ω/sq, R_sh = slope·W */
	wbg_estimate contact_resistance; /**< Ω, R_c = intercept/2 */
	wbg_estimate rc_width;         /**< Ω·m, R_c·W */
	wbg_estimate transfer_length;  /**< m, L_T = R_c·W/R_sh */
	wbg_estimate rho_c;            /**< Ω·m², specific contact resistivity R_c·L_T·W */
	size_t points;
} wbg_tlm;

/**
 * TLM: total resistance against contact spacing, R_T = 2R_c + R_sh·d/W, a
 * least-squares line (G. K. Reeves and H. B. Harrison, IEEE Electron Device
 * Lett. 3 (1982) 111; Schroder 3rd ed., 3.4.2). ρ_c = R_c·L_T·W holds for
 * contacts much longer than L_T. u: the covariance of intercept and slope
 * from the residuals (Type A, ν = n − 2) and from @p acc_r per reading
 * (Type B), propagated to each result by its gradient; Welch–Satterthwaite.
 * @return WBG_OK, WBG_ERR_INVALID_ARG, WBG_ERR_INSUFFICIENT_DATA (< 3 distinct
 *         spacings), WBG_ERR_DOMAIN (slope or intercept not positive).
 */
WBG_API int wbg_tlm_extract(wbg_tlm *out, const double *spacing_m, const double *r_ohm, size_t n,
                            double width_m, const wbg_uncertainty_spec *acc_r, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
