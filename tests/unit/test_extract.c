/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Device-parameter extraction on synthetic curves whose parameters are known
 * in closed form: a square-law MOSFET in saturation, a linear-region MOSFET
 * with mobility degradation (Ghibaudo 1988), a smooth softplus turn-on whose
 * second derivative peaks exactly at Vt, an exponential subthreshold of known
 * swing, an ohmic output curve, exponential leakage and avalanche curves.
 */
#include "config.h"

#include <string.h>

#include <gsl/gsl_fit.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

#define N 501

static double vg[N], idv[N];

/* Id = k (V − Vt)² above Vt, 0 below (square law in saturation). */
static void square_law(double k, double vt, double v0, double h)
{
	size_t i;
	for (i = 0; i < N; i++) {
		vg[i] = v0 + h * (double)i;
		idv[i] = vg[i] > vt ? k * (vg[i] - vt) * (vg[i] - vt) : 0.0;
	}
}

/* Linear region: Id = β Vd (V − Vt)/(1 + θ (V − Vt)) above Vt. */
static void linear_region(double beta_vd, double theta, double vt, double h)
{
	size_t i;
	for (i = 0; i < N; i++) {
		vg[i] = h * (double)i;
		idv[i] = vg[i] > vt ? beta_vd * (vg[i] - vt) / (1 + theta * (vg[i] - vt)) : 0.0;
	}
}

static void test_gm(void **state)
{
	const double x[] = {0.0, 0.1, 0.25, 0.3, 0.7, 1.0};
	double y[6], g[6];
	size_t i;

	(void)state;
	/* Three-point weights are exact for a quadratic, also on an uneven grid
	 * and at the ends: d(3x² − x + 2)/dx = 6x − 1. */
	for (i = 0; i < 6; i++)
		y[i] = 3 * x[i] * x[i] - x[i] + 2;
	assert_int_equal(wbg_gm(g, x, y, 6, NULL), WBG_OK);
	for (i = 0; i < 6; i++)
		assert_double_near(g[i], 6 * x[i] - 1, 0, 1e-12);
	y[2] = 0;
	assert_int_equal(wbg_gm(g, x, y, 2, NULL), WBG_ERR_INSUFFICIENT_DATA);
}

static void test_vth_gm_max(void **state)
{
	wbg_vth_opts o;
	wbg_vth_result r;

	(void)state;
	wbg_vth_opts_init(&o);
	/* Saturation: √Id = √k (V − Vt) is a straight line, so the tangent at max
	 * gm of √Id crosses zero at Vt exactly (Ortiz-Conde 2002, sec. 2.1). */
	square_law(0.5, 2.013, 0.0, 0.01);
	o.saturation = 1;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, 2.013, 0, 1e-9);
	assert_double_near(r.gm_max, sqrt(0.5), 1e-9, 0);
	assert_double_exact(r.vth.u, 0.0);
	o.window = 5;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, 2.013, 0, 1e-9);

	/* Linear region without degradation: Id = βVd (V − Vt), tangent = curve. */
	o.saturation = 0;
	o.window = 0;
	linear_region(1e-3, 0.0, 1.237, 0.01);
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, 1.237, 0, 1e-9);

	/* The same on an uneven grid (steps of 5 to 15 mV): the three-point
	 * weights are exact on a straight line, so the tangent still is. */
	{
		size_t i;
		double x = 0;
		for (i = 0; i < N; i++) {
			vg[i] = x;
			idv[i] = x > 1.237 ? 1e-3 * (x - 1.237) : 0.0;
			x += 0.005 + 0.01 * (double)((i * 7) % 3) / 2;
		}
		assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
		assert_double_near(r.vth.value, 1.237, 0, 1e-9);
		assert_double_near(r.gm_max, 1e-3, 1e-9, 0);
	}

	/* Without √, a square law has gm rising to the last point, where the
	 * tangent meets zero at (Vmax + Vt)/2: closed form of V − Id/gm. */
	square_law(0.5, 2.0, 0.0, 0.01);
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, (5.0 + 2.0) / 2, 0, 1e-9);
}

/* Model for the Monte Carlo cross-check: maximum-gm Vth of perturbed currents. */
static int gm_model(double *y, const double *x, size_t n, void *user)
{
	wbg_vth_result r;
	int rc = wbg_vth_extract(&r, vg, x, n, user, NULL, NULL);
	if (rc == WBG_OK)
		*y = r.vth.value;
	return rc;
}

static void test_vth_gm_max_uncertainty(void **state)
{
	wbg_vth_opts o, exact;
	wbg_vth_result r;
	wbg_mc_result mc;
	static double ux[N], work[N];
	size_t i;

	(void)state;
	/* The analytic law-of-propagation u must agree with a Monte Carlo
	 * propagation (JCGM 101) of the same independent reading noise: the
	 * tangent is a smooth function of three readings. Agreement within 5 %. */
	wbg_vth_opts_init(&o);
	o.noise_id = 1e-10;
	/* A gm with a clear peak: βVd·x/(1 + θx), x = s·ln(1 + e^((V−Vt)/s)). */
	for (i = 0; i < N; i++) {
		double x;
		vg[i] = 0.01 * (double)i;
		x = 0.05 * log1p(exp((vg[i] - 1.0) / 0.05));
		idv[i] = 1e-3 * x / (1 + 0.5 * x);
	}
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_true(r.vth.u > 0);
	exact = o;
	exact.noise_id = 0;
	/* Perturb only the three points the tangent uses, so that the max-gm point stays put. */
	for (i = 0; i < N; i++)
		ux[i] = (i >= r.first && i <= r.last) ? o.noise_id : 0.0;
	assert_int_equal(wbg_uncertainty_mc(&mc, gm_model, &exact, idv, ux, N, 20000, 0.95, 3, work, NULL),
	                 WBG_OK);
	assert_double_near(r.vth.u, mc.u, 0.05, 0);

	/* The accuracy is common to the sweep. A gain error scales Id and gm
	 * alike: the tangent's zero does not move, u = 0. An offset error δ moves
	 * it by −δ/gm_max (Σ of the derivative weights is 0): u = (a/√3)/gm_max. */
	o.noise_id = 0;
	o.acc_id.gain = 1e-3;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_exact(r.vth.u, 0.0);
	o.acc_id.gain = 0;
	o.acc_id.offset = 1e-7;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.u, 1e-7 / sqrt(3.0) / r.gm_max, 1e-9, 0);
}

static void test_vth_y(void **state)
{
	wbg_vth_opts o;
	wbg_vth_result r;

	(void)state;
	/* Ghibaudo 1988: Y = Id/√gm = √(βVd)(V − Vt) whatever θ. With βVd =
	 * 5e-4 A/V and θ = 0.2 /V, the line gives Vt and slope √(5e-4). The
	 * numerical gm is second-order accurate: tolerance 1 mV at 10 mV steps. */
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_Y;
	linear_region(5e-4, 0.2, 1.5, 0.01);
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, 1.5, 0, 1e-3);
	assert_double_near(r.slope, sqrt(5e-4), 1e-3, 0);
}

static void test_vth_sd(void **state)
{
	wbg_vth_opts o;
	wbg_vth_result r;
	size_t i;
	const double k = 1e-3, s = 0.1;
	double vt;

	(void)state;
	/* Softplus Id = k·s·ln(1 + e^((V−Vt)/s)): d²Id/dV² = (k/s)σ(1−σ), a
	 * symmetric bell whose maximum is exactly at Vt. */
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_SD;
	for (vt = 1.0; vt < 1.01; vt += 0.0037) {
		for (i = 0; i < N; i++) {
			vg[i] = 0.006 * (double)i;
			idv[i] = k * s * log1p(exp((vg[i] - vt) / s));
		}
		assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
		assert_double_near(r.vth.value, vt, 0, 1e-4);
	}
	/* A common gain and offset leave d²Id/dV²'s peak where it is: u = 0 to
	 * rounding, whatever the accuracy. */
	o.acc_id.gain = 1e-2;
	o.acc_id.offset = 1e-6;
	o.mc_trials = 200;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	assert_true(r.vth.u < 1e-12);
	/* Independent reading noise: Monte Carlo gives a u proportional to it. */
	o.acc_id.gain = 0;
	o.acc_id.offset = 0;
	o.noise_id = 1e-12;
	o.mc_trials = 500;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
	{
		double u1 = r.vth.u;
		o.noise_id = 1e-13;
		assert_int_equal(wbg_vth_extract(&r, vg, idv, N, &o, NULL, NULL), WBG_OK);
		/* Small noise (1 pA, 0.1 pA on a 2.5e-3 A/V² peak at 6 mV steps): the
		 * peak position is linear in it, so u scales by 10. (At 10 pA it is
		 * not: the second difference is that sensitive to noise.) */
		assert_true(u1 > 0 && u1 < 0.01);
		assert_double_near(u1 / r.vth.u, 10.0, 0.2, 0);
	}
}

/* Id = 1 nA · 10^((V − 1 V)/S), S = 100 mV/dec. */
static void exp_subthreshold(double shift)
{
	size_t i;
	for (i = 0; i < 101; i++) {
		vg[i] = 0.01 * (double)i + shift;
		idv[i] = 1e-9 * pow(10, (vg[i] - shift - 1.0 + 1.0) / 0.1);
	}
}

static void test_vth_cc_and_ss(void **state)
{
	wbg_vth_opts o;
	wbg_vth_result r;
	wbg_estimate ss;

	(void)state;
	exp_subthreshold(0);
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_CC;
	o.icrit = 1e-6;
	/* Log interpolation is exact on an exponential: 1e-6 A at 0.3 V. */
	assert_int_equal(wbg_vth_extract(&r, vg, idv, 101, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.value, 0.3, 0, 1e-12);
	/* u = (0.01/√3)·icrit / (icrit · ln10/0.1 V) = 2.5074e-4 V (law of propagation). */
	o.acc_id.gain = 0.01;
	assert_int_equal(wbg_vth_extract(&r, vg, idv, 101, &o, NULL, NULL), WBG_OK);
	assert_double_near(r.vth.u, 0.01 / sqrt(3.0) / (log(10.0) / 0.1), 1e-9, 0);
	o.icrit = 100.0; /* never reached: the curve ends at 10 A */
	assert_int_equal(wbg_vth_extract(&r, vg, idv, 101, &o, NULL, NULL), WBG_ERR_NOT_FOUND);

	/* Swing: 0.1 V/dec, both by a current range and by the steepest window. */
	assert_int_equal(wbg_ss_extract(&ss, vg, idv, 101, 1e-8, 1e-6, 0, NULL, NULL), WBG_OK);
	assert_double_near(ss.value, 0.1, 1e-9, 0);
	assert_int_equal(wbg_ss_extract(&ss, vg, idv, 101, NAN, NAN, 5, NULL, NULL), WBG_OK);
	assert_double_near(ss.value, 0.1, 1e-9, 0);
	assert_double_near(ss.u, 0.0, 0, 1e-12);
	/* A 1 % gain accuracy: u(log10 I) = 0.01/(√3·ln 10) at every point; over
	 * the 21 points 0.10 .. 0.30 V, Sxx = 1e-4·Σk² (k = −10..10) = 0.077 V²,
	 * so u(slope) = u_y/√Sxx and u(S) = u(slope)/slope² with slope 10 dec/V. */
	{
		wbg_uncertainty_spec g = {0.01, 0};
		double uy = 0.01 / (sqrt(3.0) * log(10.0));
		assert_int_equal(wbg_ss_extract(&ss, vg, idv, 101, 0.99e-8, 1.01e-6, 0, &g, NULL), WBG_OK);
		assert_double_near(ss.u, uy / sqrt(0.077) / 100, 1e-6, 0);
		assert_true(ss.dof > 1e6); /* exact fit: the Type A part is rounding only */
	}
}

static void test_ron(void **state)
{
	double vd[40], id[40], c0, c1, cov00, cov01, cov11, sumsq;
	wbg_estimate e;
	wbg_uncertainty_spec av = {1e-3, 0}, ai = {2e-3, 0};
	size_t i;

	(void)state;
	/* Ohmic to 1 V with Ron = 50 mΩ, then saturated at 20 A. */
	for (i = 0; i < 40; i++) {
		vd[i] = 0.05 * (double)i;
		id[i] = vd[i] <= 1.0 ? vd[i] / 0.05 : 20.0;
	}
	assert_int_equal(wbg_ron_fit(&e, vd, id, 40, 0.5, NULL, NULL, NULL), WBG_OK);
	assert_double_near(e.value, 0.05, 1e-12, 0);
	/* Spot value at 10 A: Vds = 0.5 V; relative u = √((1e-3/√3)² + (2e-3/√3)²). */
	assert_int_equal(wbg_ron_spot(&e, vd, id, 21, 10.0, &av, &ai, NULL), WBG_OK);
	assert_double_near(e.value, 0.05, 1e-12, 0);
	assert_double_near(e.u, 0.05 * sqrt(5e-6 / 3), 1e-9, 0);
	assert_int_equal(wbg_ron_spot(&e, vd, id, 21, 30.0, &av, &ai, NULL), WBG_ERR_NOT_FOUND);

	/* Noisy linear region: the Type A u of Ron = 1/G matches the slope
	 * standard error from GSL's gsl_fit_linear (independent code), u = σ_G/G². */
	for (i = 0; i < 21; i++)
		id[i] += (i % 3 == 0 ? 0.03 : (i % 3 == 1 ? -0.02 : -0.01));
	assert_int_equal(wbg_ron_fit(&e, vd, id, 40, 1.0, NULL, NULL, NULL), WBG_OK);
	assert_int_equal(gsl_fit_linear(vd, 1, id, 1, 21, &c0, &c1, &cov00, &cov01, &cov11, &sumsq), 0);
	assert_double_near(e.value, 1 / c1, 1e-12, 0);
	assert_double_near(e.u, sqrt(cov11) / (c1 * c1), 1e-9, 0);
	assert_double_exact(e.dof, 19.0);
}

static void test_leakage_bv(void **state)
{
	double v[41], i[41];
	wbg_estimate e;
	wbg_uncertainty_spec ai = {0.01, 0};
	size_t k;

	(void)state;
	/* Leakage I = 1 nA·e^(V/100 V), 0 .. 1000 V in 25 V steps: at 650 V,
	 * log interpolation is exact, 1e-9·e^6.5 A; u = 0.01/√3 of it. */
	for (k = 0; k < 41; k++) {
		v[k] = 25.0 * (double)k;
		i[k] = 1e-9 * exp(v[k] / 100);
	}
	assert_int_equal(wbg_leakage_at(&e, v, i, 41, 650, NULL, &ai, NULL), WBG_OK);
	assert_double_near(e.value, 1e-9 * exp(6.5), 1e-12, 0);
	assert_double_near(e.u, 0.01 / sqrt(3.0) * e.value, 1e-9, 0);
	assert_int_equal(wbg_leakage_at(&e, v, i, 41, 1200, NULL, NULL, NULL), WBG_ERR_NOT_FOUND);

	/* Avalanche: I = 1 nA·10^((V − 600 V)/20 V): reaches 1 µA at 660 V. */
	for (k = 0; k < 41; k++) {
		v[k] = 500 + 5.0 * (double)k;
		i[k] = 1e-9 * pow(10, (v[k] - 600) / 20);
	}
	assert_int_equal(wbg_bv_extract(&e, v, i, 41, 1e-6, NULL, NULL, NULL), WBG_OK);
	assert_double_near(e.value, 660, 1e-12, 0);
	/* u: 1 % current gain through dI/dV = I·ln10/(20 V) gives 0.2/(√3·ln10) V;
	 * 0.1 % voltage gain at 660 V gives 0.66/√3 V; in quadrature. */
	{
		wbg_uncertainty_spec gv = {1e-3, 0}, gi = {0.01, 0};
		double ui = 0.01 * 20 / (sqrt(3.0) * log(10.0)), uv = 0.66 / sqrt(3.0);
		assert_int_equal(wbg_bv_extract(&e, v, i, 41, 1e-6, &gv, &gi, NULL), WBG_OK);
		assert_double_near(e.u, sqrt(ui * ui + uv * uv), 1e-9, 0);
	}
	/* Negative sweep of a p-type device: the same in magnitude. */
	for (k = 0; k < 41; k++) {
		v[k] = -v[k];
		i[k] = -i[k];
	}
	assert_int_equal(wbg_bv_extract(&e, v, i, 41, 1e-6, NULL, NULL, NULL), WBG_OK);
	assert_double_near(e.value, -660, 1e-12, 0);
	assert_int_equal(wbg_bv_extract(&e, v, i, 41, 1.0, NULL, NULL, NULL), WBG_ERR_NOT_FOUND);
}

static void test_hysteresis(void **state)
{
	double vu[101], iu[101], vd[101], id[101];
	wbg_vth_opts o;
	wbg_estimate h, up, down;
	size_t k;

	(void)state;
	/* The down sweep is the up sweep shifted by +0.2 V, given high to low:
	 * ΔVth = 0.2 V by constant current. */
	for (k = 0; k < 101; k++) {
		vu[k] = 0.02 * (double)k;
		iu[k] = 1e-9 * pow(10, vu[k] / 0.1);
		vd[100 - k] = vu[k];
		id[100 - k] = 1e-9 * pow(10, (vu[k] - 0.2) / 0.1);
	}
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_CC;
	o.icrit = 1e-6;
	o.acc_id.gain = 0.01;
	assert_int_equal(wbg_hysteresis_extract(&h, &up, &down, vu, iu, 101, vd, id, 101, &o, NULL),
	                 WBG_OK);
	assert_double_near(up.value, 0.3, 0, 1e-12);
	assert_double_near(down.value, 0.5, 0, 1e-12);
	assert_double_near(h.value, 0.2, 0, 1e-12);
	assert_double_near(h.u, sqrt(2.0) * up.u, 1e-9, 0);
}

static void test_vth_many(void **state)
{
	static double batch[4 * N];
	wbg_vth_result r[4], one;
	wbg_vth_opts o;
	size_t failed = 9, i, k;

	(void)state;
	/* Four square-law curves with Vt = 1.0, 1.5, 2.0, 2.5 V on one grid, by
	 * max gm of √Id: the batch gives each Vt exactly, the same as one call
	 * per curve; a NaN reading fails only its own curve. */
	wbg_vth_opts_init(&o);
	o.saturation = 1;
	for (k = 0; k < 4; k++) {
		square_law(0.5, 1.0 + 0.5 * (double)k + 0.003, 0.0, 0.01);
		for (i = 0; i < N; i++)
			batch[k * N + i] = idv[i];
	}
	batch[2 * N + 7] = NAN;
	assert_int_equal(wbg_vth_extract_many(r, &failed, vg, batch, 4, N, &o, NULL), WBG_OK);
	assert_int_equal(failed, 1);
	assert_true(isnan(r[2].vth.value));
	for (k = 0; k < 4; k++) {
		if (k == 2)
			continue;
		assert_double_near(r[k].vth.value, 1.003 + 0.5 * (double)k, 0, 1e-9);
		assert_int_equal(wbg_vth_extract(&one, vg, batch + k * N, N, &o, NULL, NULL), WBG_OK);
		assert_double_exact(r[k].vth.value, one.vth.value);
	}
	/* Without √ (the benchmark's path, which checks readings in its gm pass). */
	o.saturation = 0;
	batch[2 * N + 7] = INFINITY;
	assert_int_equal(wbg_vth_extract_many(r, &failed, vg, batch, 4, N, &o, NULL), WBG_OK);
	assert_int_equal(failed, 1);
	assert_true(isnan(r[2].vth.value));
	assert_double_near(r[3].vth.value, (5.0 + 2.503) / 2, 0, 1e-9);
}

static void test_bad_input(void **state)
{
	const double v[] = {0, 1, 1, 2, 3}, i[] = {0, 1, 2, 3, 4};
	double nanv[] = {0, 1, NAN, 3, 4};
	wbg_vth_result r;
	wbg_ctx *ctx;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vth_extract(&r, v, i, 5, NULL, NULL, ctx), WBG_ERR_INVALID_ARG);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "not strictly increasing at point 3"));
	assert_int_equal(wbg_vth_extract(&r, nanv, i, 5, NULL, NULL, ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_vth_extract(&r, i, i, 3, NULL, NULL, ctx), WBG_ERR_INSUFFICIENT_DATA);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gm),
		cmocka_unit_test(test_vth_gm_max),
		cmocka_unit_test(test_vth_gm_max_uncertainty),
		cmocka_unit_test(test_vth_y),
		cmocka_unit_test(test_vth_sd),
		cmocka_unit_test(test_vth_cc_and_ss),
		cmocka_unit_test(test_ron),
		cmocka_unit_test(test_leakage_bv),
		cmocka_unit_test(test_hysteresis),
		cmocka_unit_test(test_vth_many),
		cmocka_unit_test(test_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
