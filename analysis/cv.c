/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Capacitance-voltage analysis.
 *
 * Sources:
 * - D. K. Schroder, "Semiconductor Material and Device Characterization",
 *   3rd ed. (Wiley, 2006): doping profile from d(1/C²)/dV and W = εA/C
 *   (2.2.1, eqs. 2.9, 2.17); built-in voltage from the 1/C² intercept
 *   (3.4.1); flat-band capacitance method (6.2.1); integrating C-V for the
 *   carrier sheet density (2.4.4).
 * - S. M. Sze and K. K. Ng, "Physics of Semiconductor Devices", 3rd ed.
 *   (Wiley, 2007), 4.3: Debye length and flat-band capacitance.
 * - O. Ambacher et al., J. Appl. Phys. 85 (1999) 3222: 2DEG sheet density of
 *   AlGaN/GaN heterostructures from C-V.
 * Uncertainty: JCGM 100:2008 law of propagation; see wbg/cv.h per routine.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

int wbg_cv_doping_profile(double *out_w, double *out_n, double *out_u_w, double *out_u_n,
                          const double *v, const double *c, size_t n, double eps, double area_m2,
                          double u_area_rel, const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx)
{
	size_t i, k;
	int rc = wbgi_check_curve(ctx, "doping profile", v, c, n, 3, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out_w || !out_n || !(eps > 0) || !(area_m2 > 0) || !(u_area_rel >= 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "doping profile: give outputs, permittivity > 0 and area > 0 (got "
		                     "%g F/m, %g m²)",
		                     eps, area_m2);
	for (i = 0; i < n; i++)
		if (!(c[i] > 0))
			return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
			                     "doping profile: capacitance %g F at point %zu is not positive",
			                     c[i], i + 1);
	for (i = 0; i < n; i++) {
		/* Three-point weights at i (one-sided at the ends), on y = 1/C². */
		size_t f = i == 0 ? 0 : (i == n - 1 ? n - 3 : i - 1);
		double x0 = v[f], x1 = v[f + 1], x2 = v[f + 2], wt[3], d = 0, un = 0, nn, uc;
		double h1 = x1 - x0, h2 = x2 - x1;
		if (i == f) {
			wt[0] = -(2 * h1 + h2) / (h1 * (h1 + h2));
			wt[1] = (h1 + h2) / (h1 * h2);
			wt[2] = -h1 / (h2 * (h1 + h2));
		} else if (i == f + 1) {
			wt[0] = -h2 / (h1 * (h1 + h2));
			wt[1] = (h2 - h1) / (h1 * h2);
			wt[2] = h1 / (h2 * (h1 + h2));
		} else {
			wt[0] = h2 / (h1 * (h1 + h2));
			wt[1] = -(h1 + h2) / (h1 * h2);
			wt[2] = (h1 + 2 * h2) / (h2 * (h1 + h2));
		}
		for (k = 0; k < 3; k++)
			d += wt[k] / (c[f + k] * c[f + k]);
		if (d == 0 || !isfinite(d))
			return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
			                     "doping profile: 1/C² does not change with V at point %zu (%g "
			                     "V); the device is not in depletion there",
			                     i + 1, v[i]);
		nn = 2 / (WBG_Q * eps * area_m2 * area_m2 * fabs(d));
		/* ∂N/∂C_k = 2·N·w_k/(D·C_k³) (sign irrelevant in quadrature). */
		for (k = 0; k < 3; k++) {
			double s = 2 * nn * wt[k] / (d * pow(c[f + k], 3));
			double u = wbg_uncertainty_spec_u(acc_c, c[f + k]);
			un += s * s * u * u;
		}
		un += pow(2 * u_area_rel * nn, 2);
		out_n[i] = nn;
		out_w[i] = eps * area_m2 / c[i];
		if (out_u_n)
			out_u_n[i] = sqrt(un);
		uc = wbg_uncertainty_spec_u(acc_c, c[i]) / c[i];
		if (out_u_w)
			out_u_w[i] = out_w[i] * sqrt(uc * uc + u_area_rel * u_area_rel);
	}
	return WBG_OK;
}

int wbg_cv_mott_schottky(wbg_mott_schottky *out, const double *v, const double *c, size_t n,
                         double vmin, double vmax, double eps, double area_m2, double u_area_rel,
                         const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx)
{
	double *x = NULL, *y = NULL, *uy = NULL, sa = 0, sb = 0, sbb = 0, u[3], dof[3], nd;
	struct wbgi_line l;
	size_t i, m = 0;
	int rc = wbgi_check_curve(ctx, "Mott-Schottky", v, c, n, 3, 0);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(eps > 0) || !(area_m2 > 0) || !(u_area_rel >= 0) || !(vmin < vmax))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "Mott-Schottky: give vmin < vmax, permittivity > 0 and area > 0");
	x = malloc(n * sizeof(*x));
	y = malloc(n * sizeof(*y));
	uy = malloc(n * sizeof(*uy));
	if (!x || !y || !uy) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "Mott-Schottky: no memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (v[i] < vmin || v[i] > vmax || !(c[i] > 0))
			continue;
		x[m] = v[i];
		y[m] = 1 / (c[i] * c[i]);
		uy[m] = 2 * wbg_uncertainty_spec_u(acc_c, c[i]) / pow(c[i], 3);
		m++;
	}
	if (m < 3 || wbgi_line_fit(&l, x, y, m) != WBG_OK || l.b == 0) {
		rc = wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                   "Mott-Schottky: %zu usable points in [%g, %g] V; the fit needs 3 or "
		                   "more with C > 0 and a sloping 1/C²",
		                   m, vmin, vmax);
		goto out;
	}
	for (i = 0; i < m; i++) {
		double s = wbgi_line_root_sens(&l, x[i]);
		double beta = (x[i] - l.xbar) / l.sxx;
		sa += s * s;
		sb += s * s * uy[i] * uy[i];
		sbb += beta * beta * uy[i] * uy[i];
	}
	u[0] = sqrt(l.s2 * sa);
	dof[0] = m > 2 ? (double)(m - 2) : INFINITY;
	u[1] = sqrt(sb);
	dof[1] = INFINITY;
	rc = wbg_uncertainty_combine(&out->v_intercept, -l.a / l.b, u, dof, 2, ctx);
	if (rc != WBG_OK)
		goto out;
	nd = 2 / (WBG_Q * eps * area_m2 * area_m2 * fabs(l.b));
	/* N ∝ 1/|b|: u(N)/N = u(b)/|b|; N ∝ A⁻². */
	u[0] = nd * sqrt(l.s2 / l.sxx) / fabs(l.b);
	u[1] = nd * sqrt(sbb) / fabs(l.b);
	u[2] = 2 * nd * u_area_rel;
	dof[2] = INFINITY;
	rc = wbg_uncertainty_combine(&out->doping, nd, u, dof, 3, ctx);
	out->points = m;
out:
	free(x);
	free(y);
	free(uy);
	return rc;
}

int wbg_cv_flatband(wbg_estimate *out, double *out_cfb, const double *v, const double *c, size_t n,
                    double c_ox, double doping, double eps, double area_m2, double temp_k,
                    const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx)
{
	double ld, cs, cfb;
	size_t i;
	int rc = wbgi_check_curve(ctx, "flat-band voltage", v, c, n, 2, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(c_ox > 0) || !(doping > 0) || !(eps > 0) || !(area_m2 > 0) || !(temp_k > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "flat-band voltage: C_ox, doping, permittivity, area and temperature "
		                     "must all be > 0");
	ld = sqrt(eps * WBG_KB * temp_k / (WBG_Q * WBG_Q * doping));
	cs = eps * area_m2 / ld;
	cfb = c_ox * cs / (c_ox + cs);
	for (i = 1; i < n; i++) {
		double lo = fmin(c[i - 1], c[i]), hi = fmax(c[i - 1], c[i]);
		if (lo <= cfb && cfb <= hi && c[i] != c[i - 1]) {
			double t = (cfb - c[i - 1]) / (c[i] - c[i - 1]);
			double slope = (c[i] - c[i - 1]) / (v[i] - v[i - 1]);
			out->value = v[i - 1] + t * (v[i] - v[i - 1]);
			out->u = wbg_uncertainty_spec_u(acc_c, cfb) / fabs(slope);
			out->dof = INFINITY;
			if (out_cfb)
				*out_cfb = cfb;
			return WBG_OK;
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
	                     "flat-band voltage: C never crosses C_FB = %g F in the sweep; check "
	                     "C_ox, the doping and the area",
	                     cfb);
}

/* ∫ of the piecewise-linear interpolant of y over [a, b] within [x0, x(n−1)]. */
static double integrate(const double *x, const double *y, size_t n, double a, double b)
{
	double s = 0;
	size_t i;

	for (i = 1; i < n; i++) {
		double lo = fmax(a, x[i - 1]), hi = fmin(b, x[i]), ylo, yhi, sl;
		if (!(hi > lo))
			continue;
		sl = (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
		ylo = y[i - 1] + sl * (lo - x[i - 1]);
		yhi = y[i - 1] + sl * (hi - x[i - 1]);
		s += 0.5 * (ylo + yhi) * (hi - lo);
	}
	return s;
}

int wbg_cv_sheet_density(wbg_estimate *out, const double *v, const double *c, size_t n,
                         double v_from, double v_to, double area_m2, double u_area_rel,
                         const wbg_uncertainty_spec *acc_c, wbg_ctx *ctx)
{
	double *uc = NULL, a, b, ns, u[2];
	size_t i;
	int rc = wbgi_check_curve(ctx, "sheet density", v, c, n, 2, 1);

	if (rc != WBG_OK)
		return rc;
	a = isnan(v_from) ? v[0] : v_from;
	b = isnan(v_to) ? v[n - 1] : v_to;
	if (!out || !(area_m2 > 0) || !(u_area_rel >= 0) || !(a < b) || a < v[0] || b > v[n - 1])
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "sheet density: integrate over [%g, %g] V inside the sweep [%g, %g] "
		                     "V, with area > 0",
		                     a, b, v[0], v[n - 1]);
	uc = malloc(n * sizeof(*uc));
	if (!uc)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "sheet density: no memory");
	for (i = 0; i < n; i++)
		uc[i] = wbg_uncertainty_spec_u(acc_c, c[i]);
	ns = integrate(v, c, n, a, b) / (WBG_Q * area_m2);
	u[0] = integrate(v, uc, n, a, b) / (WBG_Q * area_m2);
	u[1] = fabs(ns) * u_area_rel;
	rc = wbg_uncertainty_combine(out, ns, u, NULL, 2, ctx);
	free(uc);
	return rc;
}
