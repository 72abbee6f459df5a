/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Accuracy tables a lab supplies in the bench file (<accuracy> on an
 * instrument): the loader's checks, each named with file:line; the table
 * feeding the readings of a virtual 2460 (which has no built-in table) and
 * replacing a 2450's built-in one; the source recorded as the run's
 * instrument provenance; and `wbg measure` printing a finite u.
 *
 * The 2460 figures below are INVENTED for these tests (round numbers on
 * the 2460's range steps); they are not Keithley's specification, which
 * wbgkit does not have. Every expected u is computed by hand from them:
 * a = gain·|reading| + offset (inside 18..28 °C), u = a/√3 (GUM 4.3.7).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_prog.h"
#include "wbg/wbg.h"
#include "wbg_test.h"

static wbg_schema *schema;
static wbg_ctx *ctx;
static char tmpdir[256];

#define NS "xmlns=\"urn:wbgkit:standard:1\""
#define SQRT3 1.7320508075688772

static int setup(void **state)
{
	char path[4096];
	const char *src = getenv("WBG_TOP_SRCDIR");

	(void)state;
	if (wbg_ctx_new(&ctx) != WBG_OK)
		return -1;
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	setenv("WBG_DATADIR", src ? src : "..", 1);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wbg-acctable-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof(path), "%s/standards/schema/" WBG_SCHEMA_FILE, src ? src : "..");
	return wbg_schema_new(&schema, path, ctx) == WBG_OK ? 0 : -1;
}

static int teardown(void **state)
{
	char path[512];

	(void)state;
	snprintf(path, sizeof(path), "%s/b.xml", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/m.sqlite", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/m.sqlite-wal", tmpdir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/m.sqlite-shm", tmpdir);
	unlink(path);
	rmdir(tmpdir);
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
	return 0;
}

/* Invented test figures for a 2460 (see the file comment). */
#define K2460_TABLE                                                                               \
	"<accuracy source=\"test certificate T-1 (figures invented for this test)\">\n"           \
	"<row function=\"measure-voltage\" range=\"2 V\" gain=\"0.015 %\" offset=\"300 uV\"/>\n"  \
	"<row function=\"measure-voltage\" range=\"7 V\" gain=\"0.015 %\" offset=\"1 mV\"/>\n"    \
	"<row function=\"measure-current\" range=\"10 mA\" gain=\"0.03 %\" offset=\"2 uA\"/>\n"   \
	"<row function=\"measure-current\" range=\"100 mA\" gain=\"0.03 %\" offset=\"20 uA\"/>\n" \
	"<row function=\"source-voltage\" range=\"2 V\" gain=\"0.02 %\" offset=\"600 uV\" "       \
	"tempco=\"0.3\"/>\n"                                                                      \
	"<row function=\"source-voltage\" range=\"7 V\" gain=\"200 ppm\" offset=\"2 mV\"/>\n"     \
	"<row function=\"source-current\" range=\"10 mA\" gain=\"0.05 %\" offset=\"5 uA\" "       \
	"overrange=\"1.01\"/>\n"                                                                  \
	"</accuracy>\n"

/* A 2450 calibration certificate that states only the voltage source. */
#define K2450_CERT                                                                                \
	"<accuracy source=\"calibration certificate 12345, 2026-03-01\">\n"                       \
	"<row function=\"source-voltage\" range=\"20 V\" gain=\"0.1 %\" offset=\"10 mV\"/>\n"     \
	"</accuracy>\n"

/* A bench on the virtual instruments: a drain SMU of @p drain_model with
 * @p drain_acc, a 2450 on the gate with @p gate_acc. */
static char *bench_doc(const char *drain_model, const char *drain_acc, const char *gate_acc)
{
	static char doc[8192];

	snprintf(doc, sizeof(doc),
	         "<bench " NS " id=\"acc\"><title>accuracy tables</title>\n"
	         "<instrument id=\"smu_drain\" resource=\"SIM::drain-smu\" model=\"%s\">\n%s"
	         "</instrument>\n"
	         "<instrument id=\"smu_gate\" resource=\"SIM::gate-smu\" model=\"2450\">\n%s"
	         "</instrument>\n"
	         "<terminal name=\"drain\" max-voltage=\"20 V\" max-current=\"100 mA\" "
	         "max-power=\"2 W\"/>\n"
	         "<terminal name=\"gate\" max-voltage=\"20 V\" max-current=\"10 mA\" "
	         "max-power=\"0.2 W\"/>\n"
	         "<connection instrument=\"smu_drain\" channel=\"1\" terminal=\"drain\"/>\n"
	         "<connection instrument=\"smu_gate\" channel=\"1\" terminal=\"gate\" "
	         "role=\"force\"/>\n"
	         "</bench>\n",
	         drain_model, drain_acc, gate_acc);
	return doc;
}

static int load(wbg_bench **out, const char *doc)
{
	return wbg_bench_load_memory(out, schema, doc, strlen(doc), "t.xml", ctx);
}

static void expect_msg(const char *needle)
{
	if (!strstr(wbg_ctx_errmsg(ctx), needle))
		fail_msg("message '%s' lacks '%s'", wbg_ctx_errmsg(ctx), needle);
}

/* A good table: every quantity in SI, defaults filled in, rows in order. */
static void test_load_good_table(void **state)
{
	wbg_bench *b = NULL;
	const wbg_acc_table *t;
	const wbg_acc_spec *s;

	(void)state;
	assert_int_equal(load(&b, bench_doc("2460", K2460_TABLE, "")), WBG_OK);
	assert_null(wbg_bench_accuracy(b, "smu_gate"));
	assert_null(wbg_bench_accuracy(b, "nosuch"));
	t = wbg_bench_accuracy(b, "smu_drain");
	assert_non_null(t);
	assert_string_equal(wbg_acc_table_source(t),
	                    "test certificate T-1 (figures invented for this test)");
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_MEASURE_VOLTAGE), 2);
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_MEASURE_CURRENT), 2);
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_SOURCE_VOLTAGE), 2);
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_SOURCE_CURRENT), 1);
	/* "7 V", "0.015 %" = 1.5e-4, "1 mV"; tempco and overrange by default */
	s = wbg_acc_table_at(t, WBG_ACC_MEASURE_VOLTAGE, 1);
	assert_double_exact(s->range, 7.0);
	assert_double_near(s->gain, 1.5e-4, 1e-15, 0);
	assert_double_near(s->offset, 1e-3, 1e-15, 0);
	assert_double_exact(s->tempco, 0.15);
	assert_double_exact(s->overrange, 1.05);
	/* "100 mA", "20 uA" */
	s = wbg_acc_table_at(t, WBG_ACC_MEASURE_CURRENT, 1);
	assert_double_near(s->range, 0.1, 1e-15, 0);
	assert_double_near(s->offset, 20e-6, 1e-15, 0);
	/* "200 ppm" = 0.02 %; tempco="0.3" and overrange="1.01" as given */
	s = wbg_acc_table_at(t, WBG_ACC_SOURCE_VOLTAGE, 1);
	assert_double_near(s->gain, 2e-4, 1e-15, 0);
	assert_double_exact(wbg_acc_table_at(t, WBG_ACC_SOURCE_VOLTAGE, 0)->tempco, 0.3);
	assert_double_exact(wbg_acc_table_at(t, WBG_ACC_SOURCE_CURRENT, 0)->overrange, 1.01);
	assert_null(wbg_acc_table_at(t, WBG_ACC_SOURCE_CURRENT, 1));
	wbg_bench_free(b);
}

/* Each problem is named with the file and the line of its row. The
 * accuracy element opens on line 3, its first row is line 4. */
static void test_load_errors(void **state)
{
	char rows[65 * 100 + 200], *p;
	wbg_bench *b = NULL;
	int i;

	(void)state;
	/* a voltage range written in amperes */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 A\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_UNIT);
	expect_msg("t.xml:4: instrument 'smu_drain' accuracy row measure-voltage: range=\"7 A\"");
	/* an offset in the wrong dimension */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-current\" range=\"1 A\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_UNIT);
	expect_msg("t.xml:4: instrument 'smu_drain' accuracy row measure-current: offset=\"1 mV\"");
	/* descending ranges: the second row is named, with the first's line */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n"
	                                    "<row function=\"measure-voltage\" range=\"2 V\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_SCHEMA);
	expect_msg("t.xml:5: instrument 'smu_drain' accuracy: the measure-voltage range 2 comes "
	           "after 7 (line 4)");
	/* the same range twice, written two ways */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"source-current\" range=\"100 mA\" "
	                                    "gain=\"0.01 %\" offset=\"1 uA\"/>\n"
	                                    "<row function=\"source-current\" range=\"0.1 A\" "
	                                    "gain=\"0.02 %\" offset=\"1 uA\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_SCHEMA);
	expect_msg("t.xml:5: instrument 'smu_drain' accuracy: the source-current range 0.1 is "
	           "given twice (also at line 4)");
	/* no source: the schema names the attribute at the element's line */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy>\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_SCHEMA);
	expect_msg("t.xml:3:");
	expect_msg("'source' is required");
	/* an empty source */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_SCHEMA);
	expect_msg("t.xml:3: instrument 'smu_drain': <accuracy> needs source=");
	/* a negative gain */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"-0.01 %\" offset=\"1 mV\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_RANGE);
	expect_msg("t.xml:4: instrument 'smu_drain' accuracy row measure-voltage: gain = -0.0001: "
	           "it must be 0 or positive");
	/* gain and offset both 0: no instrument is exact */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"0 %\" offset=\"0 V\"/>\n</accuracy>\n",
	                                    "")),
	                 WBG_ERR_RANGE);
	expect_msg("t.xml:4:");
	expect_msg("not both 0");
	/* an overrange of 300 % */
	assert_int_equal(load(&b, bench_doc("2460",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"measure-voltage\" range=\"7 V\" "
	                                    "gain=\"0.01 %\" offset=\"1 mV\" overrange=\"300 %\"/>\n"
	                                    "</accuracy>\n",
	                                    "")),
	                 WBG_ERR_RANGE);
	expect_msg("t.xml:4: instrument 'smu_drain' accuracy row measure-voltage: overrange = 3:");
	/* 65 rows (ascending, each valid): the 65th, on line 3 + 65, is refused */
	p = rows + sprintf(rows, "<accuracy source=\"x\">\n");
	for (i = 1; i <= 65; i++)
		p += sprintf(p,
		             "<row function=\"measure-voltage\" range=\"%d V\" gain=\"0.01 %%\" "
		             "offset=\"1 mV\"/>\n",
		             i);
	sprintf(p, "</accuracy>\n");
	assert_int_equal(load(&b, bench_doc("2460", rows, "")), WBG_ERR_OVERFLOW);
	expect_msg("t.xml:68: instrument 'smu_drain' accuracy: more than 64 rows");
	/* the gate's table is checked as well, and named by its instrument */
	assert_int_equal(load(&b, bench_doc("2460", "",
	                                    "<accuracy source=\"x\">\n"
	                                    "<row function=\"source-voltage\" range=\"20 V\" "
	                                    "gain=\"0.1 %\" offset=\"10 A\"/>\n</accuracy>\n")),
	                 WBG_ERR_UNIT);
	expect_msg("t.xml:6: instrument 'smu_gate' accuracy row source-voltage: offset=\"10 A\"");
	assert_null(b);
}

/* The table object on its own: order, cap, lookups, temperature. */
static void test_table_api(void **state)
{
	wbg_acc_table *t = NULL;
	wbg_acc_spec s = {2.0, 2e-4, 600e-6, 0.3, 1.05};
	double u;
	int i;

	(void)state;
	assert_int_equal(wbg_acc_table_new(&t, "", ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_acc_table_new(&t, NULL, ctx), WBG_ERR_INVALID_ARG);
	assert_null(t);
	assert_int_equal(wbg_acc_table_new(&t, "cert 1", ctx), WBG_OK);
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_SOURCE_VOLTAGE, &s), WBG_OK);
	/* the same range again, and a smaller one, are refused */
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_SOURCE_VOLTAGE, &s), WBG_ERR_RANGE);
	s.range = 1.0;
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_SOURCE_VOLTAGE, &s), WBG_ERR_RANGE);
	s.range = 7.0;
	s.gain = -1e-4;
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_SOURCE_VOLTAGE, &s), WBG_ERR_INVALID_ARG);
	s.gain = 2e-4;
	s.offset = 2e-3;
	s.tempco = 0.15;
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_SOURCE_VOLTAGE, &s), WBG_OK);
	/* 1 V on the 2 V row: a = 0.0002·1 + 600e-6 = 800e-6, u = 800e-6/√3 */
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_SOURCE_VOLTAGE, 1.0, 296.15, ctx), WBG_OK);
	assert_double_near(u, 800e-6 / SQRT3, 1e-12, 0);
	/* at 37 °C (310.15 K), 9 K above 28 °C, with tempco 0.3:
	 * a = 800e-6·(1 + 0.3·9) = 2.96e-3 */
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_SOURCE_VOLTAGE, 1.0, 310.15, ctx), WBG_OK);
	assert_double_near(u, 2.96e-3 / SQRT3, 1e-12, 0);
	/* 7.3 V is within the 7 V row's 105 %: a = 0.0002·7.3 + 2e-3 = 3.46e-3 */
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_SOURCE_VOLTAGE, -7.3, 296.15, ctx), WBG_OK);
	assert_double_near(u, 3.46e-3 / SQRT3, 1e-12, 0);
	/* 7.4 V is beyond it */
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_SOURCE_VOLTAGE, 7.4, 296.15, ctx),
	                 WBG_ERR_RANGE);
	/* a function without rows: refused, naming the table's source */
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_MEASURE_CURRENT, 1e-3, 296.15, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	expect_msg("\"cert 1\" has no measure-current rows");
	/* the cap: 64 rows in all */
	for (i = 0; i < WBG_ACC_TABLE_MAX_ROWS - 2; i++) {
		s.range = 1e-9 * (i + 1);
		assert_int_equal(wbg_acc_table_add(t, WBG_ACC_MEASURE_CURRENT, &s), WBG_OK);
	}
	s.range = 1.0;
	assert_int_equal(wbg_acc_table_add(t, WBG_ACC_MEASURE_CURRENT, &s), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_MEASURE_CURRENT), 62);
	wbg_acc_table_free(t);
	wbg_acc_table_free(NULL);
}

/* A session on the virtual bench the document describes (r1k DUT: 1 kΩ
 * drain to source). */
struct sess {
	wbg_bench *b;
	wbg_vbench *vb;
	wbg_meas *m;
};

static void sess_open(struct sess *s, const char *doc)
{
	memset(s, 0, sizeof(*s));
	assert_int_equal(load(&s->b, doc), WBG_OK);
	assert_int_equal(wbg_bench_simulate(&s->vb, s->b, "r1k", 3, ctx), WBG_OK);
	assert_int_equal(wbg_meas_new(&s->m, ctx), WBG_OK);
	assert_int_equal(wbg_meas_use_bench(s->m, s->b, "acc.xml"), WBG_OK);
}

static void sess_close(struct sess *s)
{
	wbg_meas_free(s->m);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(s->vb);
	wbg_bench_free(s->b);
}

static void spot(wbg_smu *smu, wbg_smu_reading *r, wbg_smu_fn fn, double level, double limit)
{
	assert_int_equal(wbg_smu_source(smu, fn, level, limit), WBG_OK);
	assert_int_equal(wbg_smu_output(smu, true), WBG_OK);
	assert_int_equal(wbg_smu_measure(smu, r), WBG_OK);
}

/* u = (gain·|x| + offset)/√3 on the reading x itself (the virtual
 * instruments' readings carry their simulated source error and noise). */
static double u_row(double gain, double offset, double x)
{
	return (gain * fabs(x) + offset) / SQRT3;
}

/* A virtual 2460 with the bench table: every u is the table's a/√3. Each
 * check is twice: the closed form on the reading, and the nominal value
 * (the reading within 1e-4 of its nominal moves u by less than that). */
static void test_2460_with_table(void **state)
{
	struct sess s;
	wbg_smu *d;
	wbg_smu_reading r;

	(void)state;
	sess_open(&s, bench_doc("2460", K2460_TABLE, ""));
	d = wbg_meas_smu(s.m, "drain");
	assert_string_equal(wbg_smu_model(d), "2460");
	assert_string_equal(wbg_smu_accuracy_source(d),
	                    "test certificate T-1 (figures invented for this test)");
	/* source 1 V: 2 V source row, a = 0.0002·1 + 600e-6 = 800e-6 V;
	 * I = 1 mA: 10 mA measure row, a = 0.0003·1e-3 + 2e-6 = 2.3e-6 A */
	spot(d, &r, WBG_SMU_SOURCE_V, 1.0, 0.01);
	assert_double_near(r.i, 1e-3, 1e-4, 0);
	assert_double_near(r.u_v, u_row(2e-4, 600e-6, r.v), 1e-12, 0);
	assert_double_near(r.u_v, 800e-6 / SQRT3, 1e-4, 0);
	assert_double_near(r.u_i, u_row(3e-4, 2e-6, r.i), 1e-12, 0);
	assert_double_near(r.u_i, 2.3e-6 / SQRT3, 1e-4, 0);
	/* source 5 V: 7 V row, a = 200 ppm·5 + 2e-3 = 3e-3 V; 5 mA on the 10 mA
	 * row: a = 0.0003·5e-3 + 2e-6 = 3.5e-6 A */
	spot(d, &r, WBG_SMU_SOURCE_V, 5.0, 0.01);
	assert_double_near(r.u_v, u_row(2e-4, 2e-3, r.v), 1e-12, 0);
	assert_double_near(r.u_v, 3e-3 / SQRT3, 1e-4, 0);
	assert_double_near(r.u_i, u_row(3e-4, 2e-6, r.i), 1e-12, 0);
	assert_double_near(r.u_i, 3.5e-6 / SQRT3, 1e-4, 0);
	/* source 1 mA: 10 mA row, a = 0.0005·1e-3 + 5e-6 = 5.5e-6 A; V = 1 V on
	 * the 2 V measure row: a = 0.00015·1 + 300e-6 = 450e-6 V */
	spot(d, &r, WBG_SMU_SOURCE_I, 1e-3, 5.0);
	assert_double_near(r.v, 1.0, 1e-3, 0);
	assert_double_near(r.u_i, u_row(5e-4, 5e-6, r.i), 1e-12, 0);
	assert_double_near(r.u_i, 5.5e-6 / SQRT3, 1e-4, 0);
	assert_double_near(r.u_v, u_row(1.5e-4, 300e-6, r.v), 1e-12, 0);
	assert_double_near(r.u_v, 450e-6 / SQRT3, 1e-4, 0);
	/* the gate, a 2450 with no table, keeps the built-in one */
	assert_string_equal(wbg_smu_accuracy_source(wbg_meas_smu(s.m, "gate")),
	                    "Keithley SPEC-2450 Rev. A (July 2013)");
	sess_close(&s);
}

/* A 2460 with no table keeps u = NaN, and the refusal says how to give one. */
static void test_2460_without_table(void **state)
{
	struct sess s;
	wbg_smu *d;
	wbg_smu_reading r;
	double u;

	(void)state;
	sess_open(&s, bench_doc("2460", "", ""));
	d = wbg_meas_smu(s.m, "drain");
	assert_null(wbg_smu_accuracy_source(d));
	spot(d, &r, WBG_SMU_SOURCE_V, 1.0, 0.01);
	assert_double_near(r.i, 1e-3, 1e-4, 0);
	assert_true(isnan(r.u_v) && isnan(r.u_i));
	sess_close(&s);
	assert_int_equal(wbg_accuracy_u(&u, "2460", WBG_ACC_MEASURE_CURRENT, 1e-3, 296.15, ctx),
	                 WBG_ERR_NOT_SUPPORTED);
	expect_msg("2460-905-01");
	expect_msg("<accuracy source=");
}

/* A 2450 with a calibration certificate: its rows replace the built-in
 * table as a whole; detached, the built-in one is back. */
static void test_2450_override(void **state)
{
	struct sess s;
	wbg_smu *g;
	wbg_smu_reading r;

	(void)state;
	sess_open(&s, bench_doc("2470", "", K2450_CERT));
	g = wbg_meas_smu(s.m, "gate");
	assert_string_equal(wbg_smu_accuracy_source(g), "calibration certificate 12345, 2026-03-01");
	/* 5 V on the certificate's 20 V row: a = 0.001·5 + 0.01 = 0.015 V */
	spot(g, &r, WBG_SMU_SOURCE_V, 5.0, 1e-3);
	assert_double_near(r.u_v, u_row(1e-3, 10e-3, r.v), 1e-12, 0);
	assert_double_near(r.u_v, 0.015 / SQRT3, 1e-4, 0);
	/* the certificate states no current measurement: no u */
	assert_true(isnan(r.u_i));
	/* built-in SPEC-2450 20 V source row, ±(0.015 % + 2.4 mV):
	 * a = 0.00015·5 + 2.4e-3 = 3.15e-3 V */
	wbg_smu_set_accuracy(g, NULL);
	assert_string_equal(wbg_smu_accuracy_source(g), "Keithley SPEC-2450 Rev. A (July 2013)");
	assert_int_equal(wbg_smu_measure(g, &r), WBG_OK);
	assert_double_near(r.u_v, u_row(1.5e-4, 2.4e-3, r.v), 1e-12, 0);
	assert_double_near(r.u_v, 3.15e-3 / SQRT3, 1e-4, 0);
	assert_false(isnan(r.u_i));
	sess_close(&s);
}

static void on_log(void *user, wbg_log_level level, const char *module, const char *msg)
{
	char *seen = user;
	size_t n = strlen(seen);

	(void)module;
	if (level == WBG_LOG_WARN)
		snprintf(seen + n, 1024 - n, "%s|", msg);
}

/* A table on a temperature controller is not used, and the session says
 * so rather than drop it silently. */
static void test_table_on_non_smu_warned(void **state)
{
	static const char doc[] =
		"<bench " NS " id=\"acc\"><title>t</title>\n"
		"<instrument id=\"smu_drain\" resource=\"SIM::drain-smu\" model=\"2470\"/>\n"
		"<instrument id=\"smu_gate\" resource=\"SIM::gate-smu\" model=\"2450\"/>\n"
		"<instrument id=\"chuck\" resource=\"SIM::chuck\" model=\"336\">\n"
		"<accuracy source=\"x\"><row function=\"measure-voltage\" range=\"1 V\" "
		"gain=\"0.1 %\" offset=\"1 mV\"/></accuracy></instrument>\n"
		"<terminal name=\"drain\" max-voltage=\"20 V\" max-current=\"100 mA\" "
		"max-power=\"2 W\"/>\n"
		"<terminal name=\"gate\" max-voltage=\"20 V\" max-current=\"10 mA\" "
		"max-power=\"0.2 W\"/>\n"
		"<terminal name=\"case\" max-voltage=\"0 V\" max-current=\"0 A\" "
		"max-power=\"0 W\"/>\n"
		"<connection instrument=\"smu_drain\" channel=\"1\" terminal=\"drain\"/>\n"
		"<connection instrument=\"smu_gate\" channel=\"1\" terminal=\"gate\"/>\n"
		"<connection instrument=\"chuck\" channel=\"1\" terminal=\"case\" "
		"role=\"temperature\"/>\n"
		"</bench>\n";
	static char seen[1024];
	struct sess s;

	(void)state;
	seen[0] = '\0';
	wbg_ctx_set_log_fn(ctx, on_log, seen);
	wbg_ctx_set_log_level(ctx, WBG_LOG_WARN);
	sess_open(&s, doc);
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	wbg_ctx_set_log_fn(ctx, NULL, NULL);
	if (!strstr(seen, "acc.xml: the <accuracy> table of instrument 'chuck' is not used"))
		fail_msg("warnings: '%s'", seen);
	/* the SMUs keep their built-in tables */
	assert_string_equal(wbg_smu_accuracy_source(wbg_meas_smu(s.m, "gate")),
	                    "Keithley SPEC-2450 Rev. A (July 2013)");
	sess_close(&s);
}

static int on_inst(void *user, const wbg_instrument_info *i)
{
	char *seen = user;
	size_t n = strlen(seen);

	snprintf(seen + n, 512 - n, "%s=%s;", i->role, i->accuracy ? i->accuracy : "(none)");
	return 0;
}

/* The instruments a session records in a new store's run, as
 * "role=accuracy source;" in @p seen (512 bytes). */
static void provenance(struct sess *s, char *seen)
{
	wbg_store *st = NULL;
	wbg_run_info info;
	int64_t run = 0;
	char path[512];

	snprintf(path, sizeof(path), "%s/m.sqlite", tmpdir);
	unlink(path);
	memset(&info, 0, sizeof(info));
	info.lot = "L";
	info.operator_name = "t";
	info.host = "h";
	assert_int_equal(wbg_store_open(&st, path, ctx), WBG_OK);
	assert_int_equal(wbg_store_run_begin(&run, st, &info), WBG_OK);
	wbg_meas_store_instruments(s->m, st, run);
	seen[0] = '\0';
	assert_int_equal(wbg_store_instruments_list(st, run, on_inst, seen), WBG_OK);
	wbg_store_close(st);
}

/* The run's instrument provenance names the document of each SMU's u. */
static void test_store_provenance(void **state)
{
	struct sess s;
	char seen[512];

	(void)state;
	sess_open(&s, bench_doc("2460", K2460_TABLE, ""));
	provenance(&s, seen);
	assert_string_equal(seen, "drain=test certificate T-1 (figures invented for this test);"
	                          "gate=Keithley SPEC-2450 Rev. A (July 2013);");
	sess_close(&s);
}

/* wbg measure on a 2460 bench with a table prints a finite u; without
 * one, u is null. rdson on 1 kΩ at 1 mA: u_R = R·hypot(u_V/V, u_I/I) with
 * u_V = 450e-6/√3 (2 V measure row) and u_I = 5.5e-6/√3 (10 mA source
 * row): 1000·hypot(2.5981e-4, 3.1754e-3) = 3.1860 Ω. */
static void test_measure_cli(void **state)
{
	char path[512], db[512];
	const char *args[] = {"measure", "rdson", "--bench", path, "--sim-dut", "r1k", "--set",
	                      "id=1mA", "--set", "vgs=5V", "--json", "--no-store", NULL};
	const char *text[] = {"measure", "rdson", "--bench", path, "--sim-dut", "r1k", "--set",
	                      "id=1mA", "--set", "vgs=5V", "--db", db, NULL};
	const char *export[] = {"export", "1", "--db", db, "--format", "json", NULL};
	struct prog_result r;
	const char *u;
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/b.xml", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(bench_doc("2460", K2460_TABLE, ""), f);
	fclose(f);
	assert_int_equal(prog_run(&r, args, NULL, 20), 0);
	if (r.status != 0)
		fail_msg("wbg measure: %s", r.err);
	u = strstr(r.out, "\"u\":");
	assert_non_null(u);
	assert_double_near(strtod(u + 4, NULL), 1000.0 * hypot(450e-6 / SQRT3, 5.5e-6 / SQRT3 / 1e-3),
	                   1e-3, 0);
	prog_result_free(&r);
	/* as text, saved: the same u printed, and the run's instruments name
	 * the table's source (wbg export) */
	snprintf(db, sizeof(db), "%s/m.sqlite", tmpdir);
	unlink(db);
	assert_int_equal(prog_run(&r, text, NULL, 20), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "(u = 3.186 ohm)"));
	assert_non_null(strstr(r.out, "u of the drain SMU (2460): test certificate T-1 (figures "
	                              "invented for this test)"));
	assert_non_null(strstr(r.out, "u of the gate SMU (2450): Keithley SPEC-2450 Rev. A"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, export, NULL, 20), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(
		strstr(r.out, "\"accuracy\": \"test certificate T-1 (figures invented for this test)\""));
	assert_non_null(strstr(r.out, "\"accuracy\": \"Keithley SPEC-2450 Rev. A (July 2013)\""));
	prog_result_free(&r);
	/* the same bench without the table: u is null */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(bench_doc("2460", "", ""), f);
	fclose(f);
	assert_int_equal(prog_run(&r, args, NULL, 20), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"u\": null"));
	prog_result_free(&r);
	assert_int_equal(prog_run(&r, text, NULL, 20), 0);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "u of the drain SMU (2460): no accuracy model, u = NaN (give "
	                              "its <instrument> an <accuracy> table"));
	prog_result_free(&r);
}

/* An LCR meter's calibration accuracy Acal from the lab (the E4980A data
 * sheet's Acal table is not encoded): rows by test-frequency band, the
 * lookup, the loader's checks, and a virtual E4980A whose reading's u grows
 * by exactly Acal·|C|/√3 (Aa = Ae + Acal). Figures INVENTED for the test. */
static void test_lcr_calibration(void **state)
{
	static const char good[] =
		"<bench " NS " id=\"acc\"><title>t</title>\n"
		"<instrument id=\"lcr\" resource=\"SIM::lcr-x\" model=\"E4980A\">\n"
		"<accuracy source=\"test certificate L-1 (invented)\">\n"
		"<row function=\"lcr-calibration\" range=\"10 kHz\" gain=\"0.05 %\"/>\n"
		"<row function=\"lcr-calibration\" range=\"2 MHz\" gain=\"0.1 %\"/>\n"
		"</accuracy></instrument>\n"
		"<terminal name=\"ciss\" max-voltage=\"40 V\" max-current=\"0.1 A\" "
		"max-power=\"1 W\"/>\n"
		"<connection instrument=\"lcr\" channel=\"1\" terminal=\"ciss\"/>\n"
		"</bench>\n";
	wbg_bench *b = NULL;
	const wbg_acc_table *t;
	wbg_acc_table *empty = NULL;
	wbg_vbench *vb = NULL;
	wbg_vinstr *vi = NULL;
	wbg_instr *in = NULL;
	wbg_lcr *lcr = NULL;
	wbg_lcr_reading r1, r2;
	double f = 0, u;

	(void)state;
	assert_int_equal(load(&b, good), WBG_OK);
	t = wbg_bench_accuracy(b, "lcr");
	assert_non_null(t);
	assert_int_equal(wbg_acc_table_count(t, WBG_ACC_LCR_CALIBRATION), 2);
	assert_double_near(wbg_acc_table_at(t, WBG_ACC_LCR_CALIBRATION, 1)->range, 2e6, 0, 0);
	assert_double_near(wbg_acc_table_at(t, WBG_ACC_LCR_CALIBRATION, 0)->offset, 0, 0, 0);
	assert_int_equal(wbg_acc_table_acal(&f, t, 1e3, ctx), WBG_OK);
	assert_double_near(f, 0.0005, 1e-15, 0);
	assert_int_equal(wbg_acc_table_acal(&f, t, 10e3, ctx), WBG_OK); /* band edge: its own */
	assert_double_near(f, 0.0005, 1e-15, 0);
	assert_int_equal(wbg_acc_table_acal(&f, t, 100e3, ctx), WBG_OK);
	assert_double_near(f, 0.001, 1e-15, 0);
	assert_int_equal(wbg_acc_table_acal(&f, t, 3e6, ctx), WBG_ERR_RANGE);
	assert_int_equal(wbg_acc_table_u(&u, t, WBG_ACC_LCR_CALIBRATION, 1e-9, 296.15, ctx),
	                 WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_acc_table_new(&empty, "no LCR rows", ctx), WBG_OK);
	assert_int_equal(wbg_acc_table_acal(&f, empty, 1e3, ctx), WBG_ERR_NOT_SUPPORTED);
	wbg_acc_table_free(empty);

	/* A virtual E4980A at 1 kHz, 1 V: the reading without, then with Acal */
	assert_int_equal(wbg_vbench_new(&vb, "sic-mosfet", 3, ctx), WBG_OK);
	wbg_vbench_attach(ctx, vb);
	assert_int_equal(wbg_vbench_add(&vi, vb, "lcr-x", "E4980A", "ciss", ctx), WBG_OK);
	assert_int_equal(wbg_instr_open(&in, "SIM::lcr-x", ctx), WBG_OK);
	assert_int_equal(wbg_lcr_open(&lcr, in, NULL, ctx), WBG_OK);
	assert_int_equal(wbg_lcr_setup(lcr, 1e3, 1.0), WBG_OK);
	assert_int_equal(wbg_lcr_measure(lcr, &r1), WBG_OK);
	assert_non_null(strstr(wbg_lcr_accuracy_source(lcr), "5989-4435EN"));
	assert_null(strstr(wbg_lcr_accuracy_source(lcr), "Acal"));
	wbg_lcr_set_accuracy(lcr, t);
	assert_int_equal(wbg_lcr_measure(lcr, &r2), WBG_OK);
	/* u·√3/|C| is the accuracy as a fraction: Ae before, Ae + 0.0005 now
	 * (Ae moves by about 1e-8 between two readings of one C) */
	assert_true(isfinite(r1.u_c_f) && isfinite(r2.u_c_f));
	assert_double_near(r2.u_c_f * SQRT3 / fabs(r2.c_f) - 0.0005, r1.u_c_f * SQRT3 / fabs(r1.c_f),
	                   0, 1e-7);
	assert_double_near(r2.u_d, r1.u_d, 1e-3, 0); /* D's accuracy has no Acal here */
	assert_non_null(strstr(wbg_lcr_accuracy_source(lcr), "Acal: test certificate L-1"));
	/* outside the stated bands: no Acal, so no u rather than Ae alone */
	assert_int_equal(wbg_lcr_setup(lcr, 2e6, 1.0), WBG_OK);
	wbg_lcr_set_accuracy(lcr, t);
	{
		static const char one_band[] =
			"<bench " NS " id=\"acc\"><title>t</title>\n"
			"<instrument id=\"lcr\" resource=\"SIM::lcr-x\" model=\"E4980A\">\n"
			"<accuracy source=\"s\">\n"
			"<row function=\"lcr-calibration\" range=\"1 kHz\" gain=\"0.05 %\"/>\n"
			"</accuracy></instrument>\n"
			"<terminal name=\"ciss\" max-voltage=\"40 V\" max-current=\"0.1 A\" "
			"max-power=\"1 W\"/>\n"
			"<connection instrument=\"lcr\" channel=\"1\" terminal=\"ciss\"/>\n"
			"</bench>\n";
		wbg_bench *b1 = NULL;
		assert_int_equal(load(&b1, one_band), WBG_OK);
		wbg_lcr_set_accuracy(lcr, wbg_bench_accuracy(b1, "lcr"));
		assert_int_equal(wbg_lcr_measure(lcr, &r2), WBG_OK);
		assert_true(isnan(r2.u_c_f));
		wbg_lcr_set_accuracy(lcr, NULL);
		wbg_bench_free(b1);
	}
	assert_int_equal(wbg_lcr_off(lcr), WBG_OK);
	wbg_lcr_free(lcr);
	wbg_instr_close(in);
	wbg_vbench_attach(ctx, NULL);
	wbg_vbench_free(vb);
	wbg_bench_free(b);

	/* a session from the bench file attaches the table to the meter, and
	 * the run's provenance names the meter and both documents */
	{
		struct sess se;
		char seen[512];
		sess_open(&se, good);
		provenance(&se, seen);
		if (!strstr(seen, "lcr ciss=Keysight E4980A/E4980AL data sheet 5989-4435EN, relative "
		                  "accuracy Ae; Acal: test certificate L-1 (invented);"))
			fail_msg("instruments: '%s'", seen);
		sess_close(&se);
	}

	/* the loader: an lcr-calibration row takes a frequency and no offset */
	{
		static const char *const bad[][2] = {
			{"<row function=\"lcr-calibration\" range=\"1 V\" gain=\"0.05 %\"/>",
			 "range=\"1 V\""},
			{"<row function=\"lcr-calibration\" range=\"1 kHz\" gain=\"0.05 %\" "
			 "offset=\"1 pF\"/>",
			 "offset = 1e-12: it must be 0"},
		};
		size_t i;
		for (i = 0; i < 2; i++) {
			char doc[2048];
			snprintf(doc, sizeof(doc),
			         "<bench " NS " id=\"acc\"><title>t</title>\n"
			         "<instrument id=\"lcr\" resource=\"SIM::lcr-x\" model=\"E4980A\">\n"
			         "<accuracy source=\"s\">\n%s\n</accuracy></instrument>\n"
			         "<terminal name=\"ciss\" max-voltage=\"40 V\" max-current=\"0.1 A\" "
			         "max-power=\"1 W\"/>\n"
			         "<connection instrument=\"lcr\" channel=\"1\" terminal=\"ciss\"/>\n"
			         "</bench>\n",
			         bad[i][0]);
			b = NULL;
			assert_int_not_equal(load(&b, doc), WBG_OK);
			assert_null(b);
			expect_msg("t.xml:4:");
			expect_msg(bad[i][1]);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load_good_table),
		cmocka_unit_test(test_load_errors),
		cmocka_unit_test(test_table_api),
		cmocka_unit_test(test_2460_with_table),
		cmocka_unit_test(test_2460_without_table),
		cmocka_unit_test(test_2450_override),
		cmocka_unit_test(test_table_on_non_smu_warned),
		cmocka_unit_test(test_store_provenance),
		cmocka_unit_test(test_measure_cli),
		cmocka_unit_test(test_lcr_calibration),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
