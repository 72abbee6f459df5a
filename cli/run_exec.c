/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The engine of 'wbg run' (see run.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "config.h"

#include <limits.h>
#include <math.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "check_report.h"
#include "run.h"
#include "rundata.h"
#include "stdfiles.h"

/* Threshold current of the constant-current extraction, and the sweep. */
#define VTH_ICRIT_A 5e-3
#define TRANSFER_VDS_V 10.0
#define TRANSFER_VGS_STOP_V 10.0
#define TRANSFER_POINTS 101
#define TRANSFER_ID_LIMIT_A 20e-3

struct job {
	struct cli *cli;
	struct run_opts *o;
	struct plan *plan;
	wbg_schema *schema;
	wbg_standard *std;
	wbg_device *dev;
	wbg_bench *bench;
	wbg_store *st;
	char spath[4096], dpath[4096], bpath[4096];
	char ssha[65], dsha[65], bsha[65];
	int virtual_bench;
	int64_t run;
	size_t done, total, skipped, aborted;
	double t_start;
	int tty;
};

static int is_sim(const wbg_bench *b)
{
	size_t i;

	for (i = 0; i < wbg_bench_connection_count(b); i++)
		if (strncasecmp(wbg_bench_connection_at(b, i)->resource, "SIM::", 5) == 0)
			return 1;
	return 0;
}

static void canonical(char *path, size_t len)
{
	char buf[PATH_MAX];

	if (realpath(path, buf) && strlen(buf) < len)
		memcpy(path, buf, strlen(buf) + 1);
}

/* Who runs it: --operator, else the login name. */
static const char *operator_name(const struct run_opts *o)
{
	const struct passwd *pw;
	const char *u = o->operator_name;

	if (u && u[0])
		return u;
	u = getenv("USER");
	if (u && u[0])
		return u;
	u = getenv("LOGNAME");
	if (u && u[0])
		return u;
	pw = getpwuid(getuid());
	return pw && pw->pw_name && pw->pw_name[0] ? pw->pw_name : "unknown";
}

static int load(struct job *j)
{
	struct cli *cli = j->cli;
	struct run_opts *o = j->o;
	size_t i;
	int ex, rc;

	ex = cli_resolve(cli, j->spath, sizeof(j->spath), o->standard);
	if (ex == CLI_EXIT_OK)
		ex = cli_resolve(cli, j->bpath, sizeof(j->bpath), o->bench);
	if (ex == CLI_EXIT_OK && o->device)
		ex = cli_resolve(cli, j->dpath, sizeof(j->dpath), o->device);
	/* the provenance names each file by its absolute path */
	canonical(j->spath, sizeof(j->spath));
	canonical(j->bpath, sizeof(j->bpath));
	if (o->device)
		canonical(j->dpath, sizeof(j->dpath));
	if (ex == CLI_EXIT_OK)
		ex = cli_load_schema(cli, &j->schema);
	if (ex != CLI_EXIT_OK)
		return ex;
	rc = wbg_standard_load_file(&j->std, j->schema, j->spath, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_sha256_file(j->ssha, j->spath, WBG_XML_MAX_BYTES, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_bench_load_file(&j->bench, j->schema, j->bpath, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_sha256_file(j->bsha, j->bpath, WBG_XML_MAX_BYTES, cli->ctx);
	if (rc == WBG_OK && o->device)
		rc = wbg_device_load_file(&j->dev, j->schema, j->dpath, cli->ctx);
	if (rc == WBG_OK && o->device)
		rc = wbg_sha256_file(j->dsha, j->dpath, WBG_XML_MAX_BYTES, cli->ctx);
	for (i = 0; rc == WBG_OK && i < o->n_sets; i++) {
		char name[128];
		const char *eq = strchr(o->sets[i], '=');
		snprintf(name, sizeof(name), "%.*s", (int)(eq - o->sets[i]), o->sets[i]);
		rc = wbg_standard_set(j->std, name, eq + 1, cli->ctx);
	}
	if (rc != WBG_OK)
		return cli_input_error(cli, rc, NULL);
	j->virtual_bench = is_sim(j->bench);
	ex = plan_samples(cli, j->plan, o->samples);
	if (ex == CLI_EXIT_OK)
		ex = plan_build(cli, j->plan, j->std, o->only, o->n_only);
	if (ex != CLI_EXIT_OK)
		return ex;
	if (!j->virtual_bench)
		for (i = 0; i < j->plan->n_tests; i++)
			if (j->plan->tests[i].info.stress && j->plan->tests[i].info.n_readouts > 1)
				return cli_error(cli, CLI_EXIT_USAGE,
				                 "test %s is a stress test: wbgkit drives the stress only on "
				                 "the virtual bench; on this bench choose characterization "
				                 "tests with --test",
				                 j->plan->tests[i].info.id);
	return CLI_EXIT_OK;
}

/* The virtual bench of one unit of the lot, with the bench file's SIM::
 * instruments on it, attached to the context. */
static int sim_unit(struct job *j, wbg_vbench **out, size_t unit)
{
	const char *dut = j->dev && strstr(wbg_device_id(j->dev), "gan") ? "gan-hemt" : "sic-mosfet";
	wbg_vbench *vb = NULL;
	int rc;

	rc = wbg_vbench_new_lot_unit(&vb, dut, (uint64_t)j->o->seed, (unsigned)unit, j->o->defects,
	                             j->cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(j->cli, rc, NULL);
	rc = wbg_bench_simulate_on(vb, j->bench, j->cli->ctx);
	if (rc != WBG_OK) {
		wbg_vbench_free(vb);
		return cli_lib_error(j->cli, rc, "check the SIM:: instruments of the bench file");
	}
	wbg_vbench_attach(j->cli->ctx, vb);
	*out = vb;
	return CLI_EXIT_OK;
}

/* The bench's temperature controller (the drivers' thermal interface,
 * from the bench file's "temperature" connection) to @p temp_k, or off to
 * ambient (NAN), waited on the virtual clock until settled (10 time
 * constants of the chuck); a bench without one sets the DUT temperature
 * directly. */
static int chuck(wbg_meas *m, wbg_vbench *vb, double temp_k)
{
	wbg_thermal *th = wbg_meas_thermal(m);
	int rc;

	if (!th)
		return wbg_vbench_set_temp_k(vb, isnan(temp_k) ? 298.15 : temp_k);
	rc = isnan(temp_k) ? wbg_thermal_off(th) : wbg_thermal_set(th, temp_k);
	if (rc == WBG_OK)
		rc = wbg_vbench_advance(vb, isnan(temp_k) ? 6000.0 : 300.0);
	return rc;
}

/* Stress a unit from one readout to the next on the virtual clock. */
static int stress(wbg_meas *m, wbg_vbench *vb, const struct plan_test *t,
                  double dt_s)
{
	wbg_smu *gate = wbg_meas_smu(m, "gate"), *drain = wbg_meas_smu(m, "drain");
	int rc = WBG_OK;

	if (dt_s <= 0)
		return WBG_OK;
	if (gate && !isnan(t->stress_vgs_v)) {
		rc = wbg_meas_check(m, "gate", t->stress_vgs_v, 1e-3);
		if (rc == WBG_OK)
			rc = wbg_smu_source(gate, WBG_SMU_SOURCE_V, t->stress_vgs_v, 1e-3);
		if (rc == WBG_OK)
			rc = wbg_smu_output(gate, true);
	}
	if (rc == WBG_OK && drain && !isnan(t->stress_vds_v)) {
		rc = wbg_meas_check(m, "drain", t->stress_vds_v, 1e-3);
		if (rc == WBG_OK)
			rc = wbg_smu_source(drain, WBG_SMU_SOURCE_V, t->stress_vds_v, 1e-3);
		if (rc == WBG_OK)
			rc = wbg_smu_output(drain, true);
	}
	if (rc == WBG_OK && !isnan(t->stress_temp_k))
		rc = chuck(m, vb, t->stress_temp_k);
	if (rc == WBG_OK)
		rc = wbg_vbench_advance(vb, dt_s);
	/* bias off, then back to 25 °C for the readout */
	wbg_meas_all_off(m);
	if (rc == WBG_OK && !isnan(t->stress_temp_k))
		rc = chuck(m, vb, NAN);
	return rc;
}

/* The threshold of a transfer curve, by the analysis library. */
static int extract_vth(wbg_record **out, const wbg_meas_result *r, wbg_ctx *ctx)
{
	const wbg_array *v = wbg_meas_result_find(r, "vgs"), *i = wbg_meas_result_find(r, "id");
	const wbg_array *u = wbg_meas_result_find(r, "u_id");
	wbg_vth_opts opts;
	wbg_vth_result res;
	double *x, *y;
	size_t k, n = 0;
	int rc;

	if (!v || !i || v->n != i->n)
		return wbg_ctx_error(ctx, WBG_ERR_INTERNAL, "transfer result without vgs/id arrays");
	/* Points where either reading is an instrument's overflow mark (9.9e37:
	 * a source in compliance) are dropped; the sweep must rise. */
	x = malloc((v->n ? v->n : 1) * sizeof(double));
	y = malloc((v->n ? v->n : 1) * sizeof(double));
	if (!x || !y) {
		free(x);
		free(y);
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "out of memory");
	}
	for (k = 0; k < v->n; k++)
		if (fabs(v->values[k]) < 1e30 && fabs(i->values[k]) < 1e30 &&
		    (n == 0 || v->values[k] > x[n - 1])) {
			x[n] = v->values[k];
			y[n] = i->values[k];
			n++;
		}
	wbg_vth_opts_init(&opts);
	opts.method = WBG_VTH_CC;
	opts.icrit = VTH_ICRIT_A;
	/* the reading's standard uncertainty where the curve crosses the criterion */
	if (u) {
		for (k = 0; k < u->n && k < i->n; k++)
			if (fabs(i->values[k]) < 1e30 && i->values[k] >= VTH_ICRIT_A && isfinite(u->values[k])) {
				opts.noise_id = u->values[k];
				break;
			}
	}
	rc = wbg_vth_extract(&res, x, y, n, &opts, NULL, ctx);
	free(x);
	free(y);
	if (rc != WBG_OK)
		return rc;
	rc = wbg_record_new(out, "VGSth", res.vth.value, "V", res.vth.u, ctx);
	if (rc == WBG_OK)
		wbg_record_add_condition(*out, "id_th", VTH_ICRIT_A, "A", ctx);
	if (rc == WBG_OK)
		wbg_record_add_condition(*out, "vds", TRANSFER_VDS_V, "V", ctx);
	return rc;
}

/* A setting's default in the method table (the run invents no number). */
static double method_default(const char *method, const char *setting)
{
	const wbg_method_info *mi = wbg_method_find(method);
	size_t k;

	for (k = 0; mi && k < mi->n_settings; k++)
		if (strcmp(mi->settings[k].name, setting) == 0)
			return mi->settings[k].def;
	return NAN;
}

/* The gate voltage where a down-sweep last crosses @p id_th on its way
 * down: the highest-index point at or above it followed by one below,
 * interpolated in log(Id) as the vth method does on its way up. Overflow
 * marks (a source in compliance, 9.9e37) are skipped. */
static int down_crossing(double *out, double *out_u, const wbg_array *v, const wbg_array *i,
                         const wbg_array *u, double id_th, wbg_ctx *ctx)
{
	size_t k;

	for (k = i->n; k-- > 1;) {
		double i1 = i->values[k - 1], i2 = i->values[k];
		if (fabs(i1) > 1e30 || fabs(i2) > 1e30 || fabs(v->values[k]) > 1e30)
			continue;
		if (i1 >= id_th && i2 < id_th && i2 > 0) {
			double f = (log(id_th) - log(i2)) / (log(i1) - log(i2));
			double slope = (i1 - i2) / (v->values[k - 1] - v->values[k]);
			*out = v->values[k] + f * (v->values[k - 1] - v->values[k]);
			/* the drain reading's uncertainty through the local slope, as
			 * the vth method states its own */
			*out_u = u && u->n == i->n && slope > 0 ? u->values[k] / slope : NAN;
			return WBG_OK;
		}
	}
	return wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "the down-sweep never crossed %g A", id_th);
}

/* JEP183 style, one unit: gate at VGS_pre(low) for t_pre, then the vth
 * method's readout delay and up-sweep to ID (VGSth_up); gate at
 * VGS_pre(high) for t_pre, then a transfer down-sweep from there to 0 V at
 * the same VDS and step, read at ID (VGSth_down); VGSth_hyst their
 * difference. Every array of both sweeps goes into the one step. */
static int measure_pair(struct job *j, wbg_meas *m, const struct plan_test *t, const char *sample,
                        const struct plan_step *ps, char *summary, size_t slen)
{
	const struct plan_vth_pair *pp = &t->pair;
	wbg_ctx *ctx = j->cli->ctx;
	wbg_meas_result *up = NULL, *down = NULL;
	wbg_record *rec[3] = {NULL, NULL, NULL};
	const wbg_record *recs[3];
	wbg_array arr[16];
	char aname[16][32];
	double vds = method_default("vth", "vds"), step_v = method_default("vth", "step");
	double id_limit = method_default("vth", "id_limit"), vup = NAN, vdown = NAN, uup = NAN;
	double udown = NAN;
	char why[160] = "";
	wbg_step st;
	size_t k, n_arr = 0, npts;
	int rc;
	wbg_smu *gate = wbg_meas_smu(m, "gate");

	{
		static const char *const names[] = {"vds", "id_th", "vpre", "t_pre"};
		const double values[] = {vds, pp->id_th_a, pp->vpre_low_v, pp->t_pre_s};
		rc = wbg_method_run(&up, m, "vth", names, values, 4);
	}
	if (rc == WBG_OK) {
		/* vth_above/vth_below: no crossing, so no VGSth_up; the sweep is
		 * stored all the same and the standard judges the missing value */
		const wbg_record *ru = wbg_meas_result_record(up, 0);
		if (ru && strcmp(wbg_record_quantity(ru), "vth") == 0) {
			vup = wbg_record_value(ru);
			uup = wbg_record_uncertainty(ru);
		} else if (ru) {
			snprintf(why, sizeof(why), "no VGSth_up (%s %.3f V)", wbg_record_quantity(ru),
			         wbg_record_value(ru));
		}
	}
	/* positive preconditioning, then straight into the down-sweep */
	if (rc == WBG_OK && !gate)
		rc = wbg_ctx_error(ctx, WBG_ERR_NOT_FOUND, "no gate SMU");
	if (rc == WBG_OK)
		rc = wbg_meas_check(m, "gate", pp->vpre_high_v, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_smu_source(gate, WBG_SMU_SOURCE_V, pp->vpre_high_v, 1e-3);
	if (rc == WBG_OK)
		rc = wbg_smu_output(gate, true);
	if (rc == WBG_OK && pp->t_pre_s > 0)
		rc = wbg_smu_wait(gate, pp->t_pre_s);
	if (rc == WBG_OK) {
		static const char *const names[] = {"vds", "vgs_start", "vgs_stop", "points",
		                                    "id_limit"};
		double values[5];
		npts = (size_t)floor(pp->vpre_high_v / step_v + 0.5) + 1;
		values[0] = vds;
		values[1] = pp->vpre_high_v;
		values[2] = 0;
		values[3] = (double)(npts < 2 ? 2 : npts > 10000 ? 10000 : npts);
		values[4] = id_limit;
		rc = wbg_method_run(&down, m, "transfer", names, values, 5);
	}
	if (rc == WBG_OK) {
		const wbg_array *v = wbg_meas_result_find(down, "vgs"), *i = wbg_meas_result_find(down, "id");
		rc = v && i && v->n == i->n ? down_crossing(&vdown, &udown, v, i,
		                                            wbg_meas_result_find(down, "u_id"),
		                                            pp->id_th_a, ctx)
		                            : wbg_ctx_error(ctx, WBG_ERR_INTERNAL, "transfer without vgs/id");
		if (rc == WBG_ERR_NOT_FOUND) { /* kept, and judged as missing */
			rc = WBG_OK;
			vdown = NAN;
			snprintf(why + strlen(why), sizeof(why) - strlen(why), "%sno VGSth_down (the "
			         "down-sweep never crossed %g mA)", why[0] ? ", " : "", pp->id_th_a * 1e3);
		}
	}
	if (rc == WBG_OK && !isnan(vup))
		rc = wbg_record_new(&rec[0], "VGSth_up", vup, "V", uup, ctx);
	if (rc == WBG_OK && !isnan(vdown))
		rc = wbg_record_new(&rec[1], "VGSth_down", vdown, "V", udown, ctx);
	/* two readings of one unit, taken as independent */
	if (rc == WBG_OK && !isnan(vup) && !isnan(vdown))
		rc = wbg_record_new(&rec[2], "VGSth_hyst", vdown - vup, "V", hypot(uup, udown), ctx);
	for (k = 0; rc == WBG_OK && k < 3; k++) {
		if (!rec[k])
			continue;
		wbg_record_add_condition(rec[k], "id_th", pp->id_th_a, "A", ctx);
		wbg_record_add_condition(rec[k], "vds", vds, "V", ctx);
		wbg_record_add_condition(rec[k], "t_pre", pp->t_pre_s, "s", ctx);
		if (k != 1)
			wbg_record_add_condition(rec[k], "vpre_low", pp->vpre_low_v, "V", ctx);
		if (k != 0)
			wbg_record_add_condition(rec[k], "vpre_high", pp->vpre_high_v, "V", ctx);
	}
	if (rc == WBG_OK) {
		/* both sweeps' arrays, named _up and _down */
		const wbg_meas_result *res[2] = {up, down};
		size_t r;
		for (r = 0; r < 2; r++)
			for (k = 0; k < wbg_meas_result_array_count(res[r]) && n_arr < 16; k++) {
				arr[n_arr] = *wbg_meas_result_array(res[r], k);
				snprintf(aname[n_arr], sizeof(aname[0]), "%s_%s", arr[n_arr].name,
				         r ? "down" : "up");
				arr[n_arr].name = aname[n_arr];
				n_arr++;
			}
		wbg_meas_result_step(&st, up, sample, ps->seq, t->info.id);
		st.method = "vth+transfer";
		st.finished = wbg_meas_result_finished(down);
		st.readout_s = ps->readout_s;
		st.arrays = arr;
		st.n_arrays = n_arr;
		st.n_records = 0;
		for (k = 0; k < 3; k++)
			if (rec[k])
				recs[st.n_records++] = rec[k];
		st.records = recs;
		rc = wbg_store_step_write(NULL, j->st, j->run, &st);
	}
	if (rc == WBG_OK && why[0])
		snprintf(summary, slen, "%s", why);
	else if (rc == WBG_OK)
		snprintf(summary, slen, "VGSth_up = %.3f V, VGSth_down = %.3f V, hysteresis %.0f mV",
		         vup, vdown, (vdown - vup) * 1e3);
	for (k = 0; k < 3; k++)
		wbg_record_free(rec[k]);
	wbg_meas_result_free(up);
	wbg_meas_result_free(down);
	return rc;
}

/* Measure one step and store it. Returns a WBG code. */
static int measure(struct job *j, wbg_meas *m, const char *sample, const struct plan_step *ps,
                   char *summary, size_t slen)
{
	const struct plan_test *t = &j->plan->tests[ps->t];
	const struct plan_method *pm = t->meas[ps->m];
	wbg_meas_result *r = NULL;
	wbg_record *rec = NULL;
	const wbg_record *recs[1];
	wbg_step step;
	int rc;

	if (pm->kind == PLAN_VTH_PAIR)
		return measure_pair(j, m, t, sample, ps, summary, slen);
	if (pm->kind == PLAN_TRANSFER) {
		static const char *const names[] = {"vds", "vgs_start", "vgs_stop", "points", "id_limit"};
		const double values[] = {TRANSFER_VDS_V, 0, TRANSFER_VGS_STOP_V, TRANSFER_POINTS,
		                         TRANSFER_ID_LIMIT_A};
		rc = wbg_method_run(&r, m, "transfer", names, values, 5);
		if (rc == WBG_OK) {
			rc = extract_vth(&rec, r, j->cli->ctx);
			/* a unit whose drain current never reaches the criterion (a
			 * broken gate, say) has no threshold: its curve is stored all
			 * the same, and the other limits judge it */
			if (rc == WBG_ERR_NOT_FOUND || rc == WBG_ERR_INSUFFICIENT_DATA)
				rc = WBG_OK;
		}
	} else {
		const struct plan_settings *set = &t->set[ps->m];
		rc = wbg_method_run(&r, m, pm->method, set->names, set->values, set->n);
		if (rc == WBG_OK) {
			size_t k;
			const wbg_record *src = NULL;
			for (k = 0; k < wbg_meas_result_record_count(r); k++)
				if (strcmp(wbg_record_quantity(wbg_meas_result_record(r, k)), pm->record) == 0)
					src = wbg_meas_result_record(r, k);
			if (!src)
				rc = wbg_ctx_error(j->cli->ctx, WBG_ERR_INTERNAL, "method %s gave no %s",
				                   pm->method, pm->record);
			else
				rc = wbg_record_new(&rec, pm->param, wbg_record_value(src), pm->unit,
				                    wbg_record_uncertainty(src), j->cli->ctx);
		}
	}
	if (rc == WBG_OK) {
		char v[64];
		wbg_meas_result_step(&step, r, sample, ps->seq, t->info.id);
		step.readout_s = ps->readout_s;
		recs[0] = rec;
		step.records = recs;
		step.n_records = rec ? 1 : 0;
		rc = wbg_store_step_write(NULL, j->st, j->run, &step);
		if (!rec)
			snprintf(summary, slen, "no %s: the drain current never reaches %g mA", pm->param,
			         VTH_ICRIT_A * 1e3);
		else {
			cli_format_eng(v, sizeof(v), wbg_record_value(rec), pm->unit, 4);
			snprintf(summary, slen, "%s = %s", pm->param, v);
		}
	}
	wbg_record_free(rec);
	wbg_meas_result_free(r);
	return rc;
}

/* A step that failed (an instrument error, a dropped link, Ctrl-C): keep
 * what its method had measured as an aborted step of the run, apart from
 * the completed steps, so that a resume measures it again and no verdict
 * judges it. The step's own error stays the one reported. */
static void keep_aborted(struct job *j, wbg_meas *m, const char *sample, const struct plan_step *ps,
                         int rc)
{
	wbg_ctx *ctx = j->cli->ctx;
	wbg_meas_result *part = NULL;
	char why[1024];

	if (wbg_meas_take_partial(&part, m) != WBG_OK)
		return;
	snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(ctx));
	if (wbg_meas_result_store_aborted(j->st, j->run, part, sample, ps->seq,
	                                  j->plan->tests[ps->t].info.id, ps->readout_s,
	                                  why) == WBG_OK)
		j->aborted++;
	else
		wbg_ctx_error(ctx, rc, "%s (the points it had measured could not be kept: %s)", why,
		              wbg_ctx_errmsg(ctx));
	wbg_meas_result_free(part);
}

static void progress(struct job *j, const char *sample, const struct plan_step *ps,
                     const char *summary)
{
	const struct plan_test *t = &j->plan->tests[ps->t];
	double el = wbg_time_now() - j->t_start;
	size_t measured = j->done - j->skipped;
	double eta = measured ? el / (double)measured * (double)(j->total - j->done) : NAN;

	if (j->cli->verbosity < 0)
		return;
	if (j->tty) {
		int w = 30, fill = (int)((double)w * (double)j->done / (double)j->total), k;
		fputs("\r[", stderr);
		for (k = 0; k < w; k++)
			fputc(k < fill ? '#' : '.', stderr);
		fprintf(stderr, "] step %zu/%zu, sample %s, %s %g h", j->done, j->total, sample,
		        t->info.id, ps->readout_s / 3600.0);
		if (isfinite(eta))
			fprintf(stderr, ", ETA %.0f s   ", eta);
		if (j->done == j->total)
			fputc('\n', stderr);
	} else {
		printf("step %zu/%zu: sample %s %s @ %g h %s: %s\n", j->done, j->total, sample,
		       t->info.id, ps->readout_s / 3600.0, t->meas[ps->m]->method, summary);
		fflush(stdout);
	}
}

/* All steps of one sample. Returns a WBG code (WBG_ERR_INTERRUPTED too). */
static int run_sample(struct job *j, size_t unit)
{
	const char *sample = j->plan->samples[unit];
	wbg_vbench *vb = NULL;
	wbg_meas *m = NULL;
	double clock_s = 0; /* stress time reached in the present test */
	size_t k, last_t = (size_t)-1;
	int rc = WBG_OK, ex;

	if (j->virtual_bench) {
		ex = sim_unit(j, &vb, unit);
		if (ex != CLI_EXIT_OK)
			return WBG_ERR_INVALID_ARG;
	}
	rc = wbg_meas_new(&m, j->cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_meas_use_bench(m, j->bench, j->bpath);
	if (rc == WBG_OK && j->dev)
		rc = wbg_meas_use_device(m, j->dev, j->dpath);
	if (rc == WBG_OK && !isnan(j->o->reconnect_s))
		rc = wbg_meas_set_reconnect(m, j->o->reconnect_s);
	if (rc == WBG_OK) {
		wbg_meas_set_interrupt(m, j->o->interrupted);
		wbg_meas_set_interlock(m, j->o->interlock != 0);
		if (unit == 0)
			wbg_meas_store_instruments(m, j->st, j->run);
	}
	for (k = 0; rc == WBG_OK && k < j->plan->steps_per_sample; k++) {
		struct plan_step ps;
		char summary[160] = "stored before (resumed)";
		bool exists = false;
		plan_step_at(&ps, j->plan, k);
		if (ps.t != last_t) {
			last_t = ps.t;
			clock_s = 0;
		}
		if (*j->o->interrupted) {
			rc = WBG_ERR_INTERRUPTED;
			break;
		}
		/* the stress up to this readout, on the virtual clock */
		if (vb && ps.readout_s > clock_s) {
			rc = stress(m, vb, &j->plan->tests[ps.t], ps.readout_s - clock_s);
			clock_s = ps.readout_s;
			if (rc != WBG_OK)
				break;
		}
		rc = wbg_store_step_exists(&exists, j->st, j->run, sample, ps.seq);
		if (rc != WBG_OK)
			break;
		if (exists)
			j->skipped++;
		else
			rc = measure(j, m, sample, &ps, summary, sizeof(summary));
		if (rc != WBG_OK && !exists)
			keep_aborted(j, m, sample, &ps, rc);
		if (rc == WBG_OK) {
			j->done++;
			progress(j, sample, &ps, summary);
		}
	}
	wbg_meas_free(m); /* every output off */
	if (vb) {
		wbg_vbench_attach(j->cli->ctx, NULL);
		wbg_vbench_free(vb);
	}
	return rc;
}

/* What a resumed run must share with the options given. */
struct stored {
	char lot[256];
	char sha[65];
	int64_t seed;
};

static int keep_run(void *user, const wbg_run_record *r)
{
	struct stored *s = user;

	snprintf(s->lot, sizeof(s->lot), "%s", r->info.lot);
	snprintf(s->sha, sizeof(s->sha), "%s", r->info.standard_sha256 ? r->info.standard_sha256 : "");
	s->seed = r->info.seed;
	return 0;
}

static int begin_or_resume(struct job *j)
{
	struct cli *cli = j->cli;
	char host[256] = "unknown";
	wbg_run_info info;
	int rc;

	rc = wbg_store_open(&j->st, j->o->db, cli->ctx);
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, "choose another file with --db");
	if (j->o->resume) {
		struct stored s;
		memset(&s, 0, sizeof(s));
		rc = wbg_store_run_read(j->st, j->o->resume, keep_run, &s);
		if (rc != WBG_OK)
			return cli_lib_error(cli, rc, "'wbg export --list' shows the runs of a store.");
		/* the same lot, standard file and lot seed, or the verdicts would mix two jobs */
		if (strcmp(s.lot, j->o->lot) != 0 || strcmp(s.sha, j->ssha) != 0 ||
		    (j->virtual_bench && s.seed != (int64_t)j->o->seed))
			return cli_error(cli, CLI_EXIT_USAGE,
			                 "run %lld was started with lot '%s', another standard file or "
			                 "another seed (%lld); resume it with the options it was started "
			                 "with ('wbg export %lld --format json' shows them)",
			                 (long long)j->o->resume, s.lot, (long long)s.seed,
			                 (long long)j->o->resume);
		j->run = j->o->resume;
		gethostname(host, sizeof(host) - 1);
		rc = wbg_store_run_claim(j->st, j->run, host, (int64_t)getpid());
		return rc == WBG_OK ? CLI_EXIT_OK : cli_lib_error(cli, rc, NULL);
	}
	gethostname(host, sizeof(host) - 1);
	memset(&info, 0, sizeof(info));
	info.lot = j->o->lot;
	info.standard_file = j->spath;
	info.standard_sha256 = j->ssha;
	info.bench_file = j->bpath;
	info.bench_sha256 = j->bsha;
	if (j->dev) {
		info.device_file = j->dpath;
		info.device_sha256 = j->dsha;
	}
	info.operator_name = operator_name(j->o);
	info.host = host;
	info.seed = j->virtual_bench ? (int64_t)j->o->seed : 0;
	rc = wbg_store_run_begin(&j->run, j->st, &info);
	/* who runs it, so that a reader can tell a killed run from one in progress */
	if (rc == WBG_OK)
		rc = wbg_store_run_claim(j->st, j->run, host, (int64_t)getpid());
	if (rc != WBG_OK)
		return cli_lib_error(cli, rc, NULL);
	return CLI_EXIT_OK;
}

/* Judge the stored run, store the verdicts, print them. */
static int evaluate(struct job *j)
{
	struct cli *cli = j->cli;
	wbg_dataset *ds = NULL;
	wbg_eval *ev = NULL;
	wbg_verdict_info *v = NULL;
	struct check_info info;
	struct check_digest dig;
	char *csv = NULL, name[64];
	size_t len = 0, i, n;
	int ex, rc;

	ex = cli_run_csv_text(cli, &csv, &len, j->st, j->run);
	if (ex != CLI_EXIT_OK)
		return ex;
	snprintf(name, sizeof(name), "run %lld", (long long)j->run);
	rc = wbg_dataset_new(&ds);
	if (rc == WBG_OK)
		rc = wbg_dataset_parse_csv(ds, csv, len, name, cli->ctx);
	if (rc == WBG_OK)
		rc = wbg_evaluate(&ev, j->std, j->dev, ds, cli->ctx);
	if (rc != WBG_OK) {
		ex = cli_input_error(cli, rc, NULL);
		goto out;
	}
	n = wbg_eval_count(ev);
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v) {
		ex = cli_error(cli, CLI_EXIT_IO, "out of memory");
		goto out;
	}
	for (i = 0; i < n; i++)
		cli_verdict_from_result(&v[i], wbg_eval_result(ev, i));
	rc = wbg_store_verdicts_write(j->st, j->run, v, n);
	if (rc != WBG_OK) {
		ex = cli_lib_error(cli, rc, NULL);
		goto out;
	}
	memset(&info, 0, sizeof(info));
	info.standard_id = wbg_standard_id(j->std);
	info.standard_revision = wbg_standard_revision(j->std);
	info.standard_path = j->spath;
	info.device = j->dev ? wbg_device_id(j->dev) : NULL;
	info.standard_sha256 = j->ssha;
	wbg_sha256_buffer(dig.sha256, csv, len);
	dig.name = name;
	info.data = &dig;
	info.n_data = 1;
	info.rows = wbg_dataset_count(ds);
	info.all = cli->verbosity > 0;
	if (!j->o->quiet_verdicts && cli->verbosity >= 0)
		check_report(stdout, CHECK_TEXT, &info, ev);
	ex = cli_exit_for_outcome(wbg_eval_worst(ev));
out:
	free(v);
	wbg_eval_free(ev);
	wbg_dataset_free(ds);
	free(csv);
	return ex;
}

int run_main(struct cli *cli, struct run_opts *o, struct plan *plan)
{
	struct job j;
	size_t u;
	int ex, rc = WBG_OK;

	memset(&j, 0, sizeof(j));
	j.cli = cli;
	j.o = o;
	j.plan = plan;
	ex = load(&j);
	if (ex != CLI_EXIT_OK)
		goto out;
	if (o->dry_run) {
		plan_print(stdout, plan, j.virtual_bench);
		ex = CLI_EXIT_OK;
		goto out;
	}
	ex = begin_or_resume(&j);
	if (ex != CLI_EXIT_OK)
		goto out;
	o->out_run = j.run;
	if (cli->verbosity >= 0)
		printf("run %lld, lot %s: %zu samples × %zu steps, store %s\n", (long long)j.run, o->lot,
		       plan->n_samples, plan->steps_per_sample, o->db);
	fflush(stdout);
	j.total = plan->n_samples * plan->steps_per_sample;
	j.t_start = wbg_time_now();
	j.tty = isatty(STDERR_FILENO) && isatty(STDOUT_FILENO);
	for (u = 0; rc == WBG_OK && u < plan->n_samples; u++)
		rc = run_sample(&j, u);
	if (rc == WBG_ERR_INTERRUPTED || *o->interrupted) {
		wbg_store_run_finish(j.st, j.run, "interrupted");
		if (j.tty)
			fputc('\n', stderr);
		ex = cli_error(cli, CLI_EXIT_IO, "interrupted: every output is off; %zu of %zu steps "
		               "are stored%s. Continue with: wbg run ... --resume %lld",
		               j.done, j.total,
		               j.aborted ? " (and the points of the step cut short, as an aborted step)"
		                         : "",
		               (long long)j.run);
		goto out;
	}
	if (rc != WBG_OK) {
		char hint[320];

		/* An SMU whose link dropped and did not come back may still be on:
		 * the error says so; the hint must not contradict it. */
		snprintf(hint, sizeof(hint),
		         "%s; the %zu steps measured so far are stored%s; continue with: wbg run ... "
		         "--resume %lld",
		         strstr(wbg_ctx_errmsg(cli->ctx), "switch it off at the instrument")
		             ? "every other output is off"
		             : "every output is off",
		         j.done,
		         j.aborted ? ", and the points of the failed step as an aborted step" : "",
		         (long long)j.run);
		wbg_store_run_finish(j.st, j.run, "failed");
		ex = cli_lib_error(cli, rc, hint);
		if (ex == CLI_EXIT_OK)
			ex = CLI_EXIT_IO;
		goto out;
	}
	rc = wbg_store_run_finish(j.st, j.run, "complete");
	if (rc != WBG_OK) {
		ex = cli_lib_error(cli, rc, NULL);
		goto out;
	}
	ex = evaluate(&j);
	if (cli->verbosity >= 0 && (ex == CLI_EXIT_OK || ex == CLI_EXIT_FAIL ||
	                            ex == CLI_EXIT_INCONCLUSIVE))
		printf("stored: %s, run %lld (%zu steps measured, %zu resumed). Report: %s report "
		       "%lld --db %s -o report.html\n",
		       o->db, (long long)j.run, j.done - j.skipped, j.skipped, cli->prog,
		       (long long)j.run, o->db);
out:
	wbg_store_close(j.st);
	wbg_bench_free(j.bench);
	wbg_device_free(j.dev);
	wbg_standard_free(j.std);
	wbg_schema_free(j.schema);
	return ex;
}
