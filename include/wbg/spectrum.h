/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file wbg/spectrum.h
 * @brief Multi-peak fits of spectra (photoluminescence and the like):
 * Gaussian, Lorentzian or Voigt lines on a constant or linear baseline,
 * fitted by nonlinear least squares (wbg/nlfit.h).
 *
 * The x axis may be in any unit (photon energy in eV is usual for PL);
 * centres and widths come back in it, areas in x-unit times y-unit.
 * Standard errors come from the fit's covariance s^2 (J^T J)^-1; derived
 * quantities (Voigt FWHM, intensity ratios) propagate it to first order.
 */
#ifndef WBG_SPECTRUM_H
#define WBG_SPECTRUM_H

#include <stddef.h>

#include "wbg/common.h"
#include "wbg/context.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most peaks one fit may have. */
#define WBG_SPECTRUM_MAX_PEAKS 15
/** Fewest and most points of a spectrum. */
#define WBG_SPECTRUM_MAX_POINTS 1000000

/** Line shapes. */
typedef enum wbg_peak_shape {
	WBG_PEAK_GAUSSIAN = 0,
	WBG_PEAK_LORENTZIAN = 1,
	WBG_PEAK_VOIGT = 2, /**< Gaussian convolved with Lorentzian (Faddeeva function, libcerf) */
} wbg_peak_shape;

/** Baselines. */
typedef enum wbg_baseline {
	WBG_BASELINE_NONE = 0,
	WBG_BASELINE_CONSTANT = 1, /**< b0 */
	WBG_BASELINE_LINEAR = 2,   /**< b0 + b1 (x - x_mid), x_mid the middle of the x range */
} wbg_baseline;

/** One fitted peak; *_se are standard errors. */
typedef struct wbg_peak {
	double centre, centre_se;
	double fwhm, fwhm_se;       /**< full width at half maximum (Voigt: Olivero-Longbothum) */
	double area, area_se;       /**< integral of the line */
	double height;              /**< peak value of the line at its centre */
	double fwhm_g, fwhm_g_se;   /**< Gaussian FWHM (Gaussian, Voigt; else 0) */
	double fwhm_l, fwhm_l_se;   /**< Lorentzian FWHM (Lorentzian, Voigt; else 0) */
} wbg_peak;

/** A fit: the peaks sorted by centre, the baseline and the covariance. */
typedef struct wbg_spectrum_fit {
	wbg_peak_shape shape;
	wbg_baseline baseline;
	size_t npeaks;
	wbg_peak peaks[WBG_SPECTRUM_MAX_PEAKS];
	double base[2], base_se[2]; /**< b0, b1 (0 when absent) */
	double x_mid;               /**< the x the linear baseline is centred on */
	double rss, s2;             /**< residual sum of squares, RSS / dof */
	size_t dof, niter;
	/** covariance of the areas, for ratios: area_cov[i * MAX + j] */
	double area_cov[WBG_SPECTRUM_MAX_PEAKS * WBG_SPECTRUM_MAX_PEAKS];
} wbg_spectrum_fit;

/**
 * Fit @p npeaks lines of one shape on a baseline.
 * @param x, y     @p n points (x strictly increasing)
 * @param centres  @p npeaks starting centres, or NULL to take the largest
 *                 local maxima of y
 * @return WBG_OK; WBG_ERR_INVALID_ARG (NULL, npeaks 0 or above
 *   WBG_SPECTRUM_MAX_PEAKS, x not increasing, non-finite data);
 *   WBG_ERR_INSUFFICIENT_DATA (fewer points than parameters + 1, or fewer
 *   local maxima than peaks); WBG_ERR_NO_CONVERGENCE.
 */
WBG_API int wbg_spectrum_fit_peaks(wbg_spectrum_fit *out, const double *x, const double *y, size_t n,
                                   size_t npeaks, wbg_peak_shape shape, wbg_baseline baseline,
                                   const double *centres, wbg_ctx *ctx);

/**
 * Ratio of peak areas A_i / A_j (e.g. GaN yellow band / near-band-edge)
 * with its standard error, propagated with the areas' covariance.
 * @return WBG_OK, WBG_ERR_INVALID_ARG (index out of range), WBG_ERR_DOMAIN (A_j == 0).
 */
WBG_API int wbg_spectrum_area_ratio(double *out_ratio, double *out_se, const wbg_spectrum_fit *fit, size_t i,
                                    size_t j, wbg_ctx *ctx);

/**
 * The normalised line shape at x - centre = @p dx (area 1), for tests and
 * plots. For Gaussian pass fwhm_l = 0, for Lorentzian fwhm_g = 0.
 */
WBG_API double wbg_peak_profile(wbg_peak_shape shape, double dx, double fwhm_g, double fwhm_l);

/**
 * The Voigt FWHM from the Gaussian and Lorentzian FWHMs by Olivero &
 * Longbothum, J. Quant. Spectrosc. Radiat. Transfer 17 (1977) 233:
 * f_V = 0.5346 f_L + sqrt(0.2166 f_L^2 + f_G^2), accurate to 0.02 %.
 */
WBG_API double wbg_peak_voigt_fwhm(double fwhm_g, double fwhm_l);

#ifdef __cplusplus
}
#endif

#endif
