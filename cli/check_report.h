/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writing the verdicts of 'wbg check' as text, JSON or JUnit XML. */
#ifndef WBG_CLI_CHECK_REPORT_H
#define WBG_CLI_CHECK_REPORT_H

#include <stdio.h>

#include "cli.h"

enum check_format { CHECK_TEXT, CHECK_JSON, CHECK_JUNIT };

/* A data file (or stored run) that was used, with its SHA-256. */
struct check_digest {
	const char *name;
	char sha256[65];
};

struct check_info {
	const char *standard_id;
	const char *standard_revision;
	const char *standard_path;
	const char *device; /* id or NULL */
	const char *standard_sha256; /* NULL when not known */
	const struct check_digest *data;
	size_t n_data;
	size_t rows;
	int all; /* text: print passing verdicts too */
};

/* Verdicts from wherever they come: an evaluation, or a store. */
struct check_verdicts {
	const void *src;
	size_t n;
	const wbg_result *(*at)(const void *src, size_t i);
	size_t unused;     /* data rows no limit used */
	wbg_outcome worst;
};

/* Returns 0, or -1 when writing failed. */
int check_report_verdicts(FILE *out, enum check_format fmt, const struct check_info *info,
                          const struct check_verdicts *ev);

/* Write @p s for XML or HTML text and attributes: & < > " ' escaped,
 * control characters other than tab and newline dropped. */
void check_xml_escape(FILE *out, const char *s);

/* Returns 0, or -1 when writing failed. */
int check_report(FILE *out, enum check_format fmt, const struct check_info *info,
                 const wbg_eval *ev);

#endif
