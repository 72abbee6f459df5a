/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The wbg program: shared declarations of the subcommands. */
#ifndef WBG_CLI_H
#define WBG_CLI_H

#include <stdio.h>

#include "wbg/wbg.h"

/* Exit codes, the same for every subcommand (README, wbg(1)). */
enum cli_exit {
	CLI_EXIT_OK = 0,           /* success, or every verdict PASS */
	CLI_EXIT_FAIL = 1,         /* a FAIL verdict */
	CLI_EXIT_USAGE = 2,        /* bad usage or bad input (file, unit, XML, CSV) */
	CLI_EXIT_IO = 3,           /* instrument or I/O error */
	CLI_EXIT_INCONCLUSIVE = 4, /* a conditional or inconclusive verdict */
};

struct cli {
	wbg_ctx *ctx;
	const char *cmd; /* name of the running subcommand, for messages */
	int verbosity;   /* -v count */
	const char *prog; /* argv[0], to tell the user how to run wbg again */
};

struct cli_command {
	const char *name;
	const char *summary; /* one line, for 'wbg help' */
	const char *help;    /* the full text of 'wbg help NAME' */
	int (*run)(struct cli *cli, int argc, char **argv);
};

/* Every subcommand, one file each in cli/. */
extern const struct cli_command cli_cmd_help;
extern const struct cli_command cli_cmd_version;
extern const struct cli_command cli_cmd_units;
extern const struct cli_command cli_cmd_demo;
/* instruments */
extern const struct cli_command cli_cmd_instruments;
extern const struct cli_command cli_cmd_scpi;
extern const struct cli_command cli_cmd_measure; /* drivers and methods */

extern const struct cli_command cli_cmd_vinstr; /* virtual bench */
/* standards */
extern const struct cli_command cli_cmd_check;
extern const struct cli_command cli_cmd_standards;

/* analysis */
extern const struct cli_command cli_cmd_analyze;

/* runs, store, reports */
extern const struct cli_command cli_cmd_run;
extern const struct cli_command cli_cmd_export;
extern const struct cli_command cli_cmd_report;


/* The table, NULL-terminated (cli/main.c). */
extern const struct cli_command *const cli_commands[];

const struct cli_command *cli_find_command(const char *name);

/* "wbg CMD: error: ..." on stderr; returns @p exit_code. */
int cli_error(const struct cli *cli, int exit_code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Report a failed library call: its detail from the context, then @p hint
 * if not NULL; returns the exit code for @p rc (cli_exit_for). */
int cli_lib_error(const struct cli *cli, int rc, const char *hint);

/* The exit code for a library error code. */
int cli_exit_for(int rc);

/* The exit code for the worst verdict: 0 PASS, 4 a conditional one, 1 FAIL. */
int cli_exit_for_outcome(wbg_outcome w);

/* Print "wbg CMD: ... See 'wbg help CMD'." for a usage mistake; returns 2. */
int cli_usage_error(const struct cli *cli, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* One keyword an option takes and the value it stands for. */
struct cli_choice {
	const char *name;
	int value;
};

/* Match @p arg against the @p n keywords of @p option ("--dist"): on a match
 * store its value in *out and return 0; otherwise print "--dist takes a, b
 * or c, not 'x'" as a usage error and return its exit code (2). */
int cli_choice(const struct cli *cli, const char *option, const char *arg,
               const struct cli_choice *choices, size_t n, int *out);
#define CLI_NCHOICES(a) (sizeof(a) / sizeof((a)[0]))

/* Parse a confidence level strictly between 0 and 1 given to @p option:
 * 0 and *out set, or a usage error (2) naming the option and the text. */
int cli_level(const struct cli *cli, const char *option, const char *arg, double *out);

/* Parse standard --help/-h: returns 1 and prints the help when found. */
int cli_wants_help(const struct cli *cli, int argc, char **argv);

/* Print @p s left-aligned in a field of @p width columns, counting UTF-8
 * characters rather than bytes so that "µA" and "Ω·cm" line up. */
void cli_print_padded(FILE *out, const char *s, int width);

/* Print the help text of a command to @p out. */
void cli_print_help(FILE *out, const struct cli_command *cmd);

#endif
