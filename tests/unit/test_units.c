/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Units: parsing, conversion, formatting, and clear rejection of bad input.
 *
 * Expected values are the definitions of the SI Brochure, 9th edition (BIPM
 * 2019) and its 2022 prefix amendment: prefixes are exact powers of ten; the
 * electronvolt is 1.602176634e-19 J exactly; T/K = t/°C + 273.15 exactly; the
 * minute, hour and day are 60, 3600 and 86400 s. The year is the Julian year
 * of 365.25 d (IAU), 31 557 600 s.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

struct parse_case {
	const char *text;
	double scale;
	double offset;
	signed char dim[WBG_DIM_COUNT]; /* m kg s A K mol cd */
};

#define VOLT {2, 1, -3, -1, 0, 0, 0}
#define AMP {0, 0, 0, 1, 0, 0, 0}
#define OHM {2, 1, -3, -2, 0, 0, 0}
#define OHM_M {3, 1, -3, -2, 0, 0, 0}
#define SEC {0, 0, 1, 0, 0, 0, 0}
#define KELVIN {0, 0, 0, 0, 1, 0, 0}
#define FARAD {-2, -1, 4, 2, 0, 0, 0}
#define PER_M2 {-2, 0, 0, 0, 0, 0, 0}
#define NONE {0, 0, 0, 0, 0, 0, 0}

static const struct parse_case good[] = {
	{"V", 1, 0, VOLT},
	{"mV", 1e-3, 0, VOLT},
	{"kV", 1e3, 0, VOLT},
	{"\xC2\xB5" "A", 1e-6, 0, AMP}, /* µA, micro sign */
	{"\xCE\xBC" "A", 1e-6, 0, AMP}, /* μA, Greek mu */
	{"uA", 1e-6, 0, AMP},
	{"nA", 1e-9, 0, AMP},
	{"pA", 1e-12, 0, AMP},
	{"mA", 1e-3, 0, AMP},
	{"m\xCE\xA9", 1e-3, 0, OHM},     /* mΩ, Greek omega */
	{"m\xE2\x84\xA6", 1e-3, 0, OHM}, /* mΩ, ohm sign */
	{"mohm", 1e-3, 0, OHM},
	{"MOhm", 1e6, 0, OHM},
	{"G\xCE\xA9", 1e9, 0, OHM},
	{"\xCE\xA9\xC2\xB7" "cm", 1e-2, 0, OHM_M}, /* Ω·cm */
	{"\xCE\xA9\xE2\x8B\x85" "cm", 1e-2, 0, OHM_M}, /* Ω⋅cm */
	{"ohm*cm", 1e-2, 0, OHM_M},
	{"ohm cm", 1e-2, 0, OHM_M},
	{"ohm.cm", 1e-2, 0, OHM_M},
	{"m\xCE\xA9\xC2\xB7" "cm", 1e-5, 0, OHM_M},
	{"cm\xE2\x81\xBB\xC2\xB2", 1e4, 0, PER_M2}, /* cm⁻² */
	{"cm^-2", 1e4, 0, PER_M2},
	{"cm-2", 1e4, 0, PER_M2},
	{"cm^-3", 1e6, 0, {-3, 0, 0, 0, 0, 0, 0}},
	{"\xC2\xB0" "C", 1, 273.15, KELVIN}, /* °C */
	{"\xE2\x84\x83", 1, 273.15, KELVIN}, /* ℃ */
	{"degC", 1, 273.15, KELVIN},
	{" degC ", 1, 273.15, KELVIN},
	{"K", 1, 0, KELVIN},
	{"mK", 1e-3, 0, KELVIN},
	{"s", 1, 0, SEC},
	{"ms", 1e-3, 0, SEC},
	{"us", 1e-6, 0, SEC},
	{"min", 60, 0, SEC},
	{"h", 3600, 0, SEC},
	{"d", 86400, 0, SEC},
	{"y", 31557600, 0, SEC},
	{"yr", 31557600, 0, SEC},
	{"pF", 1e-12, 0, FARAD},
	{"nF", 1e-9, 0, FARAD},
	{"MHz", 1e6, 0, {0, 0, -1, 0, 0, 0, 0}},
	{"kHz", 1e3, 0, {0, 0, -1, 0, 0, 0, 0}},
	{"1/s", 1, 0, {0, 0, -1, 0, 0, 0, 0}},
	{"A/cm\xC2\xB2", 1e4, 0, {-2, 0, 0, 1, 0, 0, 0}},         /* A/cm² */
	{"cm\xC2\xB2/(V\xC2\xB7s)", 1e-4, 0, {0, -1, 2, 1, 0, 0, 0}}, /* cm²/(V·s): mobility */
	{"cm\xC2\xB2/V\xC2\xB7s", 1e-4, 0, {0, -1, 2, 1, 0, 0, 0}},   /* denominator convention */
	{"cm^2/(V*s)", 1e-4, 0, {0, -1, 2, 1, 0, 0, 0}},
	{"mV/dec", 1e-3, 0, VOLT},
	{"\xC2\xB0" "C/W", 1, 0, {-2, -1, 3, 0, 1, 0, 0}}, /* °C/W: a difference, no offset */
	{"mV/\xC2\xB0" "C", 1e-3, 0, {2, 1, -3, -1, -1, 0, 0}},
	{"eV", 1.602176634e-19, 0, {2, 1, -2, 0, 0, 0, 0}},
	{"meV", 1.602176634e-22, 0, {2, 1, -2, 0, 0, 0, 0}},
	{"%", 1e-2, 0, NONE},
	{"ppm", 1e-6, 0, NONE},
	{"", 1, 0, NONE},
	{"kg", 1, 0, {0, 1, 0, 0, 0, 0, 0}},
	{"g", 1e-3, 0, {0, 1, 0, 0, 0, 0, 0}},
	{"dam", 10, 0, {1, 0, 0, 0, 0, 0, 0}},
	{"cd", 1, 0, {0, 0, 0, 0, 0, 0, 1}},
	{"mol", 1, 0, {0, 0, 0, 0, 0, 1, 0}},
	{"J/(mol\xC2\xB7K)", 1, 0, {2, 1, -2, 0, -1, -1, 0}},
	{"W/(m*K)", 1, 0, {1, 1, -3, 0, -1, 0, 0}},
	{"(V/A)", 1, 0, OHM},
	{"(mV)^2", 1e-6, 0, {4, 2, -6, -2, 0, 0, 0}},
	{"V A", 1, 0, {2, 1, -3, 0, 0, 0, 0}},
	{"S/cm", 1e2, 0, {-3, -1, 3, 2, 0, 0, 0}},
	{"Qm", 1e30, 0, {1, 0, 0, 0, 0, 0, 0}},
	{"qm", 1e-30, 0, {1, 0, 0, 0, 0, 0, 0}},
	{"Wb", 1, 0, {2, 1, -2, -1, 0, 0, 0}},
	{"mT", 1e-3, 0, {0, 1, -2, -1, 0, 0, 0}},
	{"uH", 1e-6, 0, {2, 1, -2, -2, 0, 0, 0}},
	{"kPa", 1e3, 0, {-1, 1, -2, 0, 0, 0, 0}},
	{"mJ", 1e-3, 0, {2, 1, -2, 0, 0, 0, 0}},
	{"kW", 1e3, 0, {2, 1, -3, 0, 0, 0, 0}},
	{"nC", 1e-9, 0, {0, 0, 1, 1, 0, 0, 0}},
	{"mS", 1e-3, 0, {-2, -1, 3, 2, 0, 0, 0}},
	{"N", 1, 0, {1, 1, -2, 0, 0, 0, 0}},
};

static void test_parse_good(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		wbg_unit u;
		int rc = wbg_unit_parse(&u, good[i].text, NULL);
		if (rc != WBG_OK) {
			print_error("'%s' failed with %s\n", good[i].text, wbg_error_name(rc));
			fail();
		}
		/* The scale is the double nearest to the definition: exact equality. */
		if (u.scale != good[i].scale || u.offset != good[i].offset ||
		    memcmp(u.dim, good[i].dim, sizeof(u.dim)) != 0) {
			print_error("'%s': scale %.17g offset %g (expected %.17g, %g)\n", good[i].text,
			            u.scale, u.offset, good[i].scale, good[i].offset);
			fail();
		}
	}
}

struct bad_case {
	const char *text;
	const char *expect_in_message;
};

static const struct bad_case bad[] = {
	{"xV", "unknown unit symbol 'xV'"},
	{"mv", "did you mean 'mV'?"},
	{"MHZ", "did you mean 'MHz'?"},
	{"kh", "'h' takes no prefix"},
	{"k\xC2\xB0" "C", "takes no prefix"},
	{"mmin", "'min' takes no prefix"},
	{"V^", "an exponent must be an integer"},
	{"V^x", "an exponent must be an integer"},
	{"cm\xE2\x81\xBB", "an exponent must be an integer"},
	{"V^10", "exponent out of range"},
	{"V^0", "exponent out of range"},
	{"V^123", "exponent out of range"},
	{"V/A/s", "more than one '/'"},
	{"(V", "a ')' is missing"},
	{"V)", "a ')' without its '('"},
	{"mmV", "unknown unit symbol 'mmV'"},
	{"\xff", "invalid UTF-8"},
	{"m\xC2", "invalid UTF-8"},
	{"\xE2\x82", "invalid UTF-8"},
	{"\xC0\x80", "invalid UTF-8"}, /* overlong NUL */
	{"\xED\xA0\x80", "invalid UTF-8"}, /* surrogate */
	{"cm2V", "separator"},
	{"(((((V)))))", "nested too deeply"},
	{"/V", "unexpected '/'"},
	{"V/", "missing at the end"},
	{"V\xC2\xB7\xC2\xB7" "A", "unexpected"},
	{"\xC2\xB5", "unknown unit symbol"},
	{"\xC2\xB0", "unknown unit symbol"},
	{"2", "unexpected '2'"},
	{"V$", "unexpected '$'"},
	{"VA", "unknown unit symbol 'VA'"},
	{"m^9^9^9^9", "unexpected '^'"},
	{"(m^9)^9", "exponents too large"},
	{"0123456789012345678901234567890123456789012345678901234567890123456789", "longer than"},
};

static void test_parse_bad(void **state)
{
	wbg_ctx *ctx = NULL;
	size_t i;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		wbg_unit u = {0};
		int rc;
		wbg_ctx_clear_error(ctx);
		rc = wbg_unit_parse(&u, bad[i].text, ctx);
		if (rc != WBG_ERR_UNIT || !strstr(wbg_ctx_errmsg(ctx), bad[i].expect_in_message)) {
			print_error("'%s': rc %s, message '%s', expected '%s'\n", bad[i].text,
			            wbg_error_name(rc), wbg_ctx_errmsg(ctx), bad[i].expect_in_message);
			fail();
		}
		/* out is untouched on failure */
		assert_double_exact(u.scale, 0.0);
	}
	assert_int_equal(wbg_unit_parse(NULL, "V", ctx), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_unit_parse(&(wbg_unit){0}, NULL, ctx), WBG_ERR_INVALID_ARG);
	/* The message quotes the whole input so the user can find it in a file. */
	wbg_unit_parse(&(wbg_unit){0}, "mV/xs", ctx);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "bad unit 'mV/xs'"));
	wbg_ctx_free(ctx);
}

/* Every prefix gives exactly the correctly rounded power of ten. */
static void test_prefixes_exact(void **state)
{
	static const struct {
		const char *p;
		int e;
	} pf[] = {{"Q", 30}, {"R", 27},  {"Y", 24},  {"Z", 21},  {"E", 18},  {"P", 15},
	          {"T", 12}, {"G", 9},   {"M", 6},   {"k", 3},   {"h", 2},   {"da", 1},
	          {"d", -1}, {"c", -2},  {"m", -3},  {"u", -6},  {"n", -9},  {"p", -12},
	          {"f", -15}, {"a", -18}, {"z", -21}, {"y", -24}, {"r", -27}, {"q", -30}};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pf) / sizeof(pf[0]); i++) {
		char unit[16], pow10[16];
		double si;
		snprintf(unit, sizeof(unit), "%sA", pf[i].p);
		snprintf(pow10, sizeof(pow10), "1e%d", pf[i].e);
		assert_int_equal(wbg_unit_to_si(&si, 1.0, unit, NULL), WBG_OK);
		assert_double_exact(si, strtod(pow10, NULL));
	}
}

static void test_convert(void **state)
{
	wbg_ctx *ctx = NULL;
	double v;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_unit_convert(&v, 5, "mA", "uA", ctx), WBG_OK);
	assert_double_exact(v, 5000.0);
	assert_int_equal(wbg_unit_convert(&v, 0.02, "\xCE\xA9\xC2\xB7" "cm", "m\xCE\xA9\xC2\xB7" "cm", ctx),
	                 WBG_OK);
	assert_double_exact(v, 20.0);
	assert_int_equal(wbg_unit_convert(&v, 175, "\xC2\xB0" "C", "K", ctx), WBG_OK);
	assert_double_near(v, 448.15, 1e-15, 0);
	assert_int_equal(wbg_unit_convert(&v, 77, "K", "degC", ctx), WBG_OK);
	assert_double_near(v, -196.15, 1e-14, 0);
	assert_int_equal(wbg_unit_convert(&v, 10, "y", "h", ctx), WBG_OK);
	assert_double_exact(v, 87660.0);
	assert_int_equal(wbg_unit_convert(&v, 1000, "h", "min", ctx), WBG_OK);
	assert_double_exact(v, 60000.0);
	assert_int_equal(wbg_unit_convert(&v, 1e4, "cm^-2", "m^-2", ctx), WBG_OK);
	assert_double_exact(v, 1e8);
	assert_int_equal(wbg_unit_convert(&v, 2.5, "GHz", "MHz", ctx), WBG_OK);
	assert_double_exact(v, 2500.0);
	assert_int_equal(wbg_unit_convert(&v, 1, "eV", "J", ctx), WBG_OK);
	assert_double_exact(v, 1.602176634e-19);
	assert_int_equal(wbg_unit_convert(&v, 1, "J", "eV", ctx), WBG_OK);
	assert_double_near(v, 6.241509074460763e18, 2.3e-16, 0); /* 1/e, CODATA 2018 */
	assert_int_equal(wbg_unit_convert(&v, 60, "mV/dec", "V/dec", ctx), WBG_OK);
	assert_double_exact(v, 0.06);
	assert_int_equal(wbg_unit_convert(&v, 3, "%", "ppm", ctx), WBG_OK);
	assert_double_exact(v, 30000.0);
	/* A temperature difference per watt is the same in °C/W and K/W. */
	assert_int_equal(wbg_unit_convert(&v, 0.5, "\xC2\xB0" "C/W", "K/W", ctx), WBG_OK);
	assert_double_exact(v, 0.5);

	assert_int_equal(wbg_unit_convert(&v, 5, "mA", "V", ctx), WBG_ERR_UNIT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'mA' cannot be expressed in 'V'"));
	assert_non_null(strstr(wbg_ctx_errmsg(ctx),
	                       "m\xC2\xB2\xC2\xB7kg\xC2\xB7s\xE2\x81\xBB\xC2\xB3\xC2\xB7"
	                       "A\xE2\x81\xBB\xC2\xB9"));
	assert_int_equal(wbg_unit_convert(&v, 5, "mA", "xx", ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_unit_convert(NULL, 5, "mA", "A", ctx), WBG_ERR_INVALID_ARG);
	wbg_ctx_free(ctx);
}

/* SI -> unit -> SI returns the value for every symbol and prefix combination. */
static void test_round_trip(void **state)
{
	static const char *const syms[] = {"m", "g", "s", "A", "K", "mol", "cd", "Hz", "N", "Pa", "J",
	                                   "W", "C", "V", "F", "ohm", "S", "Wb", "T", "H", "eV"};
	static const char *const pfx[] = {"", "k", "M", "G", "m", "u", "\xC2\xB5", "n", "p", "f", "c"};
	static const double values[] = {1.0, -2.5, 0.1, 123456.789, 3e-7, 9.99e12};
	size_t i, j, k;

	(void)state;
	for (i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
		for (j = 0; j < sizeof(pfx) / sizeof(pfx[0]); j++) {
			char unit[32];
			snprintf(unit, sizeof(unit), "%s%s", pfx[j], syms[i]);
			for (k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
				double si, back, conv;
				assert_int_equal(wbg_unit_to_si(&si, values[k], unit, NULL), WBG_OK);
				assert_int_equal(wbg_unit_from_si(&back, si, unit, NULL), WBG_OK);
				assert_double_near(back, values[k], 4e-16, 0);
				assert_int_equal(wbg_unit_convert(&conv, values[k], unit, unit, NULL), WBG_OK);
				assert_double_exact(conv, values[k]);
			}
		}
	}
	/* The non-prefixable units and the temperatures too. */
	{
		static const char *const others[] = {"min", "h", "d", "y", "%", "ppm", "dec", "degC",
		                                     "\xC2\xB0" "C", "\xE2\x84\x83", "cm^-2",
		                                     "\xCE\xA9\xC2\xB7" "cm", "cm\xC2\xB2/(V\xC2\xB7s)"};
		for (i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
			for (k = 0; k < sizeof(values) / sizeof(values[0]); k++) {
				double si, back;
				assert_int_equal(wbg_unit_to_si(&si, values[k], others[i], NULL), WBG_OK);
				assert_int_equal(wbg_unit_from_si(&back, si, others[i], NULL), WBG_OK);
				/* °C adds 273.15: cancellation costs a few ulp of 273 at small values */
				assert_double_near(back, values[k], 4e-16, 1e-13);
			}
		}
	}
}

/* A quantity typed in decimal is the double nearest to that decimal in SI. */
static void test_correct_rounding(void **state)
{
	static const struct {
		const char *text;
		const char *si;
	} cases[] = {
		{"0.1 mV", "1e-4"},       {"12.5 mV", "0.0125"},   {"3.3 uA", "3.3e-6"},
		{"0.021 ohm*cm", "2.1e-4"}, {"4.7 nF", "4.7e-9"},   {"2.2 kV", "2200"},
		{"1 yA", "1e-24"},         {"7 YV", "7e24"},        {"0.3 fF", "3e-16"},
		{"1.1 meV", "1.7623942974e-22"}, {"123.456 GHz", "1.23456e11"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		double v;
		assert_int_equal(wbg_quantity_parse(&v, NULL, cases[i].text, NULL, NULL), WBG_OK);
		assert_double_exact(v, strtod(cases[i].si, NULL));
	}
}

static void test_quantity_parse(void **state)
{
	static const struct {
		const char *text;
		const char *expect;
		double si;
	} ok[] = {
		{"12.5 mV", NULL, 0.0125},
		{"-3e-3A", NULL, -0.003},
		{"25 \xC2\xB0" "C", NULL, 298.15},
		{"10y", NULL, 315576000.0},
		{"+.5 kV", NULL, 500.0},
		{"1e14 cm^-3", NULL, 1e20},
		{"  7 ", "V", 7.0},
		{"7", NULL, 7.0},
		{"250 \xC2\xB5" "A", "A", 250e-6},
		{"1000 h", "s", 3.6e6},
		{"0.021 \xCE\xA9\xC2\xB7" "cm", "ohm*m", 0.00021},
		{"1.5E+3 mA", "A", 1.5},
		{"3 mA ", "A", 0.003},
	};
	wbg_ctx *ctx = NULL;
	wbg_unit u;
	double v;
	size_t i;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int rc = wbg_quantity_parse(&v, &u, ok[i].text, ok[i].expect, ctx);
		if (rc != WBG_OK) {
			print_error("'%s': %s\n", ok[i].text, wbg_ctx_errmsg(ctx));
			fail();
		}
		assert_double_near(v, ok[i].si, 1e-15, 0);
	}
	assert_int_equal(wbg_quantity_parse(&v, NULL, "abc", NULL, ctx), WBG_ERR_PARSE);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'abc' does not start with a number"));
	assert_int_equal(wbg_quantity_parse(&v, NULL, "inf V", NULL, ctx), WBG_ERR_PARSE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "nan", NULL, ctx), WBG_ERR_PARSE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "", NULL, ctx), WBG_ERR_PARSE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, ".", NULL, ctx), WBG_ERR_PARSE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "0x10 V", NULL, ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "1e999 V", NULL, ctx), WBG_ERR_RANGE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "1e300 TV", NULL, ctx), WBG_ERR_RANGE);
	assert_int_equal(wbg_quantity_parse(&v, NULL, "5 mA", "V", ctx), WBG_ERR_UNIT);
	assert_non_null(strstr(wbg_ctx_errmsg(ctx), "'5 mA' cannot be expressed in 'V'"));
	assert_int_equal(wbg_quantity_parse(&v, NULL, "5 mA", "Q", ctx), WBG_ERR_UNIT);
	assert_int_equal(wbg_quantity_parse(NULL, NULL, "5 mA", NULL, ctx), WBG_ERR_INVALID_ARG);
	wbg_ctx_free(ctx);
}

static void test_format(void **state)
{
	static const struct {
		double si;
		const char *unit;
		int digits;
		unsigned flags;
		int eng;
		const char *text;
	} cases[] = {
		{0.0123, "mV", 3, 0, 0, "12.3 mV"},
		{5e-6, "\xC2\xB5" "A", 3, WBG_UNIT_ASCII, 0, "5 uA"},
		{0.012, "m\xCE\xA9", 3, WBG_UNIT_ASCII, 0, "12 mohm"},
		{1e8, "cm\xE2\x81\xBB\xC2\xB2", 3, WBG_UNIT_ASCII, 0, "10000 cm^-2"},
		{1e8, "cm\xE2\x81\xBB\xC2\xB2", 3, 0, 0, "10000 cm\xE2\x81\xBB\xC2\xB2"},
		{298.15, "\xC2\xB0" "C", 4, WBG_UNIT_ASCII, 0, "25 degC"},
		{298.15, "\xE2\x84\x83", 4, WBG_UNIT_ASCII, 0, "25 degC"},
		{2e-4, "\xCE\xA9\xC2\xB7" "cm", 3, WBG_UNIT_ASCII, 0, "0.02 ohm*cm"},
		{7, "", 3, 0, 0, "7"},
		{0.0123, "V", 3, 0, 1, "12.3 mV"},
		{4.7e-12, "F", 2, 0, 1, "4.7 pF"},
		{0.0009996, "A", 3, 0, 1, "1.00 mA"},
		{0.00099949, "A", 3, WBG_UNIT_ASCII, 1, "999 uA"},
		{1.5, "V", 3, 0, 1, "1.50 V"},
		{-1.5e-9, "A", 3, 0, 1, "-1.50 nA"},
		{0, "V", 3, 0, 1, "0 V"},
		{2.5e6, "Hz", 2, 0, 1, "2.5 MHz"},
		{1200, "V", 4, 0, 1, "1.200 kV"},
		{999.5, "V", 3, 0, 1, "1.00 kV"},
		{0.012, "ohm", 3, 0, 1, "12.0 mohm"},
		{0.012, "\xCE\xA9", 3, WBG_UNIT_ASCII, 1, "12.0 mohm"},
		{1e-35, "A", 3, 0, 1, "1e-35 A"},
		{3.6e6, "h", 3, 0, 1, "1000 h"},
		{1e8, "m^-2", 3, 0, 0, "1e+08 m^-2"},
		{1.5e-7, "A", 2, 0, 0, "1.5e-07 A"},
		{87660 * 3600.0, "h", 3, 0, 0, "87700 h"},
		{0.0099996, "A", 3, 0, 1, "10.0 mA"},
		{0.00999, "A", 3, 0, 1, "9.99 mA"},
		{0.05, "cm", 3, 0, 1, "5 cm"},
	};
	char buf[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = cases[i].eng ? wbg_unit_format_eng(buf, sizeof(buf), cases[i].si, cases[i].unit,
		                                            cases[i].digits, cases[i].flags, NULL)
		                      : wbg_unit_format(buf, sizeof(buf), cases[i].si, cases[i].unit,
		                                        cases[i].digits, cases[i].flags, NULL);
		assert_int_equal(rc, WBG_OK);
		if (strcmp(buf, cases[i].text) != 0) {
			print_error("case %zu: got '%s', expected '%s'\n", i, buf, cases[i].text);
			fail();
		}
	}
	assert_int_equal(wbg_unit_format(buf, 4, 0.0123, "mV", 3, 0, NULL), WBG_ERR_OVERFLOW);
	assert_int_equal(wbg_unit_format(buf, sizeof(buf), 1, "V", 0, 0, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_unit_format(buf, sizeof(buf), 1, "V", 18, 0, NULL), WBG_ERR_INVALID_ARG);
	assert_int_equal(wbg_unit_format(buf, sizeof(buf), 1, "bogus", 3, 0, NULL), WBG_ERR_UNIT);
	assert_int_equal(wbg_unit_format_eng(buf, 5, 0.0123, "V", 3, 0, NULL), WBG_ERR_OVERFLOW);
}

/* What is printed with 17 digits parses back to the same double. */
static void test_format_parse_round_trip(void **state)
{
	static const char *const units[] = {"mV", "uA", "m\xCE\xA9", "\xCE\xA9\xC2\xB7" "cm",
	                                    "cm^-2", "\xC2\xB0" "C", "h", "pF", "MHz"};
	static const double values[] = {0.0123, 2.5e-7, 1.0 / 3.0, 298.15, 1e-12, 6.02214076e23};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		for (j = 0; j < sizeof(values) / sizeof(values[0]); j++) {
			char buf[96];
			double back;
			assert_int_equal(wbg_unit_format(buf, sizeof(buf), values[j], units[i], 17, 0, NULL),
			                 WBG_OK);
			assert_int_equal(wbg_quantity_parse(&back, NULL, buf, NULL, NULL), WBG_OK);
			assert_double_near(back, values[j], 4e-16, 1e-13);
		}
	}
}

static void test_dim_and_si_names(void **state)
{
	static const struct {
		const char *unit;
		unsigned flags;
		const char *si;
	} cases[] = {
		{"mV", 0, "V"},
		{"mohm", 0, "\xCE\xA9"},
		{"mohm", WBG_UNIT_ASCII, "ohm"},
		{"pF", 0, "F"},
		{"h", 0, "s"},
		{"g", 0, "kg"},
		{"1/min", 0, "Hz"},
		{"%", 0, "1"},
		{"degC", 0, "K"},
		{"cm^-2", 0, "m\xE2\x81\xBB\xC2\xB2"},
		{"cm^-2", WBG_UNIT_ASCII, "m^-2"},
		{"ohm*cm", WBG_UNIT_ASCII, "m^3*kg*s^-3*A^-2"},
		{"V/A", 0, "\xCE\xA9"},
		{"(m^6)^2", WBG_UNIT_ASCII, "m^12"},
		{"(m^6)^2", 0, "m\xC2\xB9\xC2\xB2"},
	};
	char buf[96];
	size_t i;
	wbg_unit u;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(wbg_unit_parse(&u, cases[i].unit, NULL), WBG_OK);
		assert_int_equal(wbg_unit_si_name(buf, sizeof(buf), &u, cases[i].flags), WBG_OK);
		assert_string_equal(buf, cases[i].si);
	}
	assert_int_equal(wbg_unit_parse(&u, "V", NULL), WBG_OK);
	assert_int_equal(wbg_unit_dim_format(buf, sizeof(buf), &u, WBG_UNIT_ASCII), WBG_OK);
	assert_string_equal(buf, "m^2*kg*s^-3*A^-1");
	assert_int_equal(wbg_unit_dim_format(buf, 5, &u, 0), WBG_ERR_OVERFLOW);
	assert_true(wbg_unit_same_dim(&u, &u));
	assert_false(wbg_unit_same_dim(&u, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_prefixes_exact),
		cmocka_unit_test(test_convert),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_correct_rounding),
		cmocka_unit_test(test_quantity_parse),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_parse_round_trip),
		cmocka_unit_test(test_dim_and_si_names),
	};
	return cmocka_run_group_tests_name("units", tests, NULL, NULL);
}
