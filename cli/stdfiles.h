/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Finding the schema and the shipped library for the standards subcommands. */
#ifndef WBG_CLI_STDFILES_H
#define WBG_CLI_STDFILES_H

#include <stddef.h>

#include "cli.h"

/* The data directory: $WBG_DATADIR, else the installed $(datadir)/wbgkit. */
const char *cli_datadir(void);

/* Load the schema; on failure print the error and return the exit code. */
int cli_load_schema(struct cli *cli, wbg_schema **out);

/* A file name as given, or NAME -> <datadir>/standards/library/NAME.xml when
 * NAME has no '/' and no ".xml". Returns 0, or 2 after printing an error. */
int cli_resolve(struct cli *cli, char *buf, size_t len, const char *name);

/* Report an error about an input file (standard, device, data): printed as
 * cli_lib_error does, exit code 2 (bad input) unless memory ran out. */
int cli_input_error(struct cli *cli, int rc, const char *hint);

#endif
