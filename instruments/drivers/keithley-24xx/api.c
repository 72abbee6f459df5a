/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Keithley 2450/2460/2470 SourceMeter driver behind the SMU interface.
 * Commands: Model 2450 Reference Manual (2450-901-01), SCPI command set,
 * shared by the 2460 and 2470. A sweep runs on the instrument's trigger
 * model (:SOUR:SWE:<f>:LIN, :INIT) into defbuffer1, read back with one
 * :TRAC:DATA? of reading and source values, in IEEE 754 binary64
 * (:FORM:DATA REAL, :FORM:BORD SWAP: least significant byte first; the
 * reply is an indefinite-length "#0" block ended by the end of message).
 * Over a raw socket (TCPIP...::SOCKET) nothing but a newline ends that
 * block and a data byte may be 0x0A, so there the driver reads ASCII
 * (:FORM:DATA ASC); over USBTMC and SIM:: the message is framed.
 * Accuracy: instruments/drivers/keithley-24xx/accuracy.c (SPEC-2450 Rev. A;
 * 2470 datasheet). The 2460's published tables could not be read from a
 * copy wbgkit could verify (see that file), so its readings carry no
 * uncertainty (NaN) rather than invented figures.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "../driver_int.h"
#include "k24xx_drv.h"
#include "wbg/error.h"

/* Time the instrument needs for @p points readings (autozero doubles the
 * integration), for the query timeout. */
double wbgi_k24_work(const wbg_smu *s, size_t points, double delay_s)
{
	return (double)points * (2.0 * s->nplc / 50.0 + delay_s + 1e-3);
}

/* The format of every reading query: binary where the transport frames
 * messages, ASCII over a socket (see the file comment). Set in the same
 * message as the query and set back to ASCII (the *RST default) after it:
 * no extra transaction, and the instrument is left as others expect it. */
static bool k24_binary(const wbg_smu *s)
{
	return strncasecmp(wbg_instr_resource(s->instr), "TCPIP", 5) != 0;
}

#define K24_FORM_BIN ":FORM:DATA REAL;:FORM:BORD SWAP;"
#define K24_FORM_ASC ":FORM:DATA ASC"

/* Query @p n (reading, source) pairs with @p cmd after the format prefix. */
int wbgi_k24_query_pairs(wbg_smu *s, double *rd, double *src, size_t n, double work_s,
                         const char *cmd)
{
	char full[256];
	double *vals = NULL;
	size_t got = 0, i;
	bool bin = k24_binary(s);
	int rc, len;

	len = snprintf(full, sizeof(full), "%s%s%s", bin ? K24_FORM_BIN : "", cmd,
	               bin ? ";" K24_FORM_ASC : "");
	if (len < 0 || (size_t)len >= sizeof(full))
		return wbg_ctx_error(s->ctx, WBG_ERR_OVERFLOW, "2400-series query too long");
	rc = wbgi_smu_query_array(s, &vals, &got, work_s, bin ? WBG_SCPI_REAL64_LE : WBG_SCPI_ASCII,
	                          full);
	if (rc != WBG_OK)
		return rc;
	if (got != 2 * n) {
		rc = wbg_ctx_error(s->ctx, WBG_ERR_PROTOCOL,
		                   "%s: %zu values in reply to '%.40s', expected %zu (reading, source "
		                   "pairs)",
		                   wbg_instr_resource(s->instr), got, cmd, 2 * n);
		goto out;
	}
	for (i = 0; i < n; i++) {
		rd[i] = vals[2 * i];
		src[i] = vals[2 * i + 1];
	}
out:
	free(vals);
	return rc;
}

static int k24_reset(wbg_smu *s)
{
	int rc = wbgi_smu_write(s, "*RST;*CLS");

	if (rc == WBG_OK)
		rc = wbgi_smu_write(s, ":SOUR:FUNC VOLT;:SOUR:VOLT 0;:SENS:FUNC \"CURR\"");
	return rc;
}

static int k24_source(wbg_smu *s, wbg_smu_fn fn, double level, double limit)
{
	char cmd[256];
	int rc = wbgi_k24_fmt_source(cmd, sizeof(cmd), fn, level, limit);

	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "2400-series source command too long");
	rc = wbgi_smu_write(s, "%s", cmd);
	if (rc != WBG_OK)
		return rc;
	return wbgi_smu_errors(s, "setting the source");
}

static int k24_level(wbg_smu *s, double level)
{
	return wbgi_smu_write(s, ":SOUR:%s %.9g", s->fn == WBG_SMU_SOURCE_V ? "VOLT" : "CURR", level);
}

static int k24_nplc(wbg_smu *s, double nplc)
{
	return wbgi_smu_write(s, ":SENS:CURR:NPLC %.6g;:SENS:VOLT:NPLC %.6g", nplc, nplc);
}

static int k24_output(wbg_smu *s, bool on)
{
	return wbgi_smu_write(s, ":OUTP %s", on ? "ON" : "OFF");
}

void wbgi_k24_to_reading(const wbg_smu *s, wbg_smu_fn fn, double reading, double source,
                         wbg_smu_reading *out)
{
	wbg_smu_reading r;

	memset(&r, 0, sizeof(r));
	if (fn == WBG_SMU_SOURCE_V) {
		r.v = source;
		r.i = reading;
	} else {
		r.i = source;
		r.v = reading;
	}
	wbgi_smu_uncertainty(s, &r);
	*out = r;
}

static int k24_measure(wbg_smu *s, wbg_smu_reading *out)
{
	double rd, src;
	int rc;

	rc = wbgi_k24_query_pairs(s, &rd, &src, 1, wbgi_k24_work(s, 1, 0),
	                     ":READ? \"defbuffer1\",READ,SOUR");
	if (rc != WBG_OK)
		return rc;
	wbgi_k24_to_reading(s, s->fn, rd, src, out);
	return WBG_OK;
}

int wbgi_k24_buffer_count(wbg_smu *s, long *out, double work_s)
{
	char *reply = NULL;
	int rc = wbgi_smu_query(s, &reply, work_s, ":TRAC:ACT? \"defbuffer1\"");

	if (rc != WBG_OK)
		return rc;
	*out = strtol(reply, NULL, 10);
	free(reply);
	return WBG_OK;
}

int wbgi_k24_read_buffer(wbg_smu *s, wbg_smu_fn fn, wbg_smu_reading *out, size_t points)
{
	char cmd[128];
	double *rd = malloc(points * sizeof(*rd)), *src = malloc(points * sizeof(*src));
	size_t i;
	int rc;

	if (!rd || !src) {
		rc = wbg_ctx_error(s->ctx, WBG_ERR_NOMEM, "sweep of %zu points", points);
		goto out;
	}
	snprintf(cmd, sizeof(cmd), ":TRAC:DATA? 1,%zu,\"defbuffer1\",READ,SOUR", points);
	rc = wbgi_k24_query_pairs(s, rd, src, points, 0, cmd);
	if (rc != WBG_OK)
		goto out;
	for (i = 0; i < points; i++)
		wbgi_k24_to_reading(s, fn, rd[i], src[i], &out[i]);
out:
	free(rd);
	free(src);
	return rc;
}

static int k24_sweep(wbg_smu *s, wbg_smu_reading *out, wbg_smu_fn fn, double start, double stop,
                     size_t points, double limit, double delay_s)
{
	char cmd[256];
	long got;
	int rc;

	/* The source function and limit first (the sweep inherits them). */
	rc = k24_source(s, fn, start, limit);
	if (rc != WBG_OK)
		return rc;
	s->fn = fn;
	s->limit = limit;
	rc = wbgi_k24_fmt_sweep(cmd, sizeof(cmd), fn, start, stop, points, delay_s);
	if (rc != WBG_OK)
		return wbg_ctx_error(s->ctx, rc, "sweep command too long");
	rc = wbgi_smu_write(s, ":TRAC:CLE \"defbuffer1\";%s;:INIT;*WAI", cmd);
	if (rc == WBG_OK)
		rc = wbgi_k24_buffer_count(s, &got, wbgi_k24_work(s, points, delay_s));
	if (rc != WBG_OK)
		return rc;
	if (got != (long)points) {
		/* Fewer readings: the sweep aborted (compliance) or was refused. */
		rc = wbgi_smu_errors(s, "the sweep");
		if (rc == WBG_OK)
			rc = wbg_ctx_error(s->ctx, WBG_ERR_INSTRUMENT,
			                   "%s: the sweep stopped after %ld of %zu points (limit %g "
			                   "reached); raise the limit or shorten the sweep",
			                   wbg_instr_resource(s->instr), got, points, limit);
		return rc;
	}
	return wbgi_k24_read_buffer(s, fn, out, points);
}

static int k24_off(wbg_smu *s)
{
	/* Each step tried even when one fails; the first error is kept. */
	/* :ABORt first: a trigger model still running (a linked sweep that
	 * failed) would keep the source under its control. */
	int rc = wbgi_smu_write(s, ":ABOR;:SOUR:FUNC VOLT;:SOUR:VOLT 0");
	int rc2 = wbgi_smu_write(s, ":OUTP OFF");

	return rc != WBG_OK ? rc : rc2;
}

static int k24_state(wbg_smu *s, bool *out_on, double *out_level_v)
{
	double on = 1, v = NAN;
	int rc = wbgi_smu_query_number(s, &on, ":OUTP?");

	if (rc == WBG_OK)
		rc = wbgi_smu_query_number(s, &v, ":SOUR:VOLT?");
	if (rc != WBG_OK)
		return rc;
	*out_on = on != 0;
	*out_level_v = v;
	return WBG_OK;
}

#define K24_OPS(m, acc)                                                                      \
	{                                                                                        \
		.model = m, .accuracy = acc, .channels = 1, .reset = k24_reset,                      \
		.source = k24_source, .level = k24_level, .nplc = k24_nplc, .output = k24_output,                        \
		.measure = k24_measure, .sweep = k24_sweep, .sweep2 = NULL, .pulse = NULL, .off = k24_off,          \
		.dio_lines = 6, .sweep2_linked = wbgi_k24_sweep2_linked,                             \
		.state = k24_state,                                                                  \
	}

const struct wbgi_smu_ops wbgi_smu_k2450 = K24_OPS("2450", "2450");
const struct wbgi_smu_ops wbgi_smu_k2460 = K24_OPS("2460", NULL);
const struct wbgi_smu_ops wbgi_smu_k2470 = K24_OPS("2470", "2470");
