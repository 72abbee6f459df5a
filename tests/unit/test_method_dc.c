/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The DC methods by name (wbg_method_run) on the virtual bench: closed forms
 * on the 1 kOhm resistor DUT, and the SiC MOSFET's threshold against its
 * own transfer curve.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "meas_fixture.h"
#include "wbg_test.h"

/* Every method leaves both outputs off at 0 V. */
static void fx_close(struct meas_fx *f)
{
	meas_assert_off(f->vd);
	meas_assert_off(f->vg);
	meas_fx_close(f);
}

static double rec(const wbg_meas_result *r, const char *q)
{
	size_t i;

	for (i = 0; i < wbg_meas_result_record_count(r); i++)
		if (strcmp(wbg_record_quantity(wbg_meas_result_record(r, i)), q) == 0)
			return wbg_record_value(wbg_meas_result_record(r, i));
	fail_msg("no record %s", q);
	return NAN;
}

static double cond(const wbg_meas_result *r, const char *name)
{
	double v = NAN;

	assert_int_equal(wbg_record_find_condition(&v, NULL, wbg_meas_result_record(r, 0), name),
	                 WBG_OK);
	return v;
}

static wbg_meas_result *run(struct meas_fx *f, const char *method, const char *const *names,
                            const double *values, size_t n)
{
	wbg_meas_result *r = NULL;
	int rc = wbg_method_run(&r, f->m, method, names, values, n);

	if (rc != WBG_OK)
		fail_msg("%s: %s", method, wbg_ctx_errmsg(f->ctx));
	return r;
}

/* Ohm's law on 1 kOhm: Rdson = 1000 Ohm, IDSS = V/R, the "diode" is the
 * resistor (1 mA reverse -> 1 V), BVDSS at 0.25 mA crosses at 0.25 V
 * (linear interpolation is exact on a resistor). Noise: 20 ppm. */
static void test_resistor_closed_forms(void **state)
{
	struct meas_fx f;
	wbg_meas_result *r;
	const char *rn[] = {"vgs", "id", "vds_limit"};
	const double rv[] = {5.0, 1e-3, 5.0};
	const char *in[] = {"vds", "delay"};
	const double iv[] = {0.5, 0.0};
	const char *dn[] = {"if", "v_limit"};
	const double dv[] = {1e-3, 5.0};
	const char *bn[] = {"vds_stop", "step", "id_crit", "id_limit"};
	const double bv[] = {1.0, 0.1, 0.25e-3, 1e-3};
	const char *on[] = {"vgs", "vds_stop", "points", "id_limit"};
	const double ov[] = {5.0, 1.0, 11, 0.01};
	const wbg_array *a;

	(void)state;
	meas_fx_open(&f, "r1k", 11);
	r = run(&f, "rdson", rn, rv, 3);
	assert_double_near(rec(r, "rdson"), 1000.0, 1e-3, 0);
	assert_double_exact(cond(r, "pulsed"), 0.0); /* the 2470 has no pulse mode */
	/* u: 2470 1 V on the 2 V range ±(0.012 % + 300 uV) measured, 1 mA source
	 * ±(0.020 % + 150 nA): u_R/R = hypot(420e-6/sqrt3/1, 350e-9/sqrt3/1e-3). */
	assert_double_near(wbg_record_uncertainty(wbg_meas_result_record(r, 0)),
	                   1000.0 * hypot(420e-6 / sqrt(3.0), 350e-6 / sqrt(3.0)), 0.01, 0);
	wbg_meas_result_free(r);
	r = run(&f, "idss", in, iv, 2);
	assert_double_near(rec(r, "idss"), 0.5e-3, 1e-3, 0);
	wbg_meas_result_free(r);
	r = run(&f, "diode", dn, dv, 2);
	assert_double_near(rec(r, "vsd"), 1.0, 1e-3, 0);
	wbg_meas_result_free(r);
	r = run(&f, "bvdss", bn, bv, 4);
	assert_double_near(rec(r, "bvdss"), 0.25, 1e-3, 0);
	a = wbg_meas_result_find(r, "vds");
	assert_int_equal((int)a->n, 4); /* stopped at the criterion: 0, 0.1, 0.2, 0.3 V */
	wbg_meas_result_free(r);
	/* Output curve on the instrument (2470 sweep, one :TRAC:DATA?): Id = V/R. */
	r = run(&f, "output", on, ov, 4);
	a = wbg_meas_result_find(r, "id");
	assert_double_near(a->values[10], 1e-3, 1e-3, 0);
	assert_double_near(a->values[5], 0.5e-3, 1e-3, 0);
	assert_true(wbg_meas_result_transactions(r) < 15);
	wbg_meas_result_free(r);
	fx_close(&f);
}

/* SiC MOSFET: Vth at 1 mA after a -4 V preconditioning pulse agrees with
 * the 1 mA crossing of a transfer curve taken right after (10 mV steps)
 * within 0.1 V; IGSS is tiny and the error path for a threshold outside the
 * window is WBG_ERR_RANGE with the outputs off. */
static void test_mosfet_vth(void **state)
{
	struct meas_fx f;
	wbg_meas_result *r, *t = NULL;
	wbg_transfer_params p;
	const char *vn[] = {"vds", "step", "vgs_stop"};
	const double vv[] = {1.0, 0.01, 8.0};
	const double bad[] = {1.0, 0.01, 1.0};
	const wbg_array *vg, *id;
	double vth, x = NAN;
	size_t k;

	(void)state;
	meas_fx_open(&f, "sic-mosfet", 11);
	r = run(&f, "vth", vn, vv, 3);
	vth = rec(r, "vth");
	assert_true(vth > 1.0 && vth < 6.0);
	assert_true(wbg_record_uncertainty(wbg_meas_result_record(r, 0)) < 0.01);
	wbg_meas_result_free(r);
	wbg_transfer_params_default(&p);
	p.vgs_start_v = 1.0;
	p.vgs_stop_v = 5.0;
	p.points = 401;
	p.id_limit_a = 0.1;
	assert_int_equal(wbg_meas_transfer(&t, f.m, &p), WBG_OK);
	vg = wbg_meas_result_find(t, "vgs");
	id = wbg_meas_result_find(t, "id");
	for (k = 1; k < id->n; k++)
		if (id->values[k] >= 1e-3) {
			x = vg->values[k];
			break;
		}
	assert_double_near(vth, x, 0, 0.1);
	wbg_meas_result_free(t);
	/* Vgs stopped at 1 V, below this device's threshold (above 1 V, as
	 * asserted above): no crossing, so the sweep is kept and the record is
	 * the bound vth_above = the last gate voltage read back (1 V, to the
	 * gate SMU's accuracy), with no uncertainty. */
	r = run(&f, "vth", vn, bad, 3);
	assert_int_equal(wbg_meas_result_record_count(r), 1);
	assert_double_near(rec(r, "vth_above"), 1.0, 0, 1e-3);
	assert_true(isnan(wbg_record_uncertainty(wbg_meas_result_record(r, 0))));
	vg = wbg_meas_result_find(r, "vgs");
	assert_non_null(vg);
	assert_int_equal(vg->n, 101); /* 0 V .. 1 V in 10 mV steps, all kept */
	assert_true(wbg_meas_result_find(r, "id")->values[100] < 1e-3);
	wbg_meas_result_free(r);
	/* Starting above the threshold: Id is over id_th at the first point,
	 * so the bound is vth_below = vgs_start (8 V). */
	{
		const char *vn2[] = {"vds", "step", "vgs_start", "vgs_stop"};
		const double vv2[] = {1.0, 0.01, 8.0, 9.0};
		r = run(&f, "vth", vn2, vv2, 4);
		assert_double_near(rec(r, "vth_below"), 8.0, 0, 1e-3);
		assert_int_equal(wbg_meas_result_find(r, "vgs")->n, 1);
		wbg_meas_result_free(r);
	}
	fx_close(&f);
}

/* With the chuck controller in the session, every record carries the
 * temperature it was measured at: 350 K after settling (virtual time). */
static void test_temperature_condition(void **state)
{
	struct meas_fx f;
	wbg_vinstr *vc;
	wbg_instr *ic;
	wbg_thermal *th;
	wbg_meas_result *r;
	const char *n[] = {"vds", "delay"};
	const double v[] = {0.5, 0.0};
	const char *unit;
	double t;

	(void)state;
	meas_fx_open(&f, "r1k", 11);
	assert_int_equal(wbg_vbench_add(&vc, f.vb, "chuck", "336", NULL, f.ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&ic, "SIM::chuck", f.ctx), WBG_OK);
	assert_int_equal(wbg_thermal_open(&th, ic, NULL, 1, 'A', f.ctx), WBG_OK);
	assert_int_equal(wbg_thermal_set(th, 350.0), WBG_OK);
	assert_int_equal(wbg_thermal_wait_stable(th, 0.2, 10, 1, 7200), WBG_OK);
	wbg_meas_set_thermal(f.m, th);
	assert_ptr_equal(wbg_meas_thermal(f.m), th);
	r = run(&f, "idss", n, v, 2);
	assert_int_equal(wbg_record_find_condition(&t, &unit, wbg_meas_result_record(r, 0), "temp"),
	                 WBG_OK);
	assert_string_equal(unit, "K");
	assert_double_near(t, 350.0, 0, 0.2);
	/* Its standard uncertainty: the 336 diode input's ±(80 µV + 0.005 %)
	 * at 0.4434 V over the DT-670 slope near 350 K (2.34 mV/K, published
	 * curve), /√3 = 25.2 mK (worked in test_ls336_accuracy). */
	assert_int_equal(wbg_record_find_condition(&t, &unit, wbg_meas_result_record(r, 0),
	                                           "u_temp"),
	                 WBG_OK);
	assert_string_equal(unit, "K");
	assert_double_near(t, 25.2e-3, 0, 0.2e-3);
	wbg_meas_result_free(r);
	/* The diode on its 10 V range has no encoded accuracy: the records
	 * keep the temperature, without an uncertainty. */
	assert_int_equal(wbg_instr_write(ic, "INTYPE A,1,0,1,0,1"), WBG_OK);
	r = run(&f, "idss", n, v, 2);
	assert_int_equal(wbg_record_find_condition(&t, &unit, wbg_meas_result_record(r, 0), "temp"),
	                 WBG_OK);
	assert_double_near(t, 350.0, 0, 0.2);
	assert_int_equal(wbg_record_find_condition(&t, &unit, wbg_meas_result_record(r, 0),
	                                           "u_temp"),
	                 WBG_ERR_NOT_FOUND);
	wbg_meas_result_free(r);
	wbg_meas_set_thermal(f.m, NULL);
	wbg_thermal_off(th);
	wbg_thermal_free(th);
	wbg_instr_close(ic);
	fx_close(&f);
}

/* Unknown methods and settings are named. */
static void test_table(void **state)
{
	struct meas_fx f;
	wbg_meas_result *r = NULL;
	const char *n[] = {"nope"};
	const double v[] = {1};
	size_t i;

	(void)state;
	meas_fx_open(&f, "r1k", 11);
	assert_int_equal(wbg_method_count(), 9);
	for (i = 0; i < wbg_method_count(); i++)
		assert_ptr_equal(wbg_method_find(wbg_method_at(i)->name), wbg_method_at(i));
	assert_int_equal(wbg_method_run(&r, f.m, "nope", NULL, NULL, 0), WBG_ERR_NOT_FOUND);
	assert_int_equal(wbg_method_run(&r, f.m, "idss", n, v, 1), WBG_ERR_NOT_FOUND);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "no setting 'nope'"));
	fx_close(&f);
}

/*
 * rdson on a B2902A (gate channel 1, drain channel 2) and the 1 kOhm DUT:
 * the drain SMU can pulse, so the drain current comes as one 1 ms pulse
 * (Ohm's law: 1000 Ohm; the virtual clock advances by the pulse width plus
 * the gate reading, not by a DC settling delay); dc=1 forces the DC
 * reading (1000 Ohm too, condition pulsed = 0). The 2450/2470 fixture of
 * test_resistor_closed_forms has no pulse mode: there pulsed = 0.
 */
static void test_rdson_pulsed(void **state)
{
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_smu *g, *d;
	wbg_meas *m;
	wbg_meas_result *r = NULL;
	const char *names[] = {"vgs", "id", "vds_limit", "pulse_width", "dc"};
	double vals[] = {5.0, 1e-3, 5.0, 1e-3, 0.0};
	double t0;
	int rc;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "r1k", 5, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "smu", "B2902A", "gate,drain", ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::smu", ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&g, in, NULL, 1, ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&d, in, NULL, 2, ctx), WBG_OK);
	assert_true(wbg_smu_can_pulse(d));
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(m, "gate", g), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(m, "drain", d), WBG_OK);
	t0 = wbg_vbench_time(vb);
	rc = wbg_method_run(&r, m, "rdson", names, vals, 5);
	if (rc != WBG_OK)
		fail_msg("rdson: %s", wbg_ctx_errmsg(ctx));
	assert_double_near(rec(r, "rdson"), 1000.0, 1e-3, 0);
	assert_double_exact(cond(r, "pulsed"), 1.0);
	assert_double_near(cond(r, "pulse_width"), 1e-3, 0, 0);
	/* The pulse (1 ms) and the gate's 1 PLC reading (1/60 s), no 1 ms
	 * settling delay: under 1 ms + 2/60 s in all. */
	assert_true(wbg_vbench_time(vb) - t0 < 1e-3 + 2.0 / 60);
	assert_true(wbg_vbench_time(vb) - t0 >= 1e-3);
	/* Left at 0 V and off, shape back to DC. */
	assert_double_near(meas_vq(vi, ":OUTP2?"), 0.0, 0.0, 0);
	assert_double_near(meas_vq(vi, ":OUTP1?"), 0.0, 0.0, 0);
	{
		char sh[16];
		assert_int_equal(wbg_vinstr_query(vi, ":SOUR2:FUNC:SHAP?", sh, sizeof(sh)), WBG_OK);
		assert_string_equal(sh, "DC");
	}
	wbg_meas_result_free(r);
	vals[4] = 1.0;
	rc = wbg_method_run(&r, m, "rdson", names, vals, 5);
	if (rc != WBG_OK)
		fail_msg("rdson dc: %s", wbg_ctx_errmsg(ctx));
	assert_double_near(rec(r, "rdson"), 1000.0, 1e-3, 0);
	assert_double_exact(cond(r, "pulsed"), 0.0);
	wbg_meas_result_free(r);
	/* A pulse shorter than the driver's 100 us: refused before any output. */
	vals[3] = 50e-6;
	vals[4] = 0.0;
	assert_int_equal(wbg_method_run(&r, m, "rdson", names, vals, 5), WBG_ERR_INVALID_ARG);
	wbg_meas_free(m);
	wbg_smu_free(g);
	wbg_smu_free(d);
	wbg_instr_close(in);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resistor_closed_forms),
		cmocka_unit_test(test_mosfet_vth),
		cmocka_unit_test(test_temperature_condition),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_rdson_pulsed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
