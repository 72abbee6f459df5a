/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The context: log levels reach the callback, error detail is kept per context. */
#include "config.h"

#include <string.h>

#include "wbg_test.h"
#include "wbg/wbg.h"

struct sink {
	int calls;
	wbg_log_level last_level;
	char last_module[32];
	char last_msg[2048];
};

static void sink_fn(void *userdata, wbg_log_level level, const char *module, const char *msg)
{
	struct sink *s = userdata;
	s->calls++;
	s->last_level = level;
	snprintf(s->last_module, sizeof(s->last_module), "%s", module);
	snprintf(s->last_msg, sizeof(s->last_msg), "%s", msg);
}

static void test_levels_filter(void **state)
{
	wbg_ctx *ctx = NULL;
	struct sink s = {0};

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_ctx_log_level(ctx), WBG_LOG_WARN);
	wbg_log(ctx, WBG_LOG_ERROR, "t", "dropped: no callback yet");
	wbg_ctx_set_log_fn(ctx, sink_fn, &s);
	wbg_log(ctx, WBG_LOG_INFO, "t", "too verbose for WARN");
	assert_int_equal(s.calls, 0);
	wbg_log(ctx, WBG_LOG_WARN, "usbtmc", "bTag %d mismatch", 7);
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.last_level, WBG_LOG_WARN);
	assert_string_equal(s.last_module, "usbtmc");
	assert_string_equal(s.last_msg, "bTag 7 mismatch");
	wbg_ctx_set_log_level(ctx, WBG_LOG_TRACE);
	wbg_log(ctx, WBG_LOG_TRACE, NULL, "hex");
	assert_int_equal(s.calls, 2);
	assert_string_equal(s.last_module, "wbg");
	wbg_ctx_set_log_level(ctx, WBG_LOG_NONE);
	wbg_log(ctx, WBG_LOG_ERROR, "t", "silenced");
	assert_int_equal(s.calls, 2);
	/* Out-of-range levels are clamped. */
	wbg_ctx_set_log_level(ctx, (wbg_log_level)99);
	assert_int_equal(wbg_ctx_log_level(ctx), WBG_LOG_TRACE);
	wbg_ctx_free(ctx);
}

static void test_long_message_truncated_not_overflowed(void **state)
{
	wbg_ctx *ctx = NULL;
	struct sink s = {0};
	char big[4000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	wbg_ctx_set_log_fn(ctx, sink_fn, &s);
	wbg_log(ctx, WBG_LOG_ERROR, "t", "%s", big);
	assert_int_equal(s.calls, 1);
	assert_int_equal(strlen(s.last_msg), 1023);
	wbg_ctx_free(ctx);
}

static void test_error_detail(void **state)
{
	wbg_ctx *ctx = NULL, *other = NULL;

	(void)state;
	assert_int_equal(wbg_ctx_new(&ctx), WBG_OK);
	assert_int_equal(wbg_ctx_new(&other), WBG_OK);
	assert_string_equal(wbg_ctx_errmsg(ctx), "");
	assert_int_equal(wbg_ctx_errcode(ctx), WBG_OK);
	assert_int_equal(wbg_ctx_error(ctx, WBG_ERR_TIMEOUT, "instrument %s did not answer", "SMU1"),
	                 WBG_ERR_TIMEOUT);
	assert_int_equal(wbg_ctx_errcode(ctx), WBG_ERR_TIMEOUT);
	assert_string_equal(wbg_ctx_errmsg(ctx), "instrument SMU1 did not answer");
	/* No global state: the other context saw nothing. */
	assert_string_equal(wbg_ctx_errmsg(other), "");
	/* An empty detail falls back to the code's message. */
	wbg_ctx_error(ctx, WBG_ERR_IO, "%s", "");
	assert_string_equal(wbg_ctx_errmsg(ctx), "input/output error");
	wbg_ctx_clear_error(ctx);
	assert_string_equal(wbg_ctx_errmsg(ctx), "");
	/* NULL contexts are accepted everywhere. */
	assert_int_equal(wbg_ctx_error(NULL, WBG_ERR_PARSE, "x"), WBG_ERR_PARSE);
	assert_string_equal(wbg_ctx_errmsg(NULL), "");
	wbg_log(NULL, WBG_LOG_ERROR, "t", "nothing happens");
	wbg_ctx_free(NULL);
	assert_int_equal(wbg_ctx_new(NULL), WBG_ERR_INVALID_ARG);
	wbg_ctx_free(ctx);
	wbg_ctx_free(other);
}

static void test_level_names(void **state)
{
	(void)state;
	assert_string_equal(wbg_log_level_name(WBG_LOG_ERROR), "error");
	assert_string_equal(wbg_log_level_name(WBG_LOG_WARN), "warning");
	assert_string_equal(wbg_log_level_name(WBG_LOG_TRACE), "trace");
	assert_string_equal(wbg_log_level_name((wbg_log_level)42), "unknown");
}

static void test_version(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(wbg_version(), PACKAGE_VERSION);
	assert_int_equal(wbg_version_details(buf, sizeof(buf)), WBG_OK);
	assert_non_null(strstr(buf, "wbgkit " PACKAGE_VERSION));
	assert_non_null(strstr(buf, "libusb 1."));
	assert_non_null(strstr(buf, "GSL 2."));
	assert_non_null(strstr(buf, "libxml2 2."));
	assert_int_equal(wbg_version_details(buf, 10), WBG_ERR_OVERFLOW);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_levels_filter),
		cmocka_unit_test(test_long_message_truncated_not_overflowed),
		cmocka_unit_test(test_error_detail),
		cmocka_unit_test(test_level_names),
		cmocka_unit_test(test_version),
	};
	return cmocka_run_group_tests_name("context", tests, NULL, NULL);
}
