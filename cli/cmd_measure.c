/* SPDX-License-Identifier: GPL-3.0-or-later */
/* wbg measure: run one measurement method on a bench, print and save it. */
#include "config.h"

/* Before <signal.h> (see cmd_vinstr.c). */
#include "cli.h"
#include "reconnect.h"

#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "stdfiles.h"

#define MAX_SETS 16
#define DEFAULT_DB "wbg-measure.sqlite"

/* Set by SIGINT/SIGTERM (async-signal-safe: only this store); the methods
 * poll it between points and switch every output off. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

struct opts {
	const char *method, *bench, *dut, *db, *sample, *sim_dut;
	const char *names[MAX_SETS];
	double values[MAX_SETS];
	size_t n;
	unsigned long long seed;
	bool json, interlock, no_store;
	double reconnect_s; /* NaN: the library's default */
};

/* --set NAME=VALUE: VALUE a quantity in the setting's unit ("10 V", "5ms",
 * a bare number in SI). */
static int parse_set(struct cli *cli, struct opts *o, char *arg)
{
	const wbg_method_info *mi = wbg_method_find(o->method);
	char *eq = strchr(arg, '=');
	const char *unit = NULL;
	size_t j;

	if (!eq || eq == arg)
		return cli_usage_error(cli, "--set takes NAME=VALUE, such as vds=10V, not '%s'", arg);
	*eq = '\0';
	for (j = 0; mi && j < mi->n_settings; j++)
		if (strcmp(mi->settings[j].name, arg) == 0)
			unit = mi->settings[j].unit;
	if (!unit)
		return cli_usage_error(cli, "%s has no setting '%s' ('wbg measure --help' lists them)",
		                       o->method, arg);
	if (o->n == MAX_SETS)
		return cli_usage_error(cli, "at most %d --set options", MAX_SETS);
	if (wbg_quantity_parse(&o->values[o->n], NULL, eq + 1, strcmp(unit, "1") ? unit : NULL,
	                       cli->ctx) != WBG_OK)
		return cli_usage_error(cli, "--set %s: '%s' is not a quantity in %s (%s)", arg, eq + 1,
		                       unit, wbg_ctx_errmsg(cli->ctx));
	o->names[o->n++] = arg;
	return CLI_EXIT_OK;
}

/* The help text: the fixed part below, then every method with its settings,
 * units and defaults, generated from the method table once at start-up so
 * that it cannot drift from what the library does. */
static char help_text[24576];
static const char help_fixed[];

static void append(size_t *len, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void append(size_t *len, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*len >= sizeof(help_text))
		return;
	va_start(ap, fmt);
	n = vsnprintf(help_text + *len, sizeof(help_text) - *len, fmt, ap);
	va_end(ap);
	if (n > 0)
		*len += (size_t)n;
}

__attribute__((constructor)) static void build_help(void)
{
	size_t i, j, len = 0;

	append(&len, "%s", help_fixed);
	append(&len, "\nMethods and their settings (--set NAME=VALUE; default in brackets):\n");
	for (i = 0; i < wbg_method_count(); i++) {
		const wbg_method_info *mi = wbg_method_at(i);

		append(&len, "\n  %s: %s\n", mi->name, mi->summary);
		for (j = 0; j < mi->n_settings; j++) {
			const wbg_method_setting *st = &mi->settings[j];

			append(&len, "    %-10s [%g%s%s] %s\n", st->name, st->def,
			       strcmp(st->unit, "1") ? " " : "", strcmp(st->unit, "1") ? st->unit : "",
			       st->help);
		}
	}
}

/* The simulated DUT for a virtual bench: --sim-dut, else from the device
 * profile's id (GaN or SiC), else the SiC MOSFET. */
static const char *sim_dut_for(const struct opts *o, const wbg_device *dev)
{
	if (o->sim_dut)
		return o->sim_dut;
	if (dev && strstr(wbg_device_id(dev), "gan"))
		return "gan-hemt";
	return "sic-mosfet";
}

/* Where each SMU's u comes from: its accuracy table's document, or none. */
static void print_accuracy(const wbg_meas *m)
{
	static const char *const terms[] = {"gate", "drain"};
	size_t k;

	printf("\n");
	for (k = 0; k < 2; k++) {
		wbg_smu *s = wbg_meas_smu(m, terms[k]);
		const char *src = wbg_smu_accuracy_source(s);

		if (!s)
			continue;
		printf("  u of the %s SMU (%s): %s\n", terms[k], wbg_smu_model(s),
		       src ? src : "no accuracy model, u = NaN (give its <instrument> an <accuracy> "
		                   "table in the bench file)");
	}
}

static void print_text(const wbg_meas_result *r, wbg_vbench *vb)
{
	char line[1024];
	size_t i, k, n = 0;

	printf("%s\n", wbg_meas_result_method(r));
	for (i = 0; i < wbg_meas_result_record_count(r); i++)
		if (wbg_record_format(line, sizeof(line), wbg_meas_result_record(r, i), 0) == WBG_OK)
			printf("  %s\n", line);
	printf("  bus transactions: %lu", wbg_meas_result_transactions(r));
	if (vb)
		printf(", virtual clock %.6g s", wbg_vbench_time(vb));
	printf("\n\n");
	for (i = 0; i < wbg_meas_result_array_count(r); i++) {
		const wbg_array *a = wbg_meas_result_array(r, i);
		char h[48];

		snprintf(h, sizeof(h), "%s/%s", a->name, a->unit);
		printf("%s%14s", i ? " " : "", h);
		if (a->n > n)
			n = a->n;
	}
	printf("\n");
	for (k = 0; k < n; k++) {
		for (i = 0; i < wbg_meas_result_array_count(r); i++) {
			const wbg_array *a = wbg_meas_result_array(r, i);
			if (k < a->n)
				printf("%s%14.6e", i ? " " : "", a->values[k]);
			else
				printf("%s%14s", i ? " " : "", "");
		}
		printf("\n");
	}
}

static void print_json(const wbg_meas_result *r, wbg_vbench *vb, const char *db, long long run,
                       bool partial)
{
	json_t *o = json_object(), *recs = json_array(), *arrs = json_object();
	size_t i, k, c;

	json_object_set_new(o, "method", json_string(wbg_meas_result_method(r)));
	if (partial)
		json_object_set_new(o, "partial", json_true());
	for (i = 0; i < wbg_meas_result_record_count(r); i++) {
		const wbg_record *rec = wbg_meas_result_record(r, i);
		json_t *jr = json_object(), *cond = json_object();
		double u = wbg_record_uncertainty(rec);

		json_object_set_new(jr, "quantity", json_string(wbg_record_quantity(rec)));
		json_object_set_new(jr, "value", json_real(wbg_record_value(rec)));
		json_object_set_new(jr, "unit", json_string(wbg_record_unit(rec)));
		json_object_set_new(jr, "u", isfinite(u) ? json_real(u) : json_null());
		for (c = 0; c < wbg_record_condition_count(rec); c++) {
			const char *name, *unit;
			double v;
			if (wbg_record_condition(&name, &v, &unit, rec, c) == WBG_OK)
				json_object_set_new(cond, name, json_real(v));
		}
		json_object_set_new(jr, "conditions", cond);
		json_array_append_new(recs, jr);
	}
	json_object_set_new(o, "records", recs);
	for (i = 0; i < wbg_meas_result_array_count(r); i++) {
		const wbg_array *a = wbg_meas_result_array(r, i);
		json_t *ja = json_object(), *vals = json_array();
		for (k = 0; k < a->n; k++)
			json_array_append_new(vals, isfinite(a->values[k]) ? json_real(a->values[k])
			                                                   : json_null());
		json_object_set_new(ja, "unit", json_string(a->unit));
		json_object_set_new(ja, "values", vals);
		json_object_set_new(arrs, a->name, ja);
	}
	json_object_set_new(o, "arrays", arrs);
	json_object_set_new(o, "transactions", json_integer((json_int_t)wbg_meas_result_transactions(r)));
	if (vb)
		json_object_set_new(o, "virtual_time_s", json_real(wbg_vbench_time(vb)));
	if (db) {
		json_object_set_new(o, "db", json_string(db));
		json_object_set_new(o, "run", json_integer(run));
	}
	json_dumpf(o, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
	printf("\n");
	json_decref(o);
}

/* A method that failed mid-way: keep the points it had measured in the
 * store, apart from completed steps (when there is one), and print them
 * (stdout), marked partial. */
static void keep_partial(struct cli *cli, wbg_meas *m, wbg_vbench *vb, bool json, wbg_store *st,
                         int64_t run_id, const char *sample, const char *why, const char *db)
{
	wbg_meas_result *part = NULL;
	const wbg_array *a;
	size_t k, got = 0;
	int saved = 0;

	if (wbg_meas_take_partial(&part, m) != WBG_OK)
		return;
	a = wbg_meas_result_array(part, 0);
	for (k = 0; a && k < a->n; k++)
		got += isfinite(a->values[k]) ? 1 : 0;
	if (got == 0) {
		wbg_meas_result_free(part);
		return;
	}
	if (st) {
		if (wbg_meas_result_store_aborted(st, run_id, part, sample, 1,
		                                  wbg_meas_result_method(part), 0.0, why) == WBG_OK)
			saved = 1;
		else
			cli_lib_error(cli, wbg_ctx_errcode(cli->ctx), "the partial points are printed only");
	}
	if (json) {
		print_json(part, vb, saved ? db : NULL, (long long)run_id, true);
	} else {
		printf("PARTIAL: %s stopped after %zu of %zu points; the points measured before "
		       "the failure (nan: not measured), ",
		       wbg_meas_result_method(part), got, a->n);
		if (saved)
			printf("kept in %s, run %lld, as an aborted step:\n\n", db, (long long)run_id);
		else
			printf("not saved:\n\n");
		print_text(part, vb);
	}
	wbg_meas_result_free(part);
}

static int parse_args(struct cli *cli, struct opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{"bench", required_argument, NULL, 'b'}, {"dut", required_argument, NULL, 'd'},
		{"set", required_argument, NULL, 's'},   {"json", no_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'D'},    {"sample", required_argument, NULL, 'S'},
		{"sim-dut", required_argument, NULL, 'u'}, {"seed", required_argument, NULL, 'r'},
		{"interlock", no_argument, NULL, 'i'},   {"no-store", no_argument, NULL, 'n'},
		{"reconnect", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	char *sets[MAX_SETS], *end;
	size_t nsets = 0, i;
	int c, ex;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "b:d:s:jD:S:u:r:inc:", lo, NULL)) != -1) {
		switch (c) {
		case 'b':
			o->bench = optarg;
			break;
		case 'd':
			o->dut = optarg;
			break;
		case 's':
			if (nsets == MAX_SETS)
				return cli_usage_error(cli, "at most %d --set options", MAX_SETS);
			sets[nsets++] = optarg;
			break;
		case 'j':
			o->json = true;
			break;
		case 'D':
			o->db = optarg;
			break;
		case 'S':
			o->sample = optarg;
			break;
		case 'u':
			o->sim_dut = optarg;
			break;
		case 'r':
			o->seed = strtoull(optarg, &end, 10);
			if (*end != '\0' || optarg[0] == '-')
				return cli_usage_error(cli, "--seed takes a non-negative integer, not '%s'",
				                       optarg);
			break;
		case 'i':
			o->interlock = true;
			break;
		case 'n':
			o->no_store = true;
			break;
		case 'c':
			if ((ex = cli_parse_reconnect(cli, &o->reconnect_s, optarg)) != CLI_EXIT_OK)
				return ex;
			break;
		default:
			return cli_usage_error(cli, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, "give one METHOD ('wbg measure --help' lists them)");
	o->method = argv[optind];
	if (!wbg_method_find(o->method))
		return cli_usage_error(cli, "no measurement method '%s' ('wbg measure --help' lists "
		                            "them)",
		                       o->method);
	if (!o->bench)
		return cli_usage_error(cli, "say which bench: --bench FILE (e.g. bench-sim-example)");
	for (i = 0; i < nsets; i++)
		if ((ex = parse_set(cli, o, sets[i])) != CLI_EXIT_OK)
			return ex;
	return CLI_EXIT_OK;
}

static int run(struct cli *cli, int argc, char **argv)
{
	struct opts o = {.seed = 1, .sample = "dut", .db = DEFAULT_DB, .reconnect_s = NAN};
	char bpath[1024], dpath[1024], bsha[65], dsha[65], host[256] = "unknown";
	wbg_schema *schema = NULL;
	wbg_bench *bench = NULL;
	wbg_device *dev = NULL;
	wbg_vbench *vb = NULL;
	wbg_meas *m = NULL;
	wbg_meas_result *r = NULL;
	wbg_store *st = NULL;
	int64_t run_id = 0;
	struct sigaction sa, old_int, old_term;
	bool handlers = false;
	int ex, rc;

	ex = parse_args(cli, &o, argc, argv);
	if (ex != CLI_EXIT_OK)
		return ex;
	ex = cli_resolve(cli, bpath, sizeof(bpath), o.bench);
	if (ex == CLI_EXIT_OK && o.dut)
		ex = cli_resolve(cli, dpath, sizeof(dpath), o.dut);
	if (ex == CLI_EXIT_OK)
		ex = cli_load_schema(cli, &schema);
	if (ex != CLI_EXIT_OK)
		goto out;
	rc = wbg_bench_load_file(&bench, schema, bpath, cli->ctx);
	if (rc == WBG_OK && o.dut)
		rc = wbg_device_load_file(&dev, schema, dpath, cli->ctx);
	if (rc != WBG_OK) {
		ex = cli_input_error(cli, rc, NULL);
		goto out;
	}
	rc = wbg_bench_simulate(&vb, bench, sim_dut_for(&o, dev), (uint64_t)o.seed, cli->ctx);
	if (rc != WBG_OK) {
		ex = cli_lib_error(cli, rc, o.sim_dut ? "--sim-dut takes sic-mosfet, gan-hemt, r1k or open"
		                                      : NULL);
		goto out;
	}
	/* Signals first: from here on every exit switches the outputs off. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	handlers = true;
	rc = wbg_meas_new(&m, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_meas_use_bench(m, bench, bpath);
	if (rc == WBG_OK && dev)
		rc = wbg_meas_use_device(m, dev, dpath);
	if (rc == WBG_OK && !isnan(o.reconnect_s))
		rc = wbg_meas_set_reconnect(m, o.reconnect_s);
	if (rc != WBG_OK) {
		ex = cli_lib_error(cli, rc, "check the bench file's instruments and connections");
		goto out;
	}
	wbg_meas_set_interrupt(m, &interrupted);
	wbg_meas_set_interlock(m, o.interlock);
	if (!o.no_store) {
		wbg_run_info info;

		gethostname(host, sizeof(host) - 1);
		memset(&info, 0, sizeof(info));
		info.lot = "measure";
		info.operator_name = getenv("USER") ? getenv("USER") : "unknown";
		info.host = host;
		info.bench_file = bpath;
		if (wbg_sha256_file(bsha, bpath, WBG_XML_MAX_BYTES, cli->ctx) == WBG_OK)
			info.bench_sha256 = bsha;
		if (dev) {
			info.device_file = dpath;
			if (wbg_sha256_file(dsha, dpath, WBG_XML_MAX_BYTES, cli->ctx) == WBG_OK)
				info.device_sha256 = dsha;
		}
		info.seed = vb ? (int64_t)o.seed : 0;
		rc = wbg_store_open(&st, o.db, cli->ctx);
		if (rc == WBG_OK)
			rc = wbg_store_run_begin(&run_id, st, &info);
		if (rc != WBG_OK) {
			ex = cli_lib_error(cli, rc, "choose another file with --db, or --no-store");
			goto out;
		}
		wbg_meas_store_instruments(m, st, run_id);
	}
	rc = wbg_method_run(&r, m, o.method, o.names, o.values, o.n);
	if (rc != WBG_OK && rc != WBG_ERR_INTERRUPTED && interrupted) {
		char why[1024];

		snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(cli->ctx));
		rc = wbg_ctx_error(cli->ctx, WBG_ERR_INTERRUPTED, "interrupted by signal %d during %s (%s)",
		                   (int)interrupted, o.method, why);
	}
	if (rc != WBG_OK) {
		const char *report = wbg_meas_off_report(m);

		if (st)
			wbg_store_run_finish(st, run_id, rc == WBG_ERR_INTERRUPTED ? "interrupted" : "failed");
		/* The error itself says whether a dropped instrument was switched
		 * off; "every output" is only true when nothing is left to the user. */
		ex = cli_lib_error(cli, rc,
		                   rc == WBG_ERR_SAFETY ? "nothing was switched on" :
		                   strstr(wbg_ctx_errmsg(cli->ctx), "switch it off at the instrument")
		                       ? "every other output was switched off at 0 V"
		                   : report[0] ? "every output was switched off at 0 V (one after "
		                                 "its link came back)"
		                               : "every output was switched off at 0 V");
		{
			char why[1024];
			snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(cli->ctx));
			keep_partial(cli, m, vb, o.json, st, run_id, o.sample, why, o.db);
		}
		goto out;
	}
	if (st) {
		wbg_step step;

		wbg_meas_result_step(&step, r, o.sample, 1, o.method);
		rc = wbg_store_step_write(NULL, st, run_id, &step);
		if (rc == WBG_OK)
			rc = wbg_store_run_finish(st, run_id, "complete");
		if (rc != WBG_OK) {
			ex = cli_lib_error(cli, rc, "the measurement is printed but not saved");
			goto print;
		}
	}
	ex = CLI_EXIT_OK;
print:
	if (o.json)
		print_json(r, vb, st ? o.db : NULL, (long long)run_id, false);
	else {
		print_text(r, vb);
		print_accuracy(m);
		if (st)
			printf("\nsaved: %s, run %lld\n", o.db, (long long)run_id);
	}
out:
	wbg_meas_result_free(r);
	wbg_meas_free(m); /* switches every output off again */
	if (handlers) {
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGTERM, &old_term, NULL);
	}
	wbg_store_close(st);
	if (vb) {
		wbg_vbench_attach(cli->ctx, NULL);
		wbg_vbench_free(vb);
	}
	wbg_device_free(dev);
	wbg_bench_free(bench);
	wbg_schema_free(schema);
	return ex;
}

static const char help_fixed[] =
	"Usage: wbg measure METHOD --bench BENCH [--dut DEVICE] [--set NAME=VALUE ...]\n"
	"                   [--json] [--db FILE] [--sample NAME] [--interlock]\n"
	"                   [--sim-dut NAME] [--seed N] [--no-store]\n"
	"\n"
	"Runs one measurement METHOD (transfer, output, vth, rdson, idss, igss, bvdss,\n"
	"diode, cv) on the instruments the bench file wires to the DUT (SMUs on its gate\n"
	"and drain, LCR meters on its capacitance ports),\n"
	"prints the result and saves its raw arrays and values in the measurement store.\n"
	"For technicians debugging a fixture: one method, one device, nothing else.\n"
	"\n"
	"Safety: every bias is checked against the bench file's limits per terminal\n"
	"(max-voltage, max-current, max-power, interlock-above) and the device's ratings\n"
	"before any output is switched on; a step beyond one is refused, naming the\n"
	"limit and the file:line it is set at. On every exit (done, error, timeout,\n"
	"disconnect, Ctrl-C, SIGTERM) every source is set to 0 V and switched off.\n"
	"When an SMU's link drops (a USB re-enumeration, a closed socket), the others\n"
	"are switched off first, then wbg waits up to --reconnect for the same\n"
	"instrument (USB VID:PID and serial, TCP host and port, same *IDN?) to come\n"
	"back, switches it off and reads its output back; the error says whether its\n"
	"output was confirmed off, or that you must switch it off at the instrument.\n"
	"\n"
	"Options:\n"
	"  --bench BENCH     bench description (file, or a name in the shipped library)\n"
	"  --dut DEVICE      device profile whose maximum ratings also limit the biases\n"
	"  --set NAME=VALUE  a method setting, a quantity in its unit (vds=10V, delay=5ms);\n"
	"                    repeat for several; unset ones take their defaults\n"
	"  --json            print JSON (records, conditions, raw arrays) instead of text\n"
	"  --db FILE         the store to save to (default ./" DEFAULT_DB ")\n"
	"  --sample NAME     the sample name in the store (default dut)\n"
	"  --interlock       the bench's interlock is closed (needed above its\n"
	"                    interlock-above voltage)\n"
	"  --sim-dut NAME    on a bench of SIM:: instruments: the simulated DUT\n"
	"                    (sic-mosfet, gan-hemt, r1k, open; default from --dut, else\n"
	"                    sic-mosfet)\n"
	"  --seed N          the virtual bench's seed (default 1)\n"
	"  --no-store        print only\n"
	CLI_RECONNECT_HELP
	"\n"
	"Examples:\n"
	"  wbg measure transfer --bench bench-sim-example --set vds=1V --set vgs_stop=6V\n"
	"  wbg measure vth --bench bench-sim-example --dut device-sic-c3m0075120d --json\n"
	"  wbg measure idss --bench mybench.xml --set vds=40V --db fixture.sqlite\n"
	"\n"
	"A method that fails mid-way (a link that dropped, a timeout, Ctrl-C) prints\n"
	"the points it had measured, headed PARTIAL (with --json: \"partial\": true),\n"
	"nan where a point was not measured, and keeps them in the store as an aborted\n"
	"step of the run (status failed or interrupted; 'wbg export RUN --format json'\n"
	"lists them under \"aborted_steps\"), apart from completed measurements.\n"
	"\n"
	"Exit status: 0 done; 2 usage, bad input or refused by a safety limit;\n"
	"3 instrument or I/O error, or interrupted (the outputs are off).\n";

const struct cli_command cli_cmd_measure = {
	"measure",
	"run one measurement method on a bench, print and save it",
	help_text,
	run,
};
