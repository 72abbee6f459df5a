/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing the verdicts of 'wbg check' as text, JSON or JUnit XML. */
#ifndef WBG_CLI_CHECK_REPORT_H
#define WBG_CLI_CHECK_REPORT_H

#include <stdio.h>

#include "cli.h"

enum check_format { CHECK_TEXT, CHECK_JSON, CHECK_JUNIT };

struct check_info {
	const wbg_standard *std;
	const char *standard_path;
	const char *device; /* id or NULL */
	size_t rows;
	int all; /* text: print passing verdicts too */
};

/* Returns 0, or -1 when writing failed. */
int check_report(FILE *out, enum check_format fmt, const struct check_info *info,
                 const wbg_eval *ev);

#endif
