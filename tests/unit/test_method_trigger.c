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
 * model sees the same biases and the noise stream is drawn in the same
 * order. The one difference: the gate's trigger model waits a guard of
 * 1.5 ms after its reading before the next step (so that the drain's
 * reading, started a trigger latency later, ends before it), during which
 * the DUT's threshold drifts a little further (BTI, hysteresis). So the
 * gate voltage, gate current and drain voltage are equal to the bit, the
 * drain current within 0.1 % (its subthreshold part moves with the
 * threshold), and the virtual time differs by exactly points x 1.5 ms.
 * Any reordering (a drain reading before the step settled, or one point
 * shifted) changes the drain current by far more: above 1 nA its points
 * differ from their neighbours by more than 1 % each, as checked.
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
	static const char *const arrays[] = {"vgs", "ig", "vds", "id", "u_id"};
	const wbg_array *id;
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
		for (k = 0; k < 41; k++) {
			double d = fabs(at->values[k] - ah->values[k]);
			double u = wbg_meas_result_find(rh, "u_id")->values[k];
			if (j < 3) { /* the sources and the gate: the same to the bit */
				assert_double_near(at->values[k], ah->values[k], 0, 0);
			} else if (j == 3) {
				/* Id: the triggered sweep takes less time (the drain
				 * reads while the gate does), so the device's charge
				 * trapping and BTI drift, which depend on time, move its
				 * threshold by a few mV: about 4 % of Id here, the timing
				 * effect JEP183 is about. A point out of step would differ
				 * by the step from one point to the next, at least 70 %
				 * (asserted below), so 2u + 6 % still catches it. */
				if (!(d <= 2 * u + 0.06 * fabs(ah->values[k])))
					fail_msg("point %zu: Id %.9g vs %.9g, u %.3g", k, at->values[k],
					         ah->values[k], u);
			} else { /* u_id = (gain |Id| + offset)/sqrt(3): from readings
			          * that agree to a few %, so to a few % too */
				assert_double_near(at->values[k], ah->values[k], 0.05, 0);
			}
		}
	}
	id = wbg_meas_result_find(rh, "id");
	for (k = 0; k + 1 < 41; k++)
		if (id->values[k] > 1e-9)
			assert_true(fabs(id->values[k + 1] - id->values[k]) > 0.7 * id->values[k]);
	/* Time: the same steps, but each drain reading (NPLC 1 with autozero at
	 * 60 Hz: 2/60 s + 0.2 ms = 33.533 ms) runs while the gate reads, and the
	 * gate waits the 1.5 ms guard after its own: 41 x (1.5 - 33.533) ms =
	 * -1.3134 s, within the drain's one set-up delay (1 ms). */
	{
		double dt = wbg_vbench_time(trig.vb) - wbg_vbench_time(host.vb);
		double want = 41 * (1.5e-3 - (2.0 / 60 + 0.2e-3));
		assert_true(fabs(dt - want) <= 1.0e-3 + 1e-9);
	}
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

static wbg_schema *load_schema(wbg_ctx *ctx)
{
	const char *src = getenv("WBG_TOP_SRCDIR");
	wbg_schema *schema = NULL;
	char xsd[1024];

	snprintf(xsd, sizeof(xsd), "%s/standards/schema/wbgkit-1.xsd", src ? src : "..");
	assert_int_equal(wbg_schema_new(&schema, xsd, ctx), WBG_OK);
	return schema;
}

#define NS "xmlns=\"urn:wbgkit:standard:1\""
#define BENCH_HEAD                                                                          \
	"<bench " NS " id=\"b\"><title>t</title>\n"                                            \
	"<instrument id=\"g\" resource=\"SIM::g\" model=\"2450\"/>\n"                          \
	"<instrument id=\"d\" resource=\"SIM::d\" model=\"2470\"/>\n"                          \
	"<terminal name=\"gate\" max-voltage=\"20 V\" max-current=\"10 mA\" max-power=\"1 W\"/>\n" \
	"<terminal name=\"drain\" max-voltage=\"20 V\" max-current=\"100 mA\" "                \
	"max-power=\"2 W\"/>\n"                                                                  \
	"<connection instrument=\"g\" channel=\"1\" terminal=\"gate\"/>\n"                       \
	"<connection instrument=\"d\" channel=\"1\" terminal=\"drain\"/>\n"

/* The bench file declares the cable: checked when loaded (the ends are two
 * instruments of the file, lines 1..14, a line not both driven and
 * received, each problem named with its line); resolved to resources. */
static void test_bench_file_links(void **state)
{
	wbg_ctx *ctx;
	wbg_schema *schema;
	wbg_bench *b = NULL;
	const wbg_bench_trigger_link *l;
	const char *ok = BENCH_HEAD
		"<trigger-link from=\"g\" from-line=\"2\" to=\"d\" to-line=\"5\"/></bench>";
	const char *self = BENCH_HEAD
		"<trigger-link from=\"g\" from-line=\"2\" to=\"g\" to-line=\"5\"/></bench>";
	const char *both = BENCH_HEAD
		"<trigger-link from=\"g\" from-line=\"2\" to=\"d\" to-line=\"5\"/>\n"
		"<trigger-link from=\"d\" from-line=\"1\" to=\"g\" to-line=\"2\"/></bench>";
	const char *unknown = BENCH_HEAD
		"<trigger-link from=\"g\" from-line=\"2\" to=\"x\" to-line=\"5\"/></bench>";
	const char *badline = BENCH_HEAD
		"<trigger-link from=\"g\" from-line=\"0\" to=\"d\" to-line=\"5\"/></bench>";

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	schema = load_schema(ctx);
	assert_int_equal(wbg_bench_load_memory(&b, schema, ok, strlen(ok), "b.xml", ctx), WBG_OK);
	assert_int_equal((int)wbg_bench_trigger_link_count(b), 1);
	l = wbg_bench_trigger_link_at(b, 0);
	assert_string_equal(l->from, "g");
	assert_string_equal(l->from_resource, "SIM::g");
	assert_int_equal(l->from_line, 2);
	assert_string_equal(l->to_resource, "SIM::d");
	assert_int_equal(l->to_line, 5);
	assert_int_equal((int)l->line, 8);
	assert_null(wbg_bench_trigger_link_at(b, 1));
	wbg_bench_free(b);
	b = NULL;
	assert_int_equal(wbg_bench_load_memory(&b, schema, self, strlen(self), "b.xml", ctx),
	                 WBG_ERR_SCHEMA);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "b.xml:8"));
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "to itself"));
	assert_int_equal(wbg_bench_load_memory(&b, schema, both, strlen(both), "b.xml", ctx),
	                 WBG_ERR_SCHEMA);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "line 2 of instrument 'g' is driven"));
	assert_int_equal(wbg_bench_load_memory(&b, schema, unknown, strlen(unknown), "b.xml", ctx),
	                 WBG_ERR_SCHEMA);
	assert_int_equal(wbg_bench_load_memory(&b, schema, badline, strlen(badline), "b.xml", ctx),
	                 WBG_ERR_SCHEMA);
	assert_null(b);
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
}

/* The shipped example bench (2450 gate, 2470 drain, a cable from the
 * gate's line 1 to the drain's line 1), simulated and used as a lab would:
 * the transfer curve runs triggered, recorded so. The same bench file with
 * the cable unplugged on the virtual bench (declared, not there): a clear
 * error and every output off. */
static void test_example_bench_triggered(void **state)
{
	const char *src = getenv("WBG_TOP_SRCDIR");
	wbg_ctx *ctx;
	wbg_schema *schema;
	wbg_bench *bench = NULL;
	wbg_vbench *vb = NULL;
	wbg_vinstr *vg, *vd, *vc;
	wbg_meas *m;
	wbg_meas_result *r = NULL;
	wbg_transfer_params p;
	char file[1024];

	(void)state;
	snprintf(file, sizeof(file), "%s/standards/library/bench-sim-example.xml", src ? src : "..");
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	schema = load_schema(ctx);
	assert_int_equal(wbg_bench_load_file(&bench, schema, file, ctx), WBG_OK);
	assert_int_equal((int)wbg_bench_trigger_link_count(bench), 1);
	assert_int_equal(wbg_bench_simulate(&vb, bench, "sic-mosfet", 3, ctx), WBG_OK);
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_use_bench(m, bench, file), WBG_OK);
	assert_true(wbg_smu_can_sweep2(wbg_meas_smu(m, "gate"), wbg_meas_smu(m, "drain")));
	params(&p, 201);
	assert_int_equal(wbg_meas_transfer(&r, m, &p), WBG_OK);
	assert_double_near(cond(r, "trigger_link"), 1.0, 0, 0);
	assert_int_equal((int)wbg_meas_result_find(r, "id")->n, 201);
	assert_true(wbg_meas_result_transactions(r) <= 20);
	wbg_meas_result_free(r);
	r = NULL;
	wbg_meas_free(m);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	/* The same instruments, no cable on the bench. */
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 3, ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vg, vb, "gate-smu", "2450", "gate", ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vd, vb, "drain-smu", "2470", "drain", ctx), WBG_OK);
	assert_int_equal(wbg_vbench_add(&vc, vb, "chuck", "336", NULL, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_meas_new(&m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_use_bench(m, bench, file), WBG_OK);
	params(&p, 11);
	assert_int_equal(wbg_meas_transfer(&r, m, &p), WBG_ERR_INSTRUMENT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "a trigger was missed"));
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "<trigger-link>"));
	meas_assert_off(vg);
	meas_assert_off(vd);
	wbg_meas_free(m);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_bench_free(bench);
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_triggered_equals_host),
		cmocka_unit_test(test_no_link_host_stepped),
		cmocka_unit_test(test_missed_trigger),
		cmocka_unit_test(test_bench_file_links),
		cmocka_unit_test(test_example_bench_triggered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
