/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Physics sanity of the virtual-bench device models, measured through the
 * simulated instruments where it matters. Expected values are the closed
 * forms of the model equations (instruments/vbench/dut.md) evaluated
 * independently here, with the datasheet-class parameters of
 * dut_sic_mosfet.c / dut_gan_hemt.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "../../instruments/vbench/vbench_int.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

#define KB 8.617333262e-5

struct two {
	wbg_vbench *b;
	wbg_vinstr *g, *d;
};

static void two_smu(struct two *t, const char *dut, uint64_t seed)
{
	assert_int_equal(wbg_vbench_new(&t->b, dut, seed, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&t->g, t->b, "gate", "2450", "gate", NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&t->d, t->b, "drain", "2470", "drain", NULL), WBG_OK);
}

static void cmd(wbg_vinstr *vi, const char *c)
{
	char r[128];

	assert_int_equal(wbg_vinstr_query(vi, c, NULL, 0), WBG_OK);
	assert_int_equal(wbg_vinstr_query(vi, ":SYST:ERR?", r, sizeof(r)), WBG_OK);
	if (atoi(r) != 0) {
		print_error("'%s' gave %s\n", c, r);
		fail();
	}
}

static double qnum(wbg_vinstr *vi, const char *q)
{
	char r[256];

	assert_int_equal(wbg_vinstr_query(vi, q, r, sizeof(r)), WBG_OK);
	return strtod(r, NULL);
}

/* Gate voltage at which the drain current is @p id, by bisection over
 * SCPI (Vds held by the drain SMU). */
static double vgs_at(struct two *t, double id, double lo, double hi)
{
	char c[64];
	int it;

	for (it = 0; it < 30; it++) {
		double mid = 0.5 * (lo + hi);
		snprintf(c, sizeof(c), ":SOUR:VOLT %.9f", mid);
		cmd(t->g, c);
		if (qnum(t->d, ":MEAS:CURR?") < id)
			lo = mid;
		else
			hi = mid;
	}
	return 0.5 * (lo + hi);
}

/* Closed form of the channel saturation current solved for Vgs (reverse
 * term and Rd negligible at 5 mA): Id = 2 n^2 K phi^2 ln^2(1 + e^x) (1 + lambda Vds),
 * x = (Vgs - Vth)/(2 n phi). */
static double vgs_closed(const struct wbgi_dut_params *p, double id, double vds, double t)
{
	double phi = KB * t, k = p->k0_a_v2 * pow(t / p->tref_k, p->k_texp);
	double vth = p->vth0_v + p->dvth_dt_v_k * (t - p->tref_k);
	double s = sqrt(id / (2 * p->n_ss * p->n_ss * k * phi * phi * (1 + p->lambda_1_v * vds)));
	return vth + 2 * p->n_ss * phi * log(expm1(s));
}

static void test_sic_vth_falls_with_temperature(void **state)
{
	struct two t;
	double v25, v150, h25, h150;

	(void)state;
	two_smu(&t, "sic-mosfet", 1);
	cmd(t.g, ":SOUR:VOLT:ILIM 1e-3;:OUTP ON");
	cmd(t.d, ":SOUR:VOLT:ILIM 0.02;:SOUR:VOLT 10;:OUTP ON;:SENS:CURR:NPLC 10");
	v25 = vgs_at(&t, 5e-3, 0, 8);
	h25 = t.b->dut.hyst;
	assert_int_equal(wbg_vbench_set_temp_k(t.b, 423.15), WBG_OK);
	v150 = vgs_at(&t, 5e-3, 0, 8);
	h150 = t.b->dut.hyst;
	/* Measured through the SMUs within 3 mV of the closed form, with the
	 * threshold hysteresis state reached at each (0.15 V x s). */
	assert_double_near(v150 - v25,
	                   vgs_closed(&t.b->dut.p, 5e-3, 10, 423.15) -
	                       vgs_closed(&t.b->dut.p, 5e-3, 10, 298.15) + 0.15 * (h150 - h25),
	                   0, 3e-3);
	assert_true(v150 < v25 - 0.5);
	/* The model threshold itself: -6 mV/K x 125 K. */
	assert_double_near(wbgi_dut_vth(&t.b->dut, 423.15) - wbgi_dut_vth(&t.b->dut, 298.15), -0.75,
	                   1e-12, 1e-12);
	wbg_vbench_free(t.b);
}

static void test_sic_leakage_doubles_every_10k(void **state)
{
	struct two t;
	double id25, id125, ig25, ig125;

	(void)state;
	two_smu(&t, "sic-mosfet", 2);
	cmd(t.g, ":SOUR:VOLT 0;:OUTP ON");
	cmd(t.d, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 1000;:OUTP ON;:SENS:CURR:NPLC 10");
	id25 = qnum(t.d, ":MEAS:CURR?");
	/* 5 nA at 1200 V, linear in V: 4.1667 nA at 1000 V. */
	assert_double_near(id25, 5e-9 * 1000 / 1200, 1e-3, 0);
	assert_int_equal(wbg_vbench_set_temp_k(t.b, 398.15), WBG_OK);
	id125 = qnum(t.d, ":MEAS:CURR?");
	assert_double_near(id125 / id25, 1024.0, 2e-3, 0); /* 2^(100 K / 10 K) */
	/* Gate: 1 nA at 20 V, 25 °C. */
	cmd(t.d, ":SOUR:VOLT 0");
	cmd(t.g, ":SOUR:VOLT 20;:SENS:CURR:NPLC 10");
	assert_int_equal(wbg_vbench_set_temp_k(t.b, 298.15), WBG_OK);
	ig25 = qnum(t.g, ":MEAS:CURR?");
	assert_double_near(ig25, 1e-9, 5e-3, 0);
	assert_int_equal(wbg_vbench_set_temp_k(t.b, 398.15), WBG_OK);
	ig125 = qnum(t.g, ":MEAS:CURR?");
	assert_double_near(ig125 / ig25, 1024.0, 1e-2, 0);
	wbg_vbench_free(t.b);
}

static void test_sic_static_characteristics(void **state)
{
	struct wbgi_dut d;
	double ig, id, id2, ron25, ron175;

	(void)state;
	assert_int_equal(wbgi_dut_init(&d, "sic-mosfet", 0.5), WBG_OK);
	/* Avalanche: at BV the avalanche term is iav0 = 100 µA (+ 6.9 nA leak). */
	wbgi_dut_currents(&d, 0, 1650, 298.15, &ig, &id);
	assert_double_near(id, 1e-4 + 5e-9 * 1650 / 1200, 1e-6, 0);
	/* BV rises 0.03 %/K: 1650 (1 + 3e-4 x 150) = 1724.25 V at 175 °C. */
	assert_double_near(wbgi_dut_bv(&d, 448.15), 1724.25, 1e-12, 0);
	/* Body diode conducts with Vgs = -5 V: about 10 A at -3.3 V (the
	 * datasheet-class point the parameters were set to). */
	wbgi_dut_currents(&d, -5, -3.3, 298.15, &ig, &id);
	assert_double_near(id, -10.0, 0.1, 0);
	/* ... and its forward voltage falls with temperature. */
	wbgi_dut_currents(&d, -5, -3.3, 423.15, &ig, &id2);
	assert_true(id2 < id);
	/* On-resistance at Vgs = 18 V, 1 A: 80 mOhm class, rising with T. */
	wbgi_dut_currents(&d, 18, 0.08, 298.15, &ig, &id);
	ron25 = 0.08 / id;
	wbgi_dut_currents(&d, 18, 0.08, 448.15, &ig, &id);
	ron175 = 0.08 / id;
	assert_double_near(ron25, 0.080, 0.05, 0);
	assert_true(ron175 / ron25 > 1.5 && ron175 / ron25 < 2.2);
	/* Capacitances: Crss = Cgd0 (1 + V/Vj)^-m = 400 pF x 2001^-0.55 at 1000 V. */
	assert_double_near(wbgi_dut_cap(&d, WBGI_CRSS, 1000), 400e-12 * pow(2001, -0.55), 1e-12, 0);
	assert_double_near(wbgi_dut_cap(&d, WBGI_CISS, 1000),
	                   940e-12 + 400e-12 * pow(2001, -0.55), 1e-12, 0);
	assert_double_near(wbgi_dut_cap(&d, WBGI_COSS, 1000),
	                   1.2e-9 / sqrt(501) + 400e-12 * pow(2001, -0.55), 1e-12, 0);
	assert_true(wbgi_dut_cap(&d, WBGI_COSS, 0) > wbgi_dut_cap(&d, WBGI_COSS, 100));
}

static void test_gan_static_characteristics(void **state)
{
	struct wbgi_dut d;
	double ig, id, ron25, ron150;

	(void)state;
	assert_int_equal(wbgi_dut_init(&d, "gan-hemt", 0.5), WBG_OK);
	assert_double_near(wbgi_dut_vth(&d, 298.15), 1.7, 1e-12, 0);
	assert_double_near(wbgi_dut_vth(&d, 423.15) - wbgi_dut_vth(&d, 298.15), -0.125, 1e-9, 0);
	/* No body diode: at Vgs = 0 the channel conducts in reverse only once
	 * Vgd exceeds Vth (Vds < -1.7 V). */
	wbgi_dut_currents(&d, 0, -1.0, 298.15, &ig, &id);
	assert_true(id > -1e-6);
	wbgi_dut_currents(&d, 0, -3.0, 298.15, &ig, &id);
	assert_true(id < -1.0);
	wbgi_dut_currents(&d, -3, -3.0, 298.15, &ig, &id); /* negative gate: later */
	assert_true(id > -1e-3);
	/* No avalanche: the breakdown voltage does not move with temperature. */
	assert_double_near(wbgi_dut_bv(&d, 423.15), 850.0, 1e-12, 0);
	/* Ron at 6 V: 50 mOhm, x2.0-2.7 at 150 °C (GS66508B: 50 -> 129 mOhm). */
	wbgi_dut_currents(&d, 6, 0.05, 298.15, &ig, &id);
	ron25 = 0.05 / id;
	wbgi_dut_currents(&d, 6, 0.05, 423.15, &ig, &id);
	ron150 = 0.05 / id;
	assert_double_near(ron25, 0.050, 0.03, 0);
	assert_true(ron150 / ron25 > 2.0 && ron150 / ron25 < 2.7);
	/* Capacitances at 400 V within 10 % of GS66508B typ. 260 / 65 pF. */
	assert_double_near(wbgi_dut_cap(&d, WBGI_CISS, 400), 260e-12, 0.1, 0);
	assert_double_near(wbgi_dut_cap(&d, WBGI_COSS, 400), 65e-12, 0.1, 0);
	/* Gate leakage: 1 µA at 6 V, doubling every 20 K. */
	wbgi_dut_currents(&d, 6, 0, 338.15, &ig, &id);
	assert_double_near(ig, 1e-6 * 4.0, 1e-9, 0);
}

/* BVDSS of the GaN HEMT measured as a 2470 would: force 100 µA into the
 * drain with Vgs = 0 and read the voltage. Closed form (dut.md):
 * Iav0 e^((V - BV)/Vs) + Idss0 V/650 V = 100 µA, so
 * V = BV + Vs ln(1 - Idss0 V / (650 V Iav0)) = 849.934 V. */
static void test_gan_bvdss_through_2470(void **state)
{
	struct two t;
	double v, expect = 850.0;
	int k;

	(void)state;
	two_smu(&t, "gan-hemt", 6);
	cmd(t.g, ":SOUR:VOLT 0;:OUTP ON");
	cmd(t.d, ":SOUR:FUNC CURR;:SOUR:CURR:VLIM 1100;:SOUR:CURR 100e-6;:OUTP ON");
	v = qnum(t.d, ":MEAS:VOLT?");
	for (k = 0; k < 20; k++)
		expect = 850.0 + 5.0 * log(1 - 1e-6 * expect / 650.0 / 1e-4);
	assert_double_near(v, expect, 0, 0.02);
	assert_double_exact(qnum(t.d, ":SOUR:CURR:VLIM:TRIP?"), 0);
	wbg_vbench_free(t.b);
}

static void test_sic_hysteresis_follows_gate_history(void **state)
{
	wbg_vbench *b;
	struct wbgi_drive dr = {true, WBGI_SRC_V, -5.0, 1e-3};
	wbg_vinstr *g;
	double vneg, vpos;

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "sic-mosfet", 3, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&g, b, NULL, "2450", "gate", NULL), WBG_OK);
	wbgi_bench_set_drive(b, WBGI_GATE, &dr);
	assert_int_equal(wbg_vbench_advance(b, 2.0), WBG_OK); /* 20 tau */
	vneg = wbgi_dut_vth(&b->dut, 298.15);
	dr.level = 15.0;
	wbgi_bench_set_drive(b, WBGI_GATE, &dr);
	assert_int_equal(wbg_vbench_advance(b, 2.0), WBG_OK);
	vpos = wbgi_dut_vth(&b->dut, 298.15);
	/* 0.15 V x (tanh(15/5) - tanh(-5/5)) = 0.2635 V, plus the PBTI of 2 s
	 * at 15 V: 5 mV (15/20)^3 2^0.2 = 2.42 mV (NBTI of the -5 V phase
	 * is counted in both values). Within 0.1 mV for the exp(-20) residue. */
	assert_double_near(vpos - vneg,
	                   0.15 * (tanh(3.0) - tanh(-1.0)) + 5e-3 * pow(0.75, 3) * pow(2.0, 0.2), 0,
	                   1e-4);
	wbg_vbench_free(b);
}

/* Drain current of the channel model (dut.md) at T0 ... */
static double id_channel(double vgs, double vds, double vth)
{
	double phi = KB * 298.15, n = 4.0, k = 2.2;
	double lf = log1p(exp((vgs - vth) / (2 * n * phi))), lr = log1p(exp((vgs - vth - vds) / (2 * n * phi)));
	return 2 * n * n * k * phi * phi * (lf * lf - lr * lr) * (1 + 2e-4 * vds);
}

/* ... with the 50 mOhm drift resistance in series (fixed point; the drop
 * is ~1 % of Vds here, so a few iterations converge to 1e-12). */
static double id_closed(double vgs, double vds, double vth)
{
	double i = 0;
	int k;

	for (k = 0; k < 20; k++)
		i = id_channel(vgs, vds - i * 0.050, vth);
	return i;
}

/* JEP183-style preconditioning through a B2902A: the current at Vgs = 3 V
 * depends on the gate bias held before it, by the hysteresis state. */
static void test_sic_preconditioning_through_smu(void **state)
{
	wbg_vbench *b;
	wbg_vinstr *smu;
	char r[128];
	double i_neg, i_pos, vth_neg, vth_pos;

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "sic-mosfet", 8, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&smu, b, NULL, "B2902A", "gate,drain", NULL), WBG_OK);
	cmd(smu, ":SOUR2:VOLT 0.1;:SENS2:CURR:PROT 0.1;:OUTP2 ON;:SENS2:CURR:NPLC 0.01");
	cmd(smu, ":SENS1:CURR:PROT 1e-3;:SOUR1:VOLT -5;:OUTP1 ON");
	assert_int_equal(wbg_vbench_advance(b, 2.0), WBG_OK); /* 20 tau at -5 V */
	cmd(smu, ":SOUR1:VOLT 3");
	assert_int_equal(wbg_vinstr_query(smu, ":MEAS:CURR? (@2)", r, sizeof(r)), WBG_OK);
	i_neg = strtod(r, NULL);
	cmd(smu, ":SOUR1:VOLT 15");
	assert_int_equal(wbg_vbench_advance(b, 2.0), WBG_OK);
	cmd(smu, ":SOUR1:VOLT 3");
	assert_int_equal(wbg_vinstr_query(smu, ":MEAS:CURR? (@2)", r, sizeof(r)), WBG_OK);
	i_pos = strtod(r, NULL);
	/* Vth = 3.0 V + 0.15 V tanh(Vpre/5 V), plus the BTI of the 2 s phases
	 * (NBTI 3 mV (5/10)^3 2^0.2 at -5 V, PBTI 5 mV (15/20)^3 2^0.2 at 15 V);
	 * the 0.17 ms measurement lets s relax by < 0.2 %. */
	vth_neg = 3.0 + 0.15 * tanh(-1.0) - 3e-3 * pow(0.5, 3) * pow(2.0, 0.2);
	vth_pos = 3.0 + 0.15 * tanh(3.0) - 3e-3 * pow(0.5, 3) * pow(2.0, 0.2) +
	          5e-3 * pow(0.75, 3) * pow(2.0, 0.2);
	assert_double_near(i_neg, id_closed(3.0, 0.1, vth_neg), 0.01, 0);
	assert_double_near(i_pos, id_closed(3.0, 0.1, vth_pos), 0.01, 0);
	assert_true(i_neg > 2 * i_pos);
	wbg_vbench_free(b);
}

static void test_bti_power_law(void **state)
{
	wbg_vbench *b;
	struct wbgi_drive dr = {true, WBGI_SRC_V, 20.0, 1e-3};
	wbg_vinstr *g;
	double acc, t, prev = 0;
	int k;

	(void)state;
	assert_int_equal(wbg_vbench_new(&b, "sic-mosfet", 4, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&g, b, NULL, "2450", "gate", NULL), WBG_OK);
	assert_int_equal(wbg_vbench_set_temp_k(b, 423.15), WBG_OK);
	wbgi_bench_set_drive(b, WBGI_GATE, &dr);
	acc = exp(0.1 / KB * (1 / 298.15 - 1 / 423.15));
	/* Stress in uneven chunks: the equivalent-time method keeps
	 * dVth = A (V/Vref)^gamma acc t^n exact. */
	for (k = 1, t = 0; k <= 6; k++) {
		double dt = pow(10.0, k) - t;
		assert_int_equal(wbg_vbench_advance(b, dt * 0.3), WBG_OK);
		assert_int_equal(wbg_vbench_advance(b, dt * 0.7), WBG_OK);
		t = pow(10.0, k);
		assert_double_near(b->dut.bti_pos_v, 5e-3 * acc * pow(t, 0.2), 1e-9, 0);
		if (k > 1) /* one decade of time: a factor 10^0.2 */
			assert_double_near(b->dut.bti_pos_v / prev, pow(10.0, 0.2), 1e-9, 0);
		prev = b->dut.bti_pos_v;
	}
	/* Voltage acceleration: 25 V for 1e4 s on a fresh unit: (25/20)^3. */
	wbg_vbench_free(b);
	assert_int_equal(wbg_vbench_new(&b, "sic-mosfet", 4, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&g, b, NULL, "2450", "gate", NULL), WBG_OK);
	dr.level = 25.0;
	wbgi_bench_set_drive(b, WBGI_GATE, &dr);
	assert_int_equal(wbg_vbench_advance(b, 1e4), WBG_OK);
	assert_double_near(b->dut.bti_pos_v, 5e-3 * pow(1.25, 3) * pow(1e4, 0.2), 1e-9, 0);
	wbg_vbench_free(b);
}

/* Weibull maximum likelihood for complete data: beta solves
 * sum t^b ln t / sum t^b - 1/b - mean ln t = 0 (Lawless, Statistical Models
 * and Methods for Lifetime Data, 2nd ed., eq. 5.2.5); eta = (mean t^b)^(1/b). */
static void weibull_mle(const double *t, size_t n, double *beta, double *eta)
{
	double lo = 0.1, hi = 50, mlt = 0, b = 1, s0, s1;
	size_t i;
	int it;

	for (i = 0; i < n; i++)
		mlt += log(t[i]) / (double)n;
	for (it = 0; it < 100; it++) {
		b = 0.5 * (lo + hi);
		s0 = s1 = 0;
		for (i = 0; i < n; i++) {
			double w = pow(t[i] / exp(mlt), b); /* scaled for range */
			s0 += w;
			s1 += w * log(t[i]);
		}
		if (s1 / s0 - 1 / b - mlt > 0)
			hi = b;
		else
			lo = b;
	}
	s0 = 0;
	for (i = 0; i < n; i++)
		s0 += pow(t[i] / exp(mlt), b);
	*beta = b;
	*eta = exp(mlt) * pow(s0 / (double)n, 1 / b);
}

static void test_tddb_weibull_recovered(void **state)
{
	enum { N = 2000 };
	static double ttf[N];
	double beta, eta, eta_expect, e;
	wbg_vbench *b;
	unsigned u;

	(void)state;
	for (u = 0; u < N; u++) {
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 77, u, 0.0, NULL), WBG_OK);
		assert_int_equal(wbg_vbench_ttf(&ttf[u], b, 40.0, 448.15), WBG_OK);
		wbg_vbench_free(b);
	}
	weibull_mle(ttf, N, &beta, &eta);
	/* E model: eta = 1e12 s exp(-3.45e-8 (E - 4e8)) / exp(0.5 eV/k (1/298.15 - 1/448.15)),
	 * E = 40 V / 50 nm. The MLE of beta has a relative sd of ~0.78/sqrt(N) = 1.7 %. */
	e = 40.0 / 50e-9;
	eta_expect = 1e12 * exp(-3.45e-8 * (e - 4e8)) / exp(0.5 / KB * (1 / 298.15 - 1 / 448.15));
	assert_double_near(beta, 5.0, 0.06, 0);
	assert_double_near(eta, eta_expect, 0.02, 0);
	/* A unit fails when its time comes, and its gate shorts. */
	{
		struct wbgi_drive dr = {true, WBGI_SRC_V, 40.0, 0.1};
		wbg_vinstr *g;
		double t;
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 77, 5, 0.0, NULL), WBG_OK);
		assert_int_equal(wbg_vbench_add(&g, b, NULL, "2450", "gate", NULL), WBG_OK);
		assert_int_equal(wbg_vbench_set_temp_k(b, 448.15), WBG_OK);
		wbgi_bench_set_drive(b, WBGI_GATE, &dr);
		t = ttf[5];
		assert_int_equal(wbg_vbench_advance(b, t * 0.999), WBG_OK);
		assert_false(wbg_vbench_dut_failed(b));
		assert_int_equal(wbg_vbench_advance(b, t * 0.002), WBG_OK);
		assert_true(wbg_vbench_dut_failed(b));
		/* 40 V across the 100 Ohm short: 0.4 A > 0.1 A limit: compliance. */
		assert_int_equal(wbg_vinstr_query(g, ":SOUR:VOLT:ILIM 0.1;:SOUR:VOLT 20;:OUTP ON", NULL, 0), WBG_OK);
		assert_double_near(qnum(g, ":MEAS:CURR?"), 0.1, 1e-3, 0);
		wbg_vbench_free(b);
	}
}

static void test_gan_trapping_and_recovery(void **state)
{
	struct two t;
	double r0, r1, r2, trap;

	(void)state;
	two_smu(&t, "gan-hemt", 5);
	cmd(t.g, ":SOUR:VOLT 6;:OUTP ON");
	cmd(t.d, ":SOUR:VOLT:ILIM 1;:SOUR:VOLT 0.04;:OUTP ON;:SENS:CURR:NPLC 10");
	assert_int_equal(wbg_vbench_advance(t.b, 1.0), WBG_OK); /* gate hysteresis settles */
	r0 = 0.04 / qnum(t.d, ":MEAS:CURR?");
	assert_double_near(r0, 0.050, 0.05, 0); /* 50 mOhm class */
	/* Off-state stress: Vgs 0, Vds 600 V for 10 s (1000 capture times). */
	cmd(t.g, ":SOUR:VOLT 0");
	cmd(t.d, ":SOUR:VOLT:ILIM 1e-3;:SOUR:VOLT 600");
	assert_int_equal(wbg_vbench_advance(t.b, 10.0), WBG_OK);
	trap = 0.4 * 600.0 / 650.0;
	assert_double_near(t.b->dut.trap, trap, 1e-6, 0);
	cmd(t.d, ":SOUR:VOLT 0.04");
	cmd(t.g, ":SOUR:VOLT 6");
	cmd(t.d, ":SOUR:VOLT:ILIM 1");
	r1 = 0.04 / qnum(t.d, ":MEAS:CURR?");
	/* Series drift resistance: Ron rises by Rd0 x trap = 30 mOhm x 0.369
	 * (less the emission during the ~0.2 s of measuring: < 0.3 %). */
	assert_double_near(r1 - r0, 0.030 * trap, 0.02, 0);
	/* Recovery: 100 s on-state at 25 °C is one emission time: exp(-1)
	 * (the 6 V gate's PBTI meanwhile adds < 0.1 mOhm). */
	assert_int_equal(wbg_vbench_advance(t.b, 100.0), WBG_OK);
	r2 = 0.04 / qnum(t.d, ":MEAS:CURR?");
	assert_double_near(r2 - r0, 0.030 * trap * exp(-1.0), 0.05, 0);
	wbg_vbench_free(t.b);
}

static void test_determinism_from_seed(void **state)
{
	wbg_vbench *a, *b, *c;
	wbg_vinstr *va, *vb, *vc;
	char ra[64], rb[64], rc[64];
	int k, differ = 0;

	(void)state;
	assert_int_equal(wbg_vbench_new(&a, "r1k", 9, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_new(&b, "r1k", 9, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_new(&c, "r1k", 10, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&va, a, NULL, "2450", NULL, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vb, b, NULL, "2450", NULL, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vc, c, NULL, "2450", NULL, NULL), WBG_OK);
	for (k = 0; k < 5; k++) {
		const char *q = ":SOUR:VOLT 1;:SOUR:VOLT:ILIM 0.01;:OUTP ON;:READ?";
		assert_int_equal(wbg_vinstr_query(va, q, ra, sizeof(ra)), WBG_OK);
		assert_int_equal(wbg_vinstr_query(vb, q, rb, sizeof(rb)), WBG_OK);
		assert_int_equal(wbg_vinstr_query(vc, q, rc, sizeof(rc)), WBG_OK);
		assert_string_equal(ra, rb);
		differ += strcmp(ra, rc) != 0;
	}
	assert_true(differ >= 4);
	wbg_vbench_free(a);
	wbg_vbench_free(b);
	wbg_vbench_free(c);
	/* Lot units: unit k is the same whatever else was drawn. */
	assert_int_equal(wbg_vbench_new_lot_unit(&a, "sic-mosfet", 5, 17, 0.1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 5, 3, 0.1, NULL), WBG_OK);
	assert_int_equal(wbg_vbench_new_lot_unit(&c, "sic-mosfet", 5, 17, 0.1, NULL), WBG_OK);
	assert_double_exact(a->dut.p.vth0_v, c->dut.p.vth0_v);
	assert_double_exact(a->dut.damage_fail, c->dut.damage_fail);
	assert_true(a->dut.p.vth0_v != b->dut.p.vth0_v);
	wbg_vbench_free(a);
	wbg_vbench_free(b);
	wbg_vbench_free(c);
}

static void test_lot_spread_and_defects(void **state)
{
	enum { N = 1000 };
	double sum = 0, sum2 = 0, mean, sd;
	int leaky = 0, weak = 0;
	unsigned u;
	wbg_vbench *b;

	(void)state;
	for (u = 0; u < N; u++) {
		assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 11, u, 0.1, NULL), WBG_OK);
		sum += b->dut.p.vth0_v;
		sum2 += b->dut.p.vth0_v * b->dut.p.vth0_v;
		leaky += b->dut.p.idss0_a > 5e-9 * 10 * exp(0.5 * 2); /* > 10x and 2 sigma */
		weak += b->dut.p.tddb_eta0_s < 1e9;
		wbg_vbench_free(b);
	}
	mean = sum / N;
	sd = sqrt(sum2 / N - mean * mean);
	/* Vth spread 4 % of 3.0 V = 0.12 V. */
	assert_double_near(mean, 3.0, 0, 0.02);
	assert_double_near(sd, 0.12, 0.08, 0);
	/* 10 % defective, half each kind: 50 +- 3 sigma (binomial sd 6.9). */
	assert_true(weak > 29 && weak < 71);
	assert_true(leaky > 29 && leaky < 80);
	assert_int_equal(wbg_vbench_new_lot_unit(&b, "sic-mosfet", 11, 0, 1.5, NULL),
	                 WBG_ERR_INVALID_ARG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sic_vth_falls_with_temperature),
		cmocka_unit_test(test_sic_leakage_doubles_every_10k),
		cmocka_unit_test(test_sic_static_characteristics),
		cmocka_unit_test(test_gan_static_characteristics),
		cmocka_unit_test(test_gan_bvdss_through_2470),
		cmocka_unit_test(test_sic_hysteresis_follows_gate_history),
		cmocka_unit_test(test_sic_preconditioning_through_smu),
		cmocka_unit_test(test_bti_power_law),
		cmocka_unit_test(test_tddb_weibull_recovered),
		cmocka_unit_test(test_gan_trapping_and_recovery),
		cmocka_unit_test(test_determinism_from_seed),
		cmocka_unit_test(test_lot_spread_and_defects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
