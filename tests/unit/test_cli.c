/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wbg program, run as a child process: exit codes, help, errors on stderr. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "run_prog.h"
#include "wbg_test.h"

#define RUN(res, stdin_text, ...) PROG_RUN(res, stdin_text, 30, __VA_ARGS__)


static void test_version(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "--version");
	prog_expect(&r, 0, "wbg " PACKAGE_VERSION "\n", NULL);
	assert_string_equal(r.err, "");
	prog_result_free(&r);
	RUN(r, NULL, "version");
	prog_expect(&r, 0, "libusb", NULL);
	prog_result_free(&r);
	RUN(r, NULL, "version", "extra");
	prog_expect(&r, 2, NULL, "takes no arguments");
	prog_result_free(&r);
}

static void test_help(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "help");
	prog_expect(&r, 0, "Commands:", NULL);
	assert_non_null(strstr(r.out, "  units "));
	assert_non_null(strstr(r.out, "  demo "));
	assert_non_null(strstr(r.out, "Exit codes"));
	assert_non_null(strstr(r.out, "4  an inconclusive verdict"));
	prog_result_free(&r);

	/* No arguments at all prints the same overview. */
	RUN(r, NULL, "--help");
	prog_expect(&r, 0, "Commands:", NULL);
	prog_result_free(&r);

	RUN(r, NULL, "help", "units");
	prog_expect(&r, 0, "usage: wbg units", NULL);
	assert_non_null(strstr(r.out, "Examples:"));
	prog_result_free(&r);

	RUN(r, NULL, "units", "--help");
	prog_expect(&r, 0, "usage: wbg units", NULL);
	prog_result_free(&r);

	RUN(r, NULL, "help", "nosuch");
	prog_expect(&r, 2, NULL, "'nosuch' is not a wbg command");
	assert_string_equal(r.out, "");
	prog_result_free(&r);
}

static void test_unknown_command_and_option(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "unit", "5 mV");
	prog_expect(&r, 2, NULL, "'unit' is not a wbg command");
	assert_non_null(strstr(r.err, "Did you mean 'wbg units'?"));
	assert_string_equal(r.out, "");
	prog_result_free(&r);

	RUN(r, NULL, "--bogus");
	prog_expect(&r, 2, NULL, "unknown option '--bogus'");
	prog_result_free(&r);

	RUN(r, NULL, "units", "--bogus", "5 mV");
	prog_expect(&r, 2, NULL, "wbg units: error: unknown option '--bogus'");
	assert_non_null(strstr(r.err, "wbg help units"));
	prog_result_free(&r);
}

static void test_units(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "units", "12.5 mV");
	prog_expect(&r, 0, NULL, NULL);
	assert_string_equal(r.out, "0.0125 V\n");
	prog_result_free(&r);

	RUN(r, NULL, "units", "5", "mA", "uA");
	prog_expect(&r, 0, NULL, NULL);
	assert_string_equal(r.out, "5000 uA\n");
	prog_result_free(&r);

	RUN(r, NULL, "units", "--ascii", "0.02 \xCE\xA9\xC2\xB7" "cm", "m\xCE\xA9\xC2\xB7" "cm");
	prog_expect(&r, 0, NULL, NULL);
	assert_string_equal(r.out, "20 mohm*cm\n");
	prog_result_free(&r);

	RUN(r, NULL, "units", "175 \xC2\xB0" "C", "K");
	prog_expect(&r, 0, NULL, NULL);
	assert_string_equal(r.out, "448.15 K\n");
	prog_result_free(&r);

	RUN(r, NULL, "units", "-d", "3", "10y", "h");
	prog_expect(&r, 0, NULL, NULL);
	assert_string_equal(r.out, "87700 h\n");
	prog_result_free(&r);

	RUN(r, NULL, "units", "5 mA", "V");
	prog_expect(&r, 2, NULL, "'5 mA' cannot be expressed in 'V'");
	assert_string_equal(r.out, "");
	prog_result_free(&r);

	RUN(r, NULL, "units", "3 mv");
	prog_expect(&r, 2, NULL, "did you mean 'mV'?");
	prog_result_free(&r);

	RUN(r, NULL, "units", "abc");
	prog_expect(&r, 2, NULL, "'abc' does not start with a number");
	prog_result_free(&r);

	RUN(r, NULL, "units");
	prog_expect(&r, 2, NULL, "give a quantity");
	prog_result_free(&r);

	RUN(r, NULL, "units", "-d", "99", "1 V");
	prog_expect(&r, 2, NULL, "--digits takes a number from 1 to 17");
	prog_result_free(&r);
}

/* The demo runs the main job on the virtual bench (4 units of lot seed 1:
 * U03 and U04 have a weak gate oxide, see tests/unit/test_run_e2e.c) and
 * says what to open. */
static void test_demo(void **state)
{
	struct prog_result r;
	char dir[64], path[128], cmd[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/wbg-demo-XXXXXX");
	assert_non_null(mkdtemp(dir));
	RUN(r, NULL, "demo", "--dir", dir, "--samples", "4");
	prog_expect(&r, 0, "wbgkit demo", NULL);
	assert_non_null(strstr(r.out, "Units that failed: U03, U04 (of 4)."));
	snprintf(path, sizeof(path), "Open the report in a browser (it works offline):\n  %s/report.html",
	         dir);
	assert_non_null(strstr(r.out, path));
	prog_result_free(&r);
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_equal(access(path, R_OK), 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_verbose_and_quiet_accepted(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "-vv", "units", "1 V");
	prog_expect(&r, 0, "1 V", NULL);
	prog_result_free(&r);
	RUN(r, NULL, "-q", "units", "1 V");
	prog_expect(&r, 0, "1 V", NULL);
	prog_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_unknown_command_and_option),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_demo),
		cmocka_unit_test(test_verbose_and_quiet_accepted),
	};
	return cmocka_run_group_tests_name("cli", tests, NULL, NULL);
}
