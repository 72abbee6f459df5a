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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

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

/* core: 5n (gm, values, weights, 3n + 1); Monte Carlo: n perturbed readings and 3n for the model. */
size_t wbg_vth_work_size(size_t n)
{
	return 13 * n + 8;
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

/* dy_i/dId_i: 1, or d√I/dI = 1/(2√I) in saturation (0 where Id <= 0, below
 * threshold, where √ is flat by construction). */
static double dy_di(const double *y, size_t i, int sat)
{
	if (!sat)
		return 1.0;
	return y[i] > 0 ? 1 / (2 * y[i]) : 0.0;
}

/* The three-point weights of every point, 3n + 1 doubles stored as three
 * arrays (w0 | w1 | w2, each n long, applied to the points f, f+1, f+2 with
 * f = i−1 inside, 0 and n−3 at the ends): computed once per voltage grid,
 * so that a batch of curves on one grid costs three multiply-adds per point
 * in a loop the compiler vectorizes. */
static void all_weights(double *wts, const double *x, size_t n)
{
	size_t i, f;
	double w[3], h = (x[n - 1] - x[0]) / (double)(n - 1), dev = 0;

	for (i = 0; i < n; i++) {
		deriv1_weights(w, &f, x, i, n);
		wts[i] = w[0];
		wts[n + i] = w[1];
		wts[2 * n + i] = w[2];
		if (i > 0)
			dev = fmax(dev, fabs(x[i] - x[i - 1] - h));
	}
	/* wts[3n]: 1 when the grid is even to rounding, so that inside it gm is
	 * proportional to y[i+1] − y[i−1] and the search for its maximum can
	 * skip the weights. */
	wts[3 * n] = dev <= 1e-12 * h ? 1.0 : 0.0;
}

static double gm_at(const double *wts, const double *y, size_t j, size_t n)
{
	size_t f = j == 0 ? 0 : (j == n - 1 ? n - 3 : j - 1);

	return wts[j] * y[f] + wts[n + j] * y[f + 1] + wts[2 * n + j] * y[f + 2];
}

/* The first index of the maximum of d[from..to): four independent lanes,
 * so that the comparisons do not form one long dependency chain, then the
 * lanes reduced (greatest value, smallest index on ties). NaN never wins. */
#define EXP_MASK 0x7FF0000000000000ull

static size_t argmax4(const double *d, size_t from, size_t to)
{
	double b0 = -INFINITY, b1 = -INFINITY, b2 = -INFINITY, b3 = -INFINITY, bb[4];
	size_t j0 = to, j1 = to, j2 = to, j3 = to, jj[4], i, k, best;

	for (i = from; i + 4 <= to; i += 4) {
		if (d[i] > b0) {
			b0 = d[i];
			j0 = i;
		}
		if (d[i + 1] > b1) {
			b1 = d[i + 1];
			j1 = i + 1;
		}
		if (d[i + 2] > b2) {
			b2 = d[i + 2];
			j2 = i + 2;
		}
		if (d[i + 3] > b3) {
			b3 = d[i + 3];
			j3 = i + 3;
		}
	}
	for (; i < to; i++) {
		if (d[i] > b0) {
			b0 = d[i];
			j0 = i;
		}
	}
	bb[0] = b0, bb[1] = b1, bb[2] = b2, bb[3] = b3;
	jj[0] = j0, jj[1] = j1, jj[2] = j2, jj[3] = j3;
	best = 0;
	for (k = 1; k < 4; k++)
		if (bb[k] > bb[best] || (bb[k] == bb[best] && jj[k] < jj[best]))
			best = k;
	return jj[best] < to ? jj[best] : from;
}

/* On an even grid, the first index i in [1, n−2] of the maximum of
 * y[i+1] − y[i−1] (proportional to gm there), in four lanes computed on the
 * fly; *out_bad is non-zero when one of y[1..n−2] is infinite or NaN (a
 * running sum of y·0, which is NaN exactly then; see gm_peak). */
static size_t peak_even(uint64_t *out_bad, const double *y, size_t n)
{
	double b0 = -INFINITY, b1 = -INFINITY, b2 = -INFINITY, b3 = -INFINITY, bb[4], d;
	size_t j0 = n, j1 = n, j2 = n, j3 = n, jj[4], i, k, best;
	double z0 = 0, z1 = 0, z2 = 0, z3 = 0;

	for (i = 1; i + 4 < n; i += 4) {
		/* y * 0 is NaN exactly when y is infinite or NaN, and NaN stays. */
		z0 += y[i] * 0.0;
		z1 += y[i + 1] * 0.0;
		z2 += y[i + 2] * 0.0;
		z3 += y[i + 3] * 0.0;
		d = y[i + 1] - y[i - 1];
		if (d > b0) {
			b0 = d;
			j0 = i;
		}
		d = y[i + 2] - y[i];
		if (d > b1) {
			b1 = d;
			j1 = i + 1;
		}
		d = y[i + 3] - y[i + 1];
		if (d > b2) {
			b2 = d;
			j2 = i + 2;
		}
		d = y[i + 4] - y[i + 2];
		if (d > b3) {
			b3 = d;
			j3 = i + 3;
		}
	}
	for (; i + 1 < n; i++) {
		z0 += y[i] * 0.0;
		d = y[i + 1] - y[i - 1];
		if (d > b0) {
			b0 = d;
			j0 = i;
		}
	}
	*out_bad = isnan((z0 + z1) + (z2 + z3));
	bb[0] = b0, bb[1] = b1, bb[2] = b2, bb[3] = b3;
	jj[0] = j0, jj[1] = j1, jj[2] = j2, jj[3] = j3;
	best = 0;
	for (k = 1; k < 4; k++)
		if (bb[k] > bb[best] || (bb[k] == bb[best] && jj[k] < jj[best]))
			best = k;
	return jj[best] < n ? jj[best] : 1;
}

/* The index of the maximum of gm (the first one on ties), with gm there in
 * gm[j]; gm elsewhere is scratch (n doubles). The readings are checked on
 * the way, so that *out_bad is set for an infinite or NaN reading (a batch
 * checks nothing else per curve). */
static size_t gm_peak(double *gm, int *out_bad, const double *wts, const double *y, size_t n)
{
	const double *w0 = wts, *w1 = wts + n, *w2 = wts + 2 * n;
	uint64_t bad, bad2 = 0, bits, bits2;
	double best, g;
	size_t i, j;

	/* The readings' exponents are tested as integers (all ones: infinite or
	 * NaN) in the same loop as gm, with no floating-point dependency. */
	memcpy(&bits, &y[0], sizeof(bits));
	memcpy(&bits2, &y[n - 1], sizeof(bits2));
	bad = ((~bits & EXP_MASK) == 0) | ((~bits2 & EXP_MASK) == 0);
	if (wts[3 * n] != 0) {
		j = peak_even(&bad2, y, n);
	} else {
		for (i = 1; i + 1 < n; i++) {
			memcpy(&bits, &y[i], sizeof(bits));
			bad2 |= (~bits & EXP_MASK) == 0;
			gm[i] = w0[i] * y[i - 1] + w1[i] * y[i] + w2[i] * y[i + 1];
		}
		j = argmax4(gm, 1, n - 1);
	}
	*out_bad = (bad | bad2) != 0;
	/* The candidate and the two ends with the exact weights. */
	best = gm_at(wts, y, j, n);
	g = gm_at(wts, y, 0, n);
	if (g >= best) {
		best = g;
		j = 0;
	}
	g = gm_at(wts, y, n - 1, n);
	if (g > best) {
		best = g;
		j = n - 1;
	}
	gm[j] = best;
	return j;
}

/* @p wts: all_weights() of v. @p work: 2n doubles (gm; √Id in saturation). */
/* *out_u_b: the u of Vth from the reading noise @p noise (independent per
 * reading) and the accuracy offset @p u_off (common to the sweep: its
 * sensitivities add before squaring). The accuracy's gain scales Id (or √Id)
 * and every gm alike, which leaves the tangent's zero where it is. */
static int core_gm_max(struct core *c, const double *v, const double *id, size_t n,
                       const wbg_vth_opts *o, const double *wts, double *work, double noise,
                       double u_off, double *out_u_b)
{
	const double *y = id;
	struct wbgi_line l;
	size_t j, w = o->window, lo, i;
	double sa = 0, sn = 0, so = 0, gmj;
	int bad;

	if (o->saturation) {
		prepare_y(work + n, id, n, 1);
		y = work + n;
	}
	j = gm_peak(work, &bad, wts, y, n);
	if (bad)
		return WBG_ERR_INVALID_ARG;
	gmj = work[j];
	if (!(gmj > 0))
		return WBG_ERR_NOT_FOUND;
	c->gm_max = gmj;
	c->v_gm_max = v[j];
	if (w < 2) {
		/* The tangent at the point of max gm: Vth = V_j − y_j/gm_j. With gm_j =
		 * Σ w_k y_k, ∂Vth/∂y_k = −δ_jk/gm_j + y_j·w_k/gm_j². */
		const double wt[3] = {wts[j], wts[n + j], wts[2 * n + j]};
		size_t f = j == 0 ? 0 : (j == n - 1 ? n - 3 : j - 1), k;
		c->vth = v[j] - y[j] / gmj;
		c->slope = gmj;
		c->first = f;
		c->last = f + 2;
		if (noise == 0 && u_off == 0) {
			*out_u_b = 0;
			return WBG_OK;
		}
		for (k = f; k < f + 3; k++) {
			double s = (k == j ? -1.0 / gmj : 0.0) + y[j] * wt[k - f] / (gmj * gmj);
			double d = dy_di(y, k, o->saturation);
			sn += s * s * d * d;
			so += s * d;
		}
		*out_u_b = sqrt(noise * noise * sn + u_off * u_off * so * so);
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
		double d = dy_di(y, i, o->saturation);
		sa += s * s;
		sn += s * s * d * d;
		so += s * d;
	}
	c->u_a = sqrt(l.s2 * sa);
	c->dof_a = w > 2 ? (double)(w - 2) : INFINITY;
	*out_u_b = sqrt(noise * noise * sn + u_off * u_off * so * so);
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
		all_weights(work + 2 * n, v, n);
		return core_gm_max(c, v, id, n, o, work + 2 * n, work, 0, 0, &dummy);
	case WBG_VTH_SD:
		return core_sd(c, v, id, n, o, work);
	case WBG_VTH_Y:
		return core_y(c, v, id, n, o, work);
	}
	return WBG_ERR_INVALID_ARG;
}

/*
 * Monte Carlo propagation (JCGM 101:2008, clause 7) for the second-derivative
 * and Y-function methods: in each of @c mc_trials trials the whole sweep
 * gets one gain error and one offset error, each drawn from the rectangular
 * distribution of the accuracy specification (common to the sweep: one range
 * of one instrument), and every reading its own Gaussian noise of standard
 * deviation noise_id; u is the standard deviation of the trials' Vth.
 * @p work: 4n doubles.
 */
static int vth_mc(double *out_u, const double *v, const double *id, size_t n,
                  const wbg_vth_opts *o, double *work, wbg_ctx *ctx)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *yp = work, mean = 0, m2 = 0;
	size_t t, i, m = 0, fails = 0;
	struct core c;

	if (!rng)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "threshold voltage: no memory for Monte Carlo");
	gsl_rng_set(rng, o->seed);
	for (t = 0; t < o->mc_trials; t++) {
		double dg = o->acc_id.gain * (2 * gsl_rng_uniform(rng) - 1);
		double doff = o->acc_id.offset * (2 * gsl_rng_uniform(rng) - 1);
		for (i = 0; i < n; i++) {
			yp[i] = id[i] * (1 + dg) + doff;
			if (o->noise_id > 0)
				yp[i] += gsl_ran_gaussian_ziggurat(rng, o->noise_id);
		}
		if (core_run(&c, v, yp, n, o, work + n) != WBG_OK || !isfinite(c.vth)) {
			fails++;
			continue;
		}
		/* Welford's running mean and sum of squares. */
		m++;
		{
			double d = c.vth - mean;
			mean += d / (double)m;
			m2 += d * (c.vth - mean);
		}
	}
	gsl_rng_free(rng);
	if (m < 2 || fails * 10 > o->mc_trials)
		return wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
		                     "threshold voltage: the extraction failed in %zu of %zu Monte Carlo "
		                     "trials; the noise or accuracy given is too large for this curve",
		                     fails, o->mc_trials);
	*out_u = sqrt(m2 / (double)(m - 1));
	return WBG_OK;
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

/* The extraction of one curve whose inputs are checked; @p wts, when not
 * NULL, holds all_weights() of vgs (batch use). */
static int extract_checked(wbg_vth_result *out, const double *vgs, const double *id, size_t n,
                           const wbg_vth_opts *opts, double *work, const double *wts, wbg_ctx *ctx)
{
	const wbg_vth_opts o = *opts;
	struct core c;
	double u[3], dof[3], slope_ln = 0;
	int rc;

	c.u_a = 0;
	c.dof_a = INFINITY;
	c.gm_max = c.v_gm_max = c.slope = NAN;
	u[0] = u[1] = u[2] = 0;
	dof[0] = dof[1] = dof[2] = INFINITY;
	switch (o.method) {
	case WBG_VTH_CC:
		rc = core_cc(&c, vgs, id, n, o.icrit, &slope_ln);
		/* The accuracy (gain and offset at icrit) and the noise move the
		 * current at the crossing; 1/(icrit·dlnId/dV) turns it into volts. */
		if (rc == WBG_OK)
			u[1] = hypot(wbg_uncertainty_spec_u(&o.acc_id, o.icrit), o.noise_id) /
			       (o.icrit * slope_ln);
		break;
	case WBG_VTH_GM_MAX:
		if (!wts) {
			all_weights(work + 2 * n, vgs, n);
			wts = work + 2 * n;
		}
		rc = core_gm_max(&c, vgs, id, n, &o, wts, work, o.noise_id,
		                 fabs(o.acc_id.offset) / sqrt(3.0), &u[1]);
		break;
	case WBG_VTH_SD:
	case WBG_VTH_Y:
		rc = core_run(&c, vgs, id, n, &o, work);
		if (rc == WBG_OK && o.mc_trials > 0 &&
		    (o.acc_id.gain != 0 || o.acc_id.offset != 0 || o.noise_id > 0)) {
			rc = vth_mc(&u[1], vgs, id, n, &o, work + 5 * n, ctx);
			if (rc != WBG_OK)
				return rc;
		}
		break;
	default:
		rc = WBG_ERR_INVALID_ARG;
		break;
	}
	if (rc != WBG_OK) {
		if (rc == WBG_ERR_NOT_FOUND && o.method == WBG_VTH_CC)
			return wbg_ctx_error(ctx, rc,
			                     "constant-current threshold: Id never rises through %g A in the "
			                     "sweep (first point %g A, last %g A); choose another criterion "
			                     "or extend the sweep",
			                     o.icrit, id[0], id[n - 1]);
		return wbg_ctx_error(ctx, rc,
		                     "%s threshold: the curve has no usable rising region (no positive "
		                     "gm peak or too few points above it); check the columns and the "
		                     "sweep range",
		                     method_name(o.method));
	}
	u[0] = c.u_a;
	dof[0] = c.dof_a;
	u[2] = wbg_uncertainty_spec_u(&o.acc_vgs, c.vth);
	rc = wbg_uncertainty_combine(&out->vth, c.vth, u, dof, 3, ctx);
	if (rc != WBG_OK)
		return rc;
	out->gm_max = c.gm_max;
	out->v_gm_max = c.v_gm_max;
	out->slope = c.slope;
	out->first = c.first;
	out->last = c.last;
	return WBG_OK;
}

static int check_opts(wbg_vth_opts *o, const wbg_vth_opts *opts, wbg_ctx *ctx)
{
	if (opts)
		*o = *opts;
	else
		wbg_vth_opts_init(o);
	if ((unsigned)o->method > WBG_VTH_Y)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "threshold voltage: unknown method %d",
		                     (int)o->method);
	if (o->method == WBG_VTH_CC && !(o->icrit > 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "constant-current threshold: the criterion %g A must be > 0", o->icrit);
	return WBG_OK;
}

int wbg_vth_extract(wbg_vth_result *out, const double *vgs, const double *id, size_t n,
                    const wbg_vth_opts *opts, double *work, wbg_ctx *ctx)
{
	wbg_vth_opts o;
	double *own = NULL;
	int rc;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "threshold voltage: NULL output");
	rc = check_opts(&o, opts, ctx);
	if (rc != WBG_OK)
		return rc;
	rc = wbgi_check_curve(ctx, "threshold voltage", vgs, id, n, o.method == WBG_VTH_CC ? 2 : 5,
	                      1);
	if (rc != WBG_OK)
		return rc;
	if (!work) {
		own = malloc(wbg_vth_work_size(n) * sizeof(*own));
		if (!own)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "threshold voltage: no memory for %zu points", n);
		work = own;
	}
	rc = extract_checked(out, vgs, id, n, &o, work, NULL, ctx);
	if (rc == WBG_OK)
		wbg_log(ctx, WBG_LOG_DEBUG, MOD, "%s: Vth %.6g V, u %.3g V", method_name(o.method),
		        out->vth.value, out->vth.u);
	free(own);
	return rc;
}

int wbg_vth_extract_many(wbg_vth_result *out, size_t *out_failed, const double *vgs,
                         const double *id, size_t curves, size_t n, const wbg_vth_opts *opts,
                         wbg_ctx *ctx)
{
	wbg_vth_opts o;
	double *work = NULL, *wts;
	size_t k, i, failed = 0;
	int rc;

	if (!out || !id)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "threshold voltage: NULL output or data");
	rc = check_opts(&o, opts, ctx);
	if (rc != WBG_OK)
		return rc;
	/* The grid once (vgs against itself); the currents per curve below. */
	rc = wbgi_check_curve(ctx, "threshold voltage", vgs, vgs, n, o.method == WBG_VTH_CC ? 2 : 5,
	                      1);
	if (rc != WBG_OK)
		return rc;
	if (curves > WBG_EXTRACT_MAX_CURVES)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "threshold voltage: %zu curves; the maximum is %u",
		                     curves, WBG_EXTRACT_MAX_CURVES);
	work = malloc((wbg_vth_work_size(n) + 3 * n + 1) * sizeof(*work));
	if (!work)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "threshold voltage: no memory for %zu points", n);
	/* The grid's weights serve maximum gm only (n >= 5 is checked above). */
	wts = NULL;
	if (o.method == WBG_VTH_GM_MAX) {
		wts = work + wbg_vth_work_size(n);
		all_weights(wts, vgs, n);
	}
	for (k = 0; k < curves; k++) {
		const double *y = id + k * n;
		int bad = 0;
#if defined(__GNUC__)
		/* Ask for the next curve while this one is worked on. */
		if (k + 1 < curves) {
			const char *p = (const char *)(y + n), *e = (const char *)(y + 2 * n);
			for (; p < e; p += 64)
				__builtin_prefetch(p, 0, 3);
		}
#endif
		/* Maximum gm checks the readings in its one pass (gm_peak); the
		 * other methods are checked here. */
		if (o.method != WBG_VTH_GM_MAX || o.saturation)
			for (i = 0; i < n; i++)
				bad |= !isfinite(y[i]);
		if (bad || extract_checked(&out[k], vgs, y, n, &o, work, wts, ctx) != WBG_OK) {
			out[k].vth.value = out[k].vth.u = NAN;
			out[k].vth.dof = NAN;
			out[k].gm_max = out[k].v_gm_max = out[k].slope = NAN;
			out[k].first = out[k].last = 0;
			failed++;
		}
	}
	free(work);
	if (out_failed)
		*out_failed = failed;
	return WBG_OK;
}
