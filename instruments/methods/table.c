/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The method table: every method with its settings (SI units, defaults),
 * run by name with name=value settings (plan steps, wbg measure).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "method_int.h"
#include "wbg/error.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_SETTINGS 16

static int whole(wbg_meas *m, const char *method, const char *name, double v, double lo)
{
	if (v != floor(v) || v < lo)
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "%s: %s must be a whole number >= %g",
		                     method, name, lo);
	return WBG_OK;
}

static const wbg_method_setting transfer_settings[] = {
	{"vds", "V", 1.0, "drain-source voltage held during the sweep"},
	{"vgs_start", "V", 0.0, "first gate-source voltage"},
	{"vgs_stop", "V", 10.0, "last gate-source voltage"},
	{"points", "1", 101, "number of points (2..10000)"},
	{"id_limit", "A", 10e-3, "drain current limit (compliance)"},
	{"ig_limit", "A", 1e-3, "gate current limit"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 1e-3, "settling delay per point"},
	{"mode", "1", 0, "0 on the instrument when it can, 1 on the instrument only, 2 point by point"},
};

static int run_transfer(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	wbg_transfer_params p;

	p.vds_v = v[0];
	p.vgs_start_v = v[1];
	p.vgs_stop_v = v[2];
	p.points = (size_t)v[3];
	p.id_limit_a = v[4];
	p.ig_limit_a = v[5];
	p.nplc = v[6];
	p.delay_s = v[7];
	p.mode = (wbg_sweep_mode)(int)v[8];
	if (whole(m, "transfer", "points", v[3], 2) != WBG_OK || (v[8] != 0 && v[8] != 1 && v[8] != 2))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "transfer: points must be a whole number >= 2 and mode 0, 1 or 2");
	return wbg_meas_transfer(out, m, &p);
}

static const wbg_method_setting output_settings[] = {
	{"vgs", "V", 10.0, "gate-source voltage held during the sweep"},
	{"vds_start", "V", 0.0, "first drain-source voltage"},
	{"vds_stop", "V", 5.0, "last drain-source voltage"},
	{"points", "1", 51, "number of points (2..10000)"},
	{"id_limit", "A", 0.1, "drain current limit (compliance)"},
	{"ig_limit", "A", 1e-3, "gate current limit"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 1e-3, "settling delay per point"},
	{"mode", "1", 0, "0 on the instrument when it can, 2 point by point"},
};

static int run_output(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	int rc = whole(m, "output", "points", v[3], 2);

	if (rc == WBG_OK && v[8] != 0 && v[8] != 1 && v[8] != 2)
		rc = wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "output: mode 0, 1 or 2");
	if (rc != WBG_OK)
		return rc;
	return wbgi_method_output(out, m, v[0], v[1], v[2], (size_t)v[3], v[4], v[5], v[6], v[7],
	                          (wbg_sweep_mode)(int)v[8]);
}

static const wbg_method_setting vth_settings[] = {
	{"vds", "V", 0.1, "drain-source voltage during the readout"},
	{"id_th", "A", 1e-3, "drain current criterion defining Vth"},
	{"vpre", "V", -4.0, "preconditioning gate voltage (JEP183: negative before an up-sweep)"},
	{"t_pre", "s", 0.1, "preconditioning time"},
	{"delay", "s", 1e-3, "readout delay between preconditioning and the sweep"},
	{"vgs_start", "V", 0.0, "first gate voltage of the readout"},
	{"vgs_stop", "V", 10.0, "last gate voltage allowed"},
	{"step", "V", 0.02, "gate voltage step"},
	{"id_limit", "A", 10e-3, "drain current limit (compliance), above id_th"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
};

static int run_vth(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_vth(out, m, v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
}

static const wbg_method_setting rdson_settings[] = {
	{"vgs", "V", 15.0, "gate-source voltage"},
	{"id", "A", 0.05, "drain current forced"},
	{"vds_limit", "V", 2.0, "drain voltage limit (compliance)"},
	{"ig_limit", "A", 1e-3, "gate current limit"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 1e-3, "settling delay before the reading (DC)"},
	{"dc", "1", 0.0, "1: a DC reading even when the drain SMU can pulse"},
	{"pulse_width", "s", 500e-6, "drain pulse width when pulsed (100 us..10 s)"},
};

static int run_rdson(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_rdson(out, m, v[0], v[1], v[2], v[3], v[4], v[5], v[6] != 0.0, v[7]);
}

static const wbg_method_setting idss_settings[] = {
	{"vds", "V", 100.0, "drain-source voltage"},
	{"vgs", "V", 0.0, "gate-source voltage (off)"},
	{"id_limit", "A", 1e-3, "drain current limit (compliance)"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 0.1, "settling delay before the reading"},
};

static int run_idss(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_idss(out, m, v[0], v[1], v[2], v[3], v[4]);
}

static const wbg_method_setting igss_settings[] = {
	{"vgs_pos", "V", 15.0, "positive gate-source voltage"},
	{"vgs_neg", "V", -4.0, "negative gate-source voltage"},
	{"ig_limit", "A", 1e-3, "gate current limit (compliance)"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 0.1, "settling delay before each reading"},
};

static int run_igss(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_igss(out, m, v[0], v[1], v[2], v[3], v[4]);
}

static const wbg_method_setting bvdss_settings[] = {
	{"vgs", "V", 0.0, "gate-source voltage (off)"},
	{"vds_stop", "V", 100.0, "highest drain voltage"},
	{"step", "V", 1.0, "drain voltage step"},
	{"id_crit", "A", 250e-6, "leakage criterion defining BVDSS"},
	{"id_limit", "A", 1e-3, "hard drain current limit (compliance), >= id_crit"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 1e-3, "settling delay per step"},
};

static int run_bvdss(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_bvdss(out, m, v[0], v[1], v[2], v[3], v[4], v[5], v[6]);
}

static const wbg_method_setting diode_settings[] = {
	{"vgs", "V", 0.0, "gate-source voltage (0, or negative to keep the channel off)"},
	{"if", "A", 0.05, "source-drain forward current"},
	{"v_limit", "V", 6.0, "voltage limit (compliance)"},
	{"nplc", "1", 1.0, "integration time, power-line cycles"},
	{"delay", "s", 1e-3, "settling delay before the reading"},
};

static int run_diode(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	return wbgi_method_diode(out, m, v[0], v[1], v[2], v[3], v[4]);
}

static const wbg_method_setting cv_settings[] = {
	{"vds_start", "V", 0.0, "first drain-source bias"},
	{"vds_stop", "V", 40.0, "last drain-source bias (E4980A option 001: 40 V at most)"},
	{"points", "1", 41, "number of bias points (2..201)"},
	{"freq", "Hz", 1e6, "test frequency"},
	{"level", "V", 0.025, "AC test level, V rms"},
};

static int run_cv(wbg_meas_result **out, wbg_meas *m, const double *v)
{
	int rc = whole(m, "cv", "points", v[2], 2);

	return rc == WBG_OK ? wbgi_method_cv(out, m, v[0], v[1], (size_t)v[2], v[3], v[4]) : rc;
}

struct method {
	wbg_method_info info;
	int (*run)(wbg_meas_result **out, wbg_meas *m, const double *values);
};

static const struct method methods[] = {
	{{"transfer", "transfer curve Id(Vgs) at a fixed Vds", transfer_settings,
	  N(transfer_settings)},
	 run_transfer},
	{{"output", "output curve Id(Vds) at a fixed Vgs", output_settings, N(output_settings)},
	 run_output},
	{{"vth", "threshold voltage: preconditioning pulse, readout delay, up-sweep to id_th",
	  vth_settings, N(vth_settings)},
	 run_vth},
	{{"rdson", "on-resistance Vds/Id at a given Vgs and forced Id, pulsed where the drain SMU can", rdson_settings,
	  N(rdson_settings)},
	 run_rdson},
	{{"idss", "drain leakage at a given Vds, gate off", idss_settings, N(idss_settings)},
	 run_idss},
	{{"igss", "gate leakage at +Vgs and -Vgs, drain at 0 V", igss_settings, N(igss_settings)},
	 run_igss},
	{{"bvdss", "breakdown voltage at a leakage criterion, under a hard current limit",
	  bvdss_settings, N(bvdss_settings)},
	 run_bvdss},
	{{"diode", "body-diode forward voltage at a forced source-drain current", diode_settings,
	  N(diode_settings)},
	 run_diode},
	{{"cv", "Ciss, Coss and Crss against Vds (LCR bias list sweep)", cv_settings,
	  N(cv_settings)},
	 run_cv},
};

size_t wbg_method_count(void)
{
	return N(methods);
}

const wbg_method_info *wbg_method_at(size_t i)
{
	return i < N(methods) ? &methods[i].info : NULL;
}

const wbg_method_info *wbg_method_find(const char *name)
{
	size_t i;

	for (i = 0; name && i < N(methods); i++)
		if (strcmp(methods[i].info.name, name) == 0)
			return &methods[i].info;
	return NULL;
}

int wbg_method_run(wbg_meas_result **out, wbg_meas *m, const char *method,
                   const char *const *names, const double *values, size_t n)
{
	double v[MAX_SETTINGS];
	const struct method *me = NULL;
	size_t i, j;

	if (!out || !m || !method || (n && (!names || !values)))
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_method_run: NULL argument");
	for (i = 0; i < N(methods); i++)
		if (strcmp(methods[i].info.name, method) == 0)
			me = &methods[i];
	if (!me)
		return wbg_ctx_error(m->ctx, WBG_ERR_NOT_FOUND,
		                     "no measurement method '%s' ('wbg measure --help' lists them)",
		                     method);
	for (j = 0; j < me->info.n_settings; j++)
		v[j] = me->info.settings[j].def;
	for (i = 0; i < n; i++) {
		for (j = 0; j < me->info.n_settings; j++)
			if (strcmp(names[i], me->info.settings[j].name) == 0)
				break;
		if (j == me->info.n_settings)
			return wbg_ctx_error(m->ctx, WBG_ERR_NOT_FOUND,
			                     "%s has no setting '%s' ('wbg measure --help' lists them)",
			                     method, names[i]);
		if (!isfinite(values[i]))
			return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG, "%s: %s must be finite",
			                     method, names[i]);
		v[j] = values[i];
	}
	return me->run(out, m, v);
}
