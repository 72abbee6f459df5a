/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg scpi RESOURCE [COMMAND...]: talk SCPI to one instrument. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define LINE_MAX_LEN 4096

struct scpi_session {
	struct cli *cli;
	wbg_instr *in;
	int check_errors;
	int instrument_errors;
};

/* A query has a '?' in its header (before the first space). */
static int is_query(const char *cmd)
{
	size_t h = strcspn(cmd, " \t");
	const char *q = memchr(cmd, '?', h);

	return q != NULL;
}

static int drain_errors(struct scpi_session *s, const char *cmd)
{
	wbg_scpi_error errs[32];
	size_t n = 0, i;
	int rc = wbg_instr_errors(s->in, errs, 32, &n);

	if (rc != WBG_OK)
		return rc;
	for (i = 0; i < n; i++)
		fprintf(stderr, "wbg scpi: %s: after '%s': %d,\"%s\"\n", wbg_instr_resource(s->in), cmd,
		        errs[i].code, errs[i].message);
	if (n > 0)
		s->instrument_errors += (int)n;
	return WBG_OK;
}

/* Run one command; returns WBG_OK or the error of a failed I/O. */
static int run_one(struct scpi_session *s, const char *cmd)
{
	int rc;

	if (is_query(cmd)) {
		uint8_t *reply;
		size_t len;
		rc = wbg_instr_query_raw(s->in, &reply, &len, cmd, 0.0);
		if (rc != WBG_OK)
			return rc;
		while (len > 0 && (reply[len - 1] == '\n' || reply[len - 1] == '\r'))
			len--;
		fwrite(reply, 1, len, stdout);
		fputc('\n', stdout);
		fflush(stdout);
		free(reply);
	} else {
		rc = wbg_instr_write(s->in, cmd);
		if (rc != WBG_OK)
			return rc;
	}
	if (s->check_errors)
		return drain_errors(s, cmd);
	return WBG_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"timeout", required_argument, NULL, 't'},
		{"no-error-check", no_argument, NULL, 'n'},
		{NULL, 0, NULL, 0},
	};
	struct scpi_session s = {.cli = cli, .check_errors = 1};
	double timeout_s = 2.0;
	const char *resource;
	int c, rc = WBG_OK, i, interactive;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+t:n", opts, NULL)) != -1) {
		switch (c) {
		case 't': {
			wbg_unit u;
			char q[64];
			/* A bare number is seconds. */
			snprintf(q, sizeof(q), "%s%s", optarg, strspn(optarg, "0123456789.eE+-") == strlen(optarg) ? " s" : "");
			if (wbg_quantity_parse(&timeout_s, &u, q, "s", cli->ctx) != WBG_OK || !(timeout_s > 0))
				return cli_usage_error(cli, "--timeout takes a duration such as 2, '500 ms' or '10 s', not '%s'",
				                       optarg);
			break;
		}
		case 'n':
			s.check_errors = 0;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage_error(cli, "give the instrument's resource string, e.g. "
		                            "USB0::0x05E6::0x2450::04412345::INSTR");
	resource = argv[optind++];
	rc = wbg_instr_open(&s.in, resource, cli->ctx);
	if (rc == WBG_ERR_PARSE || rc == WBG_ERR_INVALID_ARG)
		return cli_lib_error(cli, rc,
		                     "Resource strings look like USB0::0x05E6::0x2450::04412345::INSTR, "
		                     "TCPIP0::192.0.2.7::5025::SOCKET or SIM::2450.");
	if (rc != WBG_OK) {
		/* Not found, refused, busy: an instrument problem, not a usage one. */
		cli_lib_error(cli, rc, NULL);
		return CLI_EXIT_IO;
	}
	wbg_instr_set_timeout(s.in, timeout_s);
	if (optind < argc) {
		for (i = optind; i < argc && rc == WBG_OK; i++)
			rc = run_one(&s, argv[i]);
	} else {
		char line[LINE_MAX_LEN];
		interactive = isatty(STDIN_FILENO);
		for (;;) {
			size_t n;
			if (interactive) {
				fprintf(stderr, "%s> ", resource);
				fflush(stderr);
			}
			if (!fgets(line, sizeof(line), stdin))
				break;
			n = strlen(line);
			if (n == sizeof(line) - 1 && line[n - 1] != '\n') {
				cli_error(cli, 0, "a command on stdin is longer than %d bytes", LINE_MAX_LEN - 2);
				wbg_instr_close(s.in);
				return CLI_EXIT_USAGE;
			}
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
				line[--n] = '\0';
			if (n == 0)
				continue;
			rc = run_one(&s, line);
			if (rc != WBG_OK) {
				if (!interactive)
					break;
				cli_lib_error(cli, rc, NULL);
				s.instrument_errors++;
				rc = WBG_OK;
			}
		}
		if (interactive)
			fputc('\n', stderr);
	}
	if (rc != WBG_OK) {
		int code = cli_lib_error(cli, rc, NULL);
		wbg_instr_close(s.in);
		return code == CLI_EXIT_USAGE ? CLI_EXIT_IO : code;
	}
	wbg_instr_close(s.in);
	return s.instrument_errors ? CLI_EXIT_IO : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_scpi = {
	.name = "scpi",
	.summary = "send SCPI commands to an instrument and print the replies",
	.help =
		"usage: wbg scpi [--timeout T] [--no-error-check] RESOURCE [COMMAND...]\n"
		"\n"
		"Open the instrument RESOURCE and send each COMMAND in turn. The reply of\n"
		"each query (a command with '?' in its header) is printed on its own line on\n"
		"stdout. After each command the instrument's error queue is read with\n"
		"SYST:ERR? and every entry is printed on stderr. With no COMMAND, commands\n"
		"are read one per line from stdin (with a prompt when stdin is a terminal).\n"
		"\n"
		"Resources:\n"
		"  USB[board]::vid::pid::serial[::interface][::INSTR]   USBTMC instrument\n"
		"  TCPIP[board]::host::port::SOCKET                     raw SCPI socket (port 5025)\n"
		"  SIM::model[::dut]                                    the built-in virtual bench\n"
		"List the connected USB instruments with 'wbg instruments'.\n"
		"\n"
		"Options:\n"
		"  -t, --timeout T        I/O timeout, a duration such as 2, '500 ms' (default 2 s)\n"
		"  -n, --no-error-check   do not read SYST:ERR? after each command\n"
		"\n"
		"Examples:\n"
		"  wbg scpi USB0::0x05E6::0x2450::04412345::INSTR '*IDN?'\n"
		"  wbg scpi TCPIP0::192.0.2.7::5025::SOCKET '*RST' ':SOUR:VOLT 1' ':MEAS:CURR?'\n"
		"  printf '*IDN?\\nSYST:ERR?\\n' | wbg scpi -n SIM::2450\n"
		"\n"
		"Exit status: 0 all commands sent and no instrument errors; 2 bad usage or\n"
		"resource string; 3 an I/O error (timeout, disconnect, permission) or an\n"
		"entry in the instrument's error queue.\n",
	.run = run,
};
