/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Device parameters beside the threshold voltage: subthreshold swing,
 * on-resistance (linear-region fit and spot value), leakage at a condition,
 * breakdown voltage at a current criterion, hysteresis.
 *
 * Sources:
 * - D. K. Schroder, "Semiconductor Material and Device Characterization",
 *   3rd ed. (Wiley, 2006): subthreshold swing S = dVgs/dlog10 Id (6.4.2),
 *   channel and on-resistance from the linear region (4.2).
 * - JEDEC JESD24 (power MOSFET test methods): breakdown voltage as the drain
 *   voltage at a specified leakage current; leakage read at a stated bias.
 * - Hysteresis as the threshold shift between up and down gate sweeps:
 *   A. Lelis et al., IEEE Trans. Electron Devices 55 (2008) 1835 (SiC), and
 *   the same practice for GaN HEMTs.
 * Uncertainty (JCGM 100:2008): law of propagation (5.1.2) with the stated
 * sensitivities; Type A from least-squares residuals with n − 2 degrees of
 * freedom; Welch–Satterthwaite (G.4.1) for the combination.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

/* u of a slope from per-point y uncertainties: b = Σ beta_i y_i. */
static double slope_u_b(const struct wbgi_line *l, const double *x, const double *uy, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		double beta = (x[i] - l->xbar) / l->sxx;
		s += beta * beta * uy[i] * uy[i];
	}
	return sqrt(s);
}

int wbg_ss_extract(wbg_estimate *out, const double *vgs, const double *id, size_t n, double i_low,
                   double i_high, size_t window, const wbg_uncertainty_spec *acc_id, wbg_ctx *ctx)
{
	double *x = NULL, *y = NULL, *uy = NULL, u[2], dof[2];
	struct wbgi_line l, best;
	size_t i, m = 0, best_at = 0, best_m = 0;
	int rc, found = 0;

	rc = wbgi_check_curve(ctx, "subthreshold swing", vgs, id, n, 3, 1);
	if (rc != WBG_OK)
		return rc;
	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "subthreshold swing: NULL output");
	x = malloc(n * sizeof(*x));
	y = malloc(n * sizeof(*y));
	uy = malloc(n * sizeof(*uy));
	if (!x || !y || !uy) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "subthreshold swing: no memory");
		goto out;
	}
	if (!isnan(i_low) || !isnan(i_high)) {
		if (!(i_low > 0 && i_high > i_low)) {
			rc = wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
			                   "subthreshold swing: the current range [%g, %g] A must have "
			                   "0 < low < high",
			                   i_low, i_high);
			goto out;
		}
		for (i = 0; i < n; i++) {
			if (id[i] >= i_low && id[i] <= i_high) {
				x[m] = vgs[i];
				y[m] = log10(id[i]);
				uy[m] = acc_id ? wbg_uncertainty_spec_u(acc_id, id[i]) / (id[i] * log(10.0)) : 0.0;
				m++;
			}
		}
		if (m < 3 || wbgi_line_fit(&best, x, y, m) != WBG_OK) {
			rc = wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
			                   "subthreshold swing: %zu points lie between %g and %g A; the fit "
			                   "needs 3 or more",
			                   m, i_low, i_high);
			goto out;
		}
		best_m = m;
		found = best.b > 0;
	} else {
		if (window < 3)
			window = 3;
		for (i = 0; i < n; i++) {
			x[i] = vgs[i];
			y[i] = id[i] > 0 ? log10(id[i]) : NAN;
			uy[i] = acc_id && id[i] > 0 ? wbg_uncertainty_spec_u(acc_id, id[i]) / (id[i] * log(10.0))
			                            : 0.0;
		}
		for (i = 0; i + window <= n; i++) {
			size_t k;
			int ok = 1;
			for (k = i; k < i + window; k++)
				ok = ok && !isnan(y[k]);
			if (!ok || wbgi_line_fit(&l, x + i, y + i, window) != WBG_OK)
				continue;
			if (l.b > 0 && (!found || l.b > best.b)) {
				best = l;
				best_at = i;
				found = 1;
			}
		}
		best_m = window;
	}
	if (!found) {
		rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                   "subthreshold swing: the current does not rise with Vgs in the range "
		                   "examined; check the columns or the current range");
		goto out;
	}
	/* S = 1/b; u(S) = u(b)/b². */
	u[0] = sqrt(best.s2 / best.sxx) / (best.b * best.b);
	dof[0] = best_m > 2 ? (double)(best_m - 2) : INFINITY;
	u[1] = slope_u_b(&best, x + best_at, uy + best_at, best_m) / (best.b * best.b);
	dof[1] = INFINITY;
	rc = wbg_uncertainty_combine(out, 1.0 / best.b, u, dof, 2, ctx);
out:
	free(x);
	free(y);
	free(uy);
	return rc;
}

int wbg_ron_fit(wbg_estimate *out, const double *vds, const double *id, size_t n, double vds_max,
                const wbg_uncertainty_spec *acc_vds, const wbg_uncertainty_spec *acc_id,
                wbg_ctx *ctx)
{
	double *x = NULL, *y = NULL, *uy = NULL, u[3], dof[3], g;
	struct wbgi_line l;
	size_t i, m = 0;
	int rc;

	rc = wbgi_check_curve(ctx, "on-resistance", vds, id, n, 2, 0);
	if (rc != WBG_OK)
		return rc;
	if (!out || !(vds_max > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "on-resistance: give a linear-region limit vds_max > 0 (got %g V)",
		                     vds_max);
	x = malloc(n * sizeof(*x));
	y = malloc(n * sizeof(*y));
	uy = malloc(n * sizeof(*uy));
	if (!x || !y || !uy) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "on-resistance: no memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (fabs(vds[i]) <= vds_max) {
			x[m] = vds[i];
			y[m] = id[i];
			uy[m] = acc_id ? wbg_uncertainty_spec_u(acc_id, id[i]) : 0.0;
			m++;
		}
	}
	rc = wbgi_line_fit(&l, x, y, m);
	if (rc != WBG_OK) {
		rc = wbg_ctx_error(ctx, rc,
		                   "on-resistance: %zu distinct points with |Vds| <= %g V; the fit needs "
		                   "at least 2",
		                   m, vds_max);
		goto out;
	}
	g = l.b;
	if (!(g > 0)) {
		rc = wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                   "on-resistance: the conductance in the linear region is %g S, not "
		                   "positive; check the columns and the device polarity",
		                   g);
		goto out;
	}
	/* Ron = 1/G, ∂Ron/∂G = −1/G². A voltage gain error scales G by (1 − gain). */
	u[0] = sqrt(l.s2 / l.sxx) / (g * g);
	dof[0] = m > 2 ? (double)(m - 2) : INFINITY;
	u[1] = slope_u_b(&l, x, uy, m) / (g * g);
	dof[1] = INFINITY;
	u[2] = acc_vds ? fabs(acc_vds->gain) / sqrt(3.0) / g : 0.0;
	dof[2] = INFINITY;
	rc = wbg_uncertainty_combine(out, 1.0 / g, u, dof, 3, ctx);
out:
	free(x);
	free(y);
	free(uy);
	return rc;
}

int wbg_ron_spot(wbg_estimate *out, const double *vds, const double *id, size_t n, double at_id,
                 const wbg_uncertainty_spec *acc_vds, const wbg_uncertainty_spec *acc_id,
                 wbg_ctx *ctx)
{
	size_t i;
	/* The current is the abscissa here: it must increase point to point. */
	int rc = wbgi_check_curve(ctx, "spot on-resistance (current column)", id, vds, n, 2, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(at_id > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "spot on-resistance: the current %g A must be > 0", at_id);
	for (i = 1; i < n; i++) {
		if (id[i - 1] <= at_id && at_id <= id[i]) {
			double t = (at_id - id[i - 1]) / (id[i] - id[i - 1]);
			double v = vds[i - 1] + t * (vds[i] - vds[i - 1]);
			double uv = wbg_uncertainty_spec_u(acc_vds, v), ui = wbg_uncertainty_spec_u(acc_id, at_id);
			double r = v / at_id, rel;
			if (!(v > 0))
				return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
				                     "spot on-resistance: Vds at %g A is %g V, not positive", at_id,
				                     v);
			rel = sqrt((uv / v) * (uv / v) + (ui / at_id) * (ui / at_id));
			out->value = r;
			out->u = r * rel;
			out->dof = INFINITY;
			return WBG_OK;
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
	                     "spot on-resistance: %g A is outside the measured currents %g .. %g A",
	                     at_id, id[0], id[n - 1]);
}

/* Interpolate y at x0 in log|y| when possible; also the local slope dy/dx. */
static double interp(const double *x, const double *y, size_t i, double x0, double *slope)
{
	double t = (x0 - x[i - 1]) / (x[i] - x[i - 1]);

	if (y[i - 1] * y[i] > 0) {
		double l0 = log(fabs(y[i - 1])), l1 = log(fabs(y[i]));
		double v = copysign(exp(l0 + t * (l1 - l0)), y[i]);
		*slope = v * (l1 - l0) / (x[i] - x[i - 1]);
		return v;
	}
	*slope = (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
	return y[i - 1] + t * (y[i] - y[i - 1]);
}

int wbg_leakage_at(wbg_estimate *out, const double *v, const double *i, size_t n, double at_v,
                   const wbg_uncertainty_spec *acc_v, const wbg_uncertainty_spec *acc_i,
                   wbg_ctx *ctx)
{
	size_t k;
	int rc = wbgi_check_curve(ctx, "leakage", v, i, n, 2, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out || !isfinite(at_v))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "leakage: NULL output or bias not finite");
	for (k = 1; k < n; k++) {
		if (v[k - 1] <= at_v && at_v <= v[k]) {
			double slope, cur = interp(v, i, k, at_v, &slope);
			double u[2] = {wbg_uncertainty_spec_u(acc_i, cur),
			               fabs(slope) * wbg_uncertainty_spec_u(acc_v, at_v)};
			return wbg_uncertainty_combine(out, cur, u, NULL, 2, ctx);
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
	                     "leakage: the bias %g V is outside the sweep %g .. %g V; extend the sweep",
	                     at_v, v[0], v[n - 1]);
}

int wbg_bv_extract(wbg_estimate *out, const double *v, const double *i, size_t n, double icrit,
                   const wbg_uncertainty_spec *acc_v, const wbg_uncertainty_spec *acc_i,
                   wbg_ctx *ctx)
{
	size_t k;
	int rc = wbgi_check_curve(ctx, "breakdown voltage", v, i, n, 2, 0);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(icrit > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "breakdown voltage: the current criterion %g A must be > 0", icrit);
	if (fabs(i[0]) >= icrit)
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                     "breakdown voltage: |I| = %g A already meets the %g A criterion at the "
		                     "first point (%g V); the device is shorted or the criterion too low",
		                     fabs(i[0]), icrit, v[0]);
	for (k = 1; k < n; k++) {
		double a0 = fabs(i[k - 1]), a1 = fabs(i[k]);
		if (a1 >= icrit) {
			double t, sl, bv, u[2];
			if (v[k] == v[k - 1])
				t = 0, sl = INFINITY;
			else if (a0 > 0) {
				t = (log(icrit) - log(a0)) / (log(a1) - log(a0));
				sl = fabs((log(a1) - log(a0)) / (v[k] - v[k - 1])) * icrit;
			} else {
				t = (icrit - a0) / (a1 - a0);
				sl = fabs((a1 - a0) / (v[k] - v[k - 1]));
			}
			bv = v[k - 1] + t * (v[k] - v[k - 1]);
			u[0] = isinf(sl) ? 0.0 : wbg_uncertainty_spec_u(acc_i, icrit) / sl;
			u[1] = wbg_uncertainty_spec_u(acc_v, bv);
			return wbg_uncertainty_combine(out, bv, u, NULL, 2, ctx);
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND,
	                     "breakdown voltage: |I| stays below %g A up to %g V; BV is beyond the "
	                     "sweep",
	                     icrit, v[n - 1]);
}

int wbg_hysteresis_extract(wbg_estimate *out, wbg_estimate *out_up, wbg_estimate *out_down,
                           const double *v_up, const double *i_up, size_t n_up,
                           const double *v_down, const double *i_down, size_t n_down,
                           const wbg_vth_opts *opts, wbg_ctx *ctx)
{
	wbg_vth_result up, down;
	double *rv = NULL, *ri = NULL, u[2], dof[2];
	int rc;

	if (!out || !v_down || !i_down || n_down < 2 || n_down > WBG_EXTRACT_MAX_POINTS)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "hysteresis: NULL output or no down sweep");
	rc = wbg_vth_extract(&up, v_up, i_up, n_up, opts, NULL, ctx);
	if (rc != WBG_OK)
		return rc;
	if (v_down[0] > v_down[n_down - 1]) {
		size_t k;
		rv = malloc(n_down * sizeof(*rv));
		ri = malloc(n_down * sizeof(*ri));
		if (!rv || !ri) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "hysteresis: no memory");
			goto out;
		}
		for (k = 0; k < n_down; k++) {
			rv[k] = v_down[n_down - 1 - k];
			ri[k] = i_down[n_down - 1 - k];
		}
		v_down = rv;
		i_down = ri;
	}
	rc = wbg_vth_extract(&down, v_down, i_down, n_down, opts, NULL, ctx);
	if (rc != WBG_OK)
		goto out;
	u[0] = up.vth.u;
	u[1] = down.vth.u;
	dof[0] = up.vth.dof;
	dof[1] = down.vth.dof;
	rc = wbg_uncertainty_combine(out, down.vth.value - up.vth.value, u, dof, 2, ctx);
	if (rc != WBG_OK)
		goto out;
	if (out_up)
		*out_up = up.vth;
	if (out_down)
		*out_down = down.vth;
out:
	free(rv);
	free(ri);
	return rc;
}
