/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/dlts.h
 * @brief Deep-level transient spectroscopy: Arrhenius trap signature.
 */
#ifndef WBG_DLTS_H
#define WBG_DLTS_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"
#include "wbg/uncertainty.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * γ in e = γ·σ·T²·exp(−Ea/kT): v_th·N_c/T² = 2√3·(2π)^(3/2)·k²·m_eff/h³ for a
 * carrier of effective mass @p m_eff_rel·m0 (Schroder, "Semiconductor
 * Material and Device Characterization", 3rd ed., 5.2.3: 3.25e21·(m_eff/m0)
 * cm⁻²s⁻¹K⁻²). Returns γ in m⁻²·s⁻¹·K⁻², or NAN when m_eff_rel <= 0.
 */
WBG_API double wbg_dlts_gamma(double m_eff_rel);

/** Trap signature. */
typedef struct wbg_trap {
	wbg_estimate ea_j;     /**< activation energy, J (divide by WBG_Q for eV) */
	wbg_estimate sigma_m2; /**< apparent capture cross section, m² */
	size_t points;
} wbg_trap;

/**
 * Arrhenius analysis of emission rates (D. V. Lang, J. Appl. Phys. 45 (1974)
 * 3023; Schroder 3rd ed., 5.2.3 and 5.4): a least-squares line of
 * ln(e/T²) against 1/(kT); Ea = −slope, σ = exp(intercept)/γ.
 * u: Type A from the residuals (ν = n − 2); Type B per point from the
 * relative rate uncertainty @p u_rate_rel and the temperature uncertainty
 * @p u_temp_k, the latter by the effective-variance method (both
 * coordinates depend on T: u_y = |2/T − Ea/(kT²)|·u_T, J. Orear, Am. J.
 * Phys. 50 (1982) 912); u(σ) = σ·u(intercept) (linearized).
 * @return WBG_OK, WBG_ERR_INVALID_ARG (T or e <= 0, γ <= 0),
 *         WBG_ERR_INSUFFICIENT_DATA (< 3 points or equal temperatures).
 */
WBG_API int wbg_dlts_arrhenius(wbg_trap *out, const double *temp_k, const double *rate_s, size_t n,
                               double gamma, double u_temp_k, double u_rate_rel, wbg_ctx *ctx);

#ifdef __cplusplus
}
#endif

#endif
