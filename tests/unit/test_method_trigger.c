/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The transfer curve across two boxes joined by a trigger cable: a 2450 on
 * the gate and a 2470 on the drain, the gate's trigger model stepping and
 * triggering the drain's readings (wbg_smu_link, wbg_vbench_link).
 *
 * Why the triggered curve equals the host-stepped one point for point on
 * two benches of the same seed: the virtual bench executes both in the
 * same order with the same virtual-time steps — gate level set, the
 * settling delay, the drain's reading (its first one after its 1 ms source
 * delay), then the gate's reading after its 1 ms source delay — so the DUT
 * model sees the same biases for the same times and the noise stream is
 * drawn in the same order. Any reordering (a drain reading before the
 * step settles, or one point shifted) changes the values.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wbg/wbg.h"
#include "meas_fixture.h"
#include "wbg_test.h"

static void params(wbg_transfer_params *p, size_t n)
{
	wbg_transfer_params_default(p);
	p->vds_v = 1.0;
	p->vgs_start_v = 0.0;
	p->vgs_stop_v = 3.0;
	p->points = n;
	p->id_limit_a = 0.1;
}

static double cond(const wbg_meas_result *r, const char *name)
{
	double v = NAN;

	assert_int_equal(wbg_record_find_condition(&v, NULL, wbg_meas_result_record(r, 0), name),
	                 WBG_OK);
	return v;
}

static void test_triggered_equals_host(void **state)
{
	static const char *const arrays[] = {"vgs", "id", "u_id", "ig", "vds"};
	struct meas_fx host, trig;
	wbg_transfer_params p;
	wbg_meas_result *rh = NULL, *rt = NULL;
	size_t k, j;

	(void)state;
	meas_fx_open(&host, "sic-mosfet", 11);
	meas_fx_open(&trig, "sic-mosfet", 11);
	assert_false(wbg_smu_can_sweep2(trig.sg, trig.sd));
	assert_int_equal(wbg_vbench_link(trig.vb, "gate", 1, "drain", 1, trig.ctx), WBG_OK);
	assert_int_equal(wbg_smu_link(trig.sg, 1, trig.sd, 1), WBG_OK);
	assert_true(wbg_smu_can_sweep2(trig.sg, trig.sd));
	/* The link has a direction: the drain does not step the gate. */
	assert_false(wbg_smu_can_sweep2(trig.sd, trig.sg));
	params(&p, 41);
	assert_int_equal(wbg_meas_transfer(&rh, host.m, &p), WBG_OK);
	assert_int_equal(wbg_meas_transfer(&rt, trig.m, &p), WBG_OK);
	for (j = 0; j < sizeof(arrays) / sizeof(arrays[0]); j++) {
		const wbg_array *ah = wbg_meas_result_find(rh, arrays[j]);
		const wbg_array *at = wbg_meas_result_find(rt, arrays[j]);

		assert_int_equal((int)at->n, 41);
		for (k = 0; k < 41; k++)
			assert_double_near(at->values[k], ah->values[k], 0, 0);
	}
	/* The same virtual time passed on both benches. */
	assert_double_near(wbg_vbench_time(trig.vb), wbg_vbench_time(host.vb), 0, 1e-12);
	/* Real values: the gate's source readback steps by 75 mV; the drain
	 * current rises through threshold. */
	assert_double_near(wbg_meas_result_find(rt, "vgs")->values[40], 3.0, 0, 1e-3);
	assert_true(wbg_meas_result_find(rt, "id")->values[40] > 1e-4);
	assert_double_near(cond(rt, "instrument_sweep"), 1.0, 0, 0);
	assert_double_near(cond(rt, "trigger_link"), 1.0, 0, 0);
	assert_double_near(cond(rh, "instrument_sweep"), 0.0, 0, 0);
	assert_double_near(cond(rh, "trigger_link"), 0.0, 0, 0);
	/* Point by point: a write and two queries per point. Triggered: set-up
	 * messages, one list message, the two :INITs, two counts, two binary
	 * read-backs and the switch-off, whatever the number of points. */
	assert_true(wbg_meas_result_transactions(rh) >= 3 * 41);
	assert_true(wbg_meas_result_transactions(rt) <= 20);
	meas_assert_off(trig.vg);
	meas_assert_off(trig.vd);
	meas_assert_off(host.vg);
	meas_assert_off(host.vd);
	wbg_meas_result_free(rh);
	wbg_meas_result_free(rt);
	meas_fx_close(&host);
	meas_fx_close(&trig);
}

/* No link declared (even with a cable on the bench): stepped from the
 * host, recorded as such; asking for the instrument sweep is refused
 * naming what is missing. */
static void test_no_link_host_stepped(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;

	(void)state;
	meas_fx_open(&f, "sic-mosfet", 11);
	assert_int_equal(wbg_vbench_link(f.vb, "gate", 1, "drain", 1, f.ctx), WBG_OK);
	params(&p, 11);
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_OK);
	assert_double_near(cond(r, "instrument_sweep"), 0.0, 0, 0);
	assert_double_near(cond(r, "trigger_link"), 0.0, 0, 0);
	wbg_meas_result_free(r);
	r = NULL;
	p.mode = WBG_SWEEP_INSTRUMENT;
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "<trigger-link>"));
	/* Lines and ends checked when the link is declared. */
	assert_int_equal(wbg_smu_link(f.sg, 7, f.sd, 1), WBG_ERR_RANGE);
	assert_int_equal(wbg_smu_link(f.sg, 1, f.sg, 1), WBG_ERR_INVALID_ARG);
	meas_fx_close(&f);
}

/* Declared but the cable is not there: the drain gets no trigger. The
 * sweep fails naming the drain, the count and the cable, both trigger
 * models are stopped and both outputs are off at 0 V. */
static void test_missed_trigger(void **state)
{
	struct meas_fx f;
	wbg_transfer_params p;
	wbg_meas_result *r = NULL;
	char st[64];

	(void)state;
	meas_fx_open(&f, "sic-mosfet", 11);
	assert_int_equal(wbg_smu_link(f.sg, 1, f.sd, 1), WBG_OK);
	params(&p, 21);
	assert_int_equal(wbg_meas_transfer(&r, f.m, &p), WBG_ERR_INSTRUMENT);
	assert_null(r);
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "SIM::drain: took 0 readings for 21 trigger"));
	assert_non_null(strstr(wbg_ctx_errmsg(f.ctx), "line 1 of SIM::gate to line 1 of SIM::drain"));
	meas_assert_off(f.vg);
	meas_assert_off(f.vd);
	assert_int_equal(wbg_vinstr_query(f.vd, ":TRIG:STAT?", st, sizeof(st)), WBG_OK);
	assert_non_null(strstr(st, "IDLE"));
	meas_fx_close(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggered_equals_host),
		cmocka_unit_test(test_no_link_host_stepped),
		cmocka_unit_test(test_missed_trigger),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
