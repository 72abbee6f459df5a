/* SPDX-License-Identifier: GPL-3.0-or-later */
/* --reconnect TIME, shared by wbg measure and wbg run. */
#ifndef WBG_CLI_RECONNECT_H
#define WBG_CLI_RECONNECT_H

#include "cli.h"

/* The option's help lines (two, indented for a 2-space option column). */
#define CLI_RECONNECT_HELP                                                                        \
	"  --reconnect TIME  when an SMU's link drops (USB re-enumeration, closed socket),\n"          \
	"                    wait up to TIME for the same instrument to come back and switch\n"      \
	"                    its output off (default 5 s; 0 s: do not wait; at most 600 s)\n"

/* Parse TIME (a quantity in seconds: "5s", "500ms", "0") into *out_s.
 * Returns CLI_EXIT_OK or a usage error. */
int cli_parse_reconnect(struct cli *cli, double *out_s, const char *arg);

#endif
