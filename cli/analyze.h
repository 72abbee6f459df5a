/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze: one file per analysis (cli/analyze_NAME.c), dispatched by cli/cmd_analyze.c. */
#ifndef WBG_CLI_ANALYZE_H
#define WBG_CLI_ANALYZE_H

#include "cli.h"

struct cli_analysis {
	const char *name;    /* "life", "vth", ... */
	const char *summary; /* one line for 'wbg help analyze' */
	const char *usage;   /* the full help of 'wbg analyze NAME --help' */
	int (*run)(struct cli *cli, int argc, char **argv); /* argv[0] is NAME */
};

/* extract.inc side */
extern const struct cli_analysis cli_analysis_vth;

/* fitlife.inc side */
extern const struct cli_analysis cli_analysis_life;
extern const struct cli_analysis cli_analysis_spectrum;
extern const struct cli_analysis cli_analysis_drift;
extern const struct cli_analysis cli_analysis_alt;

#endif
