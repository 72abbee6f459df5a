/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Every error code has a unique name and a message; unknown codes are handled. */
#include "config.h"

#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

static void test_every_code_has_name_and_message(void **state)
{
	int n = wbg_error_count(), code;

	(void)state;
	/* 26 codes as of 0.1.0; the list is append-only, so this only grows. */
	assert_true(n >= 26);
	for (code = 0; code > -n; code--) {
		const char *name = wbg_error_name(code);
		const char *msg = wbg_strerror(code);
		assert_non_null(name);
		assert_non_null(msg);
		assert_string_not_equal(name, "WBG_ERR_UNKNOWN");
		assert_string_not_equal(msg, "unknown error code");
		assert_true(strncmp(name, "WBG_", 4) == 0);
		assert_true(strlen(msg) > 3);
		if (code < 0)
			assert_true(strncmp(name, "WBG_ERR_", 8) == 0);
	}
}

static void test_names_and_messages_unique(void **state)
{
	int n = wbg_error_count(), i, j;

	(void)state;
	for (i = 0; i > -n; i--) {
		for (j = i - 1; j > -n; j--) {
			assert_string_not_equal(wbg_error_name(i), wbg_error_name(j));
			assert_string_not_equal(wbg_strerror(i), wbg_strerror(j));
		}
	}
}

static void test_known_values_are_stable(void **state)
{
	(void)state;
	/* Codes are stored in logs and databases: their numbers must never move. */
	assert_int_equal(WBG_OK, 0);
	assert_int_equal(WBG_ERR_NOMEM, -1);
	assert_int_equal(WBG_ERR_UNIT, -5);
	assert_int_equal(WBG_ERR_TIMEOUT, -9);
	assert_int_equal(WBG_ERR_SAFETY, -15);
	assert_int_equal(WBG_ERR_INTERNAL, -25);
	assert_string_equal(wbg_error_name(WBG_ERR_TIMEOUT), "WBG_ERR_TIMEOUT");
	assert_string_equal(wbg_strerror(WBG_ERR_TIMEOUT), "timed out");
	assert_string_equal(wbg_error_name(WBG_OK), "WBG_OK");
}

static void test_unknown_codes(void **state)
{
	(void)state;
	assert_string_equal(wbg_error_name(1), "WBG_ERR_UNKNOWN");
	assert_string_equal(wbg_error_name(-wbg_error_count()), "WBG_ERR_UNKNOWN");
	assert_string_equal(wbg_error_name(-100000), "WBG_ERR_UNKNOWN");
	assert_string_equal(wbg_strerror(12345), "unknown error code");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_code_has_name_and_message),
		cmocka_unit_test(test_names_and_messages_unique),
		cmocka_unit_test(test_known_values_are_stable),
		cmocka_unit_test(test_unknown_codes),
	};
	return cmocka_run_group_tests_name("error", tests, NULL, NULL);
}
