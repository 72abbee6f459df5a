/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The measurement session: which SMU drives which terminal, the limits
 * every bias is checked against before an output is switched on (bench
 * file and device ratings, each with where it is set), the interrupt flag,
 * and switching everything off.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "method_int.h"
#include "wbg/error.h"

const char *const wbgi_term_names[WBGI_T_N] = {"gate", "drain"};
const char *const wbgi_cap_names[WBGI_C_N] = {"ciss", "coss", "crss"};

static int cap_index(const char *name)
{
	int i;

	for (i = 0; name && i < WBGI_C_N; i++)
		if (strcmp(name, wbgi_cap_names[i]) == 0)
			return i;
	return -1;
}

int wbg_meas_set_lcr(wbg_meas *m, const char *capacitance, wbg_lcr *lcr)
{
	int k = cap_index(capacitance);

	if (!m || k < 0)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "capacitance '%s': ciss, coss or crss",
		                     capacitance ? capacitance : "(null)");
	if (m->lcr_owned[k])
		wbg_lcr_free(m->lcr[k]);
	m->lcr[k] = lcr;
	m->lcr_owned[k] = false;
	return WBG_OK;
}

int wbgi_term_index(const char *name)
{
	int i;

	for (i = 0; name && i < WBGI_T_N; i++)
		if (strcmp(name, wbgi_term_names[i]) == 0)
			return i;
	return -1;
}

static void limit_none(struct wbgi_limit *l)
{
	l->value = NAN;
	l->where[0] = '\0';
}

int wbg_meas_new(wbg_meas **out, wbg_ctx *ctx)
{
	wbg_meas *m;
	int i;

	if (!out)
		return wbg_ctx_error(ctx, WBG_ERR_INVALID_ARG, "wbg_meas_new: NULL argument");
	m = calloc(1, sizeof(*m));
	if (!m)
		return wbg_ctx_error(ctx, WBG_ERR_NOMEM, "measurement session");
	m->ctx = ctx;
	m->reconnect_s = NAN;
	for (i = 0; i < WBGI_T_N; i++) {
		limit_none(&m->t[i].vmax);
		limit_none(&m->t[i].imax);
		limit_none(&m->t[i].pmax);
		limit_none(&m->t[i].interlock);
		limit_none(&m->t[i].vmin_dev);
		limit_none(&m->t[i].vmax_dev);
		limit_none(&m->t[i].imax_dev);
	}
	*out = m;
	return WBG_OK;
}

/* Add "the <term> SMU (<resource>): <report>" to the session's note. */
static void note_off(wbg_meas *m, int term, const char *report)
{
	size_t n = strlen(m->off_note);

	if (!report[0] || n + 1 >= sizeof(m->off_note))
		return;
	snprintf(m->off_note + n, sizeof(m->off_note) - n, "%sthe %s SMU (%s): %s",
	         n ? "; " : "", wbgi_term_names[term],
	         wbg_instr_resource(wbg_smu_instr(m->t[term].smu)), report);
}

/* Switch SMU @p i off; on failure, the error names it and tells the user
 * to switch it off by hand. With @p wait false, a dropped link is not
 * waited for: *out_dropped is set and nothing is reported yet. */
static int smu_off(wbg_meas *m, int i, bool wait, bool *out_dropped)
{
	wbg_smu *smu = m->t[i].smu;
	double window = wbg_smu_reconnect(smu);
	char why[768];
	int r;

	if (!wait && window > 0)
		(void)wbg_smu_set_reconnect(smu, 0);
	r = wbg_smu_off(smu);
	if (!wait && window > 0) {
		(void)wbg_smu_set_reconnect(smu, window);
		if (r == WBG_ERR_NO_DEVICE) {
			*out_dropped = true;
			return WBG_OK;
		}
	}
	note_off(m, i, wbg_smu_off_report(smu));
	if (r == WBG_OK)
		return WBG_OK;
	/* A copy: the detail is overwritten by the call that uses it. */
	snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(m->ctx));
	return wbg_ctx_error(m->ctx, r,
	                     "the %s SMU (%s) could not be switched off (%s): its output may still "
	                     "be on; switch it off at the instrument",
	                     wbgi_term_names[i], wbg_instr_resource(wbg_smu_instr(smu)), why);
}

int wbg_meas_all_off(wbg_meas *m)
{
	bool dropped[WBGI_T_N] = {false};
	char first[1024] = "";
	int i, pass, rc = WBG_OK, r;

	if (!m)
		return WBG_ERR_INVALID_ARG;
	m->off_note[0] = '\0';
	for (i = 0; i < WBGI_C_N; i++) {
		if (!m->lcr[i])
			continue;
		r = wbg_lcr_off(m->lcr[i]);
		if (r != WBG_OK && rc == WBG_OK) {
			rc = r;
			snprintf(first, sizeof(first), "%s", wbg_ctx_errmsg(m->ctx));
		}
	}
	/* Every reachable SMU first, without waiting for a dropped link, so
	 * that one instrument that went away does not keep the others on for
	 * its reconnect window; then the dropped ones, waiting. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < WBGI_T_N; i++) {
			if (!m->t[i].smu || (pass == 1 && !dropped[i]))
				continue;
			r = smu_off(m, i, pass == 1, &dropped[i]);
			if (r != WBG_OK && rc == WBG_OK) {
				rc = r;
				snprintf(first, sizeof(first), "%s", wbg_ctx_errmsg(m->ctx));
			}
		}
	if (rc != WBG_OK)
		return wbg_ctx_error(m->ctx, rc, "%s", first);
	return WBG_OK;
}

int wbg_meas_set_reconnect(wbg_meas *m, double window_s)
{
	int i, rc;

	if (!m || !(window_s >= 0.0) || window_s > WBG_INSTR_MAX_REOPEN_S)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_RANGE,
		                     "reconnect window of %g s (0 to %g s)", window_s,
		                     (double)WBG_INSTR_MAX_REOPEN_S);
	m->reconnect_s = window_s;
	for (i = 0; i < WBGI_T_N; i++) {
		if (!m->t[i].smu)
			continue;
		rc = wbg_smu_set_reconnect(m->t[i].smu, window_s);
		if (rc != WBG_OK)
			return rc;
	}
	return WBG_OK;
}

const char *wbg_meas_off_report(const wbg_meas *m)
{
	return m ? m->off_note : "";
}

void wbg_meas_free(wbg_meas *m)
{
	int i, j;

	if (!m)
		return;
	(void)wbg_meas_all_off(m);
	wbg_meas_result_free(m->partial);
	if (m->th_owned)
		wbg_thermal_free(m->th);
	wbg_instr_close(m->th_instr);
	for (i = 0; i < WBGI_C_N; i++) {
		if (m->lcr_owned[i])
			wbg_lcr_free(m->lcr[i]);
		wbg_instr_close(m->lcr_instr[i]);
	}
	for (i = 0; i < WBGI_T_N; i++) {
		if (m->t[i].owned)
			wbg_smu_free(m->t[i].smu);
		if (m->t[i].owns_instr) {
			/* Close an instrument shared by both terminals once. */
			for (j = i + 1; j < WBGI_T_N; j++)
				if (m->t[j].instr == m->t[i].instr)
					m->t[j].owns_instr = false;
			wbg_instr_close(m->t[i].instr);
		}
	}
	free(m);
}

int wbg_meas_set_smu(wbg_meas *m, const char *terminal, wbg_smu *smu)
{
	int k = wbgi_term_index(terminal);

	if (!m || k < 0)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "terminal '%s': the methods drive 'gate' and 'drain'",
		                     terminal ? terminal : "(null)");
	if (m->t[k].owned)
		wbg_smu_free(m->t[k].smu);
	m->t[k].smu = smu;
	m->t[k].owned = false;
	if (smu && !isnan(m->reconnect_s))
		return wbg_smu_set_reconnect(smu, m->reconnect_s);
	return WBG_OK;
}

wbg_smu *wbg_meas_smu(const wbg_meas *m, const char *terminal)
{
	int k = wbgi_term_index(terminal);

	return m && k >= 0 ? m->t[k].smu : NULL;
}

void wbg_meas_set_thermal(wbg_meas *m, wbg_thermal *th)
{
	if (!m)
		return;
	if (m->th_owned)
		wbg_thermal_free(m->th);
	m->th = th;
	m->th_owned = false;
}

wbg_thermal *wbg_meas_thermal(const wbg_meas *m)
{
	return m ? m->th : NULL;
}

void wbg_meas_set_interrupt(wbg_meas *m, const volatile sig_atomic_t *flag)
{
	if (m)
		m->interrupt = flag;
}

void wbg_meas_set_interlock(wbg_meas *m, bool closed)
{
	if (m)
		m->interlock_closed = closed;
}

unsigned long wbg_meas_transactions(const wbg_meas *m)
{
	unsigned long n = 0;
	int i;

	if (!m)
		return 0;
	for (i = 0; i < WBGI_T_N; i++)
		if (m->t[i].smu)
			n += wbg_smu_transactions(m->t[i].smu);
	for (i = 0; i < WBGI_C_N; i++)
		if (m->lcr[i])
			n += wbg_lcr_transactions(m->lcr[i]);
	return n;
}

int wbgi_meas_poll(wbg_meas *m)
{
	if (m->interrupt && *m->interrupt)
		return wbg_ctx_error(m->ctx, WBG_ERR_INTERRUPTED,
		                     "interrupted by a signal; every output switched off");
	return WBG_OK;
}

int wbgi_meas_finish(wbg_meas *m, int rc)
{
	char saved[1024], off_why[2048];
	int off;

	if (rc == WBG_OK) {
		off = wbg_meas_all_off(m);
		if (off == WBG_OK && m->off_note[0])
			wbg_log(m->ctx, WBG_LOG_WARN, "meas", "switching off: %s", m->off_note);
		return off;
	}
	snprintf(saved, sizeof(saved), "%s", wbg_ctx_errmsg(m->ctx));
	off = wbg_meas_all_off(m);
	if (off != WBG_OK) {
		snprintf(off_why, sizeof(off_why), "%s", wbg_ctx_errmsg(m->ctx));
		return wbg_ctx_error(m->ctx, rc, "%s; then %s", saved, off_why);
	}
	if (m->off_note[0])
		return wbg_ctx_error(m->ctx, rc, "%s; then %s", saved, m->off_note);
	return wbg_ctx_error(m->ctx, rc, "%s", saved);
}

int wbgi_method_done(wbg_meas_result **out, wbg_meas *m, wbg_meas_result *r, int rc)
{
	rc = wbgi_meas_finish(m, rc);
	if (rc != WBG_OK) {
		/* Keep what was measured before the failure (a link that dropped
		 * mid-sweep): the caller may take it, marked as partial. */
		if (r && r->n_arrays > 0) {
			wbgi_result_finish(r, m);
			wbg_meas_result_free(m->partial);
			m->partial = r;
		} else {
			wbg_meas_result_free(r);
		}
		return rc;
	}
	wbgi_result_finish(r, m);
	*out = r;
	return WBG_OK;
}

int wbgi_smu_on(wbg_smu *s, wbg_smu_fn fn, double level, double limit)
{
	int rc = wbg_smu_source(s, fn, level, limit);

	return rc == WBG_OK ? wbg_smu_output(s, true) : rc;
}

int wbgi_meas_need(wbg_smu **out, wbg_meas *m, int term, const char *method)
{
	if (!m->t[term].smu)
		return wbg_ctx_error(m->ctx, WBG_ERR_NOT_FOUND,
		                     "%s needs an SMU on the %s terminal: add a <connection "
		                     "terminal=\"%s\"> to the bench file",
		                     method, wbgi_term_names[term], wbgi_term_names[term]);
	*out = m->t[term].smu;
	return WBG_OK;
}

/* The line of <terminal name="NAME" in the bench file, 0 when not found. */
static unsigned terminal_line(const char *path, const char *name)
{
	char line[4096], pat[96];
	unsigned n = 0;
	FILE *f;

	if (!path || !(f = fopen(path, "r")))
		return 0;
	snprintf(pat, sizeof(pat), "name=\"%s\"", name);
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, "<terminal") && strstr(line, pat)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

static void set_limit(struct wbgi_limit *l, double v, const char *what, const char *file,
                      unsigned line)
{
	l->value = v;
	if (line)
		snprintf(l->where, sizeof(l->where), "%s, %s:%u", what, file, line);
	else
		snprintf(l->where, sizeof(l->where), "%s, %s", what, file ? file : "the bench");
}

/* The bench's sensor-tolerance of the temperature connection, into the
 * thermal interface; without one the readings' u covers the controller's
 * electronics only (said in the log). A tolerance of 100 K or more is a
 * temperature given where a difference was meant ("0.5 °C" reads as
 * 273.65 K): refused. */
static int thermal_tolerance(wbg_meas *m, const wbg_bench_connection *c, const char *file)
{
	double tol = c->sensor_tolerance_k;

	if (isnan(tol)) {
		wbg_log(m->ctx, WBG_LOG_INFO, "meas",
		        "%s: connection of '%s' has no sensor-tolerance; temperature "
		        "uncertainties cover the controller's electronics only",
		        file, c->instrument);
		return WBG_OK;
	}
	if (!(tol >= 0 && tol < 100))
		return wbg_ctx_error(m->ctx, WBG_ERR_RANGE,
		                     "%s: sensor-tolerance of '%s' is %g K; give the sensor's "
		                     "tolerance as a temperature difference such as '0.25 K' or "
		                     "'250 mK' (a value in °C is read as a temperature)",
		                     file, c->instrument, tol);
	return wbg_thermal_set_sensor_tolerance(m->th, tol);
}

static int open_connection(wbg_meas *m, int k, const wbg_bench_connection *c)
{
	struct wbgi_term *t = &m->t[k];
	wbg_instr *in = NULL;
	int ch = c->channel && c->channel[0] ? atoi(c->channel) : 1;
	int i, rc;

	/* Two channels of one instrument share its handle. */
	for (i = 0; i < WBGI_T_N; i++)
		if (i != k && m->t[i].instr &&
		    strcmp(wbg_instr_resource(m->t[i].instr), c->resource) == 0)
			in = m->t[i].instr;
	if (!in) {
		rc = wbg_instr_open(&in, c->resource, m->ctx);
		if (rc != WBG_OK)
			return rc;
		t->owns_instr = true;
	}
	t->instr = in;
	rc = wbg_smu_open(&t->smu, in, NULL, ch, m->ctx);
	if (rc != WBG_OK)
		return rc;
	/* The lab's own accuracy table of this instrument, if the bench gives one. */
	wbg_smu_set_accuracy(t->smu, wbg_bench_accuracy(m->bench, c->instrument));
	t->owned = true;
	if (!isnan(m->reconnect_s))
		return wbg_smu_set_reconnect(t->smu, m->reconnect_s);
	return WBG_OK;
}

/* The bench's trigger cables between the instruments of the gate and the
 * drain, declared to their SMU interfaces (wbg_smu_link): what lets a
 * sweep run across the two on their trigger models. */
static int use_links(wbg_meas *m, const wbg_bench *bench, const char *file,
                     const char *const inst[WBGI_T_N])
{
	size_t i;
	int a, b, rc;

	for (i = 0; i < wbg_bench_trigger_link_count(bench); i++) {
		const wbg_bench_trigger_link *l = wbg_bench_trigger_link_at(bench, i);

		for (a = 0; a < WBGI_T_N; a++) {
			b = 1 - a;
			if (!inst[a] || !inst[b] || !m->t[a].owned || !m->t[b].owned ||
			    strcmp(l->from, inst[a]) != 0 || strcmp(l->to, inst[b]) != 0)
				continue;
			rc = wbg_smu_link(m->t[a].smu, l->from_line, m->t[b].smu, l->to_line);
			if (rc != WBG_OK) {
				char why[512];

				snprintf(why, sizeof(why), "%s", wbg_ctx_errmsg(m->ctx));
				return wbg_ctx_error(m->ctx, rc, "%s:%ld: trigger-link from %s to %s: %s",
				                     file, l->line, l->from, l->to, why);
			}
		}
	}
	return WBG_OK;
}

int wbg_meas_use_bench(wbg_meas *m, const wbg_bench *bench, const char *bench_file)
{
	const wbg_bench_terminal *bt;
	const wbg_bench_connection *c;
	const char *file = bench_file ? bench_file : "the bench";
	const char *inst[WBGI_T_N] = {NULL, NULL};
	char what[128];
	size_t i;
	int k, rc;

	if (!m || !bench)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_meas_use_bench: NULL argument");
	m->bench = bench;
	for (k = 0; k < WBGI_T_N; k++) {
		unsigned line = terminal_line(bench_file, wbgi_term_names[k]);

		bt = wbg_bench_terminal_find(bench, wbgi_term_names[k]);
		if (!bt)
			continue;
		snprintf(what, sizeof(what), "bench %s max-voltage", wbgi_term_names[k]);
		set_limit(&m->t[k].vmax, bt->max_voltage_v, what, file, line);
		snprintf(what, sizeof(what), "bench %s max-current", wbgi_term_names[k]);
		set_limit(&m->t[k].imax, bt->max_current_a, what, file, line);
		snprintf(what, sizeof(what), "bench %s max-power", wbgi_term_names[k]);
		set_limit(&m->t[k].pmax, bt->max_power_w, what, file, line);
		if (!isnan(bt->interlock_above_v)) {
			snprintf(what, sizeof(what), "bench %s interlock-above", wbgi_term_names[k]);
			set_limit(&m->t[k].interlock, bt->interlock_above_v, what, file, line);
		}
	}
	for (i = 0; i < wbg_bench_connection_count(bench); i++) {
		c = wbg_bench_connection_at(bench, i);
		if (wbg_bench_accuracy(bench, c->instrument) && strcmp(c->role, "temperature") == 0)
			wbg_log(m->ctx, WBG_LOG_WARN, "meas",
			        "%s: the <accuracy> table of instrument '%s' is not used: a temperature "
			        "controller keeps its own model (sensor-tolerance sets the sensor's part)",
			        file, c->instrument);
		if (strcmp(c->role, "temperature") == 0) {
			if (m->th)
				continue;
			rc = wbg_instr_open(&m->th_instr, c->resource, m->ctx);
			if (rc == WBG_OK)
				rc = wbg_thermal_open(&m->th, m->th_instr, NULL, 1, 'A', m->ctx);
			if (rc != WBG_OK)
				return rc;
			m->th_owned = true;
			rc = thermal_tolerance(m, c, file);
			if (rc != WBG_OK)
				return rc;
			continue;
		}
		k = cap_index(c->terminal);
		if (k >= 0 && !m->lcr[k]) {
			rc = wbg_instr_open(&m->lcr_instr[k], c->resource, m->ctx);
			if (rc == WBG_OK)
				rc = wbg_lcr_open(&m->lcr[k], m->lcr_instr[k], NULL, m->ctx);
			if (rc != WBG_OK)
				return rc;
			m->lcr_owned[k] = true;
			/* the lab's calibration accuracy Acal of this meter, if stated */
			wbg_lcr_set_accuracy(m->lcr[k], wbg_bench_accuracy(bench, c->instrument));
			continue;
		}
		k = wbgi_term_index(c->terminal);
		if (k < 0 || m->t[k].smu)
			continue;
		rc = open_connection(m, k, c);
		if (rc != WBG_OK)
			return rc;
		inst[k] = c->instrument;
	}
	return use_links(m, bench, file, inst);
}

static void try_rating(struct wbgi_limit *l, const wbg_device *dev, const char *const *names,
                       const char *file)
{
	double v;
	char what[96];

	for (; *names; names++) {
		if (wbg_device_rating(&v, dev, *names, NULL) == WBG_OK) {
			snprintf(what, sizeof(what), "device rating %s", *names);
			set_limit(l, v, what, file, 0);
			return;
		}
	}
}

int wbg_meas_use_device(wbg_meas *m, const wbg_device *dev, const char *device_file)
{
	static const char *const vds[] = {"VDS_max", NULL};
	static const char *const ids[] = {"ID_pulse", "ID_max", "ID_25", NULL};
	static const char *const vgs_hi[] = {"VGS_max", "VGS_max_dyn", "VGS_op_max", NULL};
	static const char *const vgs_lo[] = {"VGS_min", "VGS_min_dyn", "VGS_op_min", NULL};
	const char *file = device_file ? device_file : wbg_device_id(dev);

	if (!m || !dev)
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_meas_use_device: NULL argument");
	try_rating(&m->t[WBGI_T_DRAIN].vmax_dev, dev, vds, file);
	try_rating(&m->t[WBGI_T_DRAIN].imax_dev, dev, ids, file);
	try_rating(&m->t[WBGI_T_GATE].vmax_dev, dev, vgs_hi, file);
	try_rating(&m->t[WBGI_T_GATE].vmin_dev, dev, vgs_lo, file);
	return WBG_OK;
}

static int refuse(wbg_meas *m, const char *term, const char *what, double asked,
                  const char *unit, const struct wbgi_limit *l)
{
	return wbg_ctx_error(m->ctx, WBG_ERR_SAFETY,
	                     "refused before any output was switched on: %s %s of %g %s exceeds "
	                     "%g %s (%s); lower the setting or change that limit",
	                     term, what, asked, unit, l->value, unit, l->where);
}

int wbg_meas_check(wbg_meas *m, const char *terminal, double v_v, double i_a)
{
	int k = wbgi_term_index(terminal);
	struct wbgi_term *t;

	if (!m || k < 0 || !isfinite(v_v) || !isfinite(i_a))
		return wbg_ctx_error(m ? m->ctx : NULL, WBG_ERR_INVALID_ARG,
		                     "wbg_meas_check: terminal gate or drain, finite values");
	t = &m->t[k];
	if (!isnan(t->vmax.value) && fabs(v_v) > t->vmax.value)
		return refuse(m, terminal, "voltage", fabs(v_v), "V", &t->vmax);
	if (!isnan(t->imax.value) && fabs(i_a) > t->imax.value)
		return refuse(m, terminal, "current limit", fabs(i_a), "A", &t->imax);
	if (!isnan(t->pmax.value) && fabs(v_v * i_a) > t->pmax.value)
		return refuse(m, terminal, "power (voltage x current limit)", fabs(v_v * i_a), "W",
		              &t->pmax);
	if (!isnan(t->vmax_dev.value) && v_v > t->vmax_dev.value)
		return refuse(m, terminal, "voltage", v_v, "V", &t->vmax_dev);
	if (!isnan(t->vmin_dev.value) && v_v < t->vmin_dev.value)
		return wbg_ctx_error(m->ctx, WBG_ERR_SAFETY,
		                     "refused before any output was switched on: %s voltage of %g V "
		                     "is below %g V (%s); raise the setting",
		                     terminal, v_v, t->vmin_dev.value, t->vmin_dev.where);
	if (!isnan(t->imax_dev.value) && fabs(i_a) > t->imax_dev.value)
		return refuse(m, terminal, "current limit", fabs(i_a), "A", &t->imax_dev);
	if (!isnan(t->interlock.value) && fabs(v_v) > t->interlock.value && !m->interlock_closed)
		return wbg_ctx_error(m->ctx, WBG_ERR_SAFETY,
		                     "refused before any output was switched on: %s voltage of %g V "
		                     "is above %g V, where an interlock is required (%s), and the "
		                     "interlock is not closed; close it (wbg measure --interlock) "
		                     "or stay below",
		                     terminal, fabs(v_v), t->interlock.value, t->interlock.where);
	return WBG_OK;
}
