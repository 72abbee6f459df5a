/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The public headers compile after the system headers a user program is
 * likely to include first (signal.h once broke us: it defines si_value as a
 * macro), and wbg/wbg.h alone gives the whole API.
 */
#include <complex.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <wbg/wbg.h>

#include "config.h"
#include "wbg_test.h"

static void test_umbrella_compiles_and_links(void **state)
{
	(void)state;
	assert_string_equal(wbg_version(), PACKAGE_VERSION);
	assert_int_equal(WBG_ERR_UNIT, -5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_umbrella_compiles_and_links),
	};
	return cmocka_run_group_tests_name("headers", tests, NULL, NULL);
}
