/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 'wbg run' and 'wbg demo': the options and the engine (run_exec.c). */
#ifndef WBG_CLI_RUN_H
#define WBG_CLI_RUN_H

#include <signal.h>
#include <stdint.h>

#include "cli.h"
#include "runplan.h"

struct run_opts {
	const char *standard, *device, *bench, *lot, *samples, *db, *operator_name;
	const char **sets;
	size_t n_sets;
	const char **only;
	size_t n_only;
	int dry_run, interlock;
	int64_t resume;
	unsigned long long seed;
	double defects;
	double reconnect_s; /* NaN: the library's default */
	const volatile sig_atomic_t *interrupted;
	int64_t out_run;    /* the run's number, once begun */
	int quiet_verdicts; /* do not print the verdict table */
};

/* Run (or resume, or print the plan of) the main job. Returns the exit code. */
int run_main(struct cli *cli, struct run_opts *o, struct plan *plan);

#endif
