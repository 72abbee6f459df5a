/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg check and wbg standards, run as child processes: exit codes, formats, hostile files. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/parser.h>

#include "run_prog.h"
#include "wbg_test.h"

#define RUN(res, ...) PROG_RUN(res, NULL, 30, __VA_ARGS__)

static char src[4096], tmpdir[64];


/* Write @p text to tmpdir/name; returns the path (static buffer per slot). */
static const char *put(int slot, const char *name, const char *text)
{
	static char path[4][256];
	FILE *f;

	snprintf(path[slot], sizeof(path[slot]), "%s/%s", tmpdir, name);
	f = fopen(path[slot], "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path[slot];
}

static int setup(void **state)
{
	const char *s = getenv("WBG_TOP_SRCDIR");

	(void)state;
	snprintf(src, sizeof(src), "%s", s ? s : "..");
	/* the child finds the schema and library in the source tree */
	setenv("WBG_DATADIR", src, 1);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/wbg-cli-std-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

#define HDR "lot,sample,test,readout_h,parameter,value,unit,u\n"

/* sic-substrate-epi: resistivity 0.015..0.028 Ω·cm, non-binary rule, k = 2, r = 1. */
static void test_check_exit_codes(void **state)
{
	struct prog_result r;
	const char *d;

	(void)state;
	/* 0.021 ± U 0.001: inside [0.016, 0.027] -> PASS, exit 0 */
	d = put(0, "pass.csv", HDR "W1,1,SUBSTRATE,0,rho,21,mΩ·cm,0.5\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d);
	prog_expect(&r, 0, "PASS", NULL);
	prog_result_free(&r);
	/* 0.0275: inside the tolerance, within w of it -> CONDITIONAL PASS, exit 4 */
	d = put(0, "cond.csv", HDR "W1,1,SUBSTRATE,0,rho,0.0275,Ω·cm,0.0005\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d);
	prog_expect(&r, 4, "CONDITIONAL PASS", NULL);
	prog_result_free(&r);
	/* 0.030 > 0.028 + 0.001 -> FAIL, exit 1 */
	d = put(0, "fail.csv", HDR "W1,1,SUBSTRATE,0,rho,0.030,Ω·cm,0.0005\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d);
	prog_expect(&r, 1, "FAIL", NULL);
	prog_result_free(&r);
	/* a user-set limit without --set: exit 2, naming the document */
	d = put(0, "mpd.csv", HDR "W1,1,SUBSTRATE,0,MPD,0.5,cm^-2,\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d);
	prog_expect(&r, 2, NULL, "take it from SEMI M55");
	prog_result_free(&r);
	RUN(r, "check", "--standard", "sic-substrate-epi", "--set", "mpd_max=1cm⁻²", d);
	prog_expect(&r, 0, NULL, NULL);
	prog_result_free(&r);
	/* bad data: exit 2 with file:line:column */
	d = put(0, "bad.csv", HDR "W1,1,SUBSTRATE,0,rho,abc,Ω·cm,\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d);
	prog_expect(&r, 2, NULL, "bad.csv:2:22: value 'abc' is not a number");
	prog_result_free(&r);
	/* usage */
	RUN(r, "check", d);
	prog_expect(&r, 2, NULL, "--standard");
	prog_result_free(&r);
	RUN(r, "check", "--standard", "nosuch-standard", d);
	prog_expect(&r, 2, NULL, "nosuch-standard.xml: cannot open");
	prog_result_free(&r);
	/* a GaN device with a SiC standard: evaluated, with a warning */
	d = put(0, "pass.csv", HDR "W1,1,SUBSTRATE,0,rho,21,mΩ·cm,0.5\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", "--device", "device-gan-gan080-650ebe", d);
	prog_expect(&r, 0, NULL, "the device gan-gan080-650ebe is GaN, but the standard sic-substrate-epi");
	prog_result_free(&r);
	RUN(r, "check", "--standard", "sic-substrate-epi", "--format", "yaml", d);
	prog_expect(&r, 2, NULL, "--format takes text, json or junit");
	prog_result_free(&r);
	/* W2 has a SUBSTRATE result (bow) but no resistivity: it must not pass
	 * unseen; a FAIL with no value, exit 1. Options may follow the file. */
	d = put(0, "missing.csv", HDR "W1,1,SUBSTRATE,0,rho,21,mΩ·cm,0.5\n"
	                             "W1,1,SUBSTRATE,0,bow,10,µm,1\n"
	                             "W1,2,SUBSTRATE,0,bow,12,µm,1\n");
	RUN(r, "check", "--standard", "sic-substrate-epi", d, "--set", "bow_max=30 µm");
	prog_expect(&r, 1, "FAIL             SUBSTRATE lot W1 sample 2 rho @ all readouts (absolute): no value", NULL);
	assert_non_null(strstr(r.out, "4 verdicts from 3 rows: 3 pass, 0 conditional pass, 0 conditional fail, 1 fail"));
	assert_string_equal(r.err, "");
	prog_result_free(&r);
}

static void test_check_full_and_formats(void **state)
{
	struct prog_result r;
	char std[4400], dev[4400], data[4400];
	json_t *j;
	json_error_t err;
	xmlDocPtr doc;

	(void)state;
	snprintf(std, sizeof(std), "%s/tests/standards/eval-test.xml", src);
	snprintf(dev, sizeof(dev), "%s/tests/standards/eval-device.xml", src);
	snprintf(data, sizeof(data), "%s/tests/standards/eval-data.csv", src);
	RUN(r, "check", "-s", std, "-d", dev, "--set", "ratio_max=5", data);
	prog_expect(&r, 1, "26 verdicts from 23 rows", NULL);
	assert_non_null(strstr(r.out, "1 rows not used by the standard"));
	assert_non_null(strstr(r.out, "(LTPD at 90 %: 53.6 %)"));
	prog_result_free(&r);

	RUN(r, "check", "-s", std, "-d", dev, "--set", "ratio_max=5", "--format", "json", data);
	prog_expect(&r, 1, NULL, NULL);
	j = json_loads(r.out, 0, &err);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "outcome")), "FAIL");
	assert_int_equal(json_array_size(json_object_get(j, "verdicts")), 26);
	json_decref(j);
	prog_result_free(&r);

	RUN(r, "check", "-s", std, "-d", dev, "--set", "ratio_max=5", "--format", "junit", data);
	prog_expect(&r, 1, "<testsuite name=\"eval-test\" tests=\"26\"", NULL);
	doc = xmlReadMemory(r.out, (int)strlen(r.out), "junit.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	xmlFreeDoc(doc);
	prog_result_free(&r);

	/* the same data as JSON */
	data[0] = '\0';
	RUN(r, "check", "-s", "sic-substrate-epi",
	    put(1, "d.json", "{\"format\": \"wbgkit-data/1\", \"rows\": [{\"lot\": \"W1\", \"sample\": "
	                     "\"1\", \"test\": \"SUBSTRATE\", \"readout_h\": 0, \"parameter\": \"rho\","
	                     " \"value\": 0.02, \"unit\": \"Ω·cm\", \"u\": null}]}"));
	prog_expect(&r, 0, "1 verdicts from 1 rows: 1 pass", NULL);
	prog_result_free(&r);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void test_hostile_files_exit_2(void **state)
{
	struct prog_result r;
	const char *xxe, *lol;
	char *deep, *p;
	int i;
	double t0;

	(void)state;
	xxe = put(0, "xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE standard [\n<!ENTITY x SYSTEM "
	                        "\"file:///etc/passwd\">]>\n<standard xmlns=\"urn:wbgkit:standard:1\">"
	                        "&x;</standard>\n");
	lol = put(1, "lol.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">"
	                        "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	                        "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">"
	                        "<!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>\n"
	                        "<standard xmlns=\"urn:wbgkit:standard:1\">&d;&d;&d;</standard>\n");
	deep = malloc(200000);
	assert_non_null(deep);
	p = deep + sprintf(deep, "<bench xmlns=\"urn:wbgkit:standard:1\">");
	for (i = 0; i < 20000; i++)
		p += sprintf(p, "<x>");
	strcpy(p, "\n");
	put(2, "deep.xml", deep);
	free(deep);
	t0 = now_s();
	RUN(r, "standards", "validate", xxe);
	prog_expect(&r, 2, NULL, "xxe.xml:2: a DOCTYPE declaration is not allowed");
	assert_null(strstr(r.err, "root:"));
	assert_null(strstr(r.out, "root:"));
	prog_result_free(&r);
	RUN(r, "standards", "validate", lol);
	prog_expect(&r, 2, NULL, "lol.xml:2: a DOCTYPE");
	prog_result_free(&r);
	RUN(r, "standards", "validate", put(3, "deep2.xml", "x"));
	prog_expect(&r, 2, NULL, "deep2.xml:1:");
	prog_result_free(&r);
	{
		char deep_path[256];
		snprintf(deep_path, sizeof(deep_path), "%s/deep.xml", tmpdir);
		RUN(r, "standards", "validate", deep_path);
		prog_expect(&r, 2, NULL, "nested deeper than 24 levels");
		prog_result_free(&r);
		RUN(r, "check", "--standard", deep_path, xxe);
		prog_expect(&r, 2, NULL, "nested deeper");
		prog_result_free(&r);
	}
	RUN(r, "check", "--standard", xxe, lol);
	prog_expect(&r, 2, NULL, "DOCTYPE");
	prog_result_free(&r);
	/* all of the above, together, quickly */
	assert_true(now_s() - t0 < 5.0);
}

static void test_standards_list_show_validate(void **state)
{
	struct prog_result r;
	char f1[4400], f2[4400];

	(void)state;
	RUN(r, "standards", "list");
	prog_expect(&r, 0, "aecq101-sic-mosfet", NULL);
	assert_non_null(strstr(r.out, "device-sic-c3m0075120d       device"));
	assert_non_null(strstr(r.out, "bench-sim-example            bench"));
	prog_result_free(&r);
	RUN(r, "standards", "show", "jep183-sic-vth", "--set", "vth_min=1.7V");
	prog_expect(&r, 0, "vth_min [V] from The device's datasheet, VGS(th) min: default 1.7 V", NULL);
	assert_non_null(strstr(r.out, "precond_vgs_high [V] from JEDEC JEP183"));
	prog_result_free(&r);
	snprintf(f1, sizeof(f1), "%s/standards/library/aecq101-gan-hemt.xml", src);
	snprintf(f2, sizeof(f2), "%s/standards/library/bench-sim-example.xml", src);
	RUN(r, "standards", "validate", f1, f2);
	prog_expect(&r, 0, "aecq101-gan-hemt.xml: valid standard", NULL);
	assert_non_null(strstr(r.out, "bench-sim-example.xml: valid bench"));
	prog_result_free(&r);
	RUN(r, "standards");
	prog_expect(&r, 2, NULL, "list, show or validate");
	prog_result_free(&r);
	RUN(r, "help", "check");
	prog_expect(&r, 0, "Exit status", NULL);
	prog_result_free(&r);
}

/* The shipped AEC-Q101-style standard with the shipped C3M0075120D profile:
 * 3 lots x 77 units through HTRB. Limits: IDSS <= 100 µA and VGS(th) in
 * [1.7, 4.0] V (datasheet Rev. A) at 1000 h, IDSS <= 5 x initial (set here).
 * LTPD of 77 units / 0 failures at 90 %: 1 − 0.1^(1/77) = 2.946 %. */
static void test_aecq101_with_device(void **state)
{
	struct prog_result r;
	char *csv, *p;
	const char *path;
	json_t *j, *v;
	size_t i, plans = 0;
	int lot, unit, fail_one;

	(void)state;
	for (fail_one = 0; fail_one <= 1; fail_one++) {
		plans = 0;
		csv = malloc(200000);
		assert_non_null(csv);
		p = csv + sprintf(csv, HDR);
		for (lot = 1; lot <= 3; lot++) {
			for (unit = 1; unit <= 77; unit++) {
				double idss = fail_one && lot == 2 && unit == 40 ? 150.0 : 1.2;
				p += sprintf(p, "L%d,%d,HTRB,0,IDSS,1.0,µA,0.05\n", lot, unit);
				p += sprintf(p, "L%d,%d,HTRB,1000,IDSS,%g,µA,0.05\n", lot, unit, idss);
				p += sprintf(p, "L%d,%d,HTRB,0,VGSth,2.5,V,0.01\n", lot, unit);
				p += sprintf(p, "L%d,%d,HTRB,1000,VGSth,2.55,V,0.01\n", lot, unit);
			}
		}
		path = put(0, "aec.csv", csv);
		free(csv);
		RUN(r, "check", "-s", "aecq101-sic-mosfet", "-d", "device-sic-c3m0075120d", "--set",
		    "leak_ratio_max=5", "--format", "json", path);
		prog_expect(&r, fail_one ? 1 : 0, NULL, NULL);
		j = json_loads(r.out, 0, NULL);
		assert_non_null(j);
		v = json_object_get(j, "verdicts");
		/* 4 verdicts per unit (IDSS datasheet and ratio, VGS(th) min and max) + 3 lot plans */
		assert_int_equal(json_array_size(v), 4 * 231 + 3);
		for (i = 0; i < json_array_size(v); i++) {
			json_t *o = json_array_get(v, i);
			if (strcmp(json_string_value(json_object_get(o, "limit")), "sample-plan") != 0)
				continue;
			plans++;
			assert_int_equal(json_integer_value(json_object_get(o, "units")), 77);
			assert_double_near(json_real_value(json_object_get(o, "ltpd90")),
			                   0.029461010479235772, 1e-9, 0);
			if (fail_one && strcmp(json_string_value(json_object_get(o, "lot")), "L2") == 0) {
				assert_int_equal(json_integer_value(json_object_get(o, "failures")), 1);
				assert_string_equal(json_string_value(json_object_get(o, "outcome")), "FAIL");
			} else {
				assert_int_equal(json_integer_value(json_object_get(o, "failures")), 0);
			}
		}
		assert_int_equal(plans, 3);
		json_decref(j);
		prog_result_free(&r);
	}
	/* Two lots where the plan asks for three: a FAIL for the missing lot count. */
	csv = malloc(200000);
	assert_non_null(csv);
	p = csv + sprintf(csv, HDR);
	for (lot = 1; lot <= 2; lot++)
		for (unit = 1; unit <= 77; unit++)
			p += sprintf(p, "L%d,%d,HTRB,0,IDSS,1.0,µA,0.05\nL%d,%d,HTRB,1000,IDSS,1.1,µA,0.05\n",
			             lot, unit, lot, unit);
	path = put(0, "aec2.csv", csv);
	free(csv);
	RUN(r, "check", "-s", "aecq101-sic-mosfet", "-d", "device-sic-c3m0075120d", "--set",
	    "leak_ratio_max=5", path);
	prog_expect(&r, 1, "FAIL             HTRB: 2 lots tested, the plan requires 3", NULL);
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check_exit_codes),
		cmocka_unit_test(test_check_full_and_formats),
		cmocka_unit_test(test_hostile_files_exit_2),
		cmocka_unit_test(test_standards_list_show_validate),
		cmocka_unit_test(test_aecq101_with_device),
	};
	return cmocka_run_group_tests_name("cli_standards", tests, setup, teardown);
}
