/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wbg demo: what the toolkit does, on the built-in virtual bench.
 *
 * Until the virtual bench, the standards engine and the end-to-end run land
 * (issues 3-8), the demo shows the foundation they stand on: the unit parser
 * every file and standard goes through, a measurement record with its
 * uncertainty and conditions, error reporting, and the provenance string
 * stored with each measurement.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Read a quantity and show it in the SI unit it is stored in. */
static void show_quantity(struct cli *cli, const char *text, const char *si)
{
	char out[128];
	double v;

	if (wbg_quantity_parse(&v, NULL, text, si, cli->ctx) != WBG_OK ||
	    wbg_unit_format(out, sizeof(out), v, si, 6, 0, cli->ctx) != WBG_OK) {
		printf("  ");
		cli_print_padded(stdout, text, 14);
		printf(" -> (error: %s)\n", wbg_ctx_errmsg(cli->ctx));
		return;
	}
	printf("  ");
	cli_print_padded(stdout, text, 14);
	printf(" -> %s\n", out);
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const char *const samples[][2] = {
		{"2.7 V", "V"},       {"250 µA", "A"},       {"12 mΩ", "Ω"},
		{"0.021 Ω·cm", "Ω·m"}, {"3 cm⁻²", "m⁻²"},      {"175 °C", "K"},
		{"1000 h", "s"},      {"10 y", "s"},         {"4.7 nF", "F"},
		{"1 MHz", "Hz"},      {"85 mV/dec", "V/dec"},
	};
	char line[512], details[256];
	wbg_record *rec = NULL;
	size_t i;
	double vds, temp;
	int rc;

	(void)argv;
	if (argc > 1)
		return cli_usage_error(cli, "'wbg demo' takes no arguments yet");

	wbg_version_details(details, sizeof(details));
	printf("wbgkit demo — %s\n\n", details);
	printf("This release holds the foundation. The virtual bench, instrument I/O,\n"
	       "standards engine and analysis follow; 'wbg demo' will then run a whole\n"
	       "simulated lot of SiC MOSFETs against a shipped standard.\n\n");

	printf("1. Units as datasheets and standards write them, read into SI:\n");
	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		show_quantity(cli, samples[i][0], samples[i][1]);

	printf("\n2. A measurement record (value, standard uncertainty, conditions, time):\n");
	rc = wbg_record_new(&rec, "vth", 2.713, "V", 0.012, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_quantity_parse(&vds, NULL, "10 V", "V", cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_record_add_condition(rec, "vds", vds, "V", cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_quantity_parse(&temp, NULL, "25 °C", "K", cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_record_add_condition(rec, "temp", temp, "K", cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_record_format(line, sizeof(line), rec, 0);
	if (rc != WBG_OK) {
		wbg_record_free(rec);
		return cli_lib_error(cli, rc, NULL);
	}
	printf("  %s\n", line);
	wbg_record_free(rec);

	printf("\n3. Mistakes are caught with a message that says what to fix:\n");
	rc = wbg_quantity_parse(&vds, NULL, "5 mA", "V", cli->ctx);
	printf("  '5 mA' where a voltage is expected:\n    %s\n", wbg_ctx_errmsg(cli->ctx));
	rc = wbg_quantity_parse(&vds, NULL, "3 mv", NULL, cli->ctx);
	printf("  '3 mv':\n    %s\n", wbg_ctx_errmsg(cli->ctx));
	(void)rc;

	printf("\nTry: wbg units '0.02 Ω·cm' 'mΩ·cm'    wbg help    wbg help units\n");
	return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_demo = {
	.name = "demo",
	.summary = "show what wbgkit does, on the built-in virtual bench",
	.help = "usage: wbg demo\n"
	        "\n"
	        "Show what the toolkit can do, with no hardware attached. scripts/demo\n"
	        "installs what is missing, builds, and runs this.\n"
	        "\n"
	        "In this release it shows the foundation: the unit parser used by every\n"
	        "standard, bench file and CSV import; a measurement record with its\n"
	        "uncertainty, conditions and time; and how errors are reported.\n",
	.run = run,
};
