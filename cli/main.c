/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg: git-style entry point. Global options, then a subcommand. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* In the order 'wbg help' lists them. */
const struct cli_command *const cli_commands[] = {
	&cli_cmd_demo,

	/* instruments */
	&cli_cmd_instruments,
	&cli_cmd_scpi,
	&cli_cmd_measure, /* drivers and methods */

	&cli_cmd_vinstr, /* virtual bench */
	/* standards */
	&cli_cmd_check,
	&cli_cmd_standards,

	/* analysis */
	&cli_cmd_analyze,

	/* runs, store, reports */
	&cli_cmd_run,
	&cli_cmd_export,
	&cli_cmd_report,

	&cli_cmd_units,
	&cli_cmd_version,
	&cli_cmd_help,
	NULL,
};

const struct cli_command *cli_find_command(const char *name)
{
	size_t i;

	if (!name)
		return NULL;
	for (i = 0; cli_commands[i]; i++)
		if (strcmp(cli_commands[i]->name, name) == 0)
			return cli_commands[i];
	return NULL;
}

/* Levenshtein distance, for "did you mean". Names are short. */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return 64;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t prev = row[0], cur;
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t best = prev + (a[i - 1] == b[j - 1] ? 0 : 1);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			cur = row[j];
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

static void log_to_stderr(void *userdata, wbg_log_level level, const char *module, const char *msg)
{
	(void)userdata;
	fprintf(stderr, "wbg: %s: %s: %s\n", wbg_log_level_name(level), module, msg);
}

static int unknown_command(const char *name)
{
	const char *best = NULL;
	size_t best_d = 3, i;

	fprintf(stderr, "wbg: error: '%s' is not a wbg command.\n", name);
	for (i = 0; cli_commands[i]; i++) {
		size_t d = edit_distance(name, cli_commands[i]->name);
		if (d < best_d) {
			best_d = d;
			best = cli_commands[i]->name;
		}
	}
	if (best)
		fprintf(stderr, "  Did you mean 'wbg %s'?\n", best);
	fprintf(stderr, "  Run 'wbg help' for the list of commands.\n");
	return CLI_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct cli cli = {0};
	const struct cli_command *cmd;
	int i, rc;

	/* Installed, argv[0] is "wbg"; from the build tree it is a path, and
	 * libtool's wrapper runs .libs/wbg (or .libs/lt-wbg), which does not
	 * run by itself: name the wrapper instead. */
	cli.prog = "wbg";
	if (argc > 0 && strchr(argv[0], '/')) {
		static char prog[4096];
		const char *libs = strstr(argv[0], "/.libs/");
		if (libs && (size_t)(libs - argv[0]) < sizeof(prog) - 8) {
			const char *base = libs + 7;
			if (strncmp(base, "lt-", 3) == 0)
				base += 3;
			snprintf(prog, sizeof(prog), "%.*s/%s", (int)(libs - argv[0]), argv[0], base);
			cli.prog = prog;
		} else {
			cli.prog = argv[0];
		}
	}
	/* Global options come before the subcommand. */
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			a = "version";
			break;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			break;
		} else if (strcmp(a, "--verbose") == 0) {
			cli.verbosity++;
		} else if (a[1] == 'v' && strspn(a + 1, "v") == strlen(a + 1)) {
			cli.verbosity += (int)strlen(a + 1);
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			cli.verbosity = -1;
		} else {
			fprintf(stderr, "wbg: error: unknown option '%s'.\n  Run 'wbg help' for the usage.\n", a);
			return CLI_EXIT_USAGE;
		}
	}

	if (wbg_ctx_new(&cli.ctx) != WBG_OK) {
		fprintf(stderr, "wbg: error: out of memory\n");
		return CLI_EXIT_IO;
	}
	wbg_ctx_set_log_fn(cli.ctx, log_to_stderr, NULL);
	wbg_ctx_set_log_level(cli.ctx, cli.verbosity < 0 ? WBG_LOG_ERROR
	                                : (wbg_log_level)(WBG_LOG_WARN + cli.verbosity));

	if (i >= argc) {
		cli.cmd = "help";
		rc = cli_cmd_help.run(&cli, 1, (char *[]){"help", NULL});
	} else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
		cli.cmd = "version";
		rc = cli_cmd_version.run(&cli, 1, (char *[]){"version", NULL});
	} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
		cli.cmd = "help";
		rc = cli_cmd_help.run(&cli, argc - i, argv + i);
	} else {
		cmd = cli_find_command(argv[i]);
		if (!cmd) {
			rc = unknown_command(argv[i]);
		} else {
			cli.cmd = cmd->name;
			if (cli_wants_help(&cli, argc - i, argv + i))
				rc = CLI_EXIT_OK;
			else
				rc = cmd->run(&cli, argc - i, argv + i);
		}
	}
	wbg_ctx_free(cli.ctx);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "wbg: error: could not write the output (disk full or pipe closed?)\n");
		if (rc == CLI_EXIT_OK)
			rc = CLI_EXIT_IO;
	}
	return rc;
}
