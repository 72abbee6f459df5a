/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The XML loader: hostile documents are refused quickly, problems are named
 * with file:line, quantities are converted with their dimension checked, and
 * every file of the shipped library validates.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wbg/wbg.h"
#include "wbg_test.h"

static wbg_schema *schema;
static wbg_ctx *ctx;

static int setup(void **state)
{
	char path[4096];
	const char *src = getenv("WBG_TOP_SRCDIR");

	(void)state;
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

static int check(const char *doc)
{
	return wbg_doc_check_memory(NULL, schema, doc, strlen(doc), "t.xml", ctx);
}

static void expect_msg(const char *needle)
{
	if (!strstr(wbg_ctx_errmsg(ctx), needle)) {
		print_error("message '%s' lacks '%s'\n", wbg_ctx_errmsg(ctx), needle);
		fail();
	}
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#define NS "xmlns=\"urn:wbgkit:standard:1\""

static void test_xxe_and_dtd(void **state)
{
	(void)state;
	/* XXE reading a local file: refused at the DOCTYPE, before any entity. */
	assert_int_equal(check("<?xml version=\"1.0\"?>\n<!DOCTYPE standard [\n"
	                       "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
	                       "<standard " NS ">&x;</standard>\n"),
	                 WBG_ERR_XML);
	expect_msg("t.xml:2: a DOCTYPE declaration is not allowed");
	/* External DTD over the network. */
	assert_int_equal(check("<!DOCTYPE standard SYSTEM \"http://192.0.2.1/x.dtd\">\n"
	                       "<standard " NS "/>"),
	                 WBG_ERR_XML);
	expect_msg("DOCTYPE");
	/* An undeclared entity reference is an error, not an expansion. */
	assert_int_equal(check("<standard " NS ">&passwd;</standard>"), WBG_ERR_XML);
	/* XInclude is never processed: the schema refuses the element. */
	assert_int_equal(check("<standard " NS " xmlns:xi=\"http://www.w3.org/2001/XInclude\">"
	                       "<xi:include href=\"/etc/passwd\" parse=\"text\"/></standard>"),
	                 WBG_ERR_SCHEMA);
}

static void test_billion_laughs(void **state)
{
	char doc[4096] = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n";
	double t0;
	int i;

	(void)state;
	for (i = 1; i <= 9; i++) {
		char line[256];
		snprintf(line, sizeof(line),
		         "<!ENTITY lol%d \"&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;&lol%d;"
		         "&lol%d;&lol%d;\">\n",
		         i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
		if (i == 1)
			snprintf(line, sizeof(line), "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
		strcat(doc, line);
	}
	strcat(doc, "]>\n<standard " NS ">&lol9;</standard>\n");
	t0 = now_s();
	assert_int_equal(check(doc), WBG_ERR_XML);
	assert_true(now_s() - t0 < 1.0);
	expect_msg("t.xml:2: a DOCTYPE");
}

static void test_huge_attribute_and_text(void **state)
{
	size_t n = 3u << 20;
	char *doc = malloc(n + 200);
	double t0;

	(void)state;
	assert_non_null(doc);
	strcpy(doc, "<standard " NS " id=\"");
	memset(doc + strlen(doc), 'A', n);
	strcpy(doc + strlen("<standard " NS " id=\"") + n, "\"/>");
	t0 = now_s();
	assert_int_equal(check(doc), WBG_ERR_XML);
	assert_true(now_s() - t0 < 1.0);
	expect_msg("attribute 'id' is 3145728 bytes long");
	/* text */
	strcpy(doc, "<standard " NS "><title>");
	memset(doc + strlen(doc), 'x', 100000);
	strcpy(doc + strlen("<standard " NS "><title>") + 100000, "</title></standard>");
	assert_int_equal(check(doc), WBG_ERR_XML);
	expect_msg("text node longer");
	free(doc);
	/* Over the size cap: refused before parsing. */
	doc = calloc(WBG_XML_MAX_BYTES + 2, 1);
	assert_non_null(doc);
	memset(doc, ' ', WBG_XML_MAX_BYTES + 1);
	assert_int_equal(wbg_doc_check_memory(NULL, schema, doc, WBG_XML_MAX_BYTES + 1, "big.xml", ctx),
	                 WBG_ERR_OVERFLOW);
	free(doc);
}

static void test_deep_nesting(void **state)
{
	const int depth = 100000;
	char *doc = malloc((size_t)depth * 7 + 100), *p;
	double t0;
	int i;

	(void)state;
	assert_non_null(doc);
	p = doc + sprintf(doc, "<standard " NS ">\n");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "<a>");
	for (i = 0; i < depth; i++)
		p += sprintf(p, "</a>");
	strcpy(p, "</standard>");
	t0 = now_s();
	assert_int_equal(check(doc), WBG_ERR_XML);
	assert_true(now_s() - t0 < 1.0);
	expect_msg("t.xml:2: elements nested deeper than 24 levels");
	free(doc);
}

static const char *const minimal =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<standard " NS " id=\"t\" revision=\"1\">\n"
	"  <title>t</title>\n"
	"  <provenance><source id=\"s\" document=\"d\" access=\"public\"/></provenance>\n"
	"  <scope><material>SiC</material></scope>\n"
	"  <setting name=\"imax\" unit=\"mA\" source=\"s\"><doc>x</doc></setting>\n"
	"  <decision rule=\"simple\" origin=\"choice\"/>\n"
	"  <parameter id=\"I\" name=\"i\" unit=\"µA\"><method>m</method></parameter>\n"
	"  <test id=\"T\" kind=\"characterization\"><title>t</title><limits>\n"
	"    <absolute parameter=\"I\" max=\"%s\" origin=\"%s\" source=\"s\"/>\n"
	"  </limits></test>\n"
	"</standard>\n";

static int load_with(wbg_standard **out, const char *max, const char *origin)
{
	char doc[2048];

	snprintf(doc, sizeof(doc), minimal, max, origin);
	return wbg_standard_load_memory(out, schema, doc, strlen(doc), "m.xml", ctx);
}

static void test_errors_name_lines(void **state)
{
	wbg_standard *std = NULL;
	const char *name, *unit, *src;
	int has;

	(void)state;
	assert_int_equal(load_with(&std, "5 mA", "quoted"), WBG_OK);
	assert_string_equal(wbg_standard_id(std), "t");
	assert_int_equal(wbg_standard_setting_count(std), 1);
	assert_int_equal(wbg_standard_setting(&name, &unit, &src, &has, std, 0), WBG_OK);
	assert_string_equal(name, "imax");
	assert_string_equal(src, "d");
	assert_int_equal(has, 0);
	/* mA given for a µA-valued setting: same dimension, fine; volts are not. */
	assert_int_equal(wbg_standard_set(std, "imax", "2 µA", ctx), WBG_OK);
	assert_int_equal(wbg_standard_set(std, "imax", "2 V", ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_standard_set(std, "nosuch", "2 A", ctx), WBG_ERR_NOT_FOUND);
	wbg_standard_free(std);
	std = NULL;
	/* A quantity of the wrong dimension names its line (10). */
	assert_int_equal(load_with(&std, "5 mV", "quoted"), WBG_ERR_UNIT);
	expect_msg("m.xml:10: max=\"5 mV\"");
	/* A setting reference that does not exist. */
	assert_int_equal(load_with(&std, "$nosuch", "user"), WBG_ERR_SCHEMA);
	expect_msg("m.xml:10: max=\"$nosuch\" refers to no <setting");
	/* Schema: an origin not in the list, named with its line. */
	assert_int_equal(load_with(&std, "5 mA", "guess"), WBG_ERR_SCHEMA);
	expect_msg("m.xml:10:");
	assert_null(std);
	/* Not well-formed: line 3. */
	assert_int_equal(check("<standard " NS ">\n<title>\n</standard>"), WBG_ERR_XML);
	expect_msg("t.xml:3:");
	/* An empty file. */
	assert_int_equal(wbg_doc_check_memory(NULL, schema, "", 0, "e.xml", ctx), WBG_ERR_XML);
	expect_msg("e.xml:1: the file is empty");
	/* Wrong namespace. */
	assert_int_equal(check("<standard/>"), WBG_ERR_SCHEMA);
	expect_msg("urn:wbgkit:standard:1");
	/* A device is not a standard. */
	assert_int_equal(wbg_standard_load_memory(&std, schema, "<x/>", 4, "x.xml", ctx), WBG_ERR_SCHEMA);
}

/* Every shipped file validates, and the device profiles carry the datasheet
 * values (C3M0075120D datasheet Rev. A: IDSS max 100 µA, VGS(th) 1.7..4.0 V;
 * GAN080-650EBE data sheet Table 1: RDS(on) max 80 mΩ). */
static void test_shipped_library(void **state)
{
	char dir[4096], path[4400];
	const char *src = getenv("WBG_TOP_SRCDIR");
	DIR *d;
	struct dirent *e;
	int n = 0, standards = 0;
	wbg_device *dev = NULL;
	double v;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/standards/library", src ? src : "..");
	d = opendir(dir);
	assert_non_null(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		wbg_doc_kind kind;
		if (l < 5 || strcmp(e->d_name + l - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (wbg_doc_check_file(&kind, schema, path, ctx) != WBG_OK) {
			print_error("%s\n", wbg_ctx_errmsg(ctx));
			fail();
		}
		if (kind == WBG_DOC_STANDARD)
			standards++;
		n++;
	}
	closedir(d);
	assert_int_equal(n, 8);
	assert_int_equal(standards, 5);
	snprintf(path, sizeof(path), "%s/device-sic-c3m0075120d.xml", dir);
	assert_int_equal(wbg_device_load_file(&dev, schema, path, ctx), WBG_OK);
	assert_int_equal(wbg_device_rating(&v, dev, "IDSS_max", ctx), WBG_OK);
	assert_double_near(v, 100e-6, 1e-12, 0);
	assert_int_equal(wbg_device_rating(&v, dev, "VGSth_max", ctx), WBG_OK);
	assert_double_near(v, 4.0, 1e-12, 0);
	assert_int_equal(wbg_device_rating(&v, dev, "Tj_max", ctx), WBG_OK);
	assert_double_near(v, 423.15, 1e-12, 0);
	assert_int_equal(wbg_device_rating(&v, dev, "nosuch", ctx), WBG_ERR_NOT_FOUND);
	wbg_device_free(dev);
	snprintf(path, sizeof(path), "%s/device-gan-gan080-650ebe.xml", dir);
	assert_int_equal(wbg_device_load_file(&dev, schema, path, ctx), WBG_OK);
	assert_int_equal(wbg_device_rating(&v, dev, "RDSon_max", ctx), WBG_OK);
	assert_double_near(v, 0.080, 1e-12, 0);
	wbg_device_free(dev);
	/* A standard is not a device. */
	snprintf(path, sizeof(path), "%s/sic-substrate-epi.xml", dir);
	assert_int_equal(wbg_device_load_file(&dev, schema, path, ctx), WBG_ERR_SCHEMA);
}

static void test_describe(void **state)
{
	char path[4096], buf[16384];
	const char *src = getenv("WBG_TOP_SRCDIR");
	wbg_standard *std = NULL;

	(void)state;
	snprintf(path, sizeof(path), "%s/standards/library/sic-substrate-epi.xml", src ? src : "..");
	assert_int_equal(wbg_standard_load_file(&std, schema, path, ctx), WBG_OK);
	assert_int_equal(wbg_standard_describe(buf, sizeof(buf), std), WBG_OK);
	/* the quoted window, converted back from SI */
	assert_non_null(strstr(buf, "min 0.015 Ω·cm max 0.028 Ω·cm  [quoted: cetc"));
	assert_non_null(strstr(buf, "mpd_max [cm⁻²] from SEMI M55"));
	assert_int_equal(wbg_standard_set(std, "mpd_max", "1 cm^-2", ctx), WBG_OK);
	assert_int_equal(wbg_standard_describe(buf, sizeof(buf), std), WBG_OK);
	assert_non_null(strstr(buf, "max 1 cm⁻² (setting mpd_max)"));
	assert_int_equal(wbg_standard_describe(buf, 64, std), WBG_ERR_OVERFLOW);
	wbg_standard_free(std);
}

/* The DOCTYPE guard sits in the parser, so another encoding does not hide it. */
static void test_utf16_and_bench(void **state)
{
	const char *txt = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE s [<!ENTITY x "
	                  "SYSTEM \"file:///etc/passwd\">]>\n<standard " NS ">&x;</standard>\n";
	char u16[1024];
	size_t i, n = strlen(txt);
	const char *bench =
		"<bench " NS " id=\"b\"><title>t</title>"
		"<instrument id=\"smu\" resource=\"SIM::2450\"/>\n"
		"<terminal name=\"drain\" max-voltage=\"10 A\" max-current=\"1 mA\" max-power=\"1 W\"/>"
		"<connection instrument=\"smu\" channel=\"1\" terminal=\"drain\"/></bench>";

	(void)state;
	u16[0] = (char)0xFF; /* UTF-16LE byte order mark */
	u16[1] = (char)0xFE;
	for (i = 0; i < n; i++) {
		u16[2 + 2 * i] = txt[i];
		u16[3 + 2 * i] = 0;
	}
	assert_int_equal(wbg_doc_check_memory(NULL, schema, u16, 2 + 2 * n, "u16.xml", ctx),
	                 WBG_ERR_XML);
	expect_msg("u16.xml:2: a DOCTYPE");
	/* bench: a voltage limit written in amperes is named with its line */
	assert_int_equal(check(bench), WBG_ERR_UNIT);
	expect_msg("t.xml:2: max-voltage=\"10 A\"");
	/* a terminal the connection names must exist (schema keyref) */
	assert_int_equal(check("<bench " NS " id=\"b\"><title>t</title>"
	                       "<instrument id=\"smu\" resource=\"SIM::2450\"/>"
	                       "<terminal name=\"drain\" max-voltage=\"10 V\" max-current=\"1 mA\" "
	                       "max-power=\"1 W\"/>"
	                       "<connection instrument=\"smu\" channel=\"1\" terminal=\"gate\"/></bench>"),
	                 WBG_ERR_SCHEMA);
}

/* The shipped example bench: limits in SI, connections resolved to resources. */
static void test_bench(void **state)
{
	char path[4096];
	const char *src = getenv("WBG_TOP_SRCDIR");
	wbg_bench *b = NULL;
	const wbg_bench_terminal *t;
	const wbg_bench_connection *c;

	(void)state;
	snprintf(path, sizeof(path), "%s/standards/library/bench-sim-example.xml", src ? src : "..");
	assert_int_equal(wbg_bench_load_file(&b, schema, path, ctx), WBG_OK);
	assert_string_equal(wbg_bench_id(b), "bench-sim-example");
	assert_int_equal(wbg_bench_terminal_count(b), 3);
	t = wbg_bench_terminal_find(b, "drain");
	assert_non_null(t);
	assert_double_near(t->max_voltage_v, 200, 0, 0);
	assert_double_near(t->max_current_a, 0.1, 1e-15, 0);
	assert_double_near(t->max_power_w, 20, 0, 0);
	assert_double_near(t->interlock_above_v, 42, 0, 0);
	t = wbg_bench_terminal_find(b, "gate");
	assert_true(isnan(t->interlock_above_v));
	assert_null(wbg_bench_terminal_find(b, "nosuch"));
	assert_int_equal(wbg_bench_connection_count(b), 3);
	c = wbg_bench_connection_at(b, 0);
	assert_string_equal(c->terminal, "drain");
	assert_string_equal(c->resource, "SIM::drain-smu");
	assert_string_equal(c->role, "force-sense");
	assert_true(isnan(c->sensor_tolerance_k));
	/* The chuck's connection states no sensor tolerance. */
	c = wbg_bench_connection_at(b, 2);
	assert_string_equal(c->role, "temperature");
	assert_true(isnan(c->sensor_tolerance_k));
	assert_null(wbg_bench_connection_at(b, 3));
	wbg_bench_free(b);
	b = NULL;
	snprintf(path, sizeof(path), "%s/standards/library/jep183-sic-vth.xml", src ? src : "..");
	assert_int_equal(wbg_bench_load_file(&b, schema, path, ctx), WBG_ERR_SCHEMA);
	expect_msg("not a bench description");
	assert_null(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xxe_and_dtd),
		cmocka_unit_test(test_billion_laughs),
		cmocka_unit_test(test_huge_attribute_and_text),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_errors_name_lines),
		cmocka_unit_test(test_shipped_library),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_utf16_and_bench),
		cmocka_unit_test(test_bench),
	};
	return cmocka_run_group_tests_name("standard_load", tests, setup, teardown);
}
