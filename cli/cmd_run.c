/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * wbg run: the main job. Build the plan from a standard's tests and a
 * device profile, measure every sample on a bench (stress on the virtual
 * clock between readouts on the virtual bench), store each step with its
 * provenance as it completes, extract, evaluate, store and print verdicts.
 */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check_report.h"
#include "reconnect.h"
#include "run.h"
#include "rundata.h"
#include "runplan.h"
#include "stdfiles.h"

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

#define MAX_SETS 64
#define MAX_ONLY 16

static int parse(struct cli *cli, struct run_opts *o, int argc, char **argv)
{
	static const struct option opts[] = {
		{"standard", required_argument, NULL, 's'},
		{"device", required_argument, NULL, 'd'},
		{"bench", required_argument, NULL, 'b'},
		{"lot", required_argument, NULL, 'l'},
		{"samples", required_argument, NULL, 'n'},
		{"db", required_argument, NULL, 'D'},
		{"dry-run", no_argument, NULL, 'N'},
		{"resume", required_argument, NULL, 'R'},
		{"seed", required_argument, NULL, 'e'},
		{"set", required_argument, NULL, 'S'},
		{"test", required_argument, NULL, 't'},
		{"defects", required_argument, NULL, 'F'},
		{"interlock-closed", no_argument, NULL, 'I'},
		{"operator", required_argument, NULL, 'O'},
		{"reconnect", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	char *end;
	int c;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:d:b:l:n:D:NR:e:S:t:F:IO:c:", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			o->standard = optarg;
			break;
		case 'd':
			o->device = optarg;
			break;
		case 'b':
			o->bench = optarg;
			break;
		case 'l':
			o->lot = optarg;
			break;
		case 'n':
			o->samples = optarg;
			break;
		case 'D':
			o->db = optarg;
			break;
		case 'N':
			o->dry_run = 1;
			break;
		case 'R':
			if (cli_parse_run(cli, &o->resume, optarg) != CLI_EXIT_OK)
				return CLI_EXIT_USAGE;
			break;
		case 'e':
			o->seed = strtoull(optarg, &end, 10);
			if (end == optarg || *end)
				return cli_usage_error(cli, "--seed takes a whole number, not '%s'", optarg);
			break;
		case 'S':
			if (o->n_sets >= MAX_SETS || !strchr(optarg, '='))
				return cli_usage_error(cli, "--set takes NAME=VALUE (at most %d)", MAX_SETS);
			o->sets[o->n_sets++] = optarg;
			break;
		case 't':
			if (o->n_only >= MAX_ONLY)
				return cli_usage_error(cli, "at most %d --test", MAX_ONLY);
			o->only[o->n_only++] = optarg;
			break;
		case 'F':
			o->defects = strtod(optarg, &end);
			if (end == optarg || *end || !(o->defects >= 0 && o->defects <= 1))
				return cli_usage_error(cli, "--defects takes a fraction from 0 to 1");
			break;
		case 'I':
			o->interlock = 1;
			break;
		case 'O':
			o->operator_name = optarg;
			break;
		case 'c':
			if (cli_parse_reconnect(cli, &o->reconnect_s, optarg) != CLI_EXIT_OK)
				return CLI_EXIT_USAGE;
			break;
		default:
			return cli_usage_error(cli, "unknown option or missing value: '%s'",
			                       argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, "unexpected argument '%s'", argv[optind]);
	if (!o->standard || !o->bench || !o->lot)
		return cli_usage_error(cli, "give --standard, --bench and --lot (and usually --device)");
	return CLI_EXIT_OK;
}

static int cmd(struct cli *cli, int argc, char **argv)
{
	static struct run_opts o;
	static struct plan plan;
	struct sigaction sa, old_int, old_term;
	int ex;

	memset(&o, 0, sizeof(o));
	o.db = CLI_DEFAULT_DB;
	o.samples = "5";
	o.seed = 1;
	o.reconnect_s = NAN;
	o.sets = calloc(MAX_SETS, sizeof(*o.sets));
	o.only = calloc(MAX_ONLY, sizeof(*o.only));
	if (!o.sets || !o.only) {
		free(o.sets);
		free(o.only);
		return cli_error(cli, CLI_EXIT_IO, "out of memory");
	}
	ex = parse(cli, &o, argc, argv);
	if (ex == CLI_EXIT_OK) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		interrupted = 0;
		sigaction(SIGINT, &sa, &old_int);
		sigaction(SIGTERM, &sa, &old_term);
		o.interrupted = &interrupted;
		ex = run_main(cli, &o, &plan);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	free(o.sets);
	free(o.only);
	return ex;
}

const struct cli_command cli_cmd_run = {
	.name = "run",
	.summary = "the main job: measure a lot on a bench against a standard, store, judge",
	.help =
		"usage: wbg run --standard S --device D --bench B --lot L [--samples N|A,B,...]\n"
		"               [--set NAME=VALUE]... [--test ID]... [--db FILE] [--seed N]\n"
		"               [--defects F] [--operator NAME] [--dry-run] [--interlock-closed]\n"
		"               [--reconnect TIME]\n"
		"       wbg run --resume RUN [the same options]\n"
		"\n"
		"Build the plan from the standard's tests (those that judge VGSth, IGSS, IDSS,\n"
		"RDSon, or VGSth_up/VGSth_down/VGSth_hyst) and the device profile: for every\n"
		"sample, every readout of every test, the measurements (VGSth from a transfer\n"
		"curve with the analysis library's constant-current extraction at 5 mA; IGSS,\n"
		"IDSS and RDSon from the drivers' methods; the JEP183-style pair in one step:\n"
		"VGSth_up by the vth method after the negative preconditioning pulse, VGSth_down\n"
		"by a down-sweep after the positive one, with VGS_pre, t_pre and ID from the\n"
		"parameters' conditions). Stress tests on the virtual bench (SIM:: instruments) apply\n"
		"the test's VGS, VDS and Tj between readouts on the virtual clock, so 1000 h\n"
		"take milliseconds; a real bench runs characterization tests only.\n"
		"\n"
		"Every step is stored as it completes (one transaction: raw arrays, extracted\n"
		"parameters, provenance), so a crash loses at most the step in flight. Then the\n"
		"parameters are judged against the standard's limits with its decision rule,\n"
		"the verdicts are stored in the run and printed. On a terminal a progress bar\n"
		"shows step, sample and ETA; otherwise each step prints a line.\n"
		"\n"
		"Ctrl-C (or SIGTERM) stops after switching every output off, and marks the run\n"
		"interrupted; 'wbg run --resume RUN' with the same options continues it without\n"
		"repeating the stored steps (on the virtual bench the units' stress history is\n"
		"replayed on the virtual clock).\n"
		"\n"
		"When an SMU's link drops mid-step (a USB re-enumeration, a closed socket), the\n"
		"step fails, the other outputs are switched off, and wbg waits up to\n"
		"--reconnect for the same instrument to come back, switches it off and reads\n"
		"its output back; the error says whether it was confirmed off, or that you must\n"
		"switch it off at the instrument. The steps stored before stay; resume the run.\n"
		"\n"
		"Options:\n"
		"  -s, --standard S     a shipped standard's name or an XML file\n"
		"  -d, --device D       device profile (ratings, datasheet limits, the simulated part)\n"
		"  -b, --bench B        bench description (instruments, wiring, safety limits)\n"
		"  -l, --lot L          lot name, stored with every value\n"
		"  -n, --samples N|LIST N units named U01.. (default 5), or names A,B,...\n"
		"  -S, --set N=V        a user setting of the standard ('wbg standards show S')\n"
		"  -t, --test ID        run only this test (repeat for more; default: all)\n"
		"  -D, --db FILE        the store (default ./" CLI_DEFAULT_DB ")\n"
		"  -e, --seed N         virtual bench: the lot's random seed (default 1)\n"
		"  -F, --defects F      virtual bench: fraction of defective units (default 0)\n"
		"  -N, --dry-run        print the plan and stop\n"
		"  -R, --resume RUN     continue an interrupted run\n"
		"  -O, --operator NAME  who runs it, for the provenance (default: the login name)\n"
		"  -I, --interlock-closed  the bench's interlock is closed (biases above the\n"
		"                       bench's interlock-above voltage are allowed)\n"
		"  -c, --reconnect TIME how long to wait for an SMU whose link dropped before\n"
		"                       giving up on switching it off (default 5 s; 0 s: do not\n"
		"                       wait; at most 600 s)\n"
		"\n"
		"Examples:\n"
		"  wbg run -s aecq101-sic-mosfet -d device-sic-c3m0075120d -b bench-sim-example \\\n"
		"      --lot L7 --samples 10 --test HTGB --set htgb_vgs=15V --set tj_max=175degC \\\n"
		"      --set leak_ratio_max=5 --set vth_shift_min=-0.3V --set vth_shift_max=0.3V\n"
		"  wbg run ... --dry-run\n"
		"  wbg run ... --resume 3\n"
		"\n"
		"Exit status: 0 every verdict PASS; 1 a FAIL; 2 bad usage or input; 3 instrument\n"
		"or I/O error, or interrupted; 4 a conditional verdict and no FAIL.\n",
	.run = cmd,
};
