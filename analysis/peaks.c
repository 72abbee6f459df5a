/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Multi-peak fits of spectra through the nonlinear least-squares core.
 *
 * Line shapes, each normalised to unit area and parametrised by area A,
 * centre x0 and FWHM(s):
 *   Gaussian   g(u) = exp(-u^2 / 2 s^2) / (s sqrt(2 pi)), s = f_G / (2 sqrt(2 ln 2))
 *   Lorentzian L(u) = (g/pi) / (u^2 + g^2), g = f_L / 2
 *   Voigt      V(u) = Re w(z) / (s sqrt(2 pi)), z = (u + i g) / (s sqrt 2)
 * with w the Faddeeva function (Abramowitz & Stegun 7.1.3; computed by
 * libcerf, Wuttke, http://apps.jcns.fz-juelich.de/libcerf, which implements
 * Johnson's Faddeeva package: accurate to ~1e-13 over the whole plane,
 * which no cheap approximation such as Humlicek's or the pseudo-Voigt
 * offers; that accuracy is why it is a dependency). The derivatives use
 * w'(z) = -2 z w(z) + 2 i / sqrt(pi) (A&S 7.1.20).
 * Voigt FWHM: Olivero & Longbothum, JQSRT 17 (1977) 233, eq. (5) with the
 * constants 0.5346 and 0.2166 (0.02 % accuracy).
 */
#include "config.h"

#include <cerf.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/error.h"
#include "wbg/nlfit.h"
#include "wbg/spectrum.h"

#define SQRT_2PI 2.50662827463100050242
#define SQRT_PI 1.77245385090551602730
#define SQRT2 1.41421356237309504880
#define PI 3.14159265358979323846
#define FWHM_PER_SIGMA 2.35482004503094938202 /* 2 sqrt(2 ln 2) */

double wbg_peak_voigt_fwhm(double fg, double fl)
{
	return 0.5346 * fl + sqrt(0.2166 * fl * fl + fg * fg);
}

/* The line (area 1) at u and, when d is not NULL, its derivatives
 * d[0] = d/du, d[1] = d/d(first width), d[2] = d/d(second width). */
static double line(wbg_peak_shape shape, double u, double w1, double w2, double *d)
{
	switch (shape) {
	case WBG_PEAK_GAUSSIAN: {
		double s = w1 / FWHM_PER_SIGMA, g = exp(-0.5 * u * u / (s * s)) / (s * SQRT_2PI);
		if (d) {
			d[0] = -g * u / (s * s);
			d[1] = g * (u * u / (s * s * s) - 1.0 / s) / FWHM_PER_SIGMA;
		}
		return g;
	}
	case WBG_PEAK_LORENTZIAN: {
		double g = 0.5 * w1, q = u * u + g * g, l = g / (PI * q);
		if (d) {
			d[0] = -2.0 * u * g / (PI * q * q);
			d[1] = 0.5 * (u * u - g * g) / (PI * q * q);
		}
		return l;
	}
	case WBG_PEAK_VOIGT: {
		double s = w1 / FWHM_PER_SIGMA, g = 0.5 * w2;
		double zr = u / (s * SQRT2), zi = g / (s * SQRT2);
		double re = re_w_of_z(zr, zi), v = re / (s * SQRT_2PI);
		if (d) {
			double im = im_w_of_z(zr, zi);
			double wr = -2.0 * (zr * re - zi * im), wi = -2.0 * (zr * im + zi * re) + 2.0 / SQRT_PI;
			d[0] = wr / (2.0 * s * s * SQRT_PI);
			d[1] = (-v / s - (wr * zr - wi * zi) / (s * s * SQRT_2PI)) / FWHM_PER_SIGMA;
			d[2] = 0.5 * (-wi / (2.0 * s * s * SQRT_PI));
		}
		return v;
	}
	}
	return NAN;
}

double wbg_peak_profile(wbg_peak_shape shape, double dx, double fwhm_g, double fwhm_l)
{
	return line(shape, dx, shape == WBG_PEAK_LORENTZIAN ? fwhm_l : fwhm_g, fwhm_l, NULL);
}

struct model {
	const double *x, *y;
	size_t n, npeaks, nb, per; /* baseline parameters, parameters per peak */
	wbg_peak_shape shape;
	double x_mid;
	double dx; /* the grid step when x is uniform to rounding, else 0 */
};

/* Points between two exact exp in gauss_exp(). */
#define RESTART 16

/* e[i] = exp(kk (x[i] - c)^2), i < nr, kk < 0. On a uniform grid (step dx)
 * the exponent is a quadratic in i, so e[i+1] = e[i] q[i], q[i+1] = q[i] cc
 * with q = exp(kk dx (2 d + dx)), cc = exp(2 kk dx^2) (the recurrence of
 * Greengard & Lee, SIAM Review 46 (2004) 443, sec. 3), restarted from an
 * exact exp every RESTART points: the relative error stays below
 * RESTART^2 / 2 ulp (~1.4e-14) plus the grid's own rounding, instead of one
 * libm exp per point. Where a stretch of points reaches exponents below
 * -700 (the factors could leave the double range) each point gets its exp. */
static void gauss_exp(double *e, const double *x, size_t nr, double c, double kk, double dx)
{
	size_t i0, j, s;
	double cc = dx > 0 ? exp(2.0 * kk * dx * dx) : 0.0;
	double g[WBG_NLFIT_BLOCK / RESTART], q[WBG_NLFIT_BLOCK / RESTART];
	int safe = dx > 0 && 2.0 * kk * dx * dx >= -700.0;

	for (i0 = 0, s = 0; i0 < nr && safe; i0 += RESTART, s++) {
		size_t m = nr - i0 < RESTART ? nr - i0 : RESTART;
		double d0 = x[i0] - c, d1 = x[i0 + m - 1] - c;
		safe = kk * d0 * d0 >= -700.0 && kk * d1 * d1 >= -700.0;
		g[s] = exp(kk * d0 * d0);
		q[s] = exp(kk * dx * (2.0 * d0 + dx));
	}
	if (safe && nr == WBG_NLFIT_BLOCK) {
		/* The segments side by side: independent chains the compiler can
		 * put in vector registers. */
		for (j = 0; j < RESTART; j++)
			for (s = 0; s < WBG_NLFIT_BLOCK / RESTART; s++) {
				e[s * RESTART + j] = g[s];
				g[s] *= q[s];
				q[s] *= cc;
			}
		return;
	}
	for (i0 = 0, s = 0; i0 < nr; i0 += RESTART, s++) {
		size_t m = nr - i0 < RESTART ? nr - i0 : RESTART;
		if (safe) {
			double gs = g[s], qs = q[s];
			for (j = 0; j < m; j++) {
				e[i0 + j] = gs;
				gs *= qs;
				qs *= cc;
			}
		} else {
			for (j = 0; j < m; j++) {
				double d = x[i0 + j] - c;
				e[i0 + j] = exp(kk * d * d);
			}
		}
	}
}

/* One Gaussian's residual share and Jacobian columns from e = exp(kk d^2)
 * (in j0 on entry). Called with nr == WBG_NLFIT_BLOCK or with the rest. */
static inline void gauss_cols(double *restrict r, double *restrict j0, const double *restrict x, size_t nr,
                              double area, double centre, double sg)
{
	double unit = 1.0 / (sg * SQRT_2PI), ac = area / (sg * sg), aw = area / (sg * FWHM_PER_SIGMA);
	double inv_s2 = 1.0 / (sg * sg), *restrict j1 = j0 + WBG_NLFIT_BLOCK, *restrict j2 = j1 + WBG_NLFIT_BLOCK;
	size_t i;

	for (i = 0; i < nr; i++) {
		double d = x[i] - centre, v = unit * j0[i];
		r[i] += area * v;
		j0[i] = v;
		j1[i] = ac * v * d;
		j2[i] = aw * v * (d * d * inv_s2 - 1.0);
	}
}

static int widths_ok(const struct model *m, const double *b)
{
	size_t k;
	for (k = 0; k < m->npeaks; k++) {
		const double *p = b + m->nb + k * m->per;
		if (!(p[2] > 0) || (m->per == 4 && !(p[3] > 0)))
			return 0;
	}
	return 1;
}

/* Residuals and Jacobian of rows i0 .. i0 + nr - 1 in one pass
 * (wbg_nlfit_block_fn): the line is evaluated once per point and peak and
 * its derivatives come from the same exp (or Faddeeva value). */
static int block(double *r, double *J, size_t i0, size_t nr, const double *b, void *u)
{
	const struct model *m = u;
	const double *x = m->x + i0, *y = m->y + i0;
	size_t i, k;

	if (!widths_ok(m, b))
		return -1;
	{
		double b0 = m->nb > 0 ? b[0] : 0.0, b1 = m->nb > 1 ? b[1] : 0.0, xm = m->x_mid;
		for (i = 0; i < nr; i++)
			r[i] = b0 + b1 * (x[i] - xm) - y[i];
	}
	if (m->nb > 0)
		for (i = 0; i < nr; i++)
			J[i] = 1.0;
	if (m->nb > 1)
		for (i = 0; i < nr; i++)
			J[WBG_NLFIT_BLOCK + i] = x[i] - m->x_mid;
	for (k = 0; k < m->npeaks; k++) {
		const double *q = b + m->nb + k * m->per;
		double *j0 = J + (m->nb + k * m->per) * WBG_NLFIT_BLOCK, *j1 = j0 + WBG_NLFIT_BLOCK;
		double *j2 = j1 + WBG_NLFIT_BLOCK, *j3 = j2 + WBG_NLFIT_BLOCK;
		if (m->shape == WBG_PEAK_GAUSSIAN) {
			double sg = q[2] / FWHM_PER_SIGMA;
			gauss_exp(j0, x, nr, q[1], -0.5 / (sg * sg), m->dx);
			/* A constant trip count lets the compiler vectorise the full blocks. */
			if (nr == WBG_NLFIT_BLOCK)
				gauss_cols(r, j0, x, WBG_NLFIT_BLOCK, q[0], q[1], sg);
			else
				gauss_cols(r, j0, x, nr, q[0], q[1], sg);
			continue;
		}
		for (i = 0; i < nr; i++) {
			double d[3] = {0, 0, 0};
			double v = line(m->shape, x[i] - q[1], q[2], m->per == 4 ? q[3] : 0.0, d);
			r[i] += q[0] * v;
			j0[i] = v;
			j1[i] = -q[0] * d[0];
			j2[i] = q[0] * d[1];
			if (m->per == 4)
				j3[i] = q[0] * d[2];
		}
	}
	return 0;
}

/* Starting values: baseline at the low end of y; then, npeaks times, the
 * highest point of what is left, its half-height width, and that peak
 * (as a Gaussian) removed. */
static int initial(double *b, const struct model *m, const double *centres, wbg_ctx *ctx)
{
	size_t n = m->n, i, k, top = 0;
	double *rest = NULL, lo = INFINITY, dx = (m->x[n - 1] - m->x[0]) / (double)(n - 1);

	for (i = 0; i < n; i++) {
		if (m->y[i] < lo)
			lo = m->y[i];
		if (m->y[i] > m->y[top])
			top = i;
	}
	if (m->nb == 0)
		lo = 0.0;
	/* What is left after each peak: needed only to find a second one. With
	 * one peak, y - lo is computed where it is read. */
	if (m->npeaks > 1) {
		rest = malloc(n * sizeof(double));
		if (!rest)
			return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "spectrum: out of memory for %zu points", n);
		for (i = 0; i < n; i++)
			rest[i] = m->y[i] - lo;
	}
	if (m->nb > 0)
		b[0] = lo;
	if (m->nb > 1)
		b[1] = 0.0;
	for (k = 0; k < m->npeaks; k++) {
		size_t at = 0, l, r;
		double h, f, *p = b + m->nb + k * m->per;
		if (centres) {
			for (i = 1; i < n; i++)
				if (fabs(m->x[i] - centres[k]) < fabs(m->x[at] - centres[k]))
					at = i;
		} else if (rest) {
			for (i = 1; i < n; i++)
				if (rest[i] > rest[at])
					at = i;
		} else {
			at = top;
		}
		h = rest ? rest[at] : m->y[at] - lo;
		if (centres && !(h > 0)) /* a given centre in the shadow of an earlier peak */
			h = fmax(m->y[at] - lo, 1e-300);
		if (!(h > 0)) {
			free(rest);
			return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA,
			                     "spectrum: found only %zu peaks above the baseline, %zu asked", k, m->npeaks);
		}
		for (l = at; l > 0 && (rest ? rest[l] : m->y[l] - lo) > 0.5 * h; l--)
			;
		for (r = at; r + 1 < n && (rest ? rest[r] : m->y[r] - lo) > 0.5 * h; r++)
			;
		f = fmax(m->x[r] - m->x[l], 3.0 * dx);
		p[1] = m->x[at];
		switch (m->shape) {
		case WBG_PEAK_GAUSSIAN:
			p[2] = f;
			p[0] = h * f * SQRT_2PI / FWHM_PER_SIGMA;
			break;
		case WBG_PEAK_LORENTZIAN:
			p[2] = f;
			p[0] = h * PI * f / 2.0;
			break;
		case WBG_PEAK_VOIGT:
			p[2] = p[3] = f / 1.6376; /* Olivero-Longbothum with f_G = f_L */
			p[0] = h / line(WBG_PEAK_VOIGT, 0.0, p[2], p[3], NULL);
			break;
		}
		/* Take this peak out of what is left (as a Gaussian of the same
		 * height and width); after the last peak nothing is left to find. */
		for (i = 0; rest && i < n && k + 1 < m->npeaks; i++) {
			double u = (m->x[i] - p[1]) / (f / FWHM_PER_SIGMA);
			rest[i] -= h * exp(-0.5 * u * u);
		}
	}
	free(rest);
	return WBG_OK;
}

static int cmp_centre(const void *a, const void *b)
{
	const double *x = a, *y = b;
	return (x[0] > y[0]) - (x[0] < y[0]);
}

int wbg_spectrum_fit_peaks(wbg_spectrum_fit *out, const double *x, const double *y, size_t n, size_t npeaks,
                           wbg_peak_shape shape, wbg_baseline baseline, const double *centres, wbg_ctx *ctx)
{
	struct model m;
	wbg_nlfit_problem pb;
	wbg_nlfit_result res;
	wbg_nlfit_options o;
	wbg_spectrum_fit *fit = NULL;
	double b0[WBG_NLFIT_MAX_PARAMS], b[WBG_NLFIT_MAX_PARAMS], *cov = NULL;
	double order[WBG_SPECTRUM_MAX_PEAKS][2];
	size_t p, i, k;
	int rc;

	if (!out || !x || !y)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: NULL argument");
	if (npeaks == 0 || npeaks > WBG_SPECTRUM_MAX_PEAKS)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: %zu peaks; 1 to %d can be fitted", npeaks,
		                     WBG_SPECTRUM_MAX_PEAKS);
	if (shape != WBG_PEAK_GAUSSIAN && shape != WBG_PEAK_LORENTZIAN && shape != WBG_PEAK_VOIGT)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: unknown line shape %d", (int)shape);
	if (baseline != WBG_BASELINE_NONE && baseline != WBG_BASELINE_CONSTANT && baseline != WBG_BASELINE_LINEAR)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: unknown baseline %d", (int)baseline);
	m.x = x;
	m.y = y;
	m.n = n;
	m.npeaks = npeaks;
	m.shape = shape;
	m.nb = baseline == WBG_BASELINE_LINEAR ? 2 : baseline == WBG_BASELINE_CONSTANT ? 1 : 0;
	m.per = shape == WBG_PEAK_VOIGT ? 4 : 3;
	p = m.nb + npeaks * m.per;
	if (n > WBG_SPECTRUM_MAX_POINTS)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "spectrum: %zu points exceed the maximum %d", n,
		                     WBG_SPECTRUM_MAX_POINTS);
	if (n < p + 1)
		return wbg_ctx_error(ctx, WBG_ERR_INSUFFICIENT_DATA, "spectrum: %zu points for %zu parameters", n, p);
	/* In the same pass: is the grid uniform to rounding (every x within
	 * 16 ulp of x[0] + i dx)? Then the Gaussians use the exp recurrence. */
	m.dx = (x[n - 1] - x[0]) / (double)(n - 1);
	{
		double tol = 16.0 * DBL_EPSILON * fmax(fabs(x[0]), fabs(x[n - 1])), di = 0.0;
		int uniform = 1;
		for (i = 0; i < n; i++, di += 1.0) {
			if (!isfinite(x[i]) || !isfinite(y[i]))
				return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: point %zu is not finite", i);
			if (i > 0 && !(x[i] > x[i - 1]))
				return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: x must increase (point %zu)", i);
			uniform &= fabs(x[i] - (x[0] + di * m.dx)) <= tol;
		}
		if (!uniform)
			m.dx = 0.0;
	}
	m.x_mid = 0.5 * (x[0] + x[n - 1]);
	rc = initial(b0, &m, centres, ctx);
	if (rc)
		return rc;

	cov = malloc(p * p * sizeof(double));
	fit = calloc(1, sizeof(*fit));
	if (!cov || !fit) {
		rc = wbg_ctx_error(ctx, WBG_ERR_NOMEM, "spectrum: out of memory");
		goto out;
	}
	pb.n = n;
	pb.p = p;
	pb.f = NULL;
	pb.df = NULL;
	pb.fdf_block = block;
	pb.userdata = &m;
	wbg_nlfit_options_default(&o);
	o.xtol = 1e-10;
	o.gtol = 1e-10;
	o.max_iter = 500;
	o.method = WBG_NLFIT_LM_SMALL; /* p <= 4 * WBG_SPECTRUM_MAX_PEAKS + 2, n >> p: one pass per evaluation */
	/* Relative decrease of the sum of squares below 1e-13 (SciPy's curve_fit
	 * stops at 1.5e-8): the last step is then below sqrt(1e-13 n) ~ 1e-5
	 * standard errors, while the trials after it would only chase rounding. */
	o.ftol = 1e-13;
	/* The start comes from the data (baseline, highest point, half-height
	 * width): close enough for little damping at first. */
	o.tau = 1e-6;
	rc = wbg_nlfit_solve(&res, b, NULL, cov, &pb, b0, &o, ctx);
	if (rc)
		goto out;

	fit->shape = shape;
	fit->baseline = baseline;
	fit->npeaks = npeaks;
	fit->x_mid = m.x_mid;
	fit->rss = res.rss;
	fit->s2 = res.s2;
	fit->dof = res.dof;
	fit->niter = res.niter;
	for (i = 0; i < m.nb; i++) {
		fit->base[i] = b[i];
		fit->base_se[i] = sqrt(cov[i * p + i]);
	}
	for (k = 0; k < npeaks; k++) {
		order[k][0] = b[m.nb + k * m.per + 1];
		order[k][1] = (double)k;
	}
	qsort(order, npeaks, sizeof(order[0]), cmp_centre);
	for (k = 0; k < npeaks; k++) {
		size_t src = (size_t)order[k][1], j0 = m.nb + src * m.per, j;
		const double *q = b + j0;
		wbg_peak *pk = &fit->peaks[k];
		pk->area = q[0];
		pk->area_se = sqrt(cov[j0 * p + j0]);
		pk->centre = q[1];
		pk->centre_se = sqrt(cov[(j0 + 1) * p + j0 + 1]);
		pk->height = q[0] * line(shape, 0.0, q[2], m.per == 4 ? q[3] : 0.0, NULL);
		switch (shape) {
		case WBG_PEAK_GAUSSIAN:
			pk->fwhm = pk->fwhm_g = q[2];
			pk->fwhm_se = pk->fwhm_g_se = sqrt(cov[(j0 + 2) * p + j0 + 2]);
			break;
		case WBG_PEAK_LORENTZIAN:
			pk->fwhm = pk->fwhm_l = q[2];
			pk->fwhm_se = pk->fwhm_l_se = sqrt(cov[(j0 + 2) * p + j0 + 2]);
			break;
		case WBG_PEAK_VOIGT: {
			double fg = q[2], fl = q[3], rt = sqrt(0.2166 * fl * fl + fg * fg);
			double dg = fg / rt, dl = 0.5346 + 0.2166 * fl / rt;
			double vgg = cov[(j0 + 2) * p + j0 + 2], vll = cov[(j0 + 3) * p + j0 + 3];
			double vgl = cov[(j0 + 2) * p + j0 + 3];
			pk->fwhm_g = fg;
			pk->fwhm_l = fl;
			pk->fwhm_g_se = sqrt(vgg);
			pk->fwhm_l_se = sqrt(vll);
			pk->fwhm = wbg_peak_voigt_fwhm(fg, fl);
			pk->fwhm_se = sqrt(fmax(0.0, dg * dg * vgg + dl * dl * vll + 2 * dg * dl * vgl));
			break;
		}
		}
		for (j = 0; j < npeaks; j++) {
			size_t j1 = m.nb + (size_t)order[j][1] * m.per;
			fit->area_cov[k * WBG_SPECTRUM_MAX_PEAKS + j] = cov[j0 * p + j1];
		}
	}
	*out = *fit;
out:
	free(cov);
	free(fit);
	return rc;
}

int wbg_spectrum_area_ratio(double *out_ratio, double *out_se, const wbg_spectrum_fit *fit, size_t i, size_t j,
                            wbg_ctx *ctx)
{
	double ai, aj, r, v;

	if (!out_ratio || !fit || i >= fit->npeaks || j >= fit->npeaks)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "spectrum: peak index out of range");
	ai = fit->peaks[i].area;
	aj = fit->peaks[j].area;
	if (aj == 0.0)
		return wbg_ctx_error(ctx, WBG_ERR_DOMAIN, "spectrum: peak %zu has zero area", j);
	r = ai / aj;
	/* First-order propagation: (s_r / r)^2 = V_ii/A_i^2 + V_jj/A_j^2 - 2 V_ij/(A_i A_j). */
	v = fit->area_cov[i * WBG_SPECTRUM_MAX_PEAKS + i] / (aj * aj) +
	    r * r * fit->area_cov[j * WBG_SPECTRUM_MAX_PEAKS + j] / (aj * aj) -
	    2.0 * r * fit->area_cov[i * WBG_SPECTRUM_MAX_PEAKS + j] / (aj * aj);
	*out_ratio = r;
	if (out_se)
		*out_se = sqrt(fmax(0.0, v));
	return WBG_OK;
}
