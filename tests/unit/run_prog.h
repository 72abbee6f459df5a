/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Run the built wbg program from a test and capture what it prints. */
#ifndef WBG_TEST_RUN_PROG_H
#define WBG_TEST_RUN_PROG_H

#include <stddef.h>

struct prog_result {
	int status; /* exit code, or 128 + signal */
	char *out;  /* stdout, NUL-terminated, owned */
	char *err;  /* stderr, NUL-terminated, owned */
};

/* Path of the built wbg in the build tree ($WBG_TOP_BUILDDIR/wbg). */
const char *wbg_test_program(void);

/* Run wbg with argv (NULL-terminated, without argv[0]), feeding stdin_text
 * (may be NULL) and waiting at most timeout_s seconds (then SIGKILL). */
int prog_run(struct prog_result *res, const char *const *args, const char *stdin_text,
             int timeout_s);

void prog_result_free(struct prog_result *res);

/* Run wbg with the arguments after @p timeout_s; fail the test if it could
 * not be started. */
#define PROG_RUN(res, stdin_text, timeout_s, ...)                                                 \
	do {                                                                                       \
		const char *const a_[] = {__VA_ARGS__, NULL};                                      \
		assert_int_equal(prog_run(&(res), a_, (stdin_text), (timeout_s)), 0);              \
	} while (0)

/* Fail the test unless wbg exited with @p status and its stdout contains
 * @p in_out and its stderr @p in_err (NULL: not checked); on failure print
 * both streams (stdout cut at 4000 bytes) and what was wanted. */
void prog_expect(const struct prog_result *r, int status, const char *in_out, const char *in_err);

#endif
