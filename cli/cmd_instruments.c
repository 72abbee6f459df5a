/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg instruments [--json]: list the reachable USBTMC instruments. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{NULL, 0, NULL, 0},
	};
	wbg_resource *res = NULL;
	size_t n = 0, i;
	int c, json = 0, rc, failures = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+j", opts, NULL)) != -1) {
		if (c == 'j')
			json = 1;
		else
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage_error(cli, "'wbg instruments' takes no arguments besides --json");
	rc = wbg_usbtmc_list(&res, &n, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	if (json)
		printf("[");
	for (i = 0; i < n; i++) {
		char visa[400], idn_text[512] = "", err[512] = "";
		wbg_instr *in = NULL;
		wbg_idn idn;
		int ok = 0;
		char *reply = NULL;

		wbg_resource_format(visa, sizeof(visa), &res[i]);
		rc = wbg_instr_open(&in, visa, cli->ctx);
		if (rc == WBG_OK) {
			wbg_instr_set_timeout(in, 1.0);
			rc = wbg_instr_query(in, &reply, "*IDN?", 0.0);
		}
		if (rc == WBG_OK) {
			snprintf(idn_text, sizeof(idn_text), "%s", reply);
			ok = wbg_idn_parse(&idn, reply, NULL) == WBG_OK;
		} else {
			snprintf(err, sizeof(err), "%s", wbg_ctx_errmsg(cli->ctx));
			failures++;
		}
		free(reply);
		wbg_instr_close(in);
		if (json) {
			printf("%s\n  {\"resource\": ", i ? "," : "");
			json_string(visa);
			printf(", \"idn\": ");
			if (rc == WBG_OK)
				json_string(idn_text);
			else
				printf("null");
			if (ok) {
				printf(", \"manufacturer\": ");
				json_string(idn.manufacturer);
				printf(", \"model\": ");
				json_string(idn.model);
				printf(", \"serial\": ");
				json_string(idn.serial);
				printf(", \"firmware\": ");
				json_string(idn.firmware);
			}
			printf(", \"error\": ");
			if (rc == WBG_OK)
				printf("null");
			else
				json_string(err);
			printf("}");
		} else if (rc == WBG_OK) {
			printf("%s  %s\n", visa, idn_text);
		} else {
			printf("%s  (no reply)\n", visa);
			fprintf(stderr, "wbg instruments: %s\n", err);
		}
	}
	if (json)
		printf("%s]\n", n ? "\n" : "");
	else if (n == 0)
		fprintf(stderr, "wbg instruments: no USBTMC instrument found; check cables and power. "
		                "Socket instruments cannot be discovered: use "
		                "TCPIP::host::5025::SOCKET with 'wbg scpi'.\n");
	free(res);
	return failures ? CLI_EXIT_IO : CLI_EXIT_OK;
}

const struct cli_command cli_cmd_instruments = {
	.name = "instruments",
	.summary = "list the connected USB instruments with their *IDN? replies",
	.help =
		"usage: wbg instruments [--json]\n"
		"\n"
		"Find every USBTMC instrument on the USB buses, open it, and print its\n"
		"VISA resource string and its *IDN? reply, one instrument per line. Use the\n"
		"resource string with 'wbg scpi' and in bench files. Socket (TCPIP)\n"
		"instruments cannot be discovered this way.\n"
		"\n"
		"If an instrument is listed with '(no reply)' and a permission error,\n"
		"install the udev rules as the README explains (section 'Instrument I/O').\n"
		"\n"
		"Options:\n"
		"  -j, --json   print a JSON array of {resource, idn, manufacturer, model,\n"
		"               serial, firmware, error}\n"
		"\n"
		"Examples:\n"
		"  wbg instruments\n"
		"    USB0::0x05E6::0x2450::04412345::INSTR  KEITHLEY INSTRUMENTS,MODEL 2450,04412345,1.7.3b\n"
		"  wbg instruments --json\n"
		"\n"
		"Exit status: 0 every instrument found answered (also when none is found);\n"
		"2 bad usage; 3 an instrument could not be opened or did not answer.\n",
	.run = run,
};
