/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The Lake Shore 336 accuracy model (instruments/drivers/lakeshore-336/
 * accuracy.c), the reply parsers it relies on (protocol.c) and
 * wbg_thermal_read_u() on the virtual bench.
 *
 * Expected values: the Model 336 User's Manual's typical sensor
 * performance table (electronic accuracy in temperature units of the
 * diode input reading a DT-670), reproduced from the input specification
 * and the DT-670 voltages and sensitivities Lake Shore publishes (Temperature
 * Measurement and Control Catalog, Appendix G, silicon diode DT-670); the
 * readings through the driver against the same quantities worked out here
 * by hand from the published DT-670 curve points.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../instruments/drivers/lakeshore-336/ls336_drv.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

/*
 * Typical sensor performance, diode input (2.5 V range) with a DT-670:
 * the manual gives the electronic accuracy as ±13 mK at 1.4 K, ±76 mK at
 * 77 K, ±47 mK at 300 K and ±40 mK at 500 K, to 1 mK. Voltages and dV/dT
 * from Appendix G (DT-670): 1.64429 V, -12.49 mV/K at 1.4 K; 1.02759 V,
 * -1.73 mV/K at 77.35 K; 0.55964 V, -2.30 mV/K at 300 K; 0.09068 V,
 * -2.12 mV/K at 500 K. The limit is u·√3 (the model's u is a/√3).
 */
static void test_typical_performance_dt670(void **state)
{
	static const struct {
		double v, dvdt_mv_k, a_mk;
	} rows[] = {
		{1.64429, -12.49, 13},
		{1.02759, -1.73, 76},
		{0.55964, -2.30, 47},
		{0.09068, -2.12, 40},
	};
	const wbg_acc_spec *spec;
	size_t i;

	(void)state;
	assert_int_equal(wbgi_ls336_input_spec(&spec, 1, 0), WBG_OK);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		double dtdv = 1.0 / (rows[i].dvdt_mv_k * 1e-3);
		double u = wbgi_ls336_u_k(spec, rows[i].v, dtdv, 0.0);

		/* Printed to 1 mK: within half a unit of the last digit. */
		assert_double_near(u * sqrt(3.0) * 1e3, rows[i].a_mk, 0, 0.5);
	}
	/* The same limit through the shared range specification: at 1.64429 V,
	 * 80 µV + 0.005 % = 162.2 µV. */
	{
		double a;

		assert_int_equal(wbg_accuracy_limit(&a, spec, 1.64429, 296.15, NULL), WBG_OK);
		assert_double_near(a, 80e-6 + 0.005e-2 * 1.64429, 1e-12, 0);
	}
	assert_true(isnan(wbgi_ls336_u_k(spec, 1.0, 0.0, 0.5))); /* dT/dS 0: refused */
}

/* What is not encoded is refused, not guessed. */
static void test_spec_refusals(void **state)
{
	const wbg_acc_spec *spec = NULL;
	int type;

	(void)state;
	assert_int_equal(wbgi_ls336_input_spec(&spec, 0, 0), WBG_ERR_STATE);
	assert_int_equal(wbgi_ls336_input_spec(&spec, 1, 1), WBG_ERR_NOT_SUPPORTED); /* 10 V */
	for (type = 2; type <= 9; type++)
		assert_int_equal(wbgi_ls336_input_spec(&spec, type, 0), WBG_ERR_NOT_SUPPORTED);
	assert_string_equal(wbgi_ls336_type_name(3), "NTC RTD");
	assert_string_equal(wbgi_ls336_type_name(9), "unknown");
	assert_int_equal(wbgi_ls336_input_spec(&spec, 1, 0), WBG_OK);
	assert_true(isnan(wbgi_ls336_u_k(spec, 2.6, -400.0, 0))); /* over 2.5 V */
	assert_true(isnan(wbgi_ls336_u_k(spec, 1.0, -400.0, -0.1)));
	assert_true(isnan(wbgi_ls336_u_k(spec, NAN, -400.0, 0)));
	assert_true(isnan(wbgi_ls336_u_k(NULL, 1.0, -400.0, 0)));
	/* A tolerance alone: 0.5 K rectangular is 0.5/√3; with the electronic
	 * limit in quadrature. */
	assert_double_near(wbgi_ls336_u_k(spec, 0.0, 1e-9, 0.5), 0.5 / sqrt(3.0), 1e-9, 0);
}

/* The Lake Shore 336 replies read by wbg_thermal_read_u(), in the formats
 * of the Model 336 manual's command reference (CR LF terminated). */
static void test_reply_parsers(void **state)
{
	struct wbgi_ls336_intype it;
	double s, k;
	int n;

	(void)state;
	assert_int_equal(wbgi_ls336_parse_intype(&it, "1,0,0,0,1\r\n"), WBG_OK);
	assert_int_equal(it.type, 1);
	assert_int_equal(it.units, 1);
	assert_int_equal(wbgi_ls336_parse_intype(&it, "3,1,6,1,3"), WBG_OK);
	assert_int_equal(it.range, 6);
	assert_int_equal(it.autorange, 1);
	assert_int_equal(wbgi_ls336_parse_intype(&it, "1,0,0,0"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_intype(&it, "1,0,0,0,1,9"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_intype(&it, "1,2,0,0,1"), WBG_ERR_PARSE); /* autorange */
	assert_int_equal(wbgi_ls336_parse_intype(&it, "1.5,0,0,0,1"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_int(&n, "02\r\n", 0, 59), WBG_OK);
	assert_int_equal(n, 2);
	assert_int_equal(wbgi_ls336_parse_int(&n, "032", 0, 255), WBG_OK);
	assert_int_equal(n, 32);
	assert_int_equal(wbgi_ls336_parse_int(&n, "60", 0, 59), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_int(&n, "", 0, 59), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_units(&s, "+0.56389\r\n"), WBG_OK);
	assert_double_near(s, 0.56389, 0, 1e-15);
	assert_int_equal(wbgi_ls336_parse_units(&s, "+0.5 V"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_units(&s, "nan"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvpt(&s, &k, "+0.090681,+500.000\r\n"), WBG_OK);
	assert_double_near(s, 0.090681, 0, 1e-15);
	assert_double_near(k, 500.0, 0, 0);
	assert_int_equal(wbgi_ls336_parse_crvpt(&s, &k, "+0.090681"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvpt(&s, &k, "+0.09,-1.0"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvpt(&s, &k, "+0.09,+1.0,+2"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "DT-670,STANDARD,2,+500.000,1\r\n"), WBG_OK);
	assert_int_equal(n, 2);
	/* Names padded to 15 characters, as the instrument may send them. */
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "PT-100         ,STANDARD  ,3,+800.000,2"),
	                 WBG_OK);
	assert_int_equal(n, 3);
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "DT-670,STANDARD"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "A-NAME-OF-20-CHARS!!,SN,2,+1.0,1"),
	                 WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "DT-670,SN,7,+1.0,1"), WBG_ERR_PARSE);
	assert_int_equal(wbgi_ls336_parse_crvhdr(&n, "DT-670,SERIAL-NO-11,2,+1.0,1"), WBG_ERR_PARSE);
}

struct chuck {
	wbg_ctx *ctx;
	wbg_vbench *vb;
	wbg_vinstr *vi;
	wbg_instr *in;
	wbg_thermal *th;
};

static void chuck_open(struct chuck *c)
{
	assert_int_equal(wbg_ctx_new(&c->ctx), WBG_OK);
	assert_int_equal(wbg_vbench_new(&c->vb, "sic-mosfet", 7, c->ctx), WBG_OK);
	wbg_vbench_attach(c->ctx, c->vb);
	assert_int_equal(wbg_vbench_add(&c->vi, c->vb, "chuck", "336", NULL, c->ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&c->in, "SIM::chuck", c->ctx), WBG_OK);
	assert_int_equal(wbg_thermal_open(&c->th, c->in, NULL, 1, 'A', c->ctx), WBG_OK);
}

static void chuck_close(struct chuck *c)
{
	wbg_thermal_free(c->th);
	wbg_instr_close(c->in);
	wbg_vbench_attach(c->ctx, NULL);
	wbg_vbench_free(c->vb);
	wbg_ctx_free(c->ctx);
}

/* u of the diode input on the DT-670 curve segment (t1, v1)-(t2, v2) at
 * voltage v, with tolerance tol: by hand from the specification. */
static double expected_u(double t1, double v1, double t2, double v2, double v, double tol)
{
	double a = (80e-6 + 0.005e-2 * v) * fabs((t2 - t1) / (v2 - v1));

	return sqrt(a * a + tol * tol) / sqrt(3.0);
}

/*
 * The chuck at 350 K, read with its uncertainty. DT-670 points (published
 * curve): 340 K 0.466760 V, 350 K 0.443371 V, 360 K 0.419960 V; the
 * reading (5 mK noise) falls in either segment, whose slopes differ by
 * 0.1 %: u = 25.20..25.22 mK. With a 0.25 K sensor tolerance (a DT-670
 * band, say) u = sqrt(a² + 0.25²)/√3 = 146.5 mK.
 */
static void test_read_u_virtual(void **state)
{
	struct chuck c;
	double k, u, u_lo, u_hi;

	(void)state;
	chuck_open(&c);
	assert_int_equal(wbg_thermal_set(c.th, 350.0), WBG_OK);
	assert_int_equal(wbg_thermal_wait_stable(c.th, 0.05, 30, 1, 7200), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_OK);
	assert_double_near(k, 350.0, 0, 0.05);
	u_lo = expected_u(350, 0.443371, 360, 0.419960, 0.443371, 0);
	u_hi = expected_u(340, 0.466760, 350, 0.443371, 0.443371, 0);
	assert_true(u_lo < u_hi);
	assert_true(isfinite(u));
	assert_double_near(u, 0.5 * (u_lo + u_hi), 0, 0.5 * (u_hi - u_lo) + 1e-6);
	assert_double_near(u, 25.21e-3, 0, 0.02e-3);
	assert_int_equal(wbg_thermal_set_sensor_tolerance(c.th, 0.25), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_OK);
	assert_double_near(u, expected_u(340, 0.466760, 350, 0.443371, 0.443371, 0.25), 0, 1e-5);
	assert_double_near(u, 0.1465, 0, 0.0001);
	assert_int_equal(wbg_thermal_set_sensor_tolerance(c.th, -1), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_thermal_set_sensor_tolerance(c.th, NAN), WBG_ERR_INVALID_ARG);
	/* wbg_thermal_read() still reads the temperature alone. */
	assert_int_equal(wbg_thermal_read(c.th, &k), WBG_OK);
	assert_double_near(k, 350.0, 0, 0.05);
	chuck_close(&c);
}

/* Configurations without an encoded specification, or without a valid
 * reading, are refused with the reason named. */
static void test_read_u_refusals(void **state)
{
	struct chuck c;
	double k = -1, u = -1;

	(void)state;
	chuck_open(&c);
	/* NTC RTD (type 3) on its 1 kOhm range. */
	assert_int_equal(wbg_instr_write(c.in, "INTYPE A,3,0,4,1,1"), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(c.ctx), "NTC RTD"));
	assert_double_exact(k, -1); /* outputs untouched */
	assert_double_exact(u, -1);
	/* The diode on its 10 V range. */
	assert_int_equal(wbg_instr_write(c.in, "INTYPE A,1,0,1,0,1"), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_ERR_NOT_SUPPORTED);
	assert_non_null(strstr(wbg_ctx_errmsg(c.ctx), "range 1"));
	/* Disabled. */
	assert_int_equal(wbg_instr_write(c.in, "INTYPE A,0,0,0,0,1"), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_ERR_STATE);
	assert_non_null(strstr(wbg_ctx_errmsg(c.ctx), "disabled"));
	/* Back to the diode: valid again at 25 °C. */
	assert_int_equal(wbg_instr_write(c.in, "INTYPE A,1,0,0,0,1"), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_OK);
	assert_double_near(k, 298.15, 0, 0.05);
	/* DT-670 at 298.15 K, segment 290 K 0.582637 V - 300 K 0.559639 V. */
	assert_double_near(u, expected_u(290, 0.582637, 300, 0.559639, 0.563893, 0), 0, 2e-6);
	/* 550 K is beyond the DT-670 curve (500 K): T.OVER. */
	assert_int_equal(wbg_vbench_set_temp_k(c.vb, 550.0), WBG_OK);
	assert_int_equal(wbg_thermal_read_u(c.th, &k, &u), WBG_ERR_RANGE);
	assert_non_null(strstr(wbg_ctx_errmsg(c.ctx), "T.OVER"));
	chuck_close(&c);
}

/* The replies the driver reads, raw from the virtual 336, in the formats
 * of the manual's command reference: DT-670 on input A (curve 2, points in
 * ascending volts: point 1 is 500 K, 0.090681 V; point 144 is 1.4 K,
 * 1.644290 V; 145 is past the end), C disabled. At 25 °C the diode reads
 * 0.56389 V (published curve, 290 K 0.582637 V to 300 K 0.559639 V). */
static void test_replies(void **state)
{
	struct chuck c;
	char buf[96];

	(void)state;
	chuck_open(&c);
	assert_int_equal(wbg_vinstr_query(c.vi, "INTYPE? A", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "1,0,0,0,1");
	assert_int_equal(wbg_vinstr_query(c.vi, "INTYPE? C", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "0,0,0,0,1");
	assert_int_equal(wbg_vinstr_query(c.vi, "INCRV? A", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "02");
	assert_int_equal(wbg_vinstr_query(c.vi, "RDGST? A", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "000");
	assert_int_equal(wbg_vinstr_query(c.vi, "CRVHDR? 2", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "DT-670,STANDARD,2,+500.000,1");
	assert_int_equal(wbg_vinstr_query(c.vi, "CRVPT? 2,1", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "+0.090681,+500.000");
	assert_int_equal(wbg_vinstr_query(c.vi, "CRVPT? 2,144", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "+1.644290,+1.400");
	assert_int_equal(wbg_vinstr_query(c.vi, "CRVPT? 2,145", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "+0.000000,+0.000");
	assert_int_equal(wbg_vinstr_query(c.vi, "SRDG? A", buf, sizeof(buf)), WBG_OK);
	assert_double_near(atof(buf), 0.563893, 0, 2e-5);
	assert_int_equal(wbg_vinstr_query(c.vi, "SRDG? C", buf, sizeof(buf)), WBG_OK);
	assert_double_exact(atof(buf), 0.0);
	/* Input C set to a diode has no sensor wired: invalid reading. */
	assert_int_equal(wbg_vinstr_query(c.vi, "INTYPE C,1,0,0,0,1;RDGST? C", buf, sizeof(buf)),
	                 WBG_OK);
	assert_string_equal(buf, "001");
	/* A range the sensor type does not have is refused (ESR command error). */
	assert_int_equal(wbg_vinstr_query(c.vi, "INTYPE A,1,0,5,0,1;*ESR?", buf, sizeof(buf)),
	                 WBG_OK);
	assert_true(atoi(buf) != 0);
	assert_int_equal(wbg_vinstr_query(c.vi, "INTYPE? A", buf, sizeof(buf)), WBG_OK);
	assert_string_equal(buf, "1,0,0,0,1");
	chuck_close(&c);
}

/* A bench file's sensor-tolerance reaches the session's thermal interface
 * (u with 0.25 K, as in test_read_u_virtual at 25 °C); a tolerance written
 * in °C (a temperature, 273.65 K) is refused. */
#define BENCH_FMT                                                                                  \
	"<?xml version=\"1.0\"?><bench xmlns=\"urn:wbgkit:standard:1\" id=\"b\">"                  \
	"<title>t</title><instrument id=\"chuck\" resource=\"SIM::chuck\" model=\"336\"/>"         \
	"<terminal name=\"case\" max-voltage=\"0 V\" max-current=\"0 A\" "                         \
	"max-power=\"0 W\"/><connection instrument=\"chuck\" channel=\"1\" "                      \
	"terminal=\"case\" role=\"temperature\" sensor-tolerance=\"%s\"/></bench>"

static void bench_with(const char *tol, int expect_rc)
{
	const char *src = getenv("WBG_TOP_SRCDIR");
	char xsd[1024], xml[1024];
	struct chuck c;
	wbg_schema *schema = NULL;
	wbg_bench *bench = NULL;
	wbg_meas *m = NULL;
	double k, u;

	chuck_open(&c);
	snprintf(xsd, sizeof(xsd), "%s/standards/schema/wbgkit-1.xsd", src ? src : "..");
	snprintf(xml, sizeof(xml), BENCH_FMT, tol);
	assert_int_equal(wbg_schema_new(&schema, xsd, c.ctx), WBG_OK);
	assert_int_equal(wbg_bench_load_memory(&bench, schema, xml, strlen(xml), "b.xml", c.ctx),
	                 WBG_OK);
	assert_int_equal(wbg_meas_new(&m, c.ctx), WBG_OK);
	assert_int_equal(wbg_meas_use_bench(m, bench, "b.xml"), expect_rc);
	if (expect_rc == WBG_OK) {
		assert_int_equal(wbg_thermal_read_u(wbg_meas_thermal(m), &k, &u), WBG_OK);
		assert_double_near(u, expected_u(290, 0.582637, 300, 0.559639, 0.563893, 0.25), 0,
		                   2e-6);
	} else {
		assert_non_null(strstr(wbg_ctx_errmsg(c.ctx), "temperature difference"));
	}
	wbg_meas_free(m);
	wbg_bench_free(bench);
	wbg_schema_free(schema);
	chuck_close(&c);
}

static void test_bench_sensor_tolerance(void **state)
{
	(void)state;
	bench_with("250 mK", WBG_OK);
	bench_with("0.5 degC", WBG_ERR_RANGE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typical_performance_dt670),
		cmocka_unit_test(test_spec_refusals),
		cmocka_unit_test(test_reply_parsers),
		cmocka_unit_test(test_read_u_virtual),
		cmocka_unit_test(test_read_u_refusals),
		cmocka_unit_test(test_replies),
		cmocka_unit_test(test_bench_sensor_tolerance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
