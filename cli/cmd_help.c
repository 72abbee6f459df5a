/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg help [COMMAND] */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char overview_head[] =
	"usage: wbg [-v|--verbose] [-q|--quiet] <command> [options] [args]\n"
	"       wbg --version\n"
	"       wbg help <command>\n"
	"\n"
	"wbgkit characterizes wide-bandgap (GaN and SiC) power devices: it drives\n"
	"source-measure units, extracts parameters with their uncertainty and\n"
	"judges them against characterization standards.\n"
	"\n"
	"Commands:\n";

static const char overview_tail[] =
	"\n"
	"Exit codes (the same for every command):\n"
	"  0  success; every verdict is PASS\n"
	"  1  a FAIL verdict\n"
	"  2  bad usage or bad input (file, unit, XML, CSV); the message names it\n"
	"  3  instrument or I/O error\n"
	"  4  an inconclusive verdict (conditional pass or fail)\n"
	"\n"
	"Global options:\n"
	"  -v, --verbose   more log detail on stderr (repeat: -vv debug, -vvv bus traffic)\n"
	"  -q, --quiet     errors only\n"
	"\n"
	"Run 'wbg help <command>' for a command's options and examples, or\n"
	"'man wbg' once installed.\n";

static void print_overview(FILE *out)
{
	size_t i;

	fputs(overview_head, out);
	for (i = 0; cli_commands[i]; i++)
		fprintf(out, "  %-12s %s\n", cli_commands[i]->name, cli_commands[i]->summary);
	fputs(overview_tail, out);
}

static int run(struct cli *cli, int argc, char **argv)
{
	const struct cli_command *c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_overview(stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 2)
		return cli_usage_error(cli, "'wbg help' takes one command name, not %d arguments",
		                       argc - 1);
	c = cli_find_command(argv[1]);
	if (!c)
		return cli_usage_error(cli, "'%s' is not a wbg command", argv[1]);
	cli_print_help(stdout, c);
	return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_help = {
	.name = "help",
	.summary = "show the commands, or the help of one command",
	.help = "usage: wbg help [COMMAND]\n"
	        "\n"
	        "Without COMMAND, list every command and the exit codes. With COMMAND,\n"
	        "show its options and examples ('wbg COMMAND --help' does the same).\n"
	        "\n"
	        "Examples:\n"
	        "  wbg help\n"
	        "  wbg help units\n",
	.run = run,
};
