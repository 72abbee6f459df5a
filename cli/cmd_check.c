/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg check: evaluate data files against a standard, without any instrument. */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_report.h"
#include "rundata.h"
#include "stdfiles.h"

#define MAX_SETS 64
#define MAX_DATA 256
/* Largest data or standard file whose digest is taken. */
#define MAX_DIGEST_BYTES (4ull << 30)

/* Store the verdicts in the run, replacing earlier ones. */
static int save_verdicts(struct cli *cli, wbg_store *st, int64_t run, const wbg_eval *ev)
{
	size_t i, n = wbg_eval_count(ev);
	wbg_verdict_info *v = calloc(n ? n : 1, sizeof(*v));
	int rc;

	if (!v)
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	for (i = 0; i < n; i++)
		cli_verdict_from_result(&v[i], wbg_eval_result(ev, i));
	rc = wbg_store_verdicts_write(st, run, v, n);
	free(v);
	return rc == WBG_OK ? CLI_EXIT_OK : cli_lib_error(cli, rc, NULL);
}

/* The status of a stored run as shown ("stale" for a killed one). */
struct run_state {
	char status[32];
	int64_t pid;
	char host[256];
};

static int keep_state(void *user, const wbg_run_record *r)
{
	struct run_state *rs = user;

	snprintf(rs->status, sizeof(rs->status), "%s", cli_run_status(r));
	rs->pid = r->proc_pid;
	snprintf(rs->host, sizeof(rs->host), "%s", r->proc_host ? r->proc_host : "");
	return 0;
}

/* The worst verdict; in a run that is not complete, a unit's missing value
 * is a step not yet taken, not a failure, so those verdicts and the sample
 * plans that count them are left out (a unit's measured FAIL still fails). */
static wbg_outcome worst_outcome(const wbg_eval *ev, int incomplete)
{
	wbg_outcome w = WBG_PASS;
	size_t i;

	if (!incomplete)
		return wbg_eval_worst(ev);
	for (i = 0; i < wbg_eval_count(ev); i++) {
		const wbg_result *r = wbg_eval_result(ev, i);
		if (r->kind == WBG_LIMIT_SAMPLE_PLAN || isnan(r->d.value))
			continue;
		if (r->d.outcome > w)
			w = r->d.outcome;
	}
	return w;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"standard", required_argument, NULL, 's'},
		{"device", required_argument, NULL, 'd'},
		{"set", required_argument, NULL, 'S'},
		{"format", required_argument, NULL, 'f'},
		{"all", no_argument, NULL, 'a'},
		{"db", required_argument, NULL, 'D'},
		{"run", required_argument, NULL, 'R'},
		{"save", no_argument, NULL, 'W'},
		{NULL, 0, NULL, 0},
	};
	const char *standard = NULL, *device = NULL, *sets[MAX_SETS], *db = NULL, *runarg = NULL;
	static struct check_digest digests[MAX_DATA + 1];
	char std_sha[65], run_name[4200];
	char *csv = NULL;
	size_t csv_len = 0, n_digests = 0;
	wbg_store *st = NULL;
	int64_t runid = 0;
	int save = 0;
	static const struct cli_choice formats[] = {
		{"text", CHECK_TEXT}, {"json", CHECK_JSON}, {"junit", CHECK_JUNIT},
	};
	enum check_format fmt = CHECK_TEXT;
	char spath[4096], dpath[4096];
	struct check_info info;
	wbg_schema *schema = NULL;
	wbg_standard *std = NULL;
	wbg_device *dev = NULL;
	wbg_dataset *ds = NULL;
	wbg_eval *ev = NULL;
	int c, i, k, nsets = 0, ex = CLI_EXIT_OK, rc, all = 0, incomplete = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:d:S:f:aD:R:W", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			standard = optarg;
			break;
		case 'd':
			device = optarg;
			break;
		case 'S':
			if (nsets >= MAX_SETS || !strchr(optarg, '='))
				return cli_usage_error(cli, "--set takes NAME=VALUE (at most %d)", MAX_SETS);
			sets[nsets++] = optarg;
			break;
		case 'f':
			if (cli_choice(cli, "--format", optarg, formats, CLI_NCHOICES(formats), &k))
				return CLI_EXIT_USAGE;
			fmt = (enum check_format)k;
			break;
		case 'a':
			all = 1;
			break;
		case 'D':
			db = optarg;
			break;
		case 'R':
			runarg = optarg;
			break;
		case 'W':
			save = 1;
			break;
		default:
			return cli_usage_error(cli, "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (!standard)
		return cli_usage_error(cli, "give the standard with --standard NAME|FILE");
	if (save && (!runarg || optind < argc))
		return cli_usage_error(cli, "--save stores the verdicts of a stored run: give --run RUN "
		                       "and no data file");
	if (db && !runarg)
		return cli_usage_error(cli, "--db needs --run RUN (see 'wbg export --list --db %s')", db);
	if (runarg) {
		ex = cli_parse_run(cli, &runid, runarg);
		if (ex != CLI_EXIT_OK)
			return ex;
		if (!db)
			db = CLI_DEFAULT_DB;
	}
	if (optind >= argc && !runarg)
		return cli_usage_error(cli, "give one or more data files (.csv or .json), or a stored "
		                       "run with --run RUN [--db FILE]");
	if (argc - optind > MAX_DATA)
		return cli_usage_error(cli, "at most %d data files at once", MAX_DATA);
	ex = cli_resolve(cli, spath, sizeof(spath), standard);
	if (ex == CLI_EXIT_OK && device)
		ex = cli_resolve(cli, dpath, sizeof(dpath), device);
	if (ex != CLI_EXIT_OK)
		return ex;
	ex = cli_load_schema(cli, &schema);
	if (ex != CLI_EXIT_OK)
		return ex;
	rc = wbg_standard_load_file(&std, schema, spath, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_sha256_file(std_sha, spath, MAX_DIGEST_BYTES, cli->ctx);
	if (rc != WBG_OK) {
		ex = cli_input_error(cli, rc, "'wbg standards list' shows the shipped standards.");
		goto out;
	}
	for (i = 0; i < nsets; i++) {
		char name[128];
		const char *eq = strchr(sets[i], '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq - sets[i]), sets[i]);
		rc = wbg_standard_set(std, name, eq + 1, cli->ctx);
		if (rc != WBG_OK) {
			ex = cli_input_error(cli, rc, NULL);
			goto out;
		}
	}
	if (device) {
		rc = wbg_device_load_file(&dev, schema, dpath, cli->ctx);
		if (rc != WBG_OK) {
			ex = cli_input_error(cli, rc, NULL);
			goto out;
		}
	}
	if (wbg_dataset_new(&ds) != WBG_OK) {
		ex = cli_error(cli, CLI_EXIT_IO, "out of memory");
		goto out;
	}
	for (i = optind; i < argc; i++) {
		rc = wbg_dataset_read_file(ds, argv[i], cli->ctx);
		if (rc == WBG_OK)
			rc = wbg_sha256_file(digests[n_digests].sha256, argv[i], MAX_DIGEST_BYTES,
			                     cli->ctx);
		if (rc != WBG_OK) {
			ex = cli_input_error(cli, rc, NULL);
			goto out;
		}
		digests[n_digests++].name = argv[i];
	}
	if (runarg) {
		/* exactly the CSV 'wbg export RUN' writes, so its digest can be checked */
		ex = cli_store_open_existing(cli, &st, db);
		if (ex == CLI_EXIT_OK)
			ex = cli_run_csv_text(cli, &csv, &csv_len, st, runid);
		if (ex != CLI_EXIT_OK)
			goto out;
		snprintf(run_name, sizeof(run_name), "%s run %lld (as 'wbg export %lld')", db,
		         (long long)runid, (long long)runid);
		rc = wbg_dataset_parse_csv(ds, csv, csv_len, run_name, cli->ctx);
		if (rc != WBG_OK) {
			ex = cli_input_error(cli, rc, NULL);
			goto out;
		}
		wbg_sha256_buffer(digests[n_digests].sha256, csv, csv_len);
		digests[n_digests++].name = run_name;
	}
	rc = wbg_evaluate(&ev, std, dev, ds, cli->ctx);
	if (rc != WBG_OK) {
		/* a missing setting, rating or baseline is bad input, not an I/O fault */
		ex = cli_input_error(cli, rc, NULL);
		goto out;
	}
	if (save) {
		ex = save_verdicts(cli, st, runid, ev);
		if (ex != CLI_EXIT_OK)
			goto out;
	}
	memset(&info, 0, sizeof(info));
	info.standard_id = wbg_standard_id(std);
	info.standard_revision = wbg_standard_revision(std);
	info.standard_path = spath;
	info.device = dev ? wbg_device_id(dev) : NULL;
	info.standard_sha256 = std_sha;
	info.data = digests;
	info.n_data = n_digests;
	info.rows = wbg_dataset_count(ds);
	info.all = all || cli->verbosity > 0;
	if (check_report(stdout, fmt, &info, ev) != 0) {
		ex = cli_error(cli, CLI_EXIT_IO, "could not write the report");
		goto out;
	}
	if (runarg) {
		struct run_state rs;
		memset(&rs, 0, sizeof(rs));
		if (wbg_store_run_read(st, runid, keep_state, &rs) == WBG_OK &&
		    strcmp(rs.status, "complete") != 0) {
			incomplete = 1;
			fprintf(stderr, "wbg check: run %lld is not complete (%s%s): its verdicts judge "
			        "only the steps stored so far, and units not yet measured show no "
			        "value; inconclusive at best. Continue it with 'wbg run ... --resume "
			        "%lld'\n",
			        (long long)runid, rs.status,
			        strcmp(rs.status, "stale") == 0
			            ? ": recorded as running, but its process is gone" : "",
			        (long long)runid);
		}
	}
	ex = cli_exit_for_outcome(worst_outcome(ev, incomplete));
	/* part of a run (killed, interrupted, still running) does not pass */
	if (incomplete && ex != CLI_EXIT_FAIL)
		ex = CLI_EXIT_INCONCLUSIVE;
	if (wbg_eval_count(ev) == 0) {
		fprintf(stderr, "wbg check: error: no data row matched a test and parameter of %s; "
		        "check the test and parameter names ('wbg standards show %s')\n",
		        wbg_standard_id(std), standard);
		ex = CLI_EXIT_USAGE;
	}
out:
	free(csv);
	wbg_store_close(st);
	wbg_eval_free(ev);
	wbg_dataset_free(ds);
	wbg_device_free(dev);
	wbg_standard_free(std);
	wbg_schema_free(schema);
	return ex;
}

const struct cli_command cli_cmd_check = {
	.name = "check",
	.summary = "evaluate data files against a standard (no instrument needed)",
	.help =
		"usage: wbg check --standard NAME|FILE [--device NAME|FILE] [--set NAME=VALUE]...\n"
		"                 [--format text|json|junit] [--all] DATA...\n"
		"       wbg check --standard ... [--db FILE] --run RUN [--save] [DATA...]\n"
		"\n"
		"Evaluate measured data against the limits and decision rule of a standard\n"
		"and print one verdict per value, unit, lot or population criterion: PASS,\n"
		"CONDITIONAL PASS, CONDITIONAL FAIL (non-binary rule) or FAIL. Each verdict\n"
		"records the value, u, k, U, the tolerance and acceptance limits, the rule\n"
		"and the probability of false accept (normal assumption, JCGM 106).\n"
		"\n"
		"DATA are CSV files in the long format, with a header naming at least\n"
		"  lot,sample,test,readout_h,parameter,value,unit,u\n"
		"(u is the standard uncertainty in the row's unit and may be empty;\n"
		"readout_h is 0 for the baseline), or JSON files\n"
		"  {\"format\": \"wbgkit-data/1\", \"rows\": [{\"lot\": ..., ...}]}.\n"
		"\n"
		"Options:\n"
		"  -s, --standard S   a shipped standard's name or an XML file\n"
		"  -d, --device D     device profile, for limits relative to datasheet ratings\n"
		"  -S, --set N=V      give a user-set value of the standard (see 'wbg standards show')\n"
		"  -f, --format F     text (default), json or junit\n"
		"  -a, --all          text: list passing verdicts too (default: only the others)\n"
		"  -R, --run RUN      evaluate the parameters of a stored run ('wbg run')\n"
		"  -D, --db FILE      the store of --run (default ./" CLI_DEFAULT_DB ")\n"
		"  -W, --save         with --run: store the verdicts in the run (replacing\n"
		"                     earlier ones), for 'wbg report'\n"
		"\n"
		"Every report names the SHA-256 of the standard and of each data file (of a\n"
		"stored run: of the CSV that 'wbg export RUN' writes), so that QA can tell\n"
		"exactly which files were judged.\n"
		"\n"
		"Examples:\n"
		"  wbg check --standard aecq101-sic-mosfet --device device-sic-c3m0075120d \\\n"
		"      --set leak_ratio_max=5 lot1.csv lot2.csv lot3.csv\n"
		"  wbg check -s sic-substrate-epi --set bow_max=40um wafers.json --format junit\n"
		"  wbg check -s jep183-sic-vth --set vth_min=1.8V ... --db qual.db --run 3\n"
		"\n"
		"Exit status: 0 every verdict PASS; 1 a FAIL; 2 bad input (standard, data,\n"
		"unit, missing setting or baseline); 4 a conditional verdict and no FAIL.\n",
	.run = run,
};
