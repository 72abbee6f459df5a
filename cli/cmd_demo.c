/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wbg demo: the main job on the built-in virtual bench. A simulated lot of
 * SiC MOSFETs, some of them defective, is characterized and stressed (HTGB
 * at 175 °C and 19 V for 1000 h on the virtual clock, with readouts),
 * stored, judged against the demo standard, and written up as an HTML
 * report.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"
#include "run.h"
#include "rundata.h"
#include "stdfiles.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct failed_list {
	char names[64][32];
	size_t n;
};

static int add_failed(struct failed_list *f, const wbg_verdict_info *v)
{
	size_t i;

	if (!v->sample[0] || rep_outcome(v->outcome) != WBG_FAIL)
		return 0;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->names[i], v->sample) == 0)
			return 0;
	if (f->n < 64)
		snprintf(f->names[f->n++], sizeof(f->names[0]), "%s", v->sample);
	return 0;
}

static int run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{"dir", required_argument, NULL, 'o'},
		{"samples", required_argument, NULL, 'n'},
		{"seed", required_argument, NULL, 'e'},
		{"defects", required_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	static struct run_opts o;
	static struct plan plan;
	const char *dir = "wbg-demo", *samples = "12";
	char spath[4096], db[4200], html[4200], absdir[PATH_MAX];
	struct failed_list failed;
	struct sigaction sa, old_int, old_term;
	unsigned long long seed = 1;
	double defects = 0.3, t0;
	wbg_store *st = NULL;
	struct rep r;
	FILE *out;
	char *end;
	size_t i;
	int c, ex;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:n:e:F:", opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 'n':
			samples = optarg;
			break;
		case 'e':
			seed = strtoull(optarg, &end, 10);
			if (end == optarg || *end)
				return cli_usage_error(cli, "--seed takes a whole number");
			break;
		case 'F':
			defects = strtod(optarg, &end);
			if (end == optarg || *end || !(defects >= 0 && defects <= 1))
				return cli_usage_error(cli, "--defects takes a fraction from 0 to 1");
			break;
		default:
			return cli_usage_error(cli, "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return cli_error(cli, CLI_EXIT_IO, "cannot create the folder '%s': %s; choose another "
		                 "with --dir", dir, strerror(errno));
	if (!realpath(dir, absdir))
		snprintf(absdir, sizeof(absdir), "%s", dir);
	snprintf(db, sizeof(db), "%s/demo.db", absdir);
	snprintf(html, sizeof(html), "%s/report.html", absdir);
	snprintf(spath, sizeof(spath), "%s/standards/demo/demo-sic-htgb.xml", cli_datadir());
	/* a fresh store each time, so that the report shows this run */
	unlink(db);
	{
		char side[4300];
		snprintf(side, sizeof(side), "%s-wal", db);
		unlink(side);
		snprintf(side, sizeof(side), "%s-shm", db);
		unlink(side);
	}

	printf("wbgkit demo: the main job on the built-in virtual bench\n\n"
	       "A lot of %s simulated SiC MOSFETs (C3M0075120D-like; lot seed %llu, about %.0f %% of\n"
	       "them given a defect: leaky, or a weak gate oxide). Each unit is measured on two\n"
	       "virtual SMUs and a thermal chuck (bench-sim-example): gate leakage and a transfer\n"
	       "curve with its threshold, then high-temperature gate bias (17 V, 175 °C) with\n"
	       "readouts at 100, 300 and 1000 h on the virtual clock. Every step is stored, the\n"
	       "values are judged against the demo standard, and a report is written.\n\n",
	       samples, seed, defects * 100);
	fflush(stdout);

	memset(&o, 0, sizeof(o));
	o.standard = spath;
	o.device = "device-sic-c3m0075120d";
	o.bench = "bench-sim-example";
	o.lot = "DEMO-1";
	o.samples = samples;
	o.db = db;
	o.seed = seed;
	o.defects = defects;
	o.sets = NULL;
	o.only = NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	o.interrupted = &interrupted;
	o.quiet_verdicts = 1; /* the demo prints its own table, one line per unit */
	t0 = wbg_time_now();
	ex = run_main(cli, &o, &plan);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (ex != CLI_EXIT_OK && ex != CLI_EXIT_FAIL && ex != CLI_EXIT_INCONCLUSIVE)
		return ex;

	/* the report, and who failed */
	memset(&r, 0, sizeof(r));
	ex = cli_store_open_existing(cli, &st, db);
	if (ex == CLI_EXIT_OK)
		ex = rep_load(cli, &r, st, o.out_run);
	if (ex != CLI_EXIT_OK)
		goto out;
	out = fopen(html, "w");
	if (!out) {
		ex = cli_error(cli, CLI_EXIT_IO, "cannot write '%s'", html);
		goto out;
	}
	if (rep_write_html(out, &r) != 0 || fclose(out) != 0) {
		ex = cli_error(cli, CLI_EXIT_IO, "could not write '%s'", html);
		goto out;
	}
	memset(&failed, 0, sizeof(failed));
	for (i = 0; i < r.n_verdicts; i++)
		add_failed(&failed, &r.verdicts[i]);
	printf("\n%-8s %-8s %s\n", "unit", "verdict", "first reason");
	for (i = 0; i < plan.n_samples; i++) {
		const wbg_verdict_info *why = NULL;
		size_t k;
		for (k = 0; k < r.n_verdicts && !why; k++)
			if (strcmp(r.verdicts[k].sample, plan.samples[i]) == 0 &&
			    rep_outcome(r.verdicts[k].outcome) != WBG_PASS)
				why = &r.verdicts[k];
		printf("%-8s %-8s", plan.samples[i], why ? why->outcome : "PASS");
		if (why) {
			char v[64];
			cli_format_value(v, sizeof(v), why->value, why->unit, 4);
			printf(" %s %s at %g h: %s (%s)", why->parameter, why->limit,
			       why->readout_s / 3600.0, v, why->note ? why->note : "");
		}
		putchar('\n');
	}
	printf("\nUnits that failed: ");
	for (i = 0; i < failed.n; i++)
		printf("%s%s", i ? ", " : "", failed.names[i]);
	printf("%s (of %zu).\n", failed.n ? "" : "none", plan.n_samples);
	printf("Done in %.1f s.\n\n", wbg_time_now() - t0);
	printf("Open the report in a browser (it works offline):\n  %s\n\n", html);
	printf("The data: %s (run %lld). Try:\n"
	       "  %s export %lld --db %s | head\n"
	       "  %s report %lld --db %s --format junit\n",
	       db, (long long)o.out_run, cli->prog, (long long)o.out_run, db, cli->prog,
	       (long long)o.out_run, db);
	ex = CLI_EXIT_OK;
out:
	rep_free(&r);
	wbg_store_close(st);
	return ex;
}

const struct cli_command cli_cmd_demo = {
	.name = "demo",
	.summary = "the main job on the built-in virtual bench: a lot, a stress, a report",
	.help =
		"usage: wbg demo [--dir DIR] [--samples N] [--seed N] [--defects F]\n"
		"\n"
		"Run what wbgkit is for, with no hardware: a simulated lot of SiC MOSFETs,\n"
		"some of them defective, is characterized (gate leakage, threshold voltage)\n"
		"and stressed (HTGB, 17 V at 175 °C, readouts at 100, 300 and 1000 h on the\n"
		"virtual clock) on the virtual bench; every step is stored, the values are\n"
		"judged against the demo standard (standards/demo/demo-sic-htgb.xml) with its\n"
		"decision rule, and an HTML report is written. It takes seconds, and ends by\n"
		"saying which file to open. The same as 'wbg run' with the demo's options.\n"
		"\n"
		"Options:\n"
		"  -o, --dir DIR      where to write demo.db and report.html (default ./wbg-demo)\n"
		"  -n, --samples N    units in the lot (default 12)\n"
		"  -e, --seed N       the lot's random seed (default 1)\n"
		"  -F, --defects F    fraction of defective units (default 0.3)\n"
		"\n"
		"Examples:\n"
		"  wbg demo\n"
		"  wbg demo --samples 30 --seed 3 --dir /tmp/demo\n"
		"\n"
		"Exit status: 0 the demo ran (whatever the verdicts); 2 bad usage; 3 I/O error.\n",
	.run = run,
};
