/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Error reporting and exit codes shared by every subcommand. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_exit_for(int rc)
{
	switch ((wbg_error)rc) {
	case WBG_OK:
		return CLI_EXIT_OK;
	case WBG_ERR_INVALID_ARG:
	case WBG_ERR_RANGE:
	case WBG_ERR_PARSE:
	case WBG_ERR_UNIT:
	case WBG_ERR_NOT_FOUND:
	case WBG_ERR_XML:
	case WBG_ERR_SCHEMA:
	case WBG_ERR_DOMAIN:
	case WBG_ERR_INSUFFICIENT_DATA:
	case WBG_ERR_NO_CONVERGENCE:
	case WBG_ERR_SAFETY:
	case WBG_ERR_NOT_SUPPORTED:
		return CLI_EXIT_USAGE;
	case WBG_ERR_NOMEM:
	case WBG_ERR_IO:
	case WBG_ERR_ACCESS:
	case WBG_ERR_TIMEOUT:
	case WBG_ERR_BUSY:
	case WBG_ERR_NO_DEVICE:
	case WBG_ERR_PROTOCOL:
	case WBG_ERR_OVERFLOW:
	case WBG_ERR_INSTRUMENT:
	case WBG_ERR_INTERRUPTED:
	case WBG_ERR_STORE:
	case WBG_ERR_STATE:
	case WBG_ERR_INTERNAL:
		return CLI_EXIT_IO;
	}
	return CLI_EXIT_IO;
}

static void vreport(const struct cli *cli, const char *fmt, va_list ap)
{
	fprintf(stderr, "wbg%s%s: error: ", cli && cli->cmd ? " " : "", cli && cli->cmd ? cli->cmd : "");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const struct cli *cli, int exit_code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cli, fmt, ap);
	va_end(ap);
	return exit_code;
}

int cli_lib_error(const struct cli *cli, int rc, const char *hint)
{
	const char *detail = wbg_ctx_errmsg(cli->ctx);

	if (wbg_ctx_errcode(cli->ctx) != rc || detail[0] == '\0')
		detail = wbg_strerror(rc);
	if (hint)
		cli_error(cli, 0, "%s\n  %s", detail, hint);
	else
		cli_error(cli, 0, "%s", detail);
	if (cli->verbosity > 0)
		fprintf(stderr, "  (library code %s)\n", wbg_error_name(rc));
	return cli_exit_for(rc);
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(cli, fmt, ap);
	va_end(ap);
	fprintf(stderr, "  Run 'wbg help%s%s' for the usage and examples.\n", cli->cmd ? " " : "",
	        cli->cmd ? cli->cmd : "");
	return CLI_EXIT_USAGE;
}

int cli_exit_for_outcome(wbg_outcome w)
{
	switch (w) {
	case WBG_PASS:
		return CLI_EXIT_OK;
	case WBG_COND_PASS:
	case WBG_COND_FAIL:
		return CLI_EXIT_INCONCLUSIVE;
	case WBG_FAIL:
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_FAIL;
}

int cli_choice(const struct cli *cli, const char *option, const char *arg,
               const struct cli_choice *choices, size_t n, int *out)
{
	char list[256];
	size_t i, len = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(arg, choices[i].name) == 0) {
			*out = choices[i].value;
			return 0;
		}
	}
	list[0] = '\0';
	for (i = 0; i < n && len < sizeof(list); i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(list + len, sizeof(list) - len, "%s%s", sep, choices[i].name);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	return cli_usage_error(cli, "%s takes %s, not '%s'", option, list, arg);
}

int cli_level(const struct cli *cli, const char *option, const char *arg, double *out)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v > 0 && v < 1))
		return cli_usage_error(cli, "%s takes a level between 0 and 1 (e.g. 0.9), not '%s'",
		                       option, arg);
	*out = v;
	return 0;
}

void cli_print_help(FILE *out, const struct cli_command *cmd)
{
	fputs(cmd->help, out);
}

int cli_wants_help(const struct cli *cli, int argc, char **argv)
{
	int i;

	/* 'wbg analyze NAME --help' is answered by the analysis dispatcher
	 * (cli/cmd_analyze.c), which prints that analysis's own help. */
	if (cli->cmd && strcmp(cli->cmd, "analyze") == 0 && argc > 1 && argv[1][0] != '-')
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			const struct cli_command *c = cli_find_command(cli->cmd);
			if (c)
				cli_print_help(stdout, c);
			return 1;
		}
	}
	return 0;
}

void cli_print_padded(FILE *out, const char *s, int width)
{
	int cols = 0;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xC0) != 0x80) /* not a continuation byte */
			cols++;
	fputs(s, out);
	for (; cols < width; cols++)
		fputc(' ', out);
}
