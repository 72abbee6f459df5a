/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Report plots: PLplot's SVG is well-formed, holds the data and the labels,
 * and bad input is refused with a message instead of reaching PLplot. */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>

#include "plot.h"
#include "wbg_test.h"

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay++;
	}
	return n;
}

static void assert_well_formed(const char *svg)
{
	xmlDocPtr doc = xmlReadMemory(svg, (int)strlen(svg), "plot.svg", NULL,
	                              XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(doc);
	assert_string_equal((const char *)xmlDocGetRootElement(doc)->name, "svg");
	xmlFreeDoc(doc);
}

static void test_transfer_curve(void **state)
{
	double vgs[101], id[101];
	struct plot_series s = {vgs, id, 101, "unit 1", PLOT_LINE, 1};
	struct plot_marker m = {true, 2.7, "Vth = 2.70 V", 2};
	struct plot_spec spec = {PLOT_XY, "Transfer curve", "Vgs (V)", "Id (A)", false, true,
	                         &s, 1, &m, 1, 0, 0};
	char *svg = NULL, err[256];
	int i;

	(void)state;
	for (i = 0; i < 101; i++) {
		vgs[i] = 0.1 * i;
		id[i] = vgs[i] > 2.7 ? 1e-2 * (vgs[i] - 2.7) * (vgs[i] - 2.7) + 1e-9 : 1e-9;
	}
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), 0);
	assert_true(strncmp(svg, "<svg", 4) == 0); /* ready to inline */
	assert_well_formed(svg);
	assert_true(count(svg, "<polyline") >= 3);
	free(svg);
}

static void test_weibull_plot(void **state)
{
	/* Bernard median ranks of 5 failures: F_i = (i - 0.3)/(n + 0.4). */
	double t[5] = {120, 250, 410, 600, 900}, f[5];
	double fit_t[2] = {80, 1200}, fit_f[2] = {0.05, 0.95};
	struct plot_series s[2] = {{t, f, 5, "failures", PLOT_POINTS, 1},
	                           {fit_t, fit_f, 2, "MLE fit", PLOT_LINE, 2}};
	struct plot_spec spec = {PLOT_WEIBULL, "Weibull", "t (h)", "F (%)", true, false, s, 2,
	                         NULL, 0, 480, 360};
	char *svg = NULL, err[256];
	int i;

	(void)state;
	for (i = 0; i < 5; i++)
		f[i] = (i + 1 - 0.3) / (5 + 0.4);
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), 0);
	assert_well_formed(svg);
	free(svg);
}

static void test_refusals(void **state)
{
	double x[3] = {-1, 0, -2}, y[3] = {1, 2, 3};
	double nan3[3] = {NAN, NAN, NAN};
	struct plot_series s = {x, y, 3, NULL, PLOT_LINE, 1};
	struct plot_spec spec = {PLOT_XY, "t", "x", "y", true, false, &s, 1, NULL, 0, 0, 0};
	char *svg = NULL, err[256];

	(void)state;
	/* Only non-positive x on a log axis: nothing can be drawn. */
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "nothing to plot"));
	spec.logx = false;
	s.y = nan3;
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), -1);
	s.y = NULL;
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no data"));
	assert_null(svg);
	/* A single point still plots (the range is widened). */
	s.y = y;
	s.x = (double[]){1, 1, 1};
	s.y = (double[]){5, 5, 5};
	assert_int_equal(plot_svg(&svg, &spec, err, sizeof(err)), 0);
	assert_well_formed(svg);
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transfer_curve),
		cmocka_unit_test(test_weibull_plot),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests_name("plot", tests, NULL, NULL);
}
