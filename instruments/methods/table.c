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
	if (v[3] != floor(v[3]) || v[3] < 2 || (v[8] != 0 && v[8] != 1 && v[8] != 2))
		return wbg_ctx_error(m->ctx, WBG_ERR_INVALID_ARG,
		                     "transfer: points must be a whole number >= 2 and mode 0, 1 or 2");
	return wbg_meas_transfer(out, m, &p);
}

struct method {
	wbg_method_info info;
	int (*run)(wbg_meas_result **out, wbg_meas *m, const double *values);
};

static const struct method methods[] = {
	{{"transfer", "transfer curve Id(Vgs) at a fixed Vds", transfer_settings,
	  N(transfer_settings)},
	 run_transfer},
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
