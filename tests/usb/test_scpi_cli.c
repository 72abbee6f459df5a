/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 'wbg scpi' and 'wbg instruments' run as child processes against the
 * emulated USBTMC instrument (the child inherits umockdev's preload).
 * Expected output: the test double's documented replies (instr_double.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "instr_double.h"
#include "run_prog.h"
#include "usbtmc_emu.h"
#include "wbg_test.h"

#define RES "USB0::0x05E6::0x2450::CLI1::INSTR"
#define IDN "WBG,DOUBLE-1,CLI1,1.0"

static struct instr_double *dbl;
static struct emu *emu;

static int setup(void **state)
{
	struct emu_config cfg = {.vid = 0x05e6, .pid = 0x2450, .serial = "CLI1"};

	(void)state;
	dbl = instr_double_new("CLI1");
	emu = emu_new(&cfg, instr_double_iface(dbl));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	emu_free(emu);
	instr_double_free(dbl);
	return 0;
}

#define RUN(res, stdin_text, ...)                                                                  \
	do {                                                                                           \
		const char *const a_[] = {__VA_ARGS__, NULL};                                              \
		assert_int_equal(prog_run(&(res), a_, (stdin_text), 30), 0);                               \
	} while (0)

static void expect(struct prog_result *r, int status, const char *out, const char *in_err)
{
	if (r->status != status || (out && strcmp(r->out, out) != 0) ||
	    (in_err && !strstr(r->err, in_err))) {
		print_error("status %d (expected %d)\n--- stdout:\n%s\n--- stderr:\n%s\n--- wanted stdout "
		            "'%s', stderr containing '%s'\n",
		            r->status, status, r->out, r->err, out ? out : "", in_err ? in_err : "");
		fail();
	}
}

static void test_scpi_args(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "scpi", RES, "*IDN?", "TEXT? 5");
	expect(&r, 0, IDN "\nabcde\n", NULL);
	assert_string_equal(r.err, "");
	prog_result_free(&r);
	/* An unknown command: its error queue entry on stderr, exit 3, the rest still runs. */
	RUN(r, NULL, "scpi", RES, "BOGUS", "*IDN?");
	expect(&r, 3, IDN "\n", "after 'BOGUS': -113,\"Undefined header\"");
	prog_result_free(&r);
}

static void test_scpi_stdin(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, "*IDN?\n\nTEXT? 3\n*CLS\n", "scpi", RES);
	expect(&r, 0, IDN "\nabc\n", NULL);
	prog_result_free(&r);
}

static void test_scpi_errors(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "scpi", "--timeout", "30 ms", RES, "NEVER?");
	expect(&r, 3, "", "NEVER?");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "USB0::0x05E6::0x2450::NOPE::INSTR", "*IDN?");
	expect(&r, 3, "", "no such USBTMC instrument");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "USB0::0x05E6", "*IDN?");
	expect(&r, 2, "", "expected USB");
	prog_result_free(&r);
	RUN(r, NULL, "scpi", "--timeout", "soon", RES, "*IDN?");
	expect(&r, 2, "", "--timeout");
	prog_result_free(&r);
}

static void test_instruments(void **state)
{
	struct prog_result r;

	(void)state;
	RUN(r, NULL, "instruments");
	expect(&r, 0, RES "  " IDN "\n", NULL);
	prog_result_free(&r);
	RUN(r, NULL, "instruments", "--json");
	expect(&r, 0,
	       "[\n  {\"resource\": \"" RES "\", \"idn\": \"" IDN "\", \"manufacturer\": \"WBG\", "
	       "\"model\": \"DOUBLE-1\", \"serial\": \"CLI1\", \"firmware\": \"1.0\", \"error\": null}\n]\n",
	       NULL);
	prog_result_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scpi_args),
		cmocka_unit_test(test_scpi_stdin),
		cmocka_unit_test(test_scpi_errors),
		cmocka_unit_test(test_instruments),
	};

	emu_ensure_wrapper(argc, argv);
	return cmocka_run_group_tests(tests, setup, teardown);
}
