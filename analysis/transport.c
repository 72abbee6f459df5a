/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Transport: van der Pauw, Hall, TLM.
 *
 * Sources:
 * - L. J. van der Pauw, "A method of measuring specific resistivity and Hall
 *   effect of discs of arbitrary shape", Philips Res. Rep. 13 (1958) 1.
 * - D. K. Schroder, "Semiconductor Material and Device Characterization",
 *   3rd ed. (Wiley, 2006): 1.3 (van der Pauw), 3.4.2 (TLM), 8.3 (Hall).
 * - G. K. Reeves and H. B. Harrison, "Obtaining the specific contact
 *   resistance from transmission line model measurements", IEEE Electron
 *   Device Lett. 3 (1982) 111.
 * - R. P. Brent, "Algorithms for Minimization without Derivatives" (1973),
 *   via GSL's gsl_root_fsolver_brent.
 * Uncertainty: JCGM 100:2008, law of propagation with the stated gradients.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

#include "internal.h"
#include "wbg/analysis.h"
#include "wbg/error.h"

#define PI 3.14159265358979323846
#define LN2 0.69314718055994530942

struct vdp {
	double ra, rb;
};

static double vdp_f(double rs, void *p)
{
	const struct vdp *v = p;
	return exp(-PI * v->ra / rs) + exp(-PI * v->rb / rs) - 1;
}

int wbg_vdp_sheet_resistance(wbg_estimate *out, double r_a, double u_r_a, double r_b, double u_r_b,
                             wbg_ctx *ctx)
{
	struct vdp p = {r_a, r_b};
	gsl_function f = {vdp_f, &p};
	gsl_root_fsolver *s = NULL;
	double lo, hi, rs, ea, eb, sa, sb, u[2];
	int rc = WBG_OK, it, st;

	if (!out || !(r_a > 0) || !(r_b > 0) || !isfinite(r_a) || !isfinite(r_b) || !(u_r_a >= 0) ||
	    !(u_r_b >= 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "van der Pauw: R_A = %g and R_B = %g Ω must be positive (reverse the "
		                     "contacts' order if a reading is negative)",
		                     r_a, r_b);
	/* f rises with R_s; f(π·Rmin/ln2) <= 0 <= f(π·Rmax/ln2). */
	lo = PI * fmin(r_a, r_b) / LN2;
	hi = PI * fmax(r_a, r_b) / LN2;
	if (hi - lo <= 1e-15 * hi) {
		rs = lo;
	} else {
		s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
		if (!s)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "van der Pauw: no memory");
		if (gsl_root_fsolver_set(s, &f, lo, hi) != GSL_SUCCESS) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE, "van der Pauw: no root bracketed");
			goto out;
		}
		st = GSL_CONTINUE;
		for (it = 0; it < 200 && st == GSL_CONTINUE; it++) {
			if (gsl_root_fsolver_iterate(s) != GSL_SUCCESS)
				break;
			st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
			                            0, 1e-15);
		}
		if (st != GSL_SUCCESS) {
			rc = wbg_ctx_error(ctx, WBG_ERR_NO_CONVERGENCE,
			                   "van der Pauw: the root search did not converge for R_A = %g, R_B "
			                   "= %g Ω",
			                   r_a, r_b);
			goto out;
		}
		rs = gsl_root_fsolver_root(s);
	}
	ea = exp(-PI * r_a / rs);
	eb = exp(-PI * r_b / rs);
	sa = rs * ea / (r_a * ea + r_b * eb);
	sb = rs * eb / (r_a * ea + r_b * eb);
	u[0] = sa * u_r_a;
	u[1] = sb * u_r_b;
	rc = wbg_uncertainty_combine(out, rs, u, NULL, 2, ctx);
out:
	gsl_root_fsolver_free(s);
	return rc;
}

int wbg_hall_compute(wbg_hall *out, double i_a, double u_i, double b_t, double u_b, double vh_v,
                     double u_vh, const wbg_estimate *rs, wbg_ctx *ctx)
{
	double ns, mu, r2, rel[4];
	int rc;

	if (!out || !rs || !(i_a != 0) || !(b_t != 0) || !(vh_v != 0) || !(rs->value > 0) ||
	    !isfinite(i_a) || !isfinite(b_t) || !isfinite(vh_v) || !(u_i >= 0) || !(u_b >= 0) ||
	    !(u_vh >= 0))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG,
		                     "Hall: current, field and Hall voltage must be non-zero and R_s > 0 "
		                     "(got %g A, %g T, %g V, %g Ω)",
		                     i_a, b_t, vh_v, rs ? rs->value : NAN);
	ns = fabs(i_a * b_t / (WBG_Q * vh_v));
	mu = 1 / (WBG_Q * ns * rs->value);
	rel[0] = u_i / fabs(i_a);
	rel[1] = u_b / fabs(b_t);
	rel[2] = u_vh / fabs(vh_v);
	rel[3] = rs->u / rs->value;
	r2 = rel[0] * rel[0] + rel[1] * rel[1] + rel[2] * rel[2];
	out->sheet_density.value = ns;
	out->sheet_density.u = ns * sqrt(r2);
	out->sheet_density.dof = INFINITY;
	out->mobility.value = mu;
	out->mobility.u = mu * sqrt(r2 + rel[3] * rel[3]);
	/* ν of μ: Welch–Satterthwaite with R_s as the only component that may have finite ν. */
	{
		double uu[2] = {mu * sqrt(r2), mu * rel[3]}, dd[2] = {INFINITY, rs->dof};
		wbg_estimate e;
		rc = wbg_uncertainty_combine(&e, mu, uu, dd, 2, ctx);
		if (rc != WBG_OK)
			return rc;
		out->mobility.dof = e.dof;
	}
	/* V_H = I·B/(q·n·t)·sign: positive for holes with the usual contact order. */
	out->carrier_sign = (vh_v / (i_a * b_t)) > 0 ? 1 : -1;
	return WBG_OK;
}

/* u² of g(a, b) from the covariance (va, vb, cab) and the gradient (ga, gb). */
static double prop(double ga, double gb, double va, double vb, double cab)
{
	double v = ga * ga * va + gb * gb * vb + 2 * ga * gb * cab;
	return v > 0 ? v : 0;
}

static int tlm_result(wbg_estimate *out, double value, const double *grad, const double *cov_a,
                      const double *cov_b, double dof_a, wbg_ctx *ctx)
{
	double u[2], dof[2] = {dof_a, INFINITY};

	u[0] = sqrt(prop(grad[0], grad[1], cov_a[0], cov_a[1], cov_a[2]));
	u[1] = sqrt(prop(grad[0], grad[1], cov_b[0], cov_b[1], cov_b[2]));
	return wbg_uncertainty_combine(out, value, u, dof, 2, ctx);
}

int wbg_tlm_extract(wbg_tlm *out, const double *spacing_m, const double *r_ohm, size_t n,
                    double width_m, const wbg_uncertainty_spec *acc_r, wbg_ctx *ctx)
{
	struct wbgi_line l;
	double ca[3] = {0, 0, 0}, cb[3] = {0, 0, 0}, a, b, w = width_m, g[2], dof;
	size_t i;
	int rc = wbgi_check_curve(ctx, "TLM", spacing_m, r_ohm, n, 3, 0);

	if (rc != WBG_OK)
		return rc;
	if (!out || !(w > 0) || !isfinite(w))
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "TLM: the pad width %g m must be > 0", w);
	if (wbgi_line_fit(&l, spacing_m, r_ohm, n) != WBG_OK)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
		                     "TLM: the spacings are all equal; measure at least 3 spacings");
	a = l.a;
	b = l.b;
	if (!(b > 0) || !(a > 0))
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN,
		                     "TLM: the fit gives slope %g Ω/m and intercept %g Ω; both must be "
		                     "positive (check spacings and readings)",
		                     b, a);
	for (i = 0; i < n; i++) {
		double beta = (spacing_m[i] - l.xbar) / l.sxx;
		double alpha = 1.0 / (double)n - l.xbar * beta;
		double ur = wbg_uncertainty_spec_u(acc_r, r_ohm[i]);
		ca[0] += alpha * alpha;
		ca[1] += beta * beta;
		ca[2] += alpha * beta;
		cb[0] += alpha * alpha * ur * ur;
		cb[1] += beta * beta * ur * ur;
		cb[2] += alpha * beta * ur * ur;
	}
	for (i = 0; i < 3; i++)
		ca[i] *= l.s2;
	dof = n > 2 ? (double)(n - 2) : INFINITY;
	g[0] = 0;
	g[1] = w;
	rc = tlm_result(&out->sheet_resistance, b * w, g, ca, cb, dof, ctx);
	g[0] = 0.5;
	g[1] = 0;
	if (rc == WBG_OK)
		rc = tlm_result(&out->contact_resistance, a / 2, g, ca, cb, dof, ctx);
	g[0] = 0.5 * w;
	if (rc == WBG_OK)
		rc = tlm_result(&out->rc_width, a * w / 2, g, ca, cb, dof, ctx);
	/* L_T = a/(2b); ρ_c = a²·W/(4b). */
	g[0] = 1 / (2 * b);
	g[1] = -a / (2 * b * b);
	if (rc == WBG_OK)
		rc = tlm_result(&out->transfer_length, a / (2 * b), g, ca, cb, dof, ctx);
	g[0] = a * w / (2 * b);
	g[1] = -a * a * w / (4 * b * b);
	if (rc == WBG_OK)
		rc = tlm_result(&out->rho_c, a * a * w / (4 * b), g, ca, cb, dof, ctx);
	out->points = n;
	return rc;
}
