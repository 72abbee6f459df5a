/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The extraction methods on the virtual bench's device models (issue 7,
 * item 10): transfer, output, leakage and breakdown curves measured in
 * process through the simulated SMUs (SCPI over wbg_vinstr, with their
 * reading noise), extracted with the analysis library, and compared with
 * the values the models are configured with (instruments/vbench/dut.md,
 * dut_sic_mosfet.c, dut_gan_hemt.c). The expected values are the model
 * equations evaluated here, independently of instruments/vbench/dut.c:
 *
 *   Ich = 2 n^2 K phi^2 [F((Vgs - Vth)/(2 n phi)) - F((Vgs - Vth - Vds)/(2 n phi))] (1 + lambda |Vds|),
 *   F(x) = ln^2(1 + e^x), Id = Ich(Vgs, Vds - Id Rd), phi = kT/q.
 *
 * The threshold hysteresis (dut.md, "Threshold hysteresis") is switched off
 * for the static curves: it moves Vth by up to 0.15 V with the gate's
 * history, which is what test_vbench_dut checks; here Vth must be Vth0.
 * Each tolerance is justified where it is asserted.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../instruments/vbench/vbench_int.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define KB 8.617333262e-5
#define T0 298.15

struct bench {
	wbg_vbench *b;
	wbg_vinstr *g, *d;
};

/* Send @p c and check the instrument's error queue stays empty. */
static void send(wbg_vinstr *vi, const char *c)
{
	char r[128];

	assert_int_equal(wbg_vinstr_query(vi, c, NULL, 0), WBG_OK);
	assert_int_equal(wbg_vinstr_query(vi, ":SYST:ERR?", r, sizeof(r)), WBG_OK);
	if (strtol(r, NULL, 10) != 0) {
		print_error("'%s': %s\n", c, r);
		fail();
	}
}

static double read_num(wbg_vinstr *vi, const char *q)
{
	char r[128];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

/* A bench with a 2450 on the gate and a 2470 (1100 V) on the drain, no
 * threshold hysteresis. */
static void setup(struct bench *t, const char *dut)
{
	assert_int_equal(wbg_vbench_new(&t->b, dut, 11, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&t->g, t->b, "gate", "2450", "gate", NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&t->d, t->b, "drain", "2470", "drain", NULL), WBG_OK);
	t->b->dut.p.hyst_v = 0.0;
	send(t->g, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 0;:OUTP ON");
}

/* Sweep the terminal driven by @p swept from v0 in n steps of dv, reading
 * the drain current at each point. */
static void sweep(struct bench *t, wbg_vinstr *swept, double v0, double dv, size_t n, double *v, double *id)
{
	char c[64];
	size_t i;

	for (i = 0; i < n; i++) {
		v[i] = v0 + dv * (double)i;
		snprintf(c, sizeof(c), ":SOUR:VOLT %.9g", v[i]);
		send(swept, c);
		id[i] = read_num(t->d, ":MEAS:CURR?");
	}
}

/* The model's static drain current (no hysteresis, no BTI), SiC or GaN
 * parameters @p p at T0. */
static double model_id(const struct wbgi_dut_params *p, double vgs, double vds)
{
	double phi = KB * T0, n = p->n_ss, k = p->k0_a_v2, lo = 0, hi = vds / p->rd0_ohm;
	int it;

	for (it = 0; it < 200; it++) {
		double id = 0.5 * (lo + hi), v = vds - id * p->rd0_ohm;
		double xf = (vgs - p->vth0_v) / (2 * n * phi), xr = (vgs - p->vth0_v - v) / (2 * n * phi);
		double ff = log1p(exp(xf)), fr = log1p(exp(xr));
		double ich = 2 * n * n * k * phi * phi * (ff * ff - fr * fr) * (1 + p->lambda_1_v * fabs(v));
		if (ich > id)
			lo = id;
		else
			hi = id;
	}
	return 0.5 * (lo + hi);
}

#define NT 301

/* SiC MOSFET, linear region (Vds = 0.1 V), Vgs 0..6 V in 20 mV steps. */
static void test_sic_transfer(void **state)
{
	struct bench t;
	static double v[NT], id[NT];
	double *work = malloc(wbg_vth_work_size(NT) * sizeof(double)), lo = 0, hi = 6, vds = 0.1, ss_model;
	wbg_vth_opts o;
	wbg_vth_result r;
	wbg_estimate ss;
	int it;

	(void)state;
	setup(&t, "sic-mosfet");
	assert_non_null(work);
	send(t.d, ":SOUR:VOLT:ILIM 1;:SOUR:VOLT 0.1;:OUTP ON");
	sweep(&t, t.g, 0.0, 0.02, NT, v, id);
	wbg_vth_opts_init(&o);

	/* Constant current at 1 mA: the Vgs where the model equation gives 1 mA
	 * (bisection here). The 20 ppm reading noise moves it by
	 * 20e-6 * SS / ln 10 < 1 uV, the interpolation between 20 mV points
	 * by < (0.02^2 / 8) / (n phi) ~ 0.5 mV where ln Id bends: 1 mV. */
	o.method = WBG_VTH_CC;
	o.icrit = 1e-3;
	assert_int_equal(wbg_vth_extract(&r, v, id, NT, &o, work, NULL), WBG_OK);
	for (it = 0; it < 100; it++) {
		double mid = 0.5 * (lo + hi);
		if (model_id(&t.b->dut.p, mid, vds) < 1e-3)
			lo = mid;
		else
			hi = mid;
	}
	assert_double_near(r.vth.value, 0.5 * (lo + hi), 0, 1e-3);

	/* The other three methods: on the model's own noise-free curve
	 * (model_id on the same grid) each gives a value the measured curve
	 * must reproduce within the reading noise: 20 ppm on gm moves a tangent
	 * by < 1 mV; the maximum of the second derivative (a difference of
	 * differences, noise x sqrt(6) / dV^2) is placed to a quarter of the
	 * 20 mV step: 5 mV. How
	 * far that value lies from Vth0 + Vds/2 = 3.05 V (the square law's
	 * linear-region intercept) depends on the method and the model:
	 * Y-function (Ghibaudo): Y = Id / sqrt(gm) removes the series Rd to first
	 * order only; Rd takes Id Rd <= 25 mV of Vds at the top of the sweep, so
	 * the intercept moves by up to 2 Id Rd: 50 mV.
	 * Maximum gm and second derivative: Rd (theta = K Rd = 0.11 /V) makes gm
	 * peak early, where the EKV smoothing (2 n phi = 0.21 V wide) still
	 * rounds the knee: within 2 n phi. */
	{
		static const wbg_vth_method m[3] = {WBG_VTH_Y, WBG_VTH_GM_MAX, WBG_VTH_SD};
		const double off[3] = {0.05, 2 * 4.0 * KB * T0, 2 * 4.0 * KB * T0}, tol[3] = {1e-3, 1e-3, 5e-3};
		static double idm[NT];
		wbg_vth_result rm;
		size_t i, j;
		for (i = 0; i < NT; i++)
			idm[i] = model_id(&t.b->dut.p, v[i], vds);
		o.mc_trials = 0;
		for (j = 0; j < 3; j++) {
			o.method = m[j];
			assert_int_equal(wbg_vth_extract(&r, v, id, NT, &o, work, NULL), WBG_OK);
			assert_int_equal(wbg_vth_extract(&rm, v, idm, NT, &o, work, NULL), WBG_OK);
			assert_double_near(r.vth.value, rm.vth.value, 0, tol[j]);
			assert_double_near(rm.vth.value, 3.0 + vds / 2, 0, off[j]);
		}
	}

	/* Subthreshold swing: deep below threshold F(x) = e^(2x) (1 - e^x + ...)
	 * so Id ~ exp((Vgs - Vth)/(n phi)), SS = n phi ln 10 = 236.6 mV/dec for
	 * n = 4. Between 1 nA and 1 uA, x < -5 and the e^x correction is
	 * < 0.7 %: 1 %. */
	ss_model = 4.0 * KB * T0 * log(10.0);
	assert_int_equal(wbg_ss_extract(&ss, v, id, NT, 1e-9, 1e-6, 0, NULL, NULL), WBG_OK);
	assert_double_near(ss.value, ss_model, 0.01, 0);
	free(work);
	wbg_vbench_free(t.b);
}

/* On-resistance at Vgs = 18 V from the output curve 0..50 mV (0.6 A, within
 * the SMU's 1 A): Ron = Rd + 1/(K (Vgs - Vth)) = 50 + 30.3 = 80.3 mOhm. The
 * square law's -K Vds^2 / 2 bends the line by Vds / (2 (Vgs - Vth)) < 0.2 %
 * over the fit range, lambda |Vds| < 1e-5: 1 %. Also against the model
 * equation itself (Vds / Id at 25 mV), which the curvature does not bias: 0.5 %. */
static void test_sic_ron(void **state)
{
	struct bench t;
	double v[21], id[21];
	wbg_estimate ron;

	(void)state;
	setup(&t, "sic-mosfet");
	send(t.g, ":SOUR:VOLT 18");
	send(t.d, ":SOUR:VOLT:ILIM 1;:SOUR:VOLT 0;:OUTP ON");
	sweep(&t, t.d, 0.0, 0.0025, 21, v, id);
	assert_int_equal(wbg_ron_fit(&ron, v, id, 21, 0.05, NULL, NULL, NULL), WBG_OK);
	assert_double_near(ron.value, 0.050 + 1.0 / (2.2 * 15.0), 0.01, 0);
	assert_int_equal(wbg_ron_spot(&ron, v, id, 21, model_id(&t.b->dut.p, 18, 0.025), NULL, NULL, NULL),
	                 WBG_OK);
	assert_double_near(ron.value, 0.025 / model_id(&t.b->dut.p, 18, 0.025), 0.005, 0);
	wbg_vbench_free(t.b);
}

/* Drain leakage at Vgs = 0: Idss = Idss0 Vds / Vref = 5 nA x 1000/1200 at
 * 1000 V and 25 degC. The channel adds 2 n^2 K phi^2 e^(-Vth/(n phi)) ~ 1e-14 A,
 * the avalanche 1e-4 exp(-650/10) ~ 1e-32 A; reading noise 20 ppm: 0.5 %. */
static void test_sic_leakage(void **state)
{
	struct bench t;
	double v[21], id[21];
	wbg_estimate lk;

	(void)state;
	setup(&t, "sic-mosfet");
	send(t.d, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 0;:OUTP ON");
	sweep(&t, t.d, 50.0, 50.0, 20, v, id);
	assert_int_equal(wbg_leakage_at(&lk, v, id, 20, 1000.0, NULL, NULL, NULL), WBG_OK);
	assert_double_near(lk.value, 5e-9 * 1000.0 / 1200.0, 0.005, 0);
	wbg_vbench_free(t.b);
}

/* GaN breakdown at 100 uA: Iav0 exp((V - 850)/5) + Idss0 V/650 = 1e-4 gives
 * V = 850 + 5 ln(1 - 1e-6 V / 650 / 1e-4) = 849.93 V (fixed point). Between
 * 1 V steps ln I is linear in V to within the leakage's share (1.3 %), so
 * the ln-interpolation is off by < 1 V x 0.013 / 8: 0.01 V, noise 20 ppm: 0.02 V. */
static void test_gan_breakdown(void **state)
{
	struct bench t;
	static double v[101], id[101];
	double expect = 850.0;
	wbg_estimate bv;
	int k;

	(void)state;
	setup(&t, "gan-hemt");
	send(t.d, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 0;:OUTP ON");
	sweep(&t, t.d, 800.0, 1.0, 101, v, id);
	assert_int_equal(wbg_bv_extract(&bv, v, id, 101, 1e-4, NULL, NULL, NULL), WBG_OK);
	for (k = 0; k < 30; k++)
		expect = 850.0 + 5.0 * log(1 - 1e-6 * expect / 650.0 / 1e-4);
	assert_double_near(bv.value, expect, 0, 0.02);
	wbg_vbench_free(t.b);
}

/* PBTI at 20 V, 150 degC: the model's dVth = A (V/Vref)^gamma
 * exp(-Ea/k (1/T - 1/T0)) t^n with A = 5 mV, n = 0.2, Ea = 0.1 eV. Vth is
 * measured at each readout by constant current (1 mA) on a fast sweep
 * (NPLC 0.01, the gate at most 4 V: stress 125x weaker than at 20 V, so the
 * readouts add < 0.1 % to the equivalent time), and the shifts are fitted
 * by the drift fit. The constant-current Vth moves by exactly dVth (the
 * whole curve shifts); the readout noise and the 5 mV grid interpolation
 * give < 0.2 mV on shifts of 20-90 mV: A within 2 %, n within 0.005. */
static void test_sic_bti_drift(void **state)
{
	enum { NR = 6, NP = 151 };
	struct bench t;
	static double v[NP], id[NP];
	double *work = malloc(wbg_vth_work_size(NP) * sizeof(double)), ts[NR], dv[NR], vth0 = 0, t_stress = 0, acc;
	wbg_vth_opts o;
	wbg_vth_result r;
	wbg_drift_fit fit;
	int k;

	(void)state;
	assert_non_null(work);
	setup(&t, "sic-mosfet");
	assert_int_equal(wbg_vbench_set_temp_k(t.b, 423.15), WBG_OK);
	send(t.d, ":SOUR:VOLT:ILIM 1;:SOUR:VOLT 0.1;:OUTP ON;:SENS:CURR:NPLC 0.01");
	wbg_vth_opts_init(&o);
	o.method = WBG_VTH_CC;
	o.icrit = 1e-3;
	for (k = -1; k < NR; k++) {
		if (k >= 0) {
			double until = 10.0 * pow(10.0, k);
			send(t.g, ":SOUR:VOLT 20");
			assert_int_equal(wbg_vbench_advance(t.b, until - t_stress), WBG_OK);
			t_stress = until;
		}
		sweep(&t, t.g, 1.6, 0.01, NP, v, id);
		assert_int_equal(wbg_vth_extract(&r, v, id, NP, &o, work, NULL), WBG_OK);
		if (k < 0) {
			vth0 = r.vth.value;
			continue;
		}
		ts[k] = t_stress;
		dv[k] = r.vth.value - vth0;
	}
	assert_int_equal(wbg_drift_fit_power(&fit, ts, dv, NR, WBG_DRIFT_LOGLOG, NULL), WBG_OK);
	acc = exp(0.1 / KB * (1 / T0 - 1 / 423.15));
	assert_double_near(fit.a, 5e-3 * acc, 0.02, 0);
	assert_double_near(fit.n, 0.2, 0, 0.005);
	free(work);
	wbg_vbench_free(t.b);
}

/* Gate-oxide life: the lot generator's units under 40 V at 175 degC fail at
 * eta (-ln(1 - u))^(1/beta) (dut.md): Weibull with beta = 5 and
 * eta = 1e12 s exp(-3.45 (E - 4 MV/cm)) / exp(0.5 eV/k (1/T0 - 1/T)),
 * E = 40 V / 50 nm. The life-data MLE of 2000 of them: the relative
 * standard deviation of beta-hat is 0.78/sqrt(N) = 1.7 %, of eta-hat
 * 1.05/(beta sqrt(N)) = 0.5 % (Lawless, 2nd ed., 5.2): 4 and 2 %, and the
 * fit's own standard errors must be of that size. */
static void test_lot_weibull(void **state)
{
	enum { N = 2000 };
	static wbg_life_obs obs[N];
	double e = 40.0 / 50e-9, eta;
	wbg_life_fit fit;
	wbg_vbench *b;
	unsigned u;

	(void)state;
	for (u = 0; u < N; u++) {
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 2024, u, 0.0, NULL), WBG_OK);
		assert_int_equal(wbg_vbench_ttf(&obs[u].t_s, b, 40.0, 448.15), WBG_OK);
		obs[u].cens = WBG_LIFE_EXACT;
		obs[u].t_hi_s = 0;
		obs[u].count = 1;
		wbg_vbench_free(b);
	}
	assert_int_equal(wbg_life_fit_mle(&fit, obs, N, WBG_LIFE_WEIBULL, NULL), WBG_OK);
	eta = 1e12 * exp(-3.45e-8 * (e - 4e8)) / exp(0.5 / KB * (1 / T0 - 1 / 448.15));
	assert_double_near(1.0 / fit.sigma, 5.0, 0.04, 0);
	assert_double_near(exp(fit.mu), eta, 0.02, 0);
	/* sd(1/sigma-hat)/beta = sd(sigma-hat)/sigma = 0.78/sqrt(N) */
	assert_double_near(sqrt(fit.var_sigma) / fit.sigma, 0.78 / sqrt((double)N), 0.1, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sic_transfer),  cmocka_unit_test(test_sic_ron),
		cmocka_unit_test(test_sic_leakage),   cmocka_unit_test(test_gan_breakdown),
		cmocka_unit_test(test_sic_bti_drift), cmocka_unit_test(test_lot_weibull),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
