/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keysight B2901A/B2902A Precision SMU driver behind the SMU interface
 * (Keysight B2900 SCPI Command Reference). A sweep runs on the instrument
 * (staircase sweep, one trigger per point; on a B2902A both channels on a
 * common trigger) and each channel's voltage and current come back in one
 * binary transfer (:FORM REAL,64, little-endian, :FETC:ARR? (@n)).
 * Accuracy: instruments/drivers/keysight-b2900/accuracy.c (Keysight
 * B2900A series data sheet).
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../driver_int.h"
#include "b2900_drv.h"
#include "wbg/error.h"

/* Binary, little-endian, voltage then current per point. */
#define B29_FORMAT ":FORM REAL,64;:FORM:BORD SWAP;:FORM:ELEM:SENS VOLT,CURR"

static double work_estimate(const wbg_smu *s, size_t points, double delay_s)
{
	return (double)points * (s->nplc / 50.0 + delay_s + 1e-3);
}

static int b29_reset(wbg_smu *s)
{
	return wbgi_smu_write(s, "*RST;*CLS");
}

static int b29_source(wbg_smu *s, wbg_smu_fn fn, double level, double limit)
{
	char cmd[320];
	int rc = wbgi_b29d_fmt_source(cmd, sizeof(cmd), s->ch, fn, level, limit);

	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "B2900 source command too long");
	rc = wbgi_smu_write(s, "%s", cmd);
	if (rc != WBG_OK)
		return rc;
	return wbgi_smu_errors(s, "setting the source");
}

static int b29_level(wbg_smu *s, double level)
{
	return wbgi_smu_write(s, ":SOUR%d:%s %.9g", s->ch,
	                      s->fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR", level);
}

static int b29_nplc(wbg_smu *s, double nplc)
{
	return wbgi_smu_write(s, ":SENS%d:CURR:NPLC %.6g;:SENS%d:VOLT:NPLC %.6g", s->ch, nplc,
	                      s->ch, nplc);
}

static int b29_output(wbg_smu *s, bool on)
{
	return wbgi_smu_write(s, ":OUTP%d %s", s->ch, on ? "ON" : "OFF");
}

static void to_reading(const wbg_smu *s, double v, double i, wbg_smu_reading *out)
{
	wbg_smu_reading r;

	memset(&r, 0, sizeof(r));
	r.v = v;
	r.i = i;
	wbgi_smu_uncertainty(s, &r);
	*out = r;
}

static int b29_measure(wbg_smu *s, wbg_smu_reading *out)
{
	char *reply = NULL;
	double v, i;
	int rc;

	rc = wbgi_smu_query(s, &reply, work_estimate(s, 1, 0),
	                    ":FORM ASC;:FORM:ELEM:SENS VOLT,CURR;:MEAS? (@%d)", s->ch);
	if (rc != WBG_OK)
		return rc;
	if (wbgi_b29d_parse_vi(&v, &i, reply) != WBG_OK) {
		rc = wbg_ctx_error(s->ctx, WBG_ERR_PROTOCOL, "%s: unexpected :MEAS? reply '%.60s'",
		                   wbg_instr_resource(s->instr), reply);
		free(reply);
		return rc;
	}
	free(reply);
	to_reading(s, v, i, out);
	return WBG_OK;
}

/* Read channel ch's buffer: 2 values per point, in one binary transfer. */
static int fetch(wbg_smu *s, wbg_smu_reading *out, size_t points, double work_s)
{
	char cmd[40];
	double *vals = NULL;
	size_t n = 0, k;
	int rc;

	snprintf(cmd, sizeof(cmd), ":FETC:ARR? (@%d)", s->ch);
	rc = wbgi_smu_query_array(s, &vals, &n, work_s, WBG_SCPI_REAL64_LE, cmd);
	if (rc != WBG_OK)
		return rc;
	if (n != 2 * points) {
		free(vals);
		rc = wbgi_smu_errors(s, "the sweep");
		if (rc == WBG_OK)
			rc = wbg_ctx_error(s->ctx, WBG_ERR_PROTOCOL,
			                   "%s: channel %d returned %zu values for %zu points",
			                   wbg_instr_resource(s->instr), s->ch, n, points);
		return rc;
	}
	for (k = 0; k < points; k++)
		to_reading(s, vals[2 * k], vals[2 * k + 1], &out[k]);
	free(vals);
	return WBG_OK;
}

static int b29_sweep(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double start, double stop,
                     size_t points, double limit, double delay_s)
{
	char cmd[640];
	int rc = wbgi_b29d_fmt_sweep(cmd, sizeof(cmd), s->ch, fn, start, stop, points, limit,
	                             delay_s);

	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "sweep command too long");
	s->fn = fn;
	s->limit = limit;
	rc = wbgi_smu_write(s, B29_FORMAT ";%s;:INIT (@%d)", cmd, s->ch);
	if (rc == WBG_OK)
		rc = wbgi_smu_errors(s, "the sweep");
	if (rc != WBG_OK)
		return rc;
	return fetch(s, out, points, work_estimate(s, points, delay_s));
}

static int b29_sweep2(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a, wbg_smu_reading *out_b,
                      double a_start, double a_stop, double a_limit, double b_level,
                      double b_limit, size_t points, double delay_s)
{
	char ca[640], cb[640];
	int rc;

	rc = wbgi_b29d_fmt_sweep(ca, sizeof(ca), a->ch, WBG_SMU_SOURCE_V, a_start, a_stop, points,
	                         a_limit, delay_s);
	if (rc == WBG_OK)
		rc = wbgi_b29d_fmt_sweep(cb, sizeof(cb), b->ch, WBG_SMU_SOURCE_V, b_level, b_level,
		                         points, b_limit, delay_s);
	if (rc != WBG_OK)
		return wbg_ctx_error(a->ctx, rc, "sweep command too long");
	a->fn = b->fn = WBG_SMU_SOURCE_V;
	a->limit = a_limit;
	b->limit = b_limit;
	/* Both channels set up, then one trigger per point for both. */
	rc = wbgi_smu_write(a, B29_FORMAT ";%s;%s;:INIT (@%d,%d)", ca, cb, a->ch, b->ch);
	if (rc == WBG_OK)
		rc = wbgi_smu_errors(a, "the two-channel sweep");
	if (rc == WBG_OK)
		rc = fetch(a, out_a, points, work_estimate(a, points, delay_s));
	if (rc == WBG_OK)
		rc = fetch(b, out_b, points, 0);
	return rc;
}

/* One pulse (:SOUR:FUNC:SHAP PULS, B2900 SCPI Command Reference), read
 * back in one binary transfer, then the shape back to DC and the
 * integration time back to the set NPLC. */
static int b29_pulse(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double base, double peak,
                     double limit, double width_s)
{
	char cmd[640];
	int rc, rc2;

	rc = wbgi_b29d_fmt_pulse(cmd, sizeof(cmd), s->ch, fn, base, peak, limit, width_s);
	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "pulse command too long");
	s->fn = fn;
	s->limit = limit;
	rc = wbgi_smu_write(s, B29_FORMAT ";%s;:INIT (@%d)", cmd, s->ch);
	if (rc == WBG_OK)
		rc = wbgi_smu_errors(s, "the pulse");
	if (rc == WBG_OK)
		rc = fetch(s, out, 1, width_s + 0.1);
	/* Back to DC and the set integration time, even after an error. */
	rc2 = wbgi_smu_write(s, ":SOUR%d:FUNC:SHAP DC;:SENS%d:CURR:NPLC %.6g;:SENS%d:VOLT:NPLC %.6g",
	                     s->ch, s->ch, s->nplc, s->ch, s->nplc);
	return rc != WBG_OK ? rc : rc2;
}

static int b29_off(wbg_smu *s)
{
	int rc = wbgi_smu_write(s, ":SOUR%d:FUNC:MODE VOLT;:SOUR%d:VOLT:MODE FIX;:SOUR%d:VOLT 0",
	                        s->ch, s->ch, s->ch);
	int rc2 = wbgi_smu_write(s, ":OUTP%d OFF", s->ch);

	return rc != WBG_OK ? rc : rc2;
}

static int b29_state(wbg_smu *s, bool *out_on, double *out_level_v)
{
	char q[32];
	double on = 1, v = NAN;
	int rc;

	snprintf(q, sizeof(q), ":OUTP%d?", s->ch);
	rc = wbgi_smu_query_number(s, &on, q);
	if (rc == WBG_OK) {
		snprintf(q, sizeof(q), ":SOUR%d:VOLT?", s->ch);
		rc = wbgi_smu_query_number(s, &v, q);
	}
	if (rc != WBG_OK)
		return rc;
	*out_on = on != 0;
	*out_level_v = v;
	return WBG_OK;
}

#define B29_OPS(m, nch, two)                                                                 \
	{                                                                                        \
		.model = m, .accuracy = m, .channels = nch, .reset = b29_reset,                      \
		.source = b29_source, .level = b29_level, .nplc = b29_nplc, .output = b29_output,    \
		.measure = b29_measure, .sweep = b29_sweep, .sweep2 = two, .pulse = b29_pulse,        \
		.off = b29_off, .state = b29_state,                                                  \
	}

const struct wbgi_smu_ops wbgi_smu_b2901a = B29_OPS("B2901A", 1, NULL);
const struct wbgi_smu_ops wbgi_smu_b2902a = B29_OPS("B2902A", 2, b29_sweep2);
