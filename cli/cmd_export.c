/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg export: a stored run as long-format CSV or as JSON with its provenance. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rundata.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* NaN and infinities are null in JSON. */
static json_t *real_or_null(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

struct jexport {
	wbg_store *st;
	json_t *root;
	json_t *steps;
	json_t *rows;
	json_t *verdicts;
	json_t *instruments;
	json_t *aborted;
	const char *lot;
	int failed;
};

static int j_run(void *user, const wbg_run_record *r)
{
	struct jexport *j = user;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "lot", json_string(r->info.lot));
	json_object_set_new(o, "status", json_string(r->status));
	/* status running, but its process is gone: killed, not in progress */
	json_object_set_new(o, "stale", json_boolean(cli_run_stale(r)));
	json_object_set_new(o, "process_host", str_or_null(r->proc_host));
	if (r->proc_pid > 0)
		json_object_set_new(o, "process_pid", json_integer(r->proc_pid));
	else
		json_object_set_new(o, "process_pid", json_null());
	json_object_set_new(o, "operator", str_or_null(r->info.operator_name));
	json_object_set_new(o, "host", str_or_null(r->info.host));
	json_object_set_new(o, "software", str_or_null(r->software));
	json_object_set_new(o, "seed", json_integer(r->info.seed));
	json_object_set_new(o, "started_utc", str_or_null(r->started_utc));
	json_object_set_new(o, "finished_utc", str_or_null(r->finished_utc));
	json_object_set_new(o, "standard_file", str_or_null(r->info.standard_file));
	json_object_set_new(o, "standard_sha256", str_or_null(r->info.standard_sha256));
	json_object_set_new(o, "device_file", str_or_null(r->info.device_file));
	json_object_set_new(o, "device_sha256", str_or_null(r->info.device_sha256));
	json_object_set_new(o, "bench_file", str_or_null(r->info.bench_file));
	json_object_set_new(o, "bench_sha256", str_or_null(r->info.bench_sha256));
	json_object_set_new(j->root, "run", o);
	return 0;
}

static int j_instrument(void *user, const wbg_instrument_info *i)
{
	struct jexport *j = user;
	json_t *o = json_object();

	json_object_set_new(o, "role", json_string(i->role));
	json_object_set_new(o, "resource", json_string(i->resource));
	json_object_set_new(o, "idn", json_string(i->idn));
	json_object_set_new(o, "manufacturer", str_or_null(i->manufacturer));
	json_object_set_new(o, "model", str_or_null(i->model));
	json_object_set_new(o, "serial", str_or_null(i->serial));
	json_object_set_new(o, "firmware", str_or_null(i->firmware));
	json_object_set_new(o, "accuracy", str_or_null(i->accuracy));
	json_array_append_new(j->instruments, o);
	return 0;
}

static int j_step(void *user, const wbg_step_record *s)
{
	struct jexport *j = user;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "sample", json_string(s->sample));
	json_object_set_new(o, "seq", json_integer(s->seq));
	json_object_set_new(o, "test", json_string(s->test));
	json_object_set_new(o, "method", json_string(s->method));
	json_object_set_new(o, "readout_h", json_real(s->readout_s / 3600.0));
	json_object_set_new(o, "started_utc", json_string(s->started_utc));
	json_object_set_new(o, "finished_utc", json_string(s->finished_utc));
	json_object_set_new(o, "arrays", json_array());
	json_array_append_new(j->steps, o);
	return 0;
}

/* A raw array as {name, unit, n, values} (null for a NaN: not measured). */
static json_t *j_array_obj(const char *name, const char *unit, const double *v, size_t n)
{
	json_t *o = json_object(), *vals = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(vals, real_or_null(v[i]));
	json_object_set_new(o, "name", json_string(name));
	json_object_set_new(o, "unit", json_string(unit));
	json_object_set_new(o, "n", json_integer((json_int_t)n));
	json_object_set_new(o, "values", vals);
	return o;
}

/* Arrays come in step order, so the step is found from the end. */
static int j_array(void *user, const wbg_array_record *a)
{
	struct jexport *j = user;
	json_t *o, *step = NULL;
	double *v = NULL;
	size_t i, n = 0;

	for (i = json_array_size(j->steps); i > 0; i--) {
		json_t *s = json_array_get(j->steps, i - 1);
		if (json_integer_value(json_object_get(s, "id")) == a->step) {
			step = s;
			break;
		}
	}
	if (!step || wbg_store_array_read(&v, &n, j->st, a->step, a->name) != WBG_OK) {
		j->failed = 1;
		return 1;
	}
	o = j_array_obj(a->name, a->unit, v, n);
	free(v);
	json_array_append_new(json_object_get(step, "arrays"), o);
	return 0;
}

/* Steps cut short: what they had measured and why they stopped. */
static int j_aborted(void *user, const wbg_aborted_record *a)
{
	struct jexport *j = user;
	json_t *o = json_object(), *arrs = json_array();
	size_t k;

	json_object_set_new(o, "sample", json_string(a->step.sample));
	json_object_set_new(o, "seq", json_integer(a->step.seq));
	json_object_set_new(o, "test", json_string(a->step.test));
	json_object_set_new(o, "method", json_string(a->step.method));
	json_object_set_new(o, "readout_h", json_real(a->step.readout_s / 3600.0));
	json_object_set_new(o, "started_utc", json_string(a->step.started_utc));
	json_object_set_new(o, "finished_utc", json_string(a->step.finished_utc));
	json_object_set_new(o, "why", json_string(a->why));
	for (k = 0; k < a->n_arrays; k++)
		json_array_append_new(arrs, j_array_obj(a->arrays[k].name, a->arrays[k].unit,
		                                        a->arrays[k].values, a->arrays[k].n));
	json_object_set_new(o, "arrays", arrs);
	json_array_append_new(j->aborted, o);
	return 0;
}

/* The rows 'wbg check' reads (format wbgkit-data/1). */
static int j_param(void *user, const wbg_param_record *p)
{
	struct jexport *j = user;
	json_t *o = json_object();

	json_object_set_new(o, "lot", json_string(j->lot));
	json_object_set_new(o, "sample", json_string(p->sample));
	json_object_set_new(o, "test", json_string(p->test));
	json_object_set_new(o, "readout_h", json_real(p->readout_s / 3600.0));
	json_object_set_new(o, "parameter", json_string(p->name));
	json_object_set_new(o, "value", json_real(p->value));
	json_object_set_new(o, "unit", json_string(p->unit));
	json_object_set_new(o, "u", real_or_null(p->u));
	json_object_set_new(o, "step", json_integer(p->step));
	json_array_append_new(j->rows, o);
	return 0;
}

static int j_verdict(void *user, const wbg_verdict_info *v)
{
	struct jexport *j = user;
	json_t *o = json_object();

	json_object_set_new(o, "test", json_string(v->test));
	json_object_set_new(o, "sample", json_string(v->sample));
	json_object_set_new(o, "parameter", json_string(v->parameter));
	json_object_set_new(o, "limit", json_string(v->limit));
	json_object_set_new(o, "readout_h", real_or_null(v->readout_s / 3600.0));
	json_object_set_new(o, "outcome", json_string(v->outcome));
	json_object_set_new(o, "rule", json_string(v->rule));
	json_object_set_new(o, "value_si", real_or_null(v->value)); /* null: no value */
	json_object_set_new(o, "u_si", real_or_null(v->u));
	json_object_set_new(o, "k", real_or_null(v->k));
	json_object_set_new(o, "U_si", real_or_null(v->U));
	json_object_set_new(o, "tolerance_low_si", real_or_null(v->tl_lo));
	json_object_set_new(o, "tolerance_high_si", real_or_null(v->tl_hi));
	json_object_set_new(o, "acceptance_low_si", real_or_null(v->al_lo));
	json_object_set_new(o, "acceptance_high_si", real_or_null(v->al_hi));
	json_object_set_new(o, "pfa", real_or_null(v->pfa));
	json_object_set_new(o, "clause", str_or_null(v->clause));
	json_object_set_new(o, "note", str_or_null(v->note));
	json_array_append_new(j->verdicts, o);
	return 0;
}

static int export_json(struct cli *cli, FILE *out, wbg_store *st, int64_t run)
{
	struct jexport j;
	char lot[256];
	int ex, rc;

	ex = cli_run_lot(cli, lot, sizeof(lot), st, run);
	if (ex != CLI_EXIT_OK)
		return ex;
	memset(&j, 0, sizeof(j));
	j.st = st;
	j.lot = lot;
	j.root = json_object();
	j.instruments = json_array();
	j.steps = json_array();
	j.rows = json_array();
	j.verdicts = json_array();
	j.aborted = json_array();
	json_object_set_new(j.root, "format", json_string("wbgkit-data/1"));
	rc = wbg_store_run_read(st, run, j_run, &j);
	json_object_set_new(j.root, "instruments", j.instruments);
	json_object_set_new(j.root, "steps", j.steps);
	json_object_set_new(j.root, "rows", j.rows);
	json_object_set_new(j.root, "verdicts", j.verdicts);
	json_object_set_new(j.root, "aborted_steps", j.aborted);
	if (rc == WBG_OK)
		rc = wbg_store_instruments_list(st, run, j_instrument, &j);
	if (rc == WBG_OK)
		rc = wbg_store_steps_list(st, run, j_step, &j);
	if (rc == WBG_OK)
		rc = wbg_store_arrays_list(st, run, j_array, &j);
	if (rc == WBG_OK)
		rc = wbg_store_params_list(st, run, j_param, &j);
	if (rc == WBG_OK)
		rc = wbg_store_verdicts_list(st, run, j_verdict, &j);
	if (rc == WBG_OK)
		rc = wbg_store_aborted_list(st, run, j_aborted, &j);
	if (rc != WBG_OK || j.failed) {
		json_decref(j.root);
		return cli_lib_error(cli, rc == WBG_OK ? WBG_ERR_STORE : rc, NULL);
	}
	rc = json_dumpf(j.root, out, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(j.root);
	fputc('\n', out);
	return rc == 0 ? CLI_EXIT_OK : cli_error(cli, CLI_EXIT_IO, "could not write the JSON");
}

static int list_run(void *user, const wbg_run_record *r)
{
	fprintf(user, "%-5" PRId64 " %-12s %-11s %-20s %s\n", r->id, r->info.lot, cli_run_status(r),
	        r->started_utc, r->info.standard_file ? r->info.standard_file : "-");
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{"list", no_argument, NULL, 'l'},
		{NULL, 0, NULL, 0},
	};
	const char *db = CLI_DEFAULT_DB, *fmt = "csv", *outpath = NULL;
	wbg_store *st = NULL;
	FILE *out = stdout;
	int64_t runid = 0;
	int c, ex, list = 0, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "D:f:o:l", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			db = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "csv") != 0 && strcmp(optarg, "json") != 0)
				return cli_usage_error(cli, "--format takes csv or json, not '%s'", optarg);
			fmt = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case 'l':
			list = 1;
			break;
		default:
			return cli_usage_error(cli, "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (!list && optind + 1 != argc)
		return cli_usage_error(cli, "give one run number (see 'wbg export --list')");
	if (!list) {
		ex = cli_parse_run(cli, &runid, argv[optind]);
		if (ex != CLI_EXIT_OK)
			return ex;
	}
	ex = cli_store_open_existing(cli, &st, db);
	if (ex != CLI_EXIT_OK)
		return ex;
	if (list) {
		printf("%-5s %-12s %-11s %-20s %s\n", "run", "lot", "status", "started (UTC)", "standard");
		rc = wbg_store_runs_list(st, list_run, stdout);
		ex = rc == WBG_OK ? CLI_EXIT_OK : cli_lib_error(cli, rc, NULL);
		goto out;
	}
	if (outpath) {
		out = fopen(outpath, "w");
		if (!out) {
			ex = cli_error(cli, CLI_EXIT_IO, "cannot write '%s'; check the folder", outpath);
			goto out;
		}
	}
	if (strcmp(fmt, "csv") == 0)
		ex = cli_run_write_csv(cli, out, st, runid);
	else
		ex = export_json(cli, out, st, runid);
	if (out != stdout && fclose(out) != 0 && ex == CLI_EXIT_OK)
		ex = cli_error(cli, CLI_EXIT_IO, "could not write '%s'", outpath);
out:
	wbg_store_close(st);
	return ex;
}

const struct cli_command cli_cmd_export = {
	.name = "export",
	.summary = "write a stored run as CSV (for 'wbg check') or JSON with its provenance",
	.help =
		"usage: wbg export RUN [--db FILE] [--format csv|json] [-o FILE]\n"
		"       wbg export --list [--db FILE]\n"
		"\n"
		"Write the parameters of a stored run in the long format that 'wbg check'\n"
		"reads (CSV: lot,sample,test,readout_h,parameter,value,unit,u; values and u in\n"
		"the SI unit of the column 'unit'), or as JSON: the same rows (format\n"
		"wbgkit-data/1, so 'wbg check' reads it too) plus the run's provenance, its\n"
		"instruments (*IDN?, serial, firmware), every step with its raw arrays, and\n"
		"the stored verdicts.\n"
		"\n"
		"Options:\n"
		"  -D, --db FILE      the store (default ./" CLI_DEFAULT_DB ")\n"
		"  -f, --format F     csv (default) or json\n"
		"  -o, --output FILE  write there instead of standard output\n"
		"  -l, --list         list the runs of the store\n"
		"\n"
		"Examples:\n"
		"  wbg export --list\n"
		"  wbg export 3 > lot7.csv && wbg check --standard aecq101-sic-mosfet lot7.csv\n"
		"  wbg export 3 --db /data/qual.db --format json -o run3.json\n"
		"\n"
		"Exit status: 0 written; 2 bad usage, no such store or run; 3 I/O error.\n",
	.run = run,
};
