/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A stored run as data: the store file, the run number, its long-format
 * CSV (what 'wbg check' reads), shared by export, check, report and run. */
#ifndef WBG_CLI_RUNDATA_H
#define WBG_CLI_RUNDATA_H

#include <stdint.h>
#include <stdio.h>

#include "cli.h"

/* The store file when --db is not given: in the working directory. */
#define CLI_DEFAULT_DB "wbg.db"

/* Open an existing store (it must exist: a typo must not create an empty
 * one). Returns 0, or the exit code after printing the error. */
int cli_store_open_existing(struct cli *cli, wbg_store **out, const char *path);

/* Parse a run number; returns 0, or 2 after printing a usage error. */
int cli_parse_run(struct cli *cli, int64_t *out, const char *arg);

/* The run's lot (copied into @p lot). Returns 0 or the exit code. */
int cli_run_lot(struct cli *cli, char *lot, size_t len, wbg_store *st, int64_t run);

/* Write the run's parameters as long-format CSV
 * (lot,sample,test,readout_h,parameter,value,unit,u). Returns 0 or the exit code. */
int cli_run_write_csv(struct cli *cli, FILE *out, wbg_store *st, int64_t run);

/* The same CSV in a malloc'ed buffer (free it), for 'wbg check --db' and
 * its digest. Returns 0 or the exit code. */
int cli_run_csv_text(struct cli *cli, char **out, size_t *out_len, wbg_store *st, int64_t run);

/* Whether run @p r is stale: its status is "running" but the process that
 * runs it (wbg_store_run_claim) is gone from this host (killed with -9,
 * crashed, power lost). A run claimed on another host, or by a wbgkit
 * before store schema 2, cannot be checked from here: not stale. */
int cli_run_stale(const wbg_run_record *r);

/* The status to show for @p r: the stored one, or "stale" for a stale run. */
const char *cli_run_status(const wbg_run_record *r);

/* A value (SI) for people, in @p unit (the standard's) with @p sig
 * significant digits; when that number reads badly (10000 or more, or below
 * 0.1: "1000000 nA"), the engineering form follows in parentheses
 * ("1000000 nA (1 mA)") so that the standard's unit stays and the size is
 * plain. NaN and infinities are left to the caller. */
void cli_format_value(char *buf, size_t len, double v_si, const char *unit, int sig);

/* A value (SI) in coherent SI unit @p si_unit with an engineering prefix
 * ("8.459e-10 A" -> "845.9 pA"), @p sig significant digits. */
void cli_format_eng(char *buf, size_t len, double v_si, const char *si_unit, int sig);

/* Write @p s as one CSV field, quoted when it holds a comma, quote or newline. */
void cli_csv_field(FILE *out, const char *s);

/* A verdict of an evaluation as the store keeps it (strings borrowed from @p r). */
void cli_verdict_from_result(wbg_verdict_info *out, const wbg_result *r);

/* A stored verdict as a result for the writers of 'wbg check' (strings
 * borrowed from @p v and @p lot). */
void cli_result_from_verdict(wbg_result *out, const wbg_verdict_info *v, const char *lot);

#endif
