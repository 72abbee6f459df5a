/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Threshold voltage of a transfer curve by constant current, maximum-gm
 * linear extrapolation, second derivative and the Y-function, and the
 * transconductance they rest on.
 *
 * Sources:
 * - A. Ortiz-Conde, F. J. García Sánchez, J. J. Liou, A. Cerdeira, M. Estrada,
 *   Y. Yue, "A review of recent MOSFET threshold voltage extraction methods",
 *   Microelectron. Reliab. 42 (2002) 583-596: constant current (sec. 2.4),
 *   linear extrapolation at max gm, also of √Id in saturation (2.1), second
 *   derivative (2.3, after Wong et al., IEEE Trans. Electron Devices 34 (1987)
 *   2595).
 * - G. Ghibaudo, "New method for the extraction of MOSFET parameters",
 *   Electron. Lett. 24 (1988) 543: Y = Id/√gm = √(β·Vd)·(Vgs − Vt), free of
 *   the mobility-degradation factor.
 * - D. K. Schroder, "Semiconductor Material and Device Characterization",
 *   3rd ed. (Wiley, 2006), 4.4 (threshold voltage).
 * - B. Fornberg, Math. Comp. 51 (1988) 699: finite-difference weights on an
 *   uneven grid.
 * Uncertainty (JCGM 100:2008 and JCGM 101:2008): see wbg/extract.h per method.
 * The voltage accuracy is treated as a common shift of the whole sweep, so it
 * moves Vth one to one; the current accuracy is applied per point,
 * independently.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

#define MOD "vth"

void wbg_vth_opts_init(wbg_vth_opts *opts)
{
	if (!opts)
		return;
	memset(opts, 0, sizeof(*opts));
	opts->method = WBG_VTH_GM_MAX;
	opts->icrit = 1e-3;
	opts->window = 0;
	opts->y_vmin = NAN;
	opts->y_vmax = NAN;
	opts->mc_trials = 2000;
	opts->seed = 1;
}

/* core: 3n; Monte Carlo: 3n inputs/uncertainties/perturbed... see vth_mc. */
size_t wbg_vth_work_size(size_t n)
{
	return 10 * n + 8;
}

/* First derivative at every point (three-point weights on an uneven grid). */
static void deriv1(double *d, const double *x, const double *f, size_t n)
{
	size_t i;
	double h1, h2;

	for (i = 1; i + 1 < n; i++) {
		h1 = x[i] - x[i - 1];
		h2 = x[i + 1] - x[i];
		d[i] = -h2 / (h1 * (h1 + h2)) * f[i - 1] + (h2 - h1) / (h1 * h2) * f[i] +
		       h1 / (h2 * (h1 + h2)) * f[i + 1];
	}
	h1 = x[1] - x[0];
	h2 = x[2] - x[1];
	d[0] = -(2 * h1 + h2) / (h1 * (h1 + h2)) * f[0] + (h1 + h2) / (h1 * h2) * f[1] -
	       h1 / (h2 * (h1 + h2)) * f[2];
	h1 = x[n - 2] - x[n - 3];
	h2 = x[n - 1] - x[n - 2];
	d[n - 1] = h2 / (h1 * (h1 + h2)) * f[n - 3] - (h1 + h2) / (h1 * h2) * f[n - 2] +
	           (h1 + 2 * h2) / (h2 * (h1 + h2)) * f[n - 1];
}

int wbg_gm(double *out_gm, const double *vgs, const double *id, size_t n, wbg_ctx *ctx)
{
	int rc = wbgi_check_curve(ctx, "transconductance", vgs, id, n, 3, 1);

	if (rc != WBG_OK)
		return rc;
	if (!out_gm)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "transconductance: NULL output");
	deriv1(out_gm, vgs, id, n);
	return WBG_OK;
}

static size_t argmax(const double *a, size_t from, size_t to)
{
	size_t i, j = from;

	for (i = from + 1; i < to; i++)
		if (a[i] > a[j])
			j = i;
	return j;
}

/* The state of one extraction without its instrument uncertainty. */
struct core {
	double vth, gm_max, v_gm_max, slope, u_a, dof_a;
	size_t first, last;
};

static int core_cc(struct core *c, const double *v, const double *id, size_t n, double icrit,
                   double *out_slope_ln)
{
	size_t i;

	for (i = 1; i < n; i++) {
		if (id[i - 1] < icrit && id[i] >= icrit) {
			double t, sl;
			if (id[i - 1] > 0) {
				sl = (log(id[i]) - log(id[i - 1])) / (v[i] - v[i - 1]);
				t = (log(icrit) - log(id[i - 1])) / (log(id[i]) - log(id[i - 1]));
				*out_slope_ln = sl;
			} else {
				t = (icrit - id[i - 1]) / (id[i] - id[i - 1]);
				*out_slope_ln = (id[i] - id[i - 1]) / (v[i] - v[i - 1]) / icrit;
			}
			c->vth = v[i - 1] + t * (v[i] - v[i - 1]);
			c->first = i - 1;
			c->last = i;
			return WBG_OK;
		}
	}
	return WBG_ERR_NOT_FOUND;
}

/* y = Id, or √Id for the saturation variants. */
static void prepare_y(double *y, const double *id, size_t n, int sat)
{
	size_t i;

	if (!sat) {
		memcpy(y, id, n * sizeof(*y));
		return;
	}
	for (i = 0; i < n; i++)
		y[i] = id[i] > 0 ? sqrt(id[i]) : 0.0;
}

/* Three-point derivative weights at point j (as in deriv1), into w[0..2] for
 * the points *first .. *first+2. */
static void deriv1_weights(double *w, size_t *first, const double *x, size_t j, size_t n)
{
	double h1, h2;

	if (j == 0) {
		h1 = x[1] - x[0];
		h2 = x[2] - x[1];
		w[0] = -(2 * h1 + h2) / (h1 * (h1 + h2));
		w[1] = (h1 + h2) / (h1 * h2);
		w[2] = -h1 / (h2 * (h1 + h2));
		*first = 0;
	} else if (j == n - 1) {
		h1 = x[n - 2] - x[n - 3];
		h2 = x[n - 1] - x[n - 2];
		w[0] = h2 / (h1 * (h1 + h2));
		w[1] = -(h1 + h2) / (h1 * h2);
		w[2] = (h1 + 2 * h2) / (h2 * (h1 + h2));
		*first = n - 3;
	} else {
		h1 = x[j] - x[j - 1];
		h2 = x[j + 1] - x[j];
		w[0] = -h2 / (h1 * (h1 + h2));
		w[1] = (h2 - h1) / (h1 * h2);
		w[2] = h1 / (h2 * (h1 + h2));
		*first = j - 1;
	}
}

/* The u of y_i from the current accuracy (through √ in saturation). */
static double u_y(const wbg_accuracy *acc_id, const double *id, const double *y, size_t i, int sat)
{
	double uy = acc_id ? wbg_accuracy_u(acc_id, id[i]) : 0.0;

	if (sat && uy > 0)
		uy = y[i] > 0 ? uy / (2 * y[i]) : sqrt(uy); /* d√I/dI = 1/(2√I) */
	return uy;
}

static int core_gm_max(struct core *c, const double *v, const double *id, size_t n,
                       const wbg_vth_opts *o, double *work, const wbg_accuracy *acc_id,
                       double *out_u_b)
{
	double *y = work, *gm = work + n;
	struct wbgi_line l;
	size_t j, w = o->window, lo, i;
	double sa = 0, sb = 0;

	prepare_y(y, id, n, o->saturation);
	deriv1(gm, v, y, n);
	j = argmax(gm, 0, n);
	if (!(gm[j] > 0))
		return WBG_ERR_NOT_FOUND;
	c->gm_max = gm[j];
	c->v_gm_max = v[j];
	if (w < 2) {
		/* The tangent at the point of max gm: Vth = V_j − y_j/gm_j. With gm_j =
		 * Σ w_k y_k, ∂Vth/∂y_k = −δ_jk/gm_j + y_j·w_k/gm_j². */
		double wt[3];
		size_t f, k;
		c->vth = v[j] - y[j] / gm[j];
		c->slope = gm[j];
		deriv1_weights(wt, &f, v, j, n);
		c->first = f < j ? f : j;
		c->last = f + 2 > j ? f + 2 : j;
		for (k = c->first; k <= c->last; k++) {
			double s = (k == j ? -1.0 / gm[j] : 0.0);
			double uy;
			if (k >= f && k < f + 3)
				s += y[j] * wt[k - f] / (gm[j] * gm[j]);
			uy = u_y(acc_id, id, y, k, o->saturation);
			sb += s * s * uy * uy;
		}
		*out_u_b = sqrt(sb);
		return WBG_OK;
	}
	if (w > n)
		w = n;
	lo = j >= w / 2 ? j - w / 2 : 0;
	if (lo + w > n)
		lo = n - w;
	if (wbgi_line_fit(&l, v + lo, y + lo, w) != WBG_OK || !(l.b > 0))
		return WBG_ERR_NOT_FOUND;
	c->vth = -l.a / l.b;
	c->slope = l.b;
	c->first = lo;
	c->last = lo + w - 1;
	for (i = lo; i < lo + w; i++) {
		double s = wbgi_line_root_sens(&l, v[i]);
		double uy = u_y(acc_id, id, y, i, o->saturation);
		sa += s * s;
		sb += s * s * uy * uy;
	}
	c->u_a = sqrt(l.s2 * sa);
	c->dof_a = w > 2 ? (double)(w - 2) : INFINITY;
	*out_u_b = sqrt(sb);
	return WBG_OK;
}

/* Vertex of the parabola through three points (the maximum when it opens down). */
static double vertex(const double *x, const double *y, double fallback)
{
	double den = (x[0] - x[1]) * (x[0] - x[2]) * (x[1] - x[2]);
	double a = (x[2] * (y[1] - y[0]) + x[1] * (y[0] - y[2]) + x[0] * (y[2] - y[1])) / den;
	double b = (x[2] * x[2] * (y[0] - y[1]) + x[1] * x[1] * (y[2] - y[0]) +
	            x[0] * x[0] * (y[1] - y[2])) /
	           den;

	return a < 0 ? -b / (2 * a) : fallback;
}

static int core_sd(struct core *c, const double *v, const double *id, size_t n,
                   const wbg_vth_opts *o, double *work)
{
	double *y = work, *d2 = work + n;
	size_t i, j;

	prepare_y(y, id, n, o->saturation);
	for (i = 1; i + 1 < n; i++) {
		double h1 = v[i] - v[i - 1], h2 = v[i + 1] - v[i];
		d2[i] = 2 * (y[i - 1] / (h1 * (h1 + h2)) - y[i] / (h1 * h2) + y[i + 1] / (h2 * (h1 + h2)));
	}
	j = argmax(d2, 1, n - 1);
	if (!(d2[j] > 0))
		return WBG_ERR_NOT_FOUND;
	c->vth = v[j];
	if (j >= 2 && j + 2 < n)
		c->vth = vertex(v + j - 1, d2 + j - 1, v[j]);
	c->first = j - 1;
	c->last = j + 1;
	return WBG_OK;
}

static int core_y(struct core *c, const double *v, const double *id, size_t n,
                  const wbg_vth_opts *o, double *work)
{
	double *gm = work, *xs = work + n, *ys = work + 2 * n;
	struct wbgi_line l;
	size_t i, j, m = 0;
	double sa = 0, vmin, vmax;

	deriv1(gm, v, id, n);
	j = argmax(gm, 0, n);
	if (!(gm[j] > 0))
		return WBG_ERR_NOT_FOUND;
	vmin = isnan(o->y_vmin) ? v[j] : o->y_vmin;
	vmax = isnan(o->y_vmax) ? v[n - 1] : o->y_vmax;
	c->first = n;
	for (i = 0; i < n; i++) {
		if (v[i] < vmin || v[i] > vmax || !(gm[i] > 0) || !(id[i] > 0))
			continue;
		if (c->first == n)
			c->first = i;
		c->last = i;
		xs[m] = v[i];
		ys[m] = id[i] / sqrt(gm[i]);
		m++;
	}
	if (m < 3 || wbgi_line_fit(&l, xs, ys, m) != WBG_OK || !(l.b > 0))
		return WBG_ERR_INSUFFICIENT_DATA;
	c->vth = -l.a / l.b;
	c->gm_max = gm[j];
	c->v_gm_max = v[j];
	c->slope = l.b;
	for (i = 0; i < m; i++) {
		double s = wbgi_line_root_sens(&l, xs[i]);
		sa += s * s;
	}
	c->u_a = sqrt(l.s2 * sa);
	c->dof_a = (double)(m - 2);
	return WBG_OK;
}

static int core_run(struct core *c, const double *v, const double *id, size_t n,
                    const wbg_vth_opts *o, double *work)
{
	double dummy;

	c->u_a = 0;
	c->dof_a = INFINITY;
	c->gm_max = c->v_gm_max = c->slope = NAN;
	switch (o->method) {
	case WBG_VTH_CC:
		return core_cc(c, v, id, n, o->icrit, &dummy);
	case WBG_VTH_GM_MAX:
		return core_gm_max(c, v, id, n, o, work, NULL, &dummy);
	case WBG_VTH_SD:
		return core_sd(c, v, id, n, o, work);
	case WBG_VTH_Y:
		return core_y(c, v, id, n, o, work);
	}
	return WBG_ERR_INVALID_ARG;
}

struct mc_user {
	const double *v;
	const wbg_vth_opts *o;
	double *work;
};

static int mc_model(double *out_y, const double *x, size_t n, void *user)
{
	struct mc_user *m = user;
	struct core c;
	int rc = core_run(&c, m->v, x, n, m->o, m->work);

	if (rc == WBG_OK)
		*out_y = c.vth;
	return rc;
}

static const char *method_name(wbg_vth_method m)
{
	switch (m) {
	case WBG_VTH_CC:
		return "constant current";
	case WBG_VTH_GM_MAX:
		return "maximum gm";
	case WBG_VTH_SD:
		return "second derivative";
	case WBG_VTH_Y:
		return "Y-function";
	}
	return "?";
}

int wbg_vth_extract(wbg_vth_result *out, const double *vgs, const double *id, size_t n,
                    const wbg_vth_opts *opts, double *work, wbg_ctx *ctx)
{
	wbg_vth_opts o;
	struct core c;
	double *own = NULL, u[3], dof[3], slope_ln = 0;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "threshold voltage: NULL output");
	if (opts)
		o = *opts;
	else
		wbg_vth_opts_init(&o);
	if ((unsigned)o.method > WBG_VTH_Y)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "threshold voltage: unknown method %d",
		                     (int)o.method);
	rc = wbgi_check_curve(ctx, "threshold voltage", vgs, id, n, o.method == WBG_VTH_CC ? 2 : 5,
	                      1);
	if (rc != WBG_OK)
		return rc;
	if (o.method == WBG_VTH_CC && !(o.icrit > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "constant-current threshold: the criterion %g A must be > 0", o.icrit);
	if (!work) {
		own = malloc(wbg_vth_work_size(n) * sizeof(*own));
		if (!own)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "threshold voltage: no memory for %zu points", n);
		work = own;
	}
	c.u_a = 0;
	c.dof_a = INFINITY;
	c.gm_max = c.v_gm_max = c.slope = NAN;
	u[0] = u[1] = u[2] = 0;
	dof[0] = dof[1] = dof[2] = INFINITY;
	switch (o.method) {
	case WBG_VTH_CC:
		rc = core_cc(&c, vgs, id, n, o.icrit, &slope_ln);
		if (rc == WBG_OK)
			u[1] = wbg_accuracy_u(&o.acc_id, o.icrit) / (o.icrit * slope_ln);
		break;
	case WBG_VTH_GM_MAX:
		rc = core_gm_max(&c, vgs, id, n, &o, work, &o.acc_id, &u[1]);
		break;
	case WBG_VTH_SD:
	case WBG_VTH_Y:
		rc = core_run(&c, vgs, id, n, &o, work);
		if (rc == WBG_OK && o.mc_trials > 0 && (o.acc_id.gain != 0 || o.acc_id.offset != 0)) {
			double *x = work + 3 * n, *ux = work + 4 * n, *pert = work + 5 * n;
			struct mc_user mu = {vgs, &o, work + 6 * n};
			wbg_mc_result mr;
			size_t i;
			for (i = 0; i < n; i++) {
				x[i] = id[i];
				ux[i] = wbg_accuracy_u(&o.acc_id, id[i]);
			}
			rc = wbg_uncertainty_mc(&mr, mc_model, &mu, x, ux, n, o.mc_trials, 0.95, o.seed, pert,
			                        ctx);
			if (rc != WBG_OK)
				goto out;
			u[1] = mr.u;
		}
		break;
	}
	if (rc != WBG_OK) {
		if (rc == WBG_ERR_NOT_FOUND && o.method == WBG_VTH_CC)
			rc = wbg_ctx_error(ctx, rc,
			                   "constant-current threshold: Id never rises through %g A in the "
			                   "sweep (first point %g A, last %g A); choose another criterion or "
			                   "extend the sweep",
			                   o.icrit, id[0], id[n - 1]);
		else
			rc = wbg_ctx_error(ctx, rc,
			                   "%s threshold: the curve has no usable rising region (no positive "
			                   "gm peak or too few points above it); check the columns and the "
			                   "sweep range",
			                   method_name(o.method));
		goto out;
	}
	u[0] = c.u_a;
	dof[0] = c.dof_a;
	u[2] = wbg_accuracy_u(&o.acc_vgs, c.vth);
	rc = wbg_uncertainty_combine(&out->vth, c.vth, u, dof, 3, ctx);
	if (rc != WBG_OK)
		goto out;
	out->gm_max = c.gm_max;
	out->v_gm_max = c.v_gm_max;
	out->slope = c.slope;
	out->first = c.first;
	out->last = c.last;
	wbg_log(ctx, WBG_LOG_DEBUG, MOD, "%s: Vth %.6g V, u %.3g V (fit %.3g, current %.3g, voltage %.3g)",
	        method_name(o.method), c.vth, out->vth.u, u[0], u[1], u[2]);
out:
	free(own);
	return rc;
}
