/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding the schema and the shipped library for the standards subcommands. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "stdfiles.h"

/* $WBG_DATADIR, else the installed data, else (a wbg run from its build
 * tree, as scripts/demo does, before any `make install`) the source tree. */
const char *cli_datadir(void)
{
	const char *d = getenv("WBG_DATADIR");
	char probe[4096];

	if (d && d[0])
		return d;
	snprintf(probe, sizeof(probe), "%s/standards/schema/%s", WBG_DATADIR, WBG_SCHEMA_FILE);
	if (access(probe, R_OK) == 0)
		return WBG_DATADIR;
	snprintf(probe, sizeof(probe), "%s/standards/schema/%s", WBG_SRCDIR, WBG_SCHEMA_FILE);
	if (access(probe, R_OK) == 0)
		return WBG_SRCDIR;
	return WBG_DATADIR;
}

int cli_load_schema(struct cli *cli, wbg_schema **out)
{
	char path[4096];
	int rc;

	snprintf(path, sizeof(path), "%s/standards/schema/%s", cli_datadir(), WBG_SCHEMA_FILE);
	rc = wbg_schema_new(out, path, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc,
		                     "The schema ships with wbgkit; reinstall it, or point WBG_DATADIR "
		                     "at the directory that holds standards/schema/.");
	return CLI_EXIT_OK;
}

int cli_resolve(struct cli *cli, char *buf, size_t len, const char *name)
{
	size_t n = strlen(name);
	int w;

	if (strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0))
		w = snprintf(buf, len, "%s", name);
	else
		w = snprintf(buf, len, "%s/standards/library/%s.xml", cli_datadir(), name);
	if (w < 0 || (size_t)w >= len)
		return cli_usage_error(cli, "file name too long: '%s'", name);
	return CLI_EXIT_OK;
}

int cli_input_error(struct cli *cli, int rc, const char *hint)
{
	int ex = cli_lib_error(cli, rc, hint);

	/* a file that is missing, unreadable, too large or malformed is bad input */
	return rc == WBG_ERR_NOMEM ? ex : CLI_EXIT_USAGE;
}
