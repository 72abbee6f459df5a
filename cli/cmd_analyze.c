/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg analyze NAME ...: dispatch to one file per analysis (cli/analyze_NAME.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "analyze.h"

static const struct cli_analysis *const analyses[] = {
	/* extract.inc side */
	&cli_analysis_vth,

	/* fitlife.inc side */
	&cli_analysis_life,
	&cli_analysis_spectrum,
	&cli_analysis_drift,
	&cli_analysis_alt,

	NULL,
};

static void list(FILE *out)
{
	size_t i;

	for (i = 0; analyses[i]; i++)
		fprintf(out, "  %-10s %s\n", analyses[i]->name, analyses[i]->summary);
	if (i == 0)
		fprintf(out, "  (no analyses in this build)\n");
}

static int run(struct cli *cli, int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "wbg analyze: error: name the analysis to run:\n");
		list(stderr);
		fprintf(stderr, "  Run 'wbg help analyze' for the usage and examples.\n");
		return CLI_EXIT_USAGE;
	}
	for (i = 0; analyses[i]; i++) {
		if (strcmp(analyses[i]->name, argv[1]) == 0) {
			int k;
			for (k = 2; k < argc; k++) {
				if (strcmp(argv[k], "--") == 0)
					break;
				if (strcmp(argv[k], "--help") == 0 || strcmp(argv[k], "-h") == 0) {
					fputs(analyses[i]->usage, stdout);
					return CLI_EXIT_OK;
				}
			}
			return analyses[i]->run(cli, argc - 1, argv + 1);
		}
	}
	return cli_usage_error(cli, "'%s' is not an analysis; 'wbg help analyze' lists them", argv[1]);
}

const struct cli_command cli_cmd_analyze = {
	.name = "analyze",
	.summary = "extract parameters and fit life data from files (no instrument)",
	.help = "usage: wbg analyze NAME [options] FILE\n"
	        "       wbg analyze NAME --help\n"
	        "\n"
	        "Run one analysis on a data file and print the result with its\n"
	        "uncertainty; --json for scripts. 'wbg analyze NAME --help' shows the\n"
	        "input format, options and an example of each analysis.\n",
	.run = run,
};
