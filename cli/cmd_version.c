/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg version */
#include "config.h"

#include <stdio.h>

#include "cli.h"

static int run(struct cli *cli, int argc, char **argv)
{
	char details[256];

	(void)argv;
	if (argc > 1)
		return cli_usage_error(cli, "'wbg version' takes no arguments");
	printf("wbg %s\n", wbg_version());
	if (wbg_version_details(details, sizeof(details)) == WBG_OK)
		printf("%s\n", details);
	printf("License GPL-3.0-or-later: this is free software; there is NO WARRANTY.\n");
	return CLI_EXIT_OK;
}

const struct cli_command cli_cmd_version = {
	.name = "version",
	.summary = "print the version of wbg and of the libraries it runs with",
	.help = "usage: wbg version\n"
	        "       wbg --version\n"
	        "\n"
	        "Print the wbgkit version and the run-time versions of libusb, GSL and\n"
	        "libxml2. The same text is stored with every measurement as provenance.\n",
	.run = run,
};
