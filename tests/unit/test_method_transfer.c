/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The transfer-curve method on a virtual bench: a 2450 on the gate and a
 * 2470 on the drain sharing one DUT through a bench attached to the
 * context; the store takes its result; every exit leaves the outputs off.
 */
#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbg/wbg.h"
#include "meas_fixture.h"
#include "wbg_test.h"

/* A 1 kOhm resistor drain-source: Id = Vds / 1 kOhm whatever the gate, and
 * the uncertainty of each reading from the 2470 table: 1 mA range,
 * ±(0.020 % + 60 nA) -> at 0.5 mA a = 160 nA, u = a/sqrt(3) = 92.376 nA. */
static void test_transfer_resistor(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	const wbg_array *a;
	size_t k;

	(void)state;
	meas_fx_open(&f, "r1k", 7);
	wbg_transfer_params_default(&p);
	p.vds_v = 0.5;
	p.vgs_start_v = 0;
	p.vgs_stop_v = 5;
	p.points = 11;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_OK);
	assert_string_equal(wbg_meas_result_method(r), "transfer");
	a = wbg_meas_result_find(r, "id");
	assert_non_null(a);
	assert_int_equal((int)a->n, 11);
	for (k = 0; k < a->n; k++)
		assert_double_near(a->values[k], 0.5e-3, 1e-3, 0);
	a = wbg_meas_result_find(r, "u_id");
	assert_double_near(a->values[5], 160e-9 / sqrt(3.0), 1e-4, 0);
	a = wbg_meas_result_find(r, "vgs");
	/* The source readback: the 2450's 2 V / 20 V range noise, far below 1 mV. */
	assert_double_near(a->values[0], 0.0, 0, 1e-3);
	assert_double_near(a->values[10], 5.0, 0, 1e-3);
	assert_string_equal(wbg_record_unit(wbg_meas_result_record(r, 0)), "A");
	/* Point by point: a write and two queries per point, and the setup. */
	assert_true(wbg_meas_result_transactions(r) >= 3 * 11);
	meas_assert_off(f.vg);
	meas_assert_off(f.vd);
	wbg_meas_result_free(r);
	meas_fx_close(&f);
}

/* SiC MOSFET: the drain current at the last point agrees with a reading
 * taken directly on the bench (an independent path: raw SCPI), and the
 * curve rises with Vgs above threshold. The store takes the result as is. */
static void test_transfer_mosfet_store(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	const wbg_array *a;
	wbg_store *st = NULL;
	wbg_step step;
	wbg_run_info info = {.lot = "L1", .operator_name = "test", .host = "test"};
	int64_t run, sid;
	double *back = NULL, direct;
	size_t n, k;
	char path[] = "/tmp/wbg-test-transfer-XXXXXX";
	int fd;

	(void)state;
	meas_fx_open(&f, "sic-mosfet", 7);
	wbg_transfer_params_default(&p);
	p.vds_v = 1.0;
	p.vgs_start_v = 0;
	p.vgs_stop_v = 3;
	p.points = 25;
	p.id_limit_a = 0.1;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_OK);
	a = wbg_meas_result_find(r, "id");
	assert_true(a->values[0] < 1e-6);
	assert_true(a->values[24] > 100 * fabs(a->values[0]) + 1e-6);
	/* Subthreshold to on: rising by decades (0.125 V steps). */
	for (k = 9; k < 25; k++)
		assert_true(a->values[k] > a->values[k - 1]);
	assert_true(a->values[24] < 0.1); /* below the limit: a real reading */
	meas_assert_off(f.vd);
	/* Direct reading at the last bias on the same DUT. */
	assert_int_equal(wbg_vinstr_query(f.vg, ":SOUR:VOLT 3;:SOUR:VOLT:ILIM 1e-3;:OUTP ON", NULL, 0), WBG_OK);
	assert_int_equal(wbg_vinstr_query(f.vd, ":SOUR:VOLT 1;:SOUR:VOLT:ILIM 0.1;:OUTP ON", NULL, 0), WBG_OK);
	direct = meas_vq(f.vd, ":MEAS:CURR?");
	/* Within 5 %: the threshold drifts a little under gate bias (BTI) in
	 * the virtual seconds between the two readings, steep at 3 V. */
	assert_double_near(a->values[24], direct, 0.05, 0);
	assert_int_equal(wbg_meas_all_off(f.m), WBG_OK);
	meas_assert_off(f.vg);
	meas_assert_off(f.vd);
	/* The store takes the arrays and records directly. */
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(wbg_store_open(&st, path, f.ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &info), WBG_OK);
	wbg_meas_result_step(&step, r, "dut1", 1, "transfer-check");
	assert_int_equal(wbg_store_step_write(&sid, st, run, &step), WBG_OK);
	assert_int_equal(wbg_store_array_read(&back, &n, st, sid, "id"), WBG_OK);
	assert_int_equal((int)n, 25);
	assert_double_near(back[24], a->values[24], 0.0, 0);
	free(back);
	wbg_store_close(st);
	unlink(path);
	wbg_meas_result_free(r);
	meas_fx_close(&f);
}

/* The interrupt flag, set before the sweep: the method stops at its first
 * point check with WBG_ERR_INTERRUPTED and leaves both outputs off. */
static void test_transfer_interrupted(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	static volatile sig_atomic_t flag;

	(void)state;
	meas_fx_open(&f, "r1k", 7);
	wbg_transfer_params_default(&p);
	flag = 1;
	wbg_meas_set_interrupt(f.m, &flag);
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_INTERRUPTED);
	assert_null(r);
	meas_assert_off(f.vg);
	meas_assert_off(f.vd);
	meas_fx_close(&f);
}

/* Limits from the shipped example bench: a drain bias above its 200 V is
 * refused before any output is on, naming the limit, the file and line;
 * above the 42 V interlock threshold without the interlock closed too. */
static void test_transfer_refused_by_bench(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	wbg_schema *schema = NULL;
	wbg_bench *bench = NULL;
	const char *src = getenv("WBG_TOP_SRCDIR");
	wbg_vinstr *chuck;
	char xsd[1024], file[1024];
	double t0;

	(void)state;
	snprintf(xsd, sizeof(xsd), "%s/standards/schema/wbgkit-1.xsd", src ? src : "..");
	snprintf(file, sizeof(file), "%s/standards/library/bench-sim-example.xml", src ? src : "..");
	meas_fx_open(&f, "r1k", 7);
	assert_int_equal(wbg_schema_new(&schema, xsd, f.ctx), WBG_OK);
	assert_int_equal(wbg_bench_load_file(&bench, schema, file, f.ctx), WBG_OK);
	/* Only the limits are wanted here: the SMUs are already wired; the
	 * bench file's chuck controller is opened too. */
	assert_int_equal(wbg_vbench_add(&chuck, f.vb, "chuck", "336", NULL, f.ctx),
	                 WBG_OK);
	wbg_meas_free(f.m);
	assert_int_equal(wbg_meas_new(&f.m, f.ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f.m, "gate", f.sg), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(f.m, "drain", f.sd), WBG_OK);
	assert_int_equal(wbg_meas_use_bench(f.m, bench, file), WBG_OK);
	wbg_transfer_params_default(&p);
	p.vds_v = 250;
	t0 = wbg_vbench_time(f.vb);
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_SAFETY);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "drain voltage of 250 V exceeds 200 V"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "bench-sim-example.xml:9"));
	/* Nothing was sent: the bench clock did not move, the output never came on. */
	assert_double_near(wbg_vbench_time(f.vb), t0, 0.0, 0);
	assert_double_near(meas_vq(f.vd, ":OUTP?"), 0.0, 0.0, 0);
	p.vds_v = 50;
	p.id_limit_a = 1e-3;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_SAFETY);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "interlock"));
	wbg_meas_set_interlock(f.m, true);
	p.vgs_stop_v = 25;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_SAFETY);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "gate voltage of 25 V exceeds 20 V"));
	p.vgs_stop_v = 5;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_OK);
	wbg_meas_result_free(r);
	wbg_bench_free(bench);
	wbg_schema_free(schema);
	meas_fx_close(&f);
}

/* A B2902A with the gate on channel 1 and the drain on channel 2: the
 * transfer curve runs on the instrument (one trigger per point for both
 * channels, each channel read back in one REAL,64 block), and agrees with
 * the same curve stepped from the host; the instrument-side sweep needs a
 * handful of transactions whatever the number of points. */
static void test_transfer_b2902a_modes(void **state)
{
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_smu *g, *d;
	wbg_meas *m;
	wbg_transfer_params p;
	wbg_meas_result *ri = NULL, *rp = NULL;
	const wbg_array *ai, *ap, *vi_gs;
	size_t k;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 3, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "smu", "B2902A", "gate,drain", ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::smu", ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&g, in, NULL, 1, ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&d, in, NULL, 2, ctx), WBG_OK);
	assert_int_equal(wbg_smu_open(&d, in, "B2901A", 2, ctx), WBG_ERR_RANGE);
	assert_string_equal(wbg_smu_model(d), "B2902A");
	assert_true(wbg_smu_can_sweep2(g, d));
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(m, "gate", g), WBG_OK);
	assert_int_equal(wbg_meas_set_smu(m, "drain", d), WBG_OK);
	wbg_transfer_params_default(&p);
	p.vds_v = 1.0;
	p.vgs_stop_v = 3.0;
	p.points = 13;
	p.id_limit_a = 0.1;
	p.mode = WBG_SWEEP_INSTRUMENT;
	assert_int_equal(wbg_meas_transfer(&ri, m, &p), WBG_OK);
	p.mode = WBG_SWEEP_POINTS;
	assert_int_equal(wbg_meas_transfer(&rp, m, &p), WBG_OK);
	ai = wbg_meas_result_find(ri, "id");
	ap = wbg_meas_result_find(rp, "id");
	vi_gs = wbg_meas_result_find(ri, "vgs");
	for (k = 0; k < 13; k++)
		assert_double_near(vi_gs->values[k], 0.25 * (double)k, 0, 1e-3);
	/* Above 100 uA both ways agree within 15 %: the DUT model's threshold
	 * moves a little between the first and the second sweep (charge
	 * trapping, BTI), which at 2.5..3 V (about 10x per 0.25 V) is a few
	 * percent of current; a swapped or stale channel would be off by
	 * orders of magnitude. */
	for (k = 0; k < 13; k++)
		if (ap->values[k] > 1e-4)
			assert_double_near(ai->values[k], ap->values[k], 0.15, 0);
	assert_true(ai->values[12] > 1e-4);
	/* Setup, nplc, the sweep and its error check, two fetches, the switch-off. */
	assert_true(wbg_meas_result_transactions(ri) <= 12);
	assert_true(wbg_meas_result_transactions(rp) >= 3 * 13);
	assert_double_near(meas_vq(vi, ":OUTP1?"), 0.0, 0.0, 0);
	assert_double_near(meas_vq(vi, ":OUTP2?"), 0.0, 0.0, 0);
	assert_double_near(meas_vq(vi, ":SOUR2:VOLT?"), 0.0, 0.0, 0);
	wbg_meas_result_free(ri);
	wbg_meas_result_free(rp);
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
		cmocka_unit_test(test_transfer_resistor),
		cmocka_unit_test(test_transfer_mosfet_store),
		cmocka_unit_test(test_transfer_interrupted),
		cmocka_unit_test(test_transfer_refused_by_bench),
		cmocka_unit_test(test_transfer_b2902a_modes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
