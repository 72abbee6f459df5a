/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg report: a stored run read into memory, and its HTML writer. */
#ifndef WBG_CLI_REPORT_H
#define WBG_CLI_REPORT_H

#include <stdio.h>

#include "cli.h"

struct rep_step {
	int64_t id;
	char *sample, *test, *method;
	int seq;
	double readout_s;
};

/* Everything of one run that a report shows. Strings are owned. */
struct rep {
	wbg_store *st; /* borrowed, for raw arrays */
	int64_t run;
	char *lot, *status, *operator_name, *host, *software, *started, *finished;
	char *std_file, *std_sha, *dev_file, *dev_sha, *bench_file, *bench_sha;
	int64_t seed;
	char *status_note; /* what the status means for this report, e.g. a stale run's */
	wbg_instrument_info *inst; /* strings owned */
	size_t n_inst;
	struct rep_step *steps;
	size_t n_steps;
	wbg_param_record *params; /* strings owned */
	size_t n_params;
	wbg_verdict_info *verdicts; /* strings owned */
	size_t n_verdicts;
	size_t n_aborted; /* steps cut short, their points kept (wbg export --format json) */
};

/* Read a run; returns 0 or the exit code after printing the error. */
int rep_load(struct cli *cli, struct rep *r, wbg_store *st, int64_t run);
void rep_free(struct rep *r);

/* The worst outcome of the stored verdicts, as a wbg_outcome (PASS when none). */
wbg_outcome rep_worst(const struct rep *r);
/* Outcome from its name (FAIL for an unknown name: never report better than stored). */
wbg_outcome rep_outcome(const char *name);

/* Write text with &, <, >, " and ' escaped, and control characters dropped. */
void html_escape(FILE *out, const char *s);

/* The report as one self-contained XHTML-compatible HTML file. Returns 0 or -1. */
int rep_write_html(FILE *out, const struct rep *r);

/* The plots section (report_plots.c). */
void rep_write_plots(FILE *out, const struct rep *r);

#endif
