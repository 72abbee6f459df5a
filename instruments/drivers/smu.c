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
	bool from_idn = driver == NULL;
	wbg_idn idn;
	wbg_smu *s;
	int rc;

	if (!out || !instr)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_smu_open: NULL argument");
	if (from_idn) {
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
	s->reconnect_s = WBG_SMU_DEFAULT_RECONNECT_S;
	s->idn_known = from_idn;
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

int wbg_smu_link(wbg_smu *from, int from_line, wbg_smu *to, int to_line)
{
	if (!from)
		return WBG_ERR_INVALID_ARG;
	if (!to) {
		from->trig_to = NULL;
		return WBG_OK;
	}
	if (from->instr == to->instr)
		return wbg_ctx_error(from->ctx, WBG_ERR_INVALID_ARG,
		                     "%s: a trigger cable joins two instruments, not one to itself",
		                     wbg_instr_resource(from->instr));
	if (!from->ops->dio_lines || !to->ops->dio_lines)
		return wbg_ctx_error(from->ctx, WBG_ERR_NOT_SUPPORTED,
		                     "%s (%s) to %s (%s): the driver has no digital I/O trigger lines "
		                     "(they are used on the 2450, 2460 and 2470)",
		                     wbg_instr_resource(from->instr), from->ops->model,
		                     wbg_instr_resource(to->instr), to->ops->model);
	if (from_line < 1 || from_line > from->ops->dio_lines || to_line < 1 ||
	    to_line > to->ops->dio_lines)
		return wbg_ctx_error(from->ctx, WBG_ERR_RANGE,
		                     "trigger cable from %s line %d to %s line %d: the %s has lines "
		                     "1..%d",
		                     wbg_instr_resource(from->instr), from_line,
		                     wbg_instr_resource(to->instr), to_line, from->ops->model,
		                     from->ops->dio_lines);
	from->trig_to = to;
	from->trig_out_line = from_line;
	from->trig_in_line = to_line;
	return WBG_OK;
}

/* Two instruments joined by a declared trigger cable from a to b, with
 * drivers that run the linked sweep. */
static bool linked(const wbg_smu *a, const wbg_smu *b)
{
	return a->trig_to == b && a->instr != b->instr && a->ops->sweep2_linked &&
	       a->ops->sweep2_linked == b->ops->sweep2_linked;
}

bool wbg_smu_can_sweep2(const wbg_smu *a, const wbg_smu *b)
{
	if (!a || !b)
		return false;
	if (a->instr == b->instr)
		return a->ch != b->ch && a->ops == b->ops && a->ops->sweep2;
	return linked(a, b);
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
		                     "B2902A, or two 2450/2460/2470 with a trigger cable declared "
		                     "from the first to the second (<trigger-link> in the bench file)",
		                     wbg_instr_resource(a->instr), wbg_instr_resource(b->instr));
	if (a->instr != b->instr)
		return a->ops->sweep2_linked(a, b, out_a, out_b, a_start, a_stop, a_limit, b_level,
		                             b_limit, points, delay_s);
	return a->ops->sweep2(a, b, out_a, out_b, a_start, a_stop, a_limit, b_level, b_limit,
	                      points, delay_s);
}

int wbg_smu_set_reconnect(wbg_smu *smu, double window_s)
{
	if (!smu || !(window_s >= 0.0) || window_s > WBG_INSTR_MAX_REOPEN_S)
		return wbg_ctx_error(smu ? smu->ctx : NULL, WBG_ERR_RANGE,
		                     "reconnect window of %g s (0 to %g s)", window_s,
		                     (double)WBG_INSTR_MAX_REOPEN_S);
	smu->reconnect_s = window_s;
	return WBG_OK;
}

double wbg_smu_reconnect(const wbg_smu *smu)
{
	return smu ? smu->reconnect_s : 0.0;
}

const char *wbg_smu_off_report(const wbg_smu *smu)
{
	return smu ? smu->off_report : "";
}

/*
 * The off sequence could not reach the instrument (WBG_ERR_NO_DEVICE):
 * find it again within the reconnect window, check that it is the same
 * instrument with an SMU this driver speaks to, send the off sequence and
 * read the output back. The context's error detail says why the first
 * attempt failed.
 */
static int off_after_reconnect(wbg_smu *s)
{
	const char *res = wbg_instr_resource(s->instr);
	double window = s->gave_up ? 0.0 : s->reconnect_s, waited = 0, level = NAN;
	bool on = true;
	wbg_idn idn;
	int rc;

	wbg_log(s->ctx, WBG_LOG_WARN, "smu",
	        "%s: the link dropped while switching the %s off (%s); waiting up to %g s for it "
	        "to come back",
	        res, s->ops->model, wbg_ctx_errmsg(s->ctx), window);
	rc = wbg_instr_reopen(s->instr, window, &waited);
	if (rc != WBG_OK) {
		const char *why = wbg_ctx_errmsg(s->ctx);
		size_t rl = strlen(res);

		/* "<resource>: the instrument did not come back ..." without the
		 * resource, which the error names already. */
		if (strncmp(why, res, rl) == 0 && why[rl] == ':' && why[rl + 1] == ' ')
			why += rl + 2;
		s->gave_up = true;
		snprintf(s->off_report, sizeof(s->off_report), "the link dropped, and %s", why);
		return wbg_ctx_error(s->ctx, WBG_ERR_NO_DEVICE, "%s: %s", res, s->off_report);
	}
	s->gave_up = false;
	/* The same instrument (wbg_instr_reopen checked its *IDN? against the
	 * first one); and a model this driver is for, when nothing was known. */
	rc = wbg_instr_idn(s->instr, &idn);
	if (rc == WBG_OK && find_driver(idn.model) != s->ops) {
		snprintf(s->off_report, sizeof(s->off_report),
		         "the link dropped; a %s %s answers there now, not a %s: it was left alone",
		         idn.manufacturer, idn.model, s->ops->model);
		return wbg_ctx_error(s->ctx, WBG_ERR_NO_DEVICE, "%s: %s", res, s->off_report);
	}
	if (rc == WBG_OK)
		rc = s->ops->off(s);
	if (rc == WBG_OK && s->ops->state)
		rc = s->ops->state(s, &on, &level);
	if (rc != WBG_OK) {
		snprintf(s->off_report, sizeof(s->off_report),
		         "the link dropped and came back after %.1f s, but the off sequence failed "
		         "then (%s)",
		         waited, wbg_ctx_errmsg(s->ctx));
		return wbg_ctx_error(s->ctx, rc, "%s: %s", res, s->off_report);
	}
	if (!s->ops->state) {
		snprintf(s->off_report, sizeof(s->off_report),
		         "the link dropped and came back after %.1f s (%s*IDN? serial %s); the off "
		         "sequence was sent after reconnection (the %s cannot report its output "
		         "state)",
		         waited, s->idn_known ? "same " : "", idn.serial, s->ops->model);
		return WBG_OK;
	}
	if (on || !(fabs(level) <= WBGI_OFF_LEVEL_V)) {
		snprintf(s->off_report, sizeof(s->off_report),
		         "the link dropped and came back after %.1f s, but after the off sequence it "
		         "still reports output %s at %g V",
		         waited, on ? "on" : "off", level);
		return wbg_ctx_error(s->ctx, WBG_ERR_INSTRUMENT, "%s: %s", res, s->off_report);
	}
	snprintf(s->off_report, sizeof(s->off_report),
	         "the link dropped and came back after %.1f s (%s*IDN? serial %s); output "
	         "confirmed off at 0 V after reconnection",
	         waited, s->idn_known ? "same " : "", idn.serial);
	wbg_log(s->ctx, WBG_LOG_WARN, "smu", "%s: %s", res, s->off_report);
	return WBG_OK;
}

int wbg_smu_off(wbg_smu *smu)
{
	int rc;

	if (!smu)
		return WBG_ERR_INVALID_ARG;
	smu->off_report[0] = '\0';
	rc = smu->ops->off(smu);
	if (rc != WBG_ERR_NO_DEVICE || !(smu->reconnect_s > 0.0))
		return rc;
	return off_after_reconnect(smu);
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

int wbgi_smu_query_number(wbg_smu *s, double *out, const char *cmd)
{
	char *reply = NULL, *end;
	double v;
	int rc;

	rc = wbgi_smu_query(s, &reply, 0.0, "%s", cmd);
	if (rc != WBG_OK)
		return rc;
	v = strtod(reply, &end);
	if (end == reply || !isfinite(v))
		rc = wbg_ctx_error(s->ctx, WBG_ERR_PROTOCOL, "%s (%s): reply '%.40s' to %s is not a number",
		                   wbg_instr_resource(s->instr), s->ops->model, reply, cmd);
	else
		*out = v;
	free(reply);
	return rc;
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
