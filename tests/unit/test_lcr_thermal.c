/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The LCR (E4980A) and thermal (Lake Shore 336) interfaces and the C-V
 * method on the virtual bench. Expected values: the C-V sweep against
 * single readings taken directly on the meter (an independent path, raw
 * SCPI); the chuck settles at its setpoint in virtual time, without
 * sleeping.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double direct_cp(wbg_vinstr *vi, double bias)
{
	char cmd[160], buf[128];

	snprintf(cmd, sizeof(cmd),
	         ":LIST:CLE:ALL;:DISP:PAGE MEAS;:FUNC:IMP CPD;:FREQ 1e6;:VOLT 0.025;:BIAS:VOLT %g;"
	         ":BIAS:STAT ON;:TRIG:SOUR BUS;:TRIG;:FETC?",
	         bias);
	assert_int_equal(wbg_vinstr_query(vi, cmd, buf, sizeof(buf)), WBG_OK);
	assert_int_equal(wbg_vinstr_query(vi, ":BIAS:STAT OFF;:BIAS:VOLT 0", NULL, 0), WBG_OK);
	return strtod(buf, NULL);
}

static void test_cv_three_meters(void **state)
{
	static const char *const caps[] = {"ciss", "coss", "crss"};
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi[3];
	wbg_instr *in[3];
	wbg_lcr *lcr[3];
	wbg_meas *m;
	wbg_meas_result *r = NULL;
	const wbg_array *c[3];
	char name[32], res[48], buf[16];
	size_t k;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 5, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	for (k = 0; k < 3; k++) {
		snprintf(name, sizeof(name), "lcr-%s", caps[k]);
		snprintf(res, sizeof(res), "SIM::%s", name);
		assert_int_equal(wbg_vbench_add(&vi[k], vb, name, "E4980A", caps[k], ctx), WBG_OK);
		assert_int_equal(wbg_instr_open(&in[k], res, ctx), WBG_OK);
		assert_int_equal(wbg_lcr_open(&lcr[k], in[k], NULL, ctx), WBG_OK);
		assert_int_equal(wbg_meas_set_lcr(m, caps[k], lcr[k]), WBG_OK);
	}
	{
		const char *n[] = {"vds_stop", "points"};
		const double v[] = {40.0, 21};
		assert_int_equal(wbg_method_run(&r, m, "cv", n, v, 2), WBG_OK);
	}
	for (k = 0; k < 3; k++) {
		c[k] = wbg_meas_result_find(r, caps[k]);
		assert_non_null(c[k]);
		assert_int_equal((int)c[k]->n, 21);
		/* Bias back off after the sweep. */
		assert_int_equal(wbg_vinstr_query(vi[k], ":BIAS:STAT?", buf, sizeof(buf)), WBG_OK);
		assert_string_equal(buf, "0");
		/* The list sweep agrees with single readings at 0 V and 40 V
		 * (noise 50 ppm of each value). */
		assert_double_near(c[k]->values[0], direct_cp(vi[k], 0.0), 1e-3, 0);
		assert_double_near(c[k]->values[20], direct_cp(vi[k], 40.0), 1e-3, 0);
	}
	/* Depletion: the output and reverse capacitances fall with Vds; the
	 * input capacitance stays the largest. */
	assert_true(c[1]->values[20] < c[1]->values[0]);
	assert_true(c[2]->values[20] < c[2]->values[0]);
	assert_true(c[0]->values[20] > c[2]->values[20]);
	/* On the meter: setup, list clear, list, page, one fetch, and the bias
	 * switched off twice (after the sweep, and at the method's exit):
	 * 9, whatever the number of points. */
	for (k = 0; k < 3; k++)
		assert_int_equal((int)wbg_lcr_transactions(lcr[k]), 9);
	/*
	 * At the default 25 mVrms, 1 MHz, MED (E4980A data sheet, Equation 8,
	 * by hand): Ab = (0.1 %) x (30 mVrms / 25 mVrms) = 0.12 % (Table 13,
	 * 5-50 mVrms column, best of the rows 100 Hz-1 MHz and 1-2 MHz),
	 * Zs = 0.6 mOhm x (1 + 0.4/0.025) x (1 + sqrt(1000/1e6)) (Table 16),
	 * Yo = 5 nS x (1 + 0.1/0.025) (Table 19, 100 kHz-1 MHz), |Zm| =
	 * 1/(2 pi f Cp sqrt(1 + D^2)); u = Ae/100 x C / sqrt(3).
	 */
	for (k = 0; k < 3; k++) {
		const wbg_record *rec = wbg_meas_result_record(r, k);
		double cf = wbg_record_value(rec), d, zm, ae;
		snprintf(name, sizeof(name), "d_%s", caps[k]);
		d = wbg_meas_result_find(r, name)->values[20];
		zm = 1.0 / (2 * 3.14159265358979 * 1e6 * cf * sqrt(1 + d * d));
		ae = 0.12 + 0.6e-3 * 17.0 * (1 + sqrt(1e-3)) / zm * 100 + 25e-9 * zm * 100;
		assert_double_near(wbg_record_uncertainty(rec), ae / 100 * cf / sqrt(3.0), 1e-9, 0);
	}
	wbg_meas_result_free(r);
	/*
	 * At 0.1 Vrms, 1 MHz, MED (E4980A data sheet, Equation 8, by hand):
	 * Ab = 0.10 % (Table 13, 100 Hz-1 MHz, 50 mV-0.3 V), Zs = 0.6 mOhm x
	 * (1 + 0.4/0.1) x (1 + sqrt(1000/1e6)) (Table 16), Yo = 5 nS x
	 * (1 + 0.1/0.1) (Table 19, 100 kHz-1 MHz), |Zm| = 1/(2 pi f Cp
	 * sqrt(1 + D^2)); u = Ae/100 x C / sqrt(3).
	 */
	{
		const char *n[] = {"vds_stop", "points", "level"};
		const double v[] = {40.0, 2, 0.1};
		double cf, d, zm, ae;
		assert_int_equal(wbg_method_run(&r, m, "cv", n, v, 3), WBG_OK);
		for (k = 0; k < 3; k++) {
			const wbg_record *rec = wbg_meas_result_record(r, k);
			cf = wbg_record_value(rec);
			snprintf(name, sizeof(name), "d_%s", caps[k]);
			d = wbg_meas_result_find(r, name)->values[1];
			zm = 1.0 / (2 * 3.14159265358979 * 1e6 * cf * sqrt(1 + d * d));
			ae = 0.10 + 0.6e-3 * 5.0 * (1 + sqrt(1e-3)) / zm * 100 + 10e-9 * zm * 100;
			assert_double_near(wbg_record_uncertainty(rec), ae / 100 * cf / sqrt(3.0), 1e-9,
			                   0);
		}
		wbg_meas_result_free(r);
	}
	wbg_meas_free(m);
	for (k = 0; k < 3; k++) {
		wbg_lcr_free(lcr[k]);
		wbg_instr_close(in[k]);
	}
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_ctx_free(ctx);
}

/*
 * The driver's own readings on the virtual E4980A: u of Cp and of D at
 * each point of a bias list sweep at 1 kHz, 0.1 Vrms, MED, by hand from
 * the data sheet: Ab = 0.10 % (Table 13, 100 Hz-1 MHz, 50 mV-0.3 V),
 * plus, at the 10 V point only, 0.01 % x (100 mV/0.1 V) x (1 + sqrt(100/
 * 1000)) (Table 63: Fm < 10 kHz and |Vdc| > 5 V); Zs = 0.6 mOhm x
 * (1 + 0.4/0.1) x (1 + sqrt(1000/1000)) (Table 16); Yo = 0.5 nS x
 * (1 + 0.1/0.1) x (1 + sqrt(100/1000)) (Table 19, 20 Hz-100 kHz);
 * |Zm| = 1/(2 pi f Cp sqrt(1 + D^2)); u(Cp) = Ae/100 x Cp/sqrt(3),
 * u(D) = Ae/100/sqrt(3) (Equation 9, D <= 0.1). A single reading after
 * wbg_lcr_bias(20 V) carries the Table 63 term too; after wbg_lcr_off()
 * it does not.
 */
static double hand_ae(double f, double cf, double d, double bias)
{
	double zm = 1.0 / (2 * 3.14159265358979 * f * cf * sqrt(1 + d * d));
	double ab = 0.10 + (bias > 5 ? 0.01 * (0.1 / 0.1) * (1 + sqrt(100 / f)) : 0);

	return ab + 0.6e-3 * 5.0 * (1 + sqrt(1000 / f)) / zm * 100 +
	       0.5e-9 * 2.0 * (1 + sqrt(100 / f)) * zm * 100;
}

static void test_lcr_reading_uncertainty(void **state)
{
	const double bias[] = {0.0, 10.0};
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_lcr *lcr;
	wbg_lcr_reading rd[2], one;
	double ae;
	size_t k;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 5, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "lcr", "E4980A", "coss", ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::lcr", ctx), WBG_OK);
	assert_int_equal(wbg_lcr_open(&lcr, in, NULL, ctx), WBG_OK);
	assert_int_equal(wbg_lcr_setup(lcr, 1e3, 0.1), WBG_OK);
	assert_int_equal(wbg_lcr_bias_sweep(lcr, rd, bias, 2), WBG_OK);
	for (k = 0; k < 2; k++) {
		assert_true(rd[k].c_f > 0 && fabs(rd[k].d) <= 0.1);
		ae = hand_ae(1e3, rd[k].c_f, rd[k].d, bias[k]);
		assert_double_near(rd[k].u_c_f, ae / 100 * rd[k].c_f / sqrt(3.0), 1e-9, 0);
		assert_double_near(rd[k].u_d, ae / 100 / sqrt(3.0), 1e-9, 0);
	}
	/* The bias term is there at 10 V and not at 0 V. */
	assert_true(rd[1].u_d - hand_ae(1e3, rd[1].c_f, rd[1].d, 0) / 100 / sqrt(3.0) > 1e-6);
	assert_int_equal(wbg_lcr_off(lcr), WBG_OK);
	assert_int_equal(wbg_lcr_bias(lcr, 20.0), WBG_OK);
	assert_int_equal(wbg_lcr_measure(lcr, &one), WBG_OK);
	ae = hand_ae(1e3, one.c_f, one.d, 20.0);
	assert_double_near(one.u_c_f, ae / 100 * one.c_f / sqrt(3.0), 1e-9, 0);
	assert_int_equal(wbg_lcr_off(lcr), WBG_OK);
	assert_int_equal(wbg_lcr_measure(lcr, &one), WBG_OK);
	ae = hand_ae(1e3, one.c_f, one.d, 0.0);
	assert_double_near(one.u_c_f, ae / 100 * one.c_f / sqrt(3.0), 1e-9, 0);
	/* Under 5 mVrms the data sheet has no basic accuracy: NaN. */
	assert_int_equal(wbg_lcr_setup(lcr, 1e3, 0.004), WBG_OK);
	assert_int_equal(wbg_lcr_measure(lcr, &one), WBG_OK);
	assert_true(isnan(one.u_c_f) && isnan(one.u_d));
	wbg_lcr_free(lcr);
	wbg_instr_close(in);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_ctx_free(ctx);
}

/* The chuck to 350 K: stable within 0.5 K for 30 s, in virtual time (the
 * bench clock moves by minutes, the wall clock by well under a second);
 * an unreachable setpoint times out with the last reading named. */
static void test_thermal_settles_in_virtual_time(void **state)
{
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_thermal *th;
	double t0, w0, k;
	char buf[16];

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 5, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "chuck", "336", NULL, ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::chuck", ctx), WBG_OK);
	assert_int_equal(wbg_thermal_open(&th, in, NULL, 1, 'A', ctx), WBG_OK);
	assert_int_equal(wbg_thermal_wait_stable(th, 0.5, 1, 1, 10), WBG_ERR_STATE);
	assert_int_equal(wbg_thermal_set(th, 350.0), WBG_OK);
	t0 = wbg_vbench_time(vb);
	w0 = wall();
	assert_int_equal(wbg_thermal_wait_stable(th, 0.5, 30.0, 1.0, 7200.0), WBG_OK);
	assert_int_equal(wbg_thermal_read(th, &k), WBG_OK);
	assert_double_near(k, 350.0, 0, 0.5);
	assert_double_near(wbg_vbench_temp_k(vb), 350.0, 0, 1.0);
	assert_true(wbg_vbench_time(vb) - t0 >= 30.0);
	assert_true(wall() - w0 < 5.0);
	/* 1500 K is beyond what the chuck reaches in 60 s. */
	assert_int_equal(wbg_thermal_set(th, 1400.0), WBG_OK);
	assert_int_equal(wbg_thermal_wait_stable(th, 0.5, 10.0, 1.0, 60.0), WBG_ERR_TIMEOUT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "last reading"));
	assert_int_equal(wbg_thermal_off(th), WBG_OK);
	assert_int_equal(wbg_vinstr_query(vi, "RANGE? 1", buf, sizeof(buf)), WBG_OK);
	assert_int_equal(atoi(buf), 0);
	wbg_thermal_free(th);
	wbg_instr_close(in);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cv_three_meters),
		cmocka_unit_test(test_lcr_reading_uncertainty),
		cmocka_unit_test(test_thermal_settles_in_virtual_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
