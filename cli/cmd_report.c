/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg report: one stored run as a self-contained HTML file, JSON or JUnit. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "report.h"
#include "rundata.h"
#include "stdfiles.h"

static char *dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Grow @p *arr of @p *n elements of @p size by one zeroed element; NULL when out of memory. */
static void *push(void *arr_ptr, size_t *n, size_t size)
{
	void **arr = arr_ptr;
	char *p;

	if (*n >= 10000000)
		return NULL;
	p = realloc(*arr, (*n + 1) * size);
	if (!p)
		return NULL;
	*arr = p;
	memset(p + *n * size, 0, size);
	return p + (*n)++ * size;
}

static int load_run(void *user, const wbg_run_record *x)
{
	struct rep *r = user;

	r->lot = dup(x->info.lot);
	char note[512];

	r->status = dup(cli_run_status(x));
	if (cli_run_stale(x))
		snprintf(note, sizeof(note), "INCOMPLETE: recorded as running, but its process (pid "
		         "%lld on %s) is gone (killed or crashed); the steps stored so far are kept. "
		         "Continue it with 'wbg run ... --resume %lld'",
		         (long long)x->proc_pid, x->proc_host, (long long)x->id);
	else if (strcmp(x->status, "running") == 0)
		snprintf(note, sizeof(note), "INCOMPLETE: in progress%s%s", x->proc_host ? " on " : "",
		         x->proc_host ? x->proc_host : "");
	else if (strcmp(x->status, "complete") != 0)
		snprintf(note, sizeof(note), "INCOMPLETE (%s): continue it with 'wbg run ... --resume "
		         "%lld'", x->status, (long long)x->id);
	else
		note[0] = '\0';
	r->status_note = note[0] ? dup(note) : NULL;
	r->operator_name = dup(x->info.operator_name);
	r->host = dup(x->info.host);
	r->software = dup(x->software);
	r->started = dup(x->started_utc);
	r->finished = dup(x->finished_utc);
	r->std_file = dup(x->info.standard_file);
	r->std_sha = dup(x->info.standard_sha256);
	r->dev_file = dup(x->info.device_file);
	r->dev_sha = dup(x->info.device_sha256);
	r->bench_file = dup(x->info.bench_file);
	r->bench_sha = dup(x->info.bench_sha256);
	r->seed = x->info.seed;
	return 0;
}

static int load_inst(void *user, const wbg_instrument_info *x)
{
	struct rep *r = user;
	wbg_instrument_info *i = push(&r->inst, &r->n_inst, sizeof(*i));

	if (!i)
		return WBG_ERR_NOMEM;
	i->role = dup(x->role);
	i->resource = dup(x->resource);
	i->idn = dup(x->idn);
	i->manufacturer = dup(x->manufacturer);
	i->model = dup(x->model);
	i->serial = dup(x->serial);
	i->firmware = dup(x->firmware);
	i->accuracy = dup(x->accuracy);
	return 0;
}

static int load_step(void *user, const wbg_step_record *x)
{
	struct rep *r = user;
	struct rep_step *s = push(&r->steps, &r->n_steps, sizeof(*s));

	if (!s)
		return WBG_ERR_NOMEM;
	s->id = x->id;
	s->sample = dup(x->sample);
	s->test = dup(x->test);
	s->method = dup(x->method);
	s->seq = x->seq;
	s->readout_s = x->readout_s;
	return 0;
}

static int load_param(void *user, const wbg_param_record *x)
{
	struct rep *r = user;
	wbg_param_record *p = push(&r->params, &r->n_params, sizeof(*p));

	if (!p)
		return WBG_ERR_NOMEM;
	*p = *x;
	p->sample = dup(x->sample);
	p->test = dup(x->test);
	p->method = dup(x->method);
	p->name = dup(x->name);
	p->unit = dup(x->unit);
	p->time_utc = NULL;
	return 0;
}

static int load_verdict(void *user, const wbg_verdict_info *x)
{
	struct rep *r = user;
	wbg_verdict_info *v = push(&r->verdicts, &r->n_verdicts, sizeof(*v));

	if (!v)
		return WBG_ERR_NOMEM;
	*v = *x;
	v->sample = dup(x->sample);
	v->test = dup(x->test);
	v->parameter = dup(x->parameter);
	v->limit = dup(x->limit);
	v->unit = dup(x->unit);
	v->rule = dup(x->rule);
	v->outcome = dup(x->outcome);
	v->clause = dup(x->clause);
	v->note = dup(x->note);
	return 0;
}

static int count_aborted(void *user, const wbg_aborted_record *a)
{
	struct rep *r = user;

	(void)a;
	r->n_aborted++;
	return 0;
}

int rep_load(struct cli *cli, struct rep *r, wbg_store *st, int64_t run)
{
	int rc;

	memset(r, 0, sizeof(*r));
	r->st = st;
	r->run = run;
	rc = wbg_store_run_read(st, run, load_run, r);
	if (rc == WBG_OK)
		rc = wbg_store_instruments_list(st, run, load_inst, r);
	if (rc == WBG_OK)
		rc = wbg_store_steps_list(st, run, load_step, r);
	if (rc == WBG_OK)
		rc = wbg_store_params_list(st, run, load_param, r);
	if (rc == WBG_OK)
		rc = wbg_store_verdicts_list(st, run, load_verdict, r);
	if (rc == WBG_OK)
		rc = wbg_store_aborted_list(st, run, count_aborted, r);
	if (rc == WBG_ERR_NOMEM)
		return cli_error(cli, CLI_EXIT_IO, "out of memory reading run %lld", (long long)run);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, "'wbg export --list' shows the runs of a store.");
	if (!r->lot)
		return cli_error(cli, CLI_EXIT_IO, "out of memory reading run %lld", (long long)run);
	return CLI_EXIT_OK;
}

void rep_free(struct rep *r)
{
	size_t i;

	free(r->lot);
	free(r->status);
	free(r->status_note);
	free(r->operator_name);
	free(r->host);
	free(r->software);
	free(r->started);
	free(r->finished);
	free(r->std_file);
	free(r->std_sha);
	free(r->dev_file);
	free(r->dev_sha);
	free(r->bench_file);
	free(r->bench_sha);
	for (i = 0; i < r->n_inst; i++) {
		free((char *)r->inst[i].role);
		free((char *)r->inst[i].resource);
		free((char *)r->inst[i].idn);
		free((char *)r->inst[i].manufacturer);
		free((char *)r->inst[i].model);
		free((char *)r->inst[i].serial);
		free((char *)r->inst[i].firmware);
		free((char *)r->inst[i].accuracy);
	}
	free(r->inst);
	for (i = 0; i < r->n_steps; i++) {
		free(r->steps[i].sample);
		free(r->steps[i].test);
		free(r->steps[i].method);
	}
	free(r->steps);
	for (i = 0; i < r->n_params; i++) {
		free((char *)r->params[i].sample);
		free((char *)r->params[i].test);
		free((char *)r->params[i].method);
		free((char *)r->params[i].name);
		free((char *)r->params[i].unit);
	}
	free(r->params);
	for (i = 0; i < r->n_verdicts; i++) {
		wbg_verdict_info *v = &r->verdicts[i];
		free((char *)v->sample);
		free((char *)v->test);
		free((char *)v->parameter);
		free((char *)v->limit);
		free((char *)v->unit);
		free((char *)v->rule);
		free((char *)v->outcome);
		free((char *)v->clause);
		free((char *)v->note);
	}
	free(r->verdicts);
	memset(r, 0, sizeof(*r));
}

wbg_outcome rep_outcome(const char *name)
{
	int o;

	for (o = WBG_PASS; o <= WBG_FAIL; o++)
		if (name && strcmp(name, wbg_outcome_name((wbg_outcome)o)) == 0)
			return (wbg_outcome)o;
	return WBG_FAIL;
}

wbg_outcome rep_worst(const struct rep *r)
{
	wbg_outcome w = WBG_PASS;
	size_t i;

	for (i = 0; i < r->n_verdicts; i++) {
		wbg_outcome o = rep_outcome(r->verdicts[i].outcome);
		if (o > w)
			w = o;
	}
	return w;
}

/* Stored verdicts as the results that the writers of 'wbg check' take. */
struct stored_results {
	wbg_result *res;
};

static const wbg_result *stored_at(const void *src, size_t i)
{
	return &((const struct stored_results *)src)->res[i];
}

static int write_scripted(struct cli *cli, FILE *out, enum check_format fmt, const struct rep *r)
{
	struct stored_results sr;
	struct check_verdicts cv;
	struct check_info info;
	struct check_digest dig;
	char id[256];
	const char *base;
	size_t i;
	int ex = CLI_EXIT_OK;

	sr.res = calloc(r->n_verdicts ? r->n_verdicts : 1, sizeof(*sr.res));
	if (!sr.res)
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	for (i = 0; i < r->n_verdicts; i++)
		cli_result_from_verdict(&sr.res[i], &r->verdicts[i], r->lot);
	cv.src = &sr;
	cv.n = r->n_verdicts;
	cv.at = stored_at;
	cv.unused = 0;
	cv.worst = rep_worst(r);
	/* the standard's id is its file name without folder and .xml */
	base = r->std_file ? strrchr(r->std_file, '/') : NULL;
	snprintf(id, sizeof(id), "%s", base ? base + 1 : (r->std_file ? r->std_file : "standard"));
	if (strlen(id) > 4 && strcmp(id + strlen(id) - 4, ".xml") == 0)
		id[strlen(id) - 4] = '\0';
	memset(&info, 0, sizeof(info));
	info.standard_id = id;
	info.standard_revision = "as stored";
	info.standard_path = r->std_file ? r->std_file : "";
	info.standard_sha256 = r->std_sha;
	snprintf(dig.sha256, sizeof(dig.sha256), "%s", "");
	info.n_data = 0;
	info.data = &dig;
	info.rows = r->n_params;
	info.all = 1;
	if (check_report_verdicts(out, fmt, &info, &cv) != 0)
		ex = cli_error(cli, CLI_EXIT_IO, "could not write the report");
	free(sr.res);
	return ex;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'D'},
		{"format", required_argument, NULL, 'f'},
		{"output", required_argument, NULL, 'o'},
		{NULL, 0, NULL, 0},
	};
	const char *db = CLI_DEFAULT_DB, *outpath = NULL, *fmtname = "html";
	wbg_store *st = NULL;
	struct rep r;
	FILE *out = stdout;
	int64_t runid = 0;
	int c, ex;

	memset(&r, 0, sizeof(r));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "D:f:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			db = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "html") != 0 && strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "junit") != 0)
				return cli_usage_error(cli, "--format takes html, json or junit, not '%s'",
				                       optarg);
			fmtname = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		default:
			return cli_usage_error(cli, "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(cli, "give one run number (see 'wbg export --list')");
	ex = cli_parse_run(cli, &runid, argv[optind]);
	if (ex != CLI_EXIT_OK)
		return ex;
	if (strcmp(fmtname, "html") == 0 && !outpath)
		return cli_usage_error(cli, "give the HTML file to write with -o FILE");
	ex = cli_store_open_existing(cli, &st, db);
	if (ex == CLI_EXIT_OK)
		ex = rep_load(cli, &r, st, runid);
	if (ex != CLI_EXIT_OK)
		goto out;
	if (outpath) {
		out = fopen(outpath, "w");
		if (!out) {
			ex = cli_error(cli, CLI_EXIT_IO, "cannot write '%s'; check the folder", outpath);
			goto out;
		}
	}
	if (strcmp(fmtname, "html") == 0)
		ex = rep_write_html(out, &r) == 0 ? CLI_EXIT_OK
		                                  : cli_error(cli, CLI_EXIT_IO, "could not write '%s'",
		                                              outpath);
	else
		ex = write_scripted(cli, out, strcmp(fmtname, "json") == 0 ? CHECK_JSON : CHECK_JUNIT,
		                    &r);
	if (out != stdout && fclose(out) != 0 && ex == CLI_EXIT_OK)
		ex = cli_error(cli, CLI_EXIT_IO, "could not write '%s'", outpath);
	if (ex == CLI_EXIT_OK && strcmp(fmtname, "html") == 0 && cli->verbosity >= 0)
		fprintf(stderr, "wrote %s: run %lld, lot %s, %zu verdicts, overall %s\n", outpath,
		        (long long)runid, r.lot, r.n_verdicts,
		        r.n_verdicts ? wbg_outcome_name(rep_worst(&r)) : "NOT EVALUATED");
	/* scripts gate on the verdicts, as with 'wbg check'; a run that was
	 * never judged must not pass a gate */
	if (ex == CLI_EXIT_OK && strcmp(fmtname, "html") != 0) {
		ex = cli_exit_for_outcome(rep_worst(&r));
		if (r.n_verdicts == 0) {
			fprintf(stderr, "wbg report: run %lld has no verdicts (status %s): it was not "
			        "judged; resume it, or judge it with 'wbg check --run %lld --save'\n",
			        (long long)runid, r.status, (long long)runid);
			ex = CLI_EXIT_INCONCLUSIVE;
		} else if (r.status_note && ex == CLI_EXIT_OK) {
			/* verdicts saved from part of a run do not pass a gate */
			fprintf(stderr, "wbg report: run %lld is %s\n", (long long)runid, r.status_note);
			ex = CLI_EXIT_INCONCLUSIVE;
		}
	}
out:
	rep_free(&r);
	wbg_store_close(st);
	return ex;
}

const struct cli_command cli_cmd_report = {
	.name = "report",
	.summary = "a stored run as one self-contained HTML report (or JSON / JUnit)",
	.help =
		"usage: wbg report RUN [--db FILE] -o report.html\n"
		"       wbg report RUN [--db FILE] --format json|junit [-o FILE]\n"
		"\n"
		"Write the report of a stored run for QA: one HTML file with nothing to\n"
		"download, to open offline in any browser. It holds the verdicts per test\n"
		"and sample, every verdict with its value, uncertainty (u, k, U), tolerance\n"
		"and acceptance limits, the decision rule and the probability of false\n"
		"accept; plots (transfer curves with the extracted threshold, shift against\n"
		"readout time, a Weibull probability plot with the fit and its bounds, lot\n"
		"distributions with the limits); and the provenance: operator, host,\n"
		"software, seed, the SHA-256 of the standard, device and bench files, and\n"
		"each instrument's *IDN?, serial and firmware.\n"
		"\n"
		"--format json and junit write the stored verdicts with the writers of\n"
		"'wbg check', for scripts and CI.\n"
		"\n"
		"Options:\n"
		"  -D, --db FILE      the store (default ./" CLI_DEFAULT_DB ")\n"
		"  -f, --format F     html (default), json or junit\n"
		"  -o, --output FILE  the file to write (required for html)\n"
		"\n"
		"Examples:\n"
		"  wbg report 3 -o lot7.html\n"
		"  wbg report 3 --db /data/qual.db --format junit > verdicts.xml\n"
		"\n"
		"Exit status: html: 0 written. json, junit: as 'wbg check': 0 every stored\n"
		"verdict PASS, 1 a FAIL, 4 a conditional verdict or no verdict at all (a run\n"
		"not judged). 2 bad usage or no such store or run; 3 I/O error.\n",
	.run = run,
};
