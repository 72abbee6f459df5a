/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg units QUANTITY [UNIT]: convert quantities as the bench writes them. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"ascii", no_argument, NULL, 'a'},
		{"digits", required_argument, NULL, 'd'},
		{NULL, 0, NULL, 0},
	};
	unsigned flags = 0;
	int digits = 6, c, rc, nargs;
	char quantity[256], out[160], si[96];
	const char *to;
	double v;
	wbg_unit u;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+ad:", opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			flags |= WBG_UNIT_ASCII;
			break;
		case 'd': {
			char *end;
			long d = strtol(optarg, &end, 10);
			if (*end != '\0' || d < 1 || d > 17)
				return cli_usage_error(cli, "--digits takes a number from 1 to 17, not '%s'",
				                       optarg);
			digits = (int)d;
			break;
		}
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	nargs = argc - optind;
	if (nargs < 1 || nargs > 3)
		return cli_usage_error(cli, "give a quantity, and optionally the unit to convert it to");

	/* "5 mA uA" typed as three words is "5 mA" to "uA". */
	if (nargs == 3) {
		snprintf(quantity, sizeof(quantity), "%s %s", argv[optind], argv[optind + 1]);
		to = argv[optind + 2];
	} else {
		snprintf(quantity, sizeof(quantity), "%s", argv[optind]);
		to = nargs == 2 ? argv[optind + 1] : NULL;
	}

	rc = wbg_quantity_parse(&v, &u, quantity, to, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc,
		                     "Write a number and a unit, as in '12.5 mV', '3 µA', '25 °C', "
		                     "'1e14 cm^-3'; see 'wbg help units'.");
	if (to) {
		rc = wbg_unit_format(out, sizeof(out), v, to, digits, flags, cli->ctx);
		if (rc != WBG_OK)
			return cli_lib_error(cli, rc, NULL);
		printf("%s\n", out);
		return CLI_EXIT_OK;
	}
	rc = wbg_unit_si_name(si, sizeof(si), &u, flags);
	if (rc == WBG_OK)
		rc = wbg_unit_format(out, sizeof(out), v, si, digits, flags, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	printf("%s\n", out);
	return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_units = {
	.name = "units",
	.summary = "convert a quantity between units (SI by default)",
	.help =
		"usage: wbg units [--ascii] [--digits N] QUANTITY [UNIT]\n"
		"       wbg units NUMBER FROM_UNIT TO_UNIT\n"
		"\n"
		"Read a quantity the way it is written on a datasheet or in a standard and\n"
		"print it in SI, or in UNIT when given. wbgkit works in SI internally; this\n"
		"is the same parser the standards, bench files and CSV imports use.\n"
		"\n"
		"Units: SI prefixes (q r y z a f p n µ/u m c d da h k M G T P E Z Y R Q) on\n"
		"m g s A K mol cd Hz N Pa J W C V F Ω/ohm S Wb T H eV; without prefix: min h\n"
		"d y (Julian year) % ppm dec (decade) and the temperatures °C / degC.\n"
		"Combine with '·', '*', '.' or a space, divide with one '/', raise with\n"
		"'^-2', '⁻²' or '-2', group with parentheses: 'Ω·cm', 'cm^-2', 'A/cm²',\n"
		"'cm²/(V·s)', 'mV/dec'. Everything after '/' is the denominator, so\n"
		"'J/mol·K' means J/(mol·K). A lone °C is a temperature (25 °C = 298.15 K);\n"
		"inside a compound unit ('°C/W') it is a temperature difference.\n"
		"\n"
		"Options:\n"
		"  -a, --ascii       write u, ohm, degC and ^-2 instead of µ, Ω, °C and ⁻²\n"
		"  -d, --digits N    significant digits, 1..17 (default 6)\n"
		"\n"
		"Examples:\n"
		"  wbg units '12.5 mV'             -> 0.0125 V\n"
		"  wbg units 5 mA uA               -> 5000 uA\n"
		"  wbg units '0.02 Ω·cm' 'mΩ·cm'   -> 20 mΩ·cm\n"
		"  wbg units '1e4 cm⁻²'            -> 1e+08 m⁻²\n"
		"  wbg units '175 °C' K            -> 448.15 K\n"
		"  wbg units 10y h                 -> 87660 h\n"
		"\n"
		"Exit status: 0 converted; 2 unknown unit, bad number, or units of\n"
		"different dimensions (the message says which).\n",
	.run = run,
};
