/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Data sets (CSV, JSON) and the evaluator, with every limit kind, against
 * hand-computed verdicts: tests/standards/eval-test.xml with eval-data.csv.
 * Φ-based values computed independently with Python's math.erf (see each).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static wbg_schema *schema;
static wbg_ctx *ctx;
static char dir[4096];

#define YEAR_S (365.25 * 86400.0)

static int setup(void **state)
{
	char path[4400];
	const char *src = getenv("WBG_TOP_SRCDIR");

	(void)state;
	snprintf(dir, sizeof(dir), "%s/tests/standards", src ? src : "..");
	if (wbg_ctx_new(&ctx) != WBG_OK)
		return -1;
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	snprintf(path, sizeof(path), "%s/standards/schema/" WBG_SCHEMA_FILE, src ? src : "..");
	return wbg_schema_new(&schema, path, ctx) == WBG_OK ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	wbg_schema_free(schema);
	wbg_ctx_free(ctx);
	return 0;
}

static void expect_msg(const char *needle)
{
	if (!strstr(wbg_ctx_errmsg(ctx), needle)) {
		print_error("message '%s' lacks '%s'\n", wbg_ctx_errmsg(ctx), needle);
		fail();
	}
}

static void load(wbg_standard **std, wbg_device **dev)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/eval-test.xml", dir);
	assert_int_equal(wbg_standard_load_file(std, schema, path, ctx), WBG_OK);
	if (dev) {
		snprintf(path, sizeof(path), "%s/eval-device.xml", dir);
		assert_int_equal(wbg_device_load_file(dev, schema, path, ctx), WBG_OK);
	}
}

static const wbg_result *find(const wbg_eval *ev, const char *test, const char *lot,
                              const char *sample, const char *param, wbg_limit_kind kind,
                              double readout_h)
{
	size_t i;

	for (i = 0; i < wbg_eval_count(ev); i++) {
		const wbg_result *r = wbg_eval_result(ev, i);
		if (strcmp(r->test, test) == 0 && strcmp(r->lot, lot) == 0 &&
		    strcmp(r->sample, sample) == 0 && strcmp(r->parameter, param) == 0 &&
		    r->kind == kind && (readout_h < 0 || r->readout_s == readout_h * 3600.0))
			return r;
	}
	print_error("no verdict %s/%s/%s/%s/%s@%g\n", test, lot, sample, param,
	            wbg_limit_kind_name(kind), readout_h);
	fail();
	return NULL;
}

static size_t count_kind(const wbg_eval *ev, wbg_limit_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < wbg_eval_count(ev); i++)
		if (wbg_eval_result(ev, i)->kind == kind)
			n++;
	return n;
}

static void test_every_limit_kind(void **state)
{
	wbg_standard *std = NULL;
	wbg_device *dev = NULL;
	wbg_dataset *ds = NULL;
	wbg_eval *ev = NULL;
	const wbg_result *r;
	char path[4400];

	(void)state;
	load(&std, &dev);
	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	snprintf(path, sizeof(path), "%s/eval-data.csv", dir);
	assert_int_equal(wbg_dataset_read_file(ds, path, ctx), WBG_OK);
	assert_int_equal(wbg_dataset_count(ds), 23);
	/* A user setting without value stops the evaluation and names its source. */
	assert_int_equal(wbg_evaluate(&ev, std, dev, ds, ctx), WBG_ERR_STATE);
	expect_msg("'ratio_max'");
	expect_msg("from wbgkit test suite and give it with --set ratio_max=VALUE");
	assert_int_equal(wbg_standard_set(std, "ratio_max", "5", ctx), WBG_OK);
	/* A datasheet-relative limit needs the device profile. */
	assert_int_equal(wbg_evaluate(&ev, std, NULL, ds, ctx), WBG_ERR_NOT_FOUND);
	expect_msg("--device");
	assert_int_equal(wbg_evaluate(&ev, std, dev, ds, ctx), WBG_OK);

	/* absolute, simple acceptance: V in [1, 3] V: unit 1 at 0 h and 168 h;
	 * units 2 and 3 have STRESS results (I) but no V at all: each gets a
	 * FAIL of its own with no value, so that a missing reading never passes. */
	assert_int_equal(count_kind(ev, WBG_LIMIT_ABSOLUTE), 4);
	r = find(ev, "STRESS", "L1", "1", "V", WBG_LIMIT_ABSOLUTE, 168);
	assert_int_equal(r->d.outcome, WBG_PASS);
	assert_int_equal(r->d.rule, WBG_RULE_SIMPLE);
	r = find(ev, "STRESS", "L1", "2", "V", WBG_LIMIT_ABSOLUTE, -1);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_true(isnan(r->d.value) && isnan(r->readout_s));
	assert_double_near(r->d.tl_lo, 1.0, 0, 0);
	assert_double_near(r->d.tl_hi, 3.0, 0, 0);
	assert_non_null(strstr(r->note, "no value for this unit"));
	r = find(ev, "STRESS", "L1", "3", "V", WBG_LIMIT_ABSOLUTE, -1);
	assert_int_equal(r->d.outcome, WBG_FAIL);

	/* datasheet: I <= 1 × IDSS_max = 10 µA, guarded, U = 2 × 0.05 µA, AU = 9.9 µA.
	 * 9.95 µA is rejected; PFR = Φ((10 − 9.95)/0.05) = Φ(1) = 0.8413447460685. */
	assert_int_equal(count_kind(ev, WBG_LIMIT_DATASHEET), 6);
	r = find(ev, "STRESS", "L1", "2", "I", WBG_LIMIT_DATASHEET, 168);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_double_near(r->d.tl_hi, 10e-6, 1e-12, 0);
	assert_double_near(r->d.al_hi, 9.9e-6, 1e-12, 0);
	assert_double_near(r->d.pfr, 0.8413447460685464, 1e-9, 0);
	r = find(ev, "STRESS", "L1", "1", "I", WBG_LIMIT_DATASHEET, 168);
	assert_int_equal(r->d.outcome, WBG_PASS);

	/* shift ratio y/y0 <= 5: unit 1, 2.0/1.0 = 2 with
	 * u = √((0.05/1)² + (2 × 0.05/1)²) = 0.1118034 (first-order propagation). */
	assert_int_equal(count_kind(ev, WBG_LIMIT_SHIFT_RATIO), 3);
	r = find(ev, "STRESS", "L1", "1", "I", WBG_LIMIT_SHIFT_RATIO, 168);
	assert_int_equal(r->d.outcome, WBG_PASS);
	assert_double_near(r->d.value, 2.0, 1e-12, 0);
	assert_double_near(r->d.u, 0.1118033988749895, 1e-12, 0);
	r = find(ev, "STRESS", "L1", "2", "I", WBG_LIMIT_SHIFT_RATIO, 168);
	assert_int_equal(r->d.outcome, WBG_FAIL);

	/* shift absolute at 168 h: ΔV = 0.15 V, u = √2 × 0.01 V, limits ±0.2 V,
	 * w = 2u = 0.028284 V, passes; PFA = 1 − [Φ(0.05/u) − Φ(−0.35/u)] = 2.03476e-4. */
	assert_int_equal(count_kind(ev, WBG_LIMIT_SHIFT_ABSOLUTE), 1);
	r = find(ev, "STRESS", "L1", "1", "V", WBG_LIMIT_SHIFT_ABSOLUTE, 168);
	assert_int_equal(r->d.outcome, WBG_PASS);
	assert_double_near(r->d.value, 0.15, 1e-9, 0);
	assert_double_near(r->d.pfa, 0.00020347600872250293, 1e-6, 0);
	assert_double_near(r->d.tl_lo, -0.2, 1e-12, 0);

	/* shift relative (R − R0)/R0 <= 20 %: unit 3, 0.25; u = √((1/100)² + (125/100²)²)
	 * = 0.0160078; rejected; PFR = Φ((0.2 − 0.25)/0.0160078) = 8.93645e-4. */
	r = find(ev, "STRESS", "L1", "3", "R", WBG_LIMIT_SHIFT_RELATIVE, 168);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_double_near(r->d.value, 0.25, 1e-12, 0);
	assert_double_near(r->d.pfr, 0.0008936445184936637, 1e-6, 0);

	/* sample plan: 3 units, accept 0; units 2 and 3 failed; LTPD(3, 0) at 90 %
	 * = 1 − 0.1^(1/3) = 0.5358411. */
	r = find(ev, "STRESS", "L1", "", "", WBG_LIMIT_SAMPLE_PLAN, -1);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_int_equal(r->units, 3);
	assert_int_equal(r->failures, 2);
	assert_double_near(r->ltpd, 0.535841116638722, 1e-9, 0);

	/* Cpk of {1.9, 1.95, 2.0, 2.05, 2.1, 3.5} V with LSL 1 V, USL 3 V:
	 * mean 2.25, s = √(1.9/5); Cpk = 0.75/(3 s) = 0.405554 < 1.33. */
	r = find(ev, "CHAR", "L1", "", "V", WBG_LIMIT_CPK, 0);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_double_near(r->d.value, 0.75 / (3 * sqrt(0.38)), 1e-12, 0);
	assert_double_near(r->d.tl_lo, 1.33, 1e-12, 0);

	/* outlier screen, type-7 quartiles 1.9625 and 2.0875, median 2.025:
	 * limits 2.025 ± 3 × 0.125/1.349; only 3.5 V falls outside. */
	assert_int_equal(count_kind(ev, WBG_LIMIT_OUTLIER), 6);
	r = find(ev, "CHAR", "L1", "6", "V", WBG_LIMIT_OUTLIER, 0);
	assert_int_equal(r->d.outcome, WBG_FAIL);
	assert_double_near(r->d.tl_hi, 2.025 + 0.375 / 1.349, 1e-9, 0);
	assert_double_near(r->d.tl_lo, 2.025 - 0.375 / 1.349, 1e-9, 0);
	r = find(ev, "CHAR", "L1", "1", "V", WBG_LIMIT_OUTLIER, 0);
	assert_int_equal(r->d.outcome, WBG_PASS);

	/* lifetime, target 10 y, non-binary: lower bound >= target passes; estimate
	 * >= target > bound is a conditional pass; estimate < target fails. */
	r = find(ev, "LIFE", "L1", "", "life", WBG_LIMIT_LIFETIME, -1);
	assert_int_equal(r->d.outcome, WBG_COND_PASS);
	assert_double_near(r->d.value, 8 * YEAR_S, 1e-12, 0);
	assert_double_near(r->d.tl_lo, 10 * YEAR_S, 1e-12, 0);
	r = find(ev, "LIFE", "L2", "", "life", WBG_LIMIT_LIFETIME, -1);
	assert_int_equal(r->d.outcome, WBG_PASS);
	r = find(ev, "LIFE", "L3", "", "life", WBG_LIMIT_LIFETIME, -1);
	assert_int_equal(r->d.outcome, WBG_FAIL);

	assert_int_equal(wbg_eval_unused_rows(ev), 1); /* the OTHER test */
	assert_int_equal(wbg_eval_worst(ev), WBG_FAIL);
	wbg_eval_free(ev);
	wbg_dataset_free(ds);
	wbg_device_free(dev);
	wbg_standard_free(std);
}

static int eval_csv(const char *csv, wbg_eval **out, wbg_standard *std, wbg_device *dev)
{
	wbg_dataset *ds = NULL;
	int rc;

	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	rc = wbg_dataset_parse_csv(ds, csv, strlen(csv), "d.csv", ctx);
	if (rc == WBG_OK)
		rc = wbg_evaluate(out, std, dev, ds, ctx);
	wbg_dataset_free(ds);
	return rc;
}

#define HDR "lot,sample,test,readout_h,parameter,value,unit,u\n"

static void test_evaluation_input_errors(void **state)
{
	wbg_standard *std = NULL;
	wbg_device *dev = NULL;
	wbg_eval *ev = NULL;

	(void)state;
	load(&std, &dev);
	assert_int_equal(wbg_standard_set(std, "ratio_max", "5", ctx), WBG_OK);
	/* a shift without its baseline */
	assert_int_equal(eval_csv(HDR "L1,1,STRESS,168,I,2,µA,\n", &ev, std, dev), WBG_ERR_NOT_FOUND);
	expect_msg("d.csv:2: lot L1 sample 1 has no baseline (readout_h 0) for I");
	/* a value in a unit of another dimension */
	assert_int_equal(eval_csv(HDR "L1,1,STRESS,0,I,2,mV,\n", &ev, std, dev), WBG_ERR_UNIT);
	expect_msg("d.csv:2: I is given in 'mV'");
	/* a zero baseline makes a ratio undefined */
	assert_int_equal(eval_csv(HDR "L1,1,STRESS,0,I,0,µA,\nL1,1,STRESS,168,I,1,µA,\n", &ev, std,
	                          dev),
	                 WBG_ERR_DOMAIN);
	/* no data for a limit: its settings are not needed, nothing is decided */
	assert_int_equal(eval_csv(HDR "L9,1,OTHER,0,I,1,µA,\n", &ev, std, NULL), WBG_OK);
	assert_int_equal(wbg_eval_count(ev), 0);
	assert_int_equal(wbg_eval_unused_rows(ev), 1);
	wbg_eval_free(ev);
	wbg_device_free(dev);
	wbg_standard_free(std);
}

static int parse_csv(const char *csv)
{
	wbg_dataset *ds = NULL;
	int rc;

	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	rc = wbg_dataset_parse_csv(ds, csv, strlen(csv), "d.csv", ctx);
	if (rc != WBG_OK)
		assert_int_equal(wbg_dataset_count(ds), 0);
	wbg_dataset_free(ds);
	return rc;
}

static void test_csv(void **state)
{
	wbg_dataset *ds = NULL;
	const wbg_row *r;
	const char *ok = "\xEF\xBB\xBF" "u,value,unit,parameter,readout_h,test,sample,lot,extra\r\n"
	                 "0.5,\"12,5\",mV,Vth,168,HTGB,\"7\"\"a\",L 1,x\r\n";
	char *longline;

	(void)state;
	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	/* A decimal comma in quotes is not a number: the value column says so. */
	assert_int_equal(wbg_dataset_parse_csv(ds, ok, strlen(ok), "d.csv", ctx), WBG_ERR_PARSE);
	expect_msg("d.csv:2:5: value '12,5' is not a number");
	ok = "u,value,unit,parameter,readout_h,test,sample,lot\n"
	     "0.5,12.5,mV,Vth,168,HTGB,\"7\"\"a\",L 1\n";
	assert_int_equal(wbg_dataset_parse_csv(ds, ok, strlen(ok), "d.csv", ctx), WBG_OK);
	assert_int_equal(wbg_dataset_count(ds), 1);
	r = wbg_dataset_row(ds, 0);
	assert_string_equal(r->sample, "7\"a");
	assert_string_equal(r->lot, "L 1");
	assert_double_near(r->value, 0.0125, 1e-15, 0);
	assert_double_near(r->u, 0.0005, 1e-15, 0);
	assert_double_near(r->readout_s, 168 * 3600.0, 0, 0);
	assert_int_equal(r->line, 2);
	wbg_dataset_free(ds);

	assert_int_equal(parse_csv("lot,sample,test,readout_h,parameter,value,unit\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:1:1: the header has no column 'u'");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,V\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,V,\"0.1\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:16: a quoted field is not closed");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,V,-0.1\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:16: u '-0.1' is not a non-negative number");
	assert_int_equal(parse_csv(HDR "L1,1,T,-5,P,1,V,\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:8: readout_h '-5'");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,furlong,\n"), WBG_ERR_UNIT);
	expect_msg("d.csv:2:14: unit 'furlong'");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,nan,V,\n"), WBG_ERR_PARSE);
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,0x10,V,\n"), WBG_ERR_PARSE);
	assert_int_equal(parse_csv(HDR ",1,T,0,P,1,V,\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:1: empty lot");
	assert_int_equal(parse_csv(""), WBG_ERR_PARSE);
	/* Latin-1 'µ' (0xB5) is not UTF-8: named with its column */
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,\xB5" "A,\n"), WBG_ERR_PARSE);
	expect_msg("d.csv:2:14: not UTF-8 text");
	assert_int_equal(parse_csv(HDR "L1,1,T,0,P,1,\xED\xA0\x80,\n"), WBG_ERR_PARSE);
	longline = malloc(WBG_CSV_MAX_LINE + 100);
	assert_non_null(longline);
	strcpy(longline, HDR);
	memset(longline + strlen(HDR), 'a', WBG_CSV_MAX_LINE + 10);
	longline[strlen(HDR) + WBG_CSV_MAX_LINE + 10] = '\0';
	assert_int_equal(parse_csv(longline), WBG_ERR_PARSE);
	expect_msg("d.csv:2:1: line longer than 4096 bytes");
	free(longline);
}

static void test_json(void **state)
{
	wbg_dataset *ds = NULL;
	const wbg_row *r;
	const char *ok = "{\"format\": \"wbgkit-data/1\", \"rows\": [\n"
	                 " {\"lot\": \"L1\", \"sample\": \"3\", \"test\": \"HTRB\", \"readout_h\": 1000,"
	                 "  \"parameter\": \"IDSS\", \"value\": 0.12, \"unit\": \"µA\", \"u\": null},\n"
	                 " {\"lot\": \"L1\", \"test\": \"LIFE\", \"readout_h\": 0,"
	                 "  \"parameter\": \"life\", \"value\": 12, \"unit\": \"y\", \"u\": 0.5}]}";

	(void)state;
	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	assert_int_equal(wbg_dataset_parse_json(ds, ok, strlen(ok), "d.json", ctx), WBG_OK);
	assert_int_equal(wbg_dataset_count(ds), 2);
	r = wbg_dataset_row(ds, 0);
	assert_double_near(r->value, 0.12e-6, 1e-15, 0);
	assert_true(isnan(r->u));
	assert_double_near(r->readout_s, 3.6e6, 0, 0);
	r = wbg_dataset_row(ds, 1);
	assert_string_equal(r->sample, "");
	assert_double_near(r->u, 0.5 * 365.25 * 86400, 1e-12, 0);
	assert_int_equal(wbg_dataset_parse_json(ds, "{\"format\": \"wbgkit-data/1\",\n \"rows\": [}",
	                                        37, "d.json", ctx),
	                 WBG_ERR_PARSE);
	expect_msg("d.json:2:");
	assert_int_equal(wbg_dataset_parse_json(ds, "[1,2]", 5, "d.json", ctx), WBG_ERR_PARSE);
	expect_msg("wbgkit-data/1");
	ok = "{\"format\": \"wbgkit-data/1\", \"rows\": [{\"lot\": \"L1\", \"test\": \"T\","
	     " \"parameter\": \"P\", \"unit\": \"V\", \"value\": true, \"readout_h\": 0}]}";
	assert_int_equal(wbg_dataset_parse_json(ds, ok, strlen(ok), "d.json", ctx), WBG_ERR_PARSE);
	expect_msg("d.json: rows[0]: value, u and readout_h must be numbers");
	assert_int_equal(wbg_dataset_count(ds), 2);
	wbg_dataset_free(ds);
}

/* Files larger than the reader's first buffer (64 KiB) are read whole: a
 * 5000-row CSV written here comes back with 5000 rows, the last one intact. */
static void test_large_file(void **state)
{
	char tmp[] = "/tmp/wbg-eval-XXXXXX", path[64];
	wbg_dataset *ds = NULL;
	FILE *f;
	int i;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	snprintf(path, sizeof(path), "%s/big.csv", tmp);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(HDR, f);
	for (i = 0; i < 5000; i++)
		fprintf(f, "LOT-%d,%d,SUBSTRATE,0,rho,%d,mΩ·cm,0.5\n", i % 7, i, 15 + i % 13);
	fclose(f);
	assert_int_equal(wbg_dataset_new(&ds), WBG_OK);
	assert_int_equal(wbg_dataset_read_file(ds, path, ctx), WBG_OK);
	assert_int_equal(wbg_dataset_count(ds), 5000);
	assert_string_equal(wbg_dataset_row(ds, 4999)->sample, "4999");
	assert_double_near(wbg_dataset_row(ds, 4999)->value, (15 + 4999 % 13) * 1e-5, 1e-12, 0);
	assert_int_equal(wbg_dataset_row(ds, 4999)->line, 5001);
	wbg_dataset_free(ds);
	unlink(path);
	rmdir(tmp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_limit_kind),
		cmocka_unit_test(test_evaluation_input_errors),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_large_file),
	};
	return cmocka_run_group_tests_name("evaluate", tests, setup, teardown);
}
