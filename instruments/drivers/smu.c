/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SMU capability interface: driver choice from *IDN? or by name,
 * counted bus helpers, uncertainty of readings from the accuracy models.
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "driver_int.h"
#include "wbg/accuracy.h"
#include "wbg/error.h"

static const struct wbgi_smu_ops *const smu_drivers[] = {
	&wbgi_smu_k2450, &wbgi_smu_k2460, &wbgi_smu_k2470, &wbgi_smu_b2901a, &wbgi_smu_b2902a,
};

#define N_DRIVERS (sizeof(smu_drivers) / sizeof(smu_drivers[0]))

static const struct wbgi_smu_ops *find_driver(const char *model)
{
	size_t i;

	if (strncasecmp(model, "MODEL ", 6) == 0)
		model += 6;
	for (i = 0; i < N_DRIVERS; i++)
		if (strcasecmp(model, smu_drivers[i]->model) == 0)
			return smu_drivers[i];
	return NULL;
}

int wbg_smu_open(wbg_smu **out, wbg_instr *instr, const char *driver, int channel, wbg_ctx *ctx)
{
	const struct wbgi_smu_ops *ops;
	wbg_idn idn;
	wbg_smu *s;
	int rc;

	if (!out || !instr)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_smu_open: NULL argument");
	if (!driver) {
		rc = wbg_instr_idn(instr, &idn);
		if (rc != WBG_OK)
			return rc;
		driver = idn.model;
		ops = find_driver(driver);
	} else {
		ops = find_driver(driver);
	}
	if (!ops)
		return wbg_ctx_error(ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: no SMU driver for model '%s' (drivers: 2450, 2460, 2470, "
		                     "B2901A, B2902A)",
		                     wbg_instr_resource(instr), driver);
	if (channel < 1 || channel > ops->channels)
		return wbg_ctx_error(ctx, WBG_ERR_RANGE, "%s: the %s has no channel %d (1..%d)",
		                     wbg_instr_resource(instr), ops->model, channel, ops->channels);
	s = calloc(1, sizeof(*s));
	if (!s)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "opening the SMU interface");
	s->ops = ops;
	s->instr = instr;
	s->ctx = ctx;
	s->ch = channel;
	s->nplc = 1.0;
	*out = s;
	return WBG_OK;
}

void wbg_smu_free(wbg_smu *smu)
{
	free(smu);
}

const char *wbg_smu_model(const wbg_smu *smu)
{
	return smu ? smu->ops->model : NULL;
}

int wbg_smu_channel(const wbg_smu *smu)
{
	return smu ? smu->ch : 0;
}

wbg_instr *wbg_smu_instr(const wbg_smu *smu)
{
	return smu ? smu->instr : NULL;
}

void wbg_smu_set_accuracy(wbg_smu *smu, const wbg_acc_table *table)
{
	if (smu)
		smu->acc = table;
}

const char *wbg_smu_accuracy_source(const wbg_smu *smu)
{
	if (!smu)
		return NULL;
	if (smu->acc)
		return wbg_acc_table_source(smu->acc);
	return smu->ops->accuracy ? wbg_accuracy_source(smu->ops->accuracy) : NULL;
}

unsigned long wbg_smu_transactions(const wbg_smu *smu)
{
	return smu ? smu->tx : 0;
}

int wbg_smu_reset(wbg_smu *smu)
{
	if (!smu)
		return WBG_ERR_INVALID_ARG;
	return smu->ops->reset(smu);
}

int wbg_smu_source(wbg_smu *smu, wbg_smu_fn fn, double level, double limit)
{
	int rc;

	if (!smu || !isfinite(level) || !isfinite(limit) || limit <= 0)
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_smu_source: level and a positive limit required");
	rc = smu->ops->source(smu, fn, level, limit);
	if (rc == WBG_OK) {
		smu->fn = fn;
		smu->level = level;
		smu->limit = limit;
	}
	return rc;
}

int wbg_smu_set_level(wbg_smu *smu, double level)
{
	int rc;

	if (!smu || !isfinite(level))
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_smu_set_level: finite level required");
	rc = smu->ops->level(smu, level);
	if (rc == WBG_OK)
		smu->level = level;
	return rc;
}

int wbg_smu_set_nplc(wbg_smu *smu, double nplc)
{
	int rc;

	if (!smu || !(nplc > 0) || nplc > 100)
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_RANGE,
		                     "integration of %g PLC (0 < NPLC <= 100)", nplc);
	rc = smu->ops->nplc(smu, nplc);
	if (rc == WBG_OK)
		smu->nplc = nplc;
	return rc;
}

int wbg_smu_output(wbg_smu *smu, bool on)
{
	if (!smu)
		return WBG_ERR_INVALID_ARG;
	return smu->ops->output(smu, on);
}

int wbg_smu_measure(wbg_smu *smu, wbg_smu_reading *out)
{
	if (!smu || !out)
		return WBG_ERR_INVALID_ARG;
	return smu->ops->measure(smu, out);
}

int wbg_smu_sweep(wbg_smu *smu, wbg_smu_reading *out, wbg_smu_fn fn, double start, double stop,
                  size_t points, double limit, double delay_s)
{
	int rc;

	if (!smu || !out || points < 2 || !(limit > 0) || !isfinite(start) || !isfinite(stop) ||
	    !(delay_s >= 0))
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_smu_sweep: bad arguments");
	if (!smu->ops->sweep)
		return wbg_ctx_error(smu->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: the %s driver has no instrument-side sweep",
		                     wbg_instr_resource(smu->instr), smu->ops->model);
	rc = smu->ops->sweep(smu, out, fn, start, stop, points, limit, delay_s);
	if (rc == WBG_OK) {
		smu->fn = fn;
		smu->level = stop;
		smu->limit = limit;
	}
	return rc;
}

bool wbg_smu_can_pulse(const wbg_smu *smu)
{
	return smu && smu->ops->pulse;
}

int wbg_smu_pulse(wbg_smu *smu, wbg_smu_reading *out, wbg_smu_fn fn, double base, double peak,
                  double limit, double width_s)
{
	int rc;

	if (!smu || !out || !(limit > 0) || !isfinite(base) || !isfinite(peak) ||
	    !(width_s >= 100e-6 && width_s <= 10.0))
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_smu_pulse: finite levels, positive limit, width 100 us..10 s");
	if (!smu->ops->pulse)
		return wbg_ctx_error(smu->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s: the %s driver has no pulse mode; use a DC reading",
		                     wbg_instr_resource(smu->instr), smu->ops->model);
	rc = smu->ops->pulse(smu, out, fn, base, peak, limit, width_s);
	if (rc == WBG_OK) {
		smu->fn = fn;
		smu->level = base;
		smu->limit = limit;
	}
	return rc;
}

bool wbg_smu_can_sweep2(const wbg_smu *a, const wbg_smu *b)
{
	return a && b && a->instr == b->instr && a->ch != b->ch && a->ops == b->ops &&
	       a->ops->sweep2;
}

int wbg_smu_sweep2(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a, wbg_smu_reading *out_b,
                   double a_start, double a_stop, double a_limit, double b_level,
                   double b_limit, size_t points, double delay_s)
{
	if (!a || !b || !out_a || !out_b || points < 2 || !(a_limit > 0) || !(b_limit > 0))
		return wbg_ctx_error(a ? a->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_smu_sweep2: bad arguments");
	if (!wbg_smu_can_sweep2(a, b))
		return wbg_ctx_error(a->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s and %s: a synchronised sweep needs two channels of one "
		                     "B2902A-like instrument",
		                     wbg_instr_resource(a->instr), wbg_instr_resource(b->instr));
	return a->ops->sweep2(a, b, out_a, out_b, a_start, a_stop, a_limit, b_level, b_limit,
	                      points, delay_s);
}

int wbg_smu_off(wbg_smu *smu)
{
	if (!smu)
		return WBG_ERR_INVALID_ARG;
	return smu->ops->off(smu);
}

int wbg_smu_wait(wbg_smu *smu, double seconds)
{
	if (!smu)
		return WBG_ERR_INVALID_ARG;
	return wbg_instr_wait(smu->instr, seconds);
}

/* ---- helpers for the drivers ---- */

static int vfmt(char *buf, size_t cap, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, cap, fmt, ap);

	return n < 0 || (size_t)n >= cap ? WBG_ERR_OVERFLOW : WBG_OK;
}

int wbgi_smu_write(wbg_smu *s, const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfmt(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "command too long");
	s->tx++;
	return wbg_instr_write(s->instr, cmd);
}

int wbgi_smu_query(wbg_smu *s, char **out, double work_s, const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfmt(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "command too long");
	s->tx++;
	return wbg_instr_query(s->instr, out, cmd, work_s);
}

int wbgi_smu_query_array(wbg_smu *s, double **out, size_t *out_n, double work_s,
                         wbg_scpi_format fmt, const char *cmd)
{
	s->tx++;
	return wbg_instr_query_array(s->instr, out, out_n, cmd, fmt, work_s);
}

int wbgi_smu_errors(wbg_smu *s, const char *what)
{
	wbg_scpi_error e[4];
	size_t n = 0;
	int rc;

	s->tx++;
	rc = wbg_instr_errors(s->instr, e, 4, &n);
	if (rc != WBG_OK)
		return rc;
	if (n == 0)
		return WBG_OK;
	return wbg_ctx_error(s->ctx, WBG_ERR_INSTRUMENT, "%s (%s): %s refused: error %d \"%s\"",
	                     wbg_instr_resource(s->instr), s->ops->model, what, e[0].code,
	                     e[0].message);
}

static double u_of(const wbg_smu *s, wbg_acc_fn fn, double value)
{
	double u;

	if (!isfinite(value) || fabs(value) > 1e30)
		return NAN;
	if (s->acc) {
		if (wbg_acc_table_u(&u, s->acc, fn, value, WBGI_AMBIENT_K, NULL) != WBG_OK)
			return NAN;
		return u;
	}
	if (!s->ops->accuracy ||
	    wbg_accuracy_u(&u, s->ops->accuracy, fn, value, WBGI_AMBIENT_K, NULL) != WBG_OK)
		return NAN;
	return u;
}

void wbgi_smu_uncertainty(const wbg_smu *s, wbg_smu_reading *r)
{
	if (s->fn == WBG_SMU_SOURCE_V) {
		r->u_v = u_of(s, WBG_ACC_SOURCE_VOLTAGE, r->v);
		r->u_i = u_of(s, WBG_ACC_MEASURE_CURRENT, r->i);
		r->compliance = fabs(r->i) >= 0.999 * s->limit;
	} else {
		r->u_i = u_of(s, WBG_ACC_SOURCE_CURRENT, r->i);
		r->u_v = u_of(s, WBG_ACC_MEASURE_VOLTAGE, r->v);
		r->compliance = fabs(r->v) >= 0.999 * s->limit;
	}
}
