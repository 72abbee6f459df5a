/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A stored run through the CLI: wbg export (CSV and JSON), wbg check
 * --db/--run --save with the digests of what it judged, and wbg report
 * (well-formed HTML with its plots; JSON and JUnit for scripts).
 *
 * The run is written here through the store API: a lot of 8 units under
 * HTGB with readouts at 0, 168, 500 and 1000 h, whose thresholds drift by
 * 10 mV over 1000 h except U7 (+0.5 V from 500 h) and U8 (+0.4 V from
 * 168 h). With the shift limits ±0.3 V, exactly U7 and U8 fail.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "run_prog.h"
#include "wbg_test.h"
#include "wbg/wbg.h"

#define RUN(res, ...) PROG_RUN(res, NULL, 60, __VA_ARGS__)

static char src[4096], tmpdir[64], db[128], stdpath[4200];


static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

static const double readouts_h[] = {0, 168, 500, 1000};

/* Threshold of unit @p u (1..8) at @p h hours. */
static double vth_of(int u, double h)
{
	double v = 2.70 + 0.02 * u + 0.01 * h / 1000.0;
	if (u == 7 && h >= 500)
		v += 0.5;
	if (u == 8 && h >= 168)
		v += 0.4;
	return v;
}

static void write_fixture(void)
{
	wbg_ctx *ctx = NULL;
	wbg_store *st = NULL;
	wbg_run_info info = {0};
	static const wbg_instrument_info smu = {"gate", "SIM::2450", "KEITHLEY INSTRUMENTS,MODEL 2450,04412345,1.7.3b",
	                                        "KEITHLEY INSTRUMENTS", "MODEL 2450", "04412345", "1.7.3b",
	                                        "Keithley SPEC-2450 Rev. A (July 2013)"};
	char sha[65];
	int64_t run = 0;
	int u, k, i, seq;

	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_sha256_file(sha, stdpath, 1 << 24, ctx), WBG_OK);
	assert_int_equal(wbg_store_open(&st, db, ctx), WBG_OK);
	info.lot = "LOT<7>&\"x\""; /* markup in data must come out escaped */
	info.standard_file = stdpath;
	info.standard_sha256 = sha;
	info.operator_name = "tech1";
	info.host = "bench-3";
	info.seed = 11;
	assert_int_equal(wbg_store_run_begin(&run, st, &info), WBG_OK);
	assert_int_equal(run, 1);
	assert_int_equal(wbg_store_instrument_add(st, run, &smu), WBG_OK);
	for (u = 1; u <= 8; u++) {
		char sample[8];
		snprintf(sample, sizeof(sample), "U%d", u);
		for (seq = 0; seq < 4; seq++) {
			double vgs[61], id[61], vth = vth_of(u, readouts_h[seq]);
			wbg_array arr[2] = {{"vgs", "V", vgs, 61}, {"id", "A", id, 61}};
			wbg_record *rec = NULL;
			const wbg_record *recs[1];
			wbg_step step = {0};
			for (i = 0; i < 61; i++) {
				vgs[i] = 0.1 * i;
				/* subthreshold 100 mV/dec below, square law above the threshold */
				id[i] = vgs[i] < vth ? 1e-12 + 1e-3 * pow(10, (vgs[i] - vth) / 0.1)
				                     : 1e-3 + 0.5 * (vgs[i] - vth) * (vgs[i] - vth);
			}
			(void)k;
			assert_int_equal(wbg_record_new(&rec, "VGSth", vth, "V", 0.005, ctx), WBG_OK);
			recs[0] = rec;
			step.sample = sample;
			step.seq = seq;
			step.test = "HTGB";
			step.method = "transfer";
			step.readout_s = readouts_h[seq] * 3600;
			step.started = 1795842000.0 + seq;
			step.finished = step.started + 0.5;
			step.arrays = arr;
			step.n_arrays = 2;
			step.records = recs;
			step.n_records = 1;
			assert_int_equal(wbg_store_step_write(NULL, st, run, &step), WBG_OK);
			wbg_record_free(rec);
		}
	}
	assert_int_equal(wbg_store_run_finish(st, run, "complete"), WBG_OK);
	wbg_store_close(st);
	wbg_ctx_free(ctx);
}

static int setup(void **state)
{
	const char *s = getenv("WBG_TOP_SRCDIR");

	(void)state;
	snprintf(src, sizeof(src), "%s", s ? s : "..");
	setenv("WBG_DATADIR", src, 1);
	snprintf(stdpath, sizeof(stdpath), "%s/standards/library/aecq101-sic-mosfet.xml", src);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wbg-cli-report-XXXXXX");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(db, sizeof(db), "%s/runs.db", tmpdir);
	write_fixture();
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	if (getenv("WBG_TEST_KEEP")) { /* to look at the report by hand */
		fprintf(stderr, "kept %s\n", tmpdir);
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#define CHECK_ARGS                                                                          \
	"check", "--standard", "aecq101-sic-mosfet", "--set", "vth_shift_min=-0.3V", "--set", \
		"vth_shift_max=0.3V", "--set", "leak_ratio_max=5"

/* The CSV export is the long format, every stored parameter once, exact. */
static void test_export_csv(void **state)
{
	struct prog_result r;
	char row[160];

	(void)state;
	RUN(r, "export", "1", "--db", db);
	prog_expect(&r, 0, "lot,sample,test,readout_h,parameter,value,unit,u\n", NULL);
	assert_int_equal(count(r.out, "\n"), 1 + 8 * 4);
	/* U8 at 168 h: 2.70 + 0.16 + 0.00168 + 0.4, printed with %.17g */
	snprintf(row, sizeof(row), "U8,HTGB,168,VGSth,%.17g,V,0.0050000000000000001\n", vth_of(8, 168));
	assert_non_null(strstr(r.out, row));
	/* the lot holds a quote and a comma-free text: quoted as RFC 4180 asks */
	assert_non_null(strstr(r.out, "\"LOT<7>&\"\"x\"\"\",U1,HTGB,0,VGSth,"));
	prog_result_free(&r);
	RUN(r, "export", "9", "--db", db);
	prog_expect(&r, 2, NULL, "no run 9");
	prog_result_free(&r);
	RUN(r, "export", "1", "--db", "/nonexistent/x.db");
	prog_expect(&r, 2, NULL, "/nonexistent/x.db");
	prog_result_free(&r);
}

/* check --run judges the stored run: exactly U7 and U8 fail the shift limit,
 * and the report names the digests of the standard and of the exported data. */
static void test_check_stored_run(void **state)
{
	struct prog_result r, e;
	char std_sha[65], csv_sha[65], line[200];
	wbg_ctx *ctx = NULL;

	(void)state;
	RUN(e, "export", "1", "--db", db);
	prog_expect(&e, 0, NULL, NULL);
	wbg_sha256_buffer(csv_sha, e.out, strlen(e.out));
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_sha256_file(std_sha, stdpath, 1 << 24, ctx), WBG_OK);
	wbg_ctx_free(ctx);

	RUN(r, CHECK_ARGS, "--db", db, "--run", "1", "--save");
	prog_expect(&r, 1, NULL, NULL);
	snprintf(line, sizeof(line), "standard sha256 %s\n", std_sha);
	assert_non_null(strstr(r.out, line));
	snprintf(line, sizeof(line), "run 1 (as 'wbg export 1') sha256 %s\n", csv_sha);
	assert_non_null(strstr(r.out, line));
	/* U7 fails at 500 and 1000 h, U8 at 168, 500 and 1000 h; nobody else */
	assert_int_equal(count(r.out, "shift-absolute"), 5);
	assert_int_equal(count(r.out, "sample U7 VGSth"), 2);
	assert_int_equal(count(r.out, "sample U8 VGSth"), 3);
	/* 8 units × 3 readouts of shift, a sample plan for the lot and one over lots */
	assert_non_null(strstr(r.out, "26 verdicts from 32 rows: 19 pass, 0 conditional pass, 0 "
	                              "conditional fail, 7 fail"));
	prog_result_free(&r);
	prog_result_free(&e);

	/* the JSON export is data 'wbg check' reads too, with the same verdicts */
	RUN(e, "export", "1", "--db", db, "--format", "json", "-o", "/dev/null");
	prog_expect(&e, 0, NULL, NULL);
	prog_result_free(&e);
	{
		char path[160];
		json_t *root;
		json_error_t err;
		snprintf(path, sizeof(path), "%s/run1.json", tmpdir);
		RUN(e, "export", "1", "--db", db, "--format", "json", "-o", path);
		prog_expect(&e, 0, NULL, NULL);
		prog_result_free(&e);
		root = json_load_file(path, 0, &err);
		assert_non_null(root);
		assert_int_equal(json_array_size(json_object_get(root, "rows")), 32);
		assert_int_equal(json_array_size(json_object_get(root, "steps")), 32);
		assert_int_equal(json_array_size(json_object_get(root, "verdicts")), 26);
		assert_string_equal(json_string_value(json_object_get(
		                        json_array_get(json_object_get(root, "instruments"), 0), "serial")),
		                    "04412345");
		/* raw arrays are there, exact: vgs[60] = 0.1 * 60 */
		assert_double_exact(json_real_value(json_array_get(
		                        json_object_get(json_array_get(json_object_get(json_array_get(
		                                                           json_object_get(root, "steps"), 0),
		                                                                   "arrays"),
		                                                    0),
		                                        "values"),
		                        60)),
		                    0.1 * 60);
		json_decref(root);
		RUN(r, CHECK_ARGS, path);
		prog_expect(&r, 1, "26 verdicts from 32 rows: 19 pass", NULL);
		prog_result_free(&r);
	}
}

/* scripts/qa-signoff gates on the exit code of wbg check: rejected (1) here,
 * with the JUnit, JSON and text records kept. */
static void test_qa_signoff(void **state)
{
	char cmd[16384], path[160];
	int st;

	(void)state;
	snprintf(cmd, sizeof(cmd),
	         "WBG='%s' QA_STANDARD=aecq101-sic-mosfet QA_SETTINGS='leak_ratio_max=5 "
	         "vth_shift_min=-0.3V vth_shift_max=0.3V' QA_OUT='%s/signoff' '%s/scripts/qa-signoff' "
	         "--db '%s' --run 1 >/dev/null 2>&1",
	         wbg_test_program(), tmpdir, src, db);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 1);
	snprintf(path, sizeof(path), "%s/signoff/verdicts.xml", tmpdir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(path, sizeof(path), "%s/signoff/verdicts.json", tmpdir);
	assert_int_equal(access(path, R_OK), 0);
	/* a lot that passes is signed off (exit 0): one unit well inside the demo
	 * standard's limits (IGSS at most 5 nA and 5x its baseline, VGSth within
	 * the datasheet's 1.7-4.0 V and within 0.5 V of its baseline) */
	snprintf(path, sizeof(path), "%s/good.csv", tmpdir);
	{
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs("lot,sample,test,readout_h,parameter,value,unit,u\n"
		      "L,U1,HTGB,0,VGSth,2.72,V,0.005\nL,U1,HTGB,1000,VGSth,2.75,V,0.005\n"
		      "L,U1,HTGB,0,IGSS,1.0,nA,0.01\nL,U1,HTGB,1000,IGSS,1.1,nA,0.01\n", f);
		fclose(f);
	}
	snprintf(cmd, sizeof(cmd),
	         "WBG='%s' QA_STANDARD='%s/standards/demo/demo-sic-htgb.xml' QA_SETTINGS= "
	         "QA_OUT='%s/signoff2' '%s/scripts/qa-signoff' '%s' >/dev/null 2>&1",
	         wbg_test_program(), src, tmpdir, src, path);
	st = system(cmd);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

/* The HTML report: well-formed (XML parser), escaped, with its plots. */
static void test_report_html(void **state)
{
	struct prog_result r;
	char path[160];
	xmlDocPtr doc;
	char *html;
	size_t len;
	FILE *f;

	(void)state;
	RUN(r, CHECK_ARGS, "--db", db, "--run", "1", "--save");
	prog_expect(&r, 1, NULL, NULL);
	prog_result_free(&r);
	snprintf(path, sizeof(path), "%s/report.html", tmpdir);
	RUN(r, "report", "1", "--db", db, "-o", path);
	prog_expect(&r, 0, NULL, "overall FAIL");
	prog_result_free(&r);
	doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc); /* well-formed */
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->name, "html");
	xmlFreeDoc(doc);
	f = fopen(path, "rb");
	assert_non_null(f);
	html = malloc(1 << 22);
	assert_non_null(html);
	len = fread(html, 1, (1 << 22) - 1, f);
	fclose(f);
	html[len] = '\0';
	/* four kinds of plot: 2 transfer, shift, Weibull, and 3 distributions (0 h has none) */
	assert_int_equal(count(html, "data-plot=\"transfer\""), 2);
	assert_int_equal(count(html, "data-plot=\"shift\""), 1);
	assert_int_equal(count(html, "data-plot=\"weibull\""), 1);
	assert_int_equal(count(html, "data-plot=\"distribution\""), 3);
	assert_int_equal(count(html, "<svg"), 2 + 1 + 1 + 3);
	/* the threshold points, drawn on the curves of 8 samples */
	assert_non_null(strstr(html, "One curve per sample (8 shown)"));
	assert_null(strstr(html, "Plot not drawn"));
	/* 2 failures (U8 in (0, 168] h, U7 in (168, 500] h) of 8 units */
	assert_non_null(strstr(html, "8 stressed units, 2 failed"));
	assert_non_null(strstr(html, "LOT&lt;7&gt;&amp;&quot;x&quot;"));
	assert_null(strstr(html, "LOT<7>"));
	assert_non_null(strstr(html, "KEITHLEY INSTRUMENTS,MODEL 2450,04412345,1.7.3b"));
	assert_non_null(strstr(html, "ILAC-G8:2019 4.2.2"));
	free(html);

	/* JUnit and JSON for scripts, with the exit code of the verdicts */
	RUN(r, "report", "1", "--db", db, "--format", "junit");
	prog_expect(&r, 1, "failures=\"7\"", NULL);
	doc = xmlReadMemory(r.out, (int)strlen(r.out), "junit.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	prog_result_free(&r);
	RUN(r, "report", "1", "--db", db, "--format", "json");
	prog_expect(&r, 1, "\"outcome\":\"FAIL\"", NULL);
	assert_int_equal(count(r.out, "\"sample\":\"U8\""), 3);
	prog_result_free(&r);
	RUN(r, "report", "1", "--db", db);
	prog_expect(&r, 2, NULL, "-o FILE");
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_csv),
		cmocka_unit_test(test_check_stored_run),
		cmocka_unit_test(test_report_html),
		cmocka_unit_test(test_qa_signoff),
	};
	return cmocka_run_group_tests_name("cli_report", tests, setup, teardown);
}
