/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Two Keithley 2450/2460/2470 joined by a trigger cable between their
 * rear-panel digital I/O ports (wbg_smu_link), swept together on their
 * trigger models (2450-901-01: "Trigger model", "Digital I/O port",
 * "Configuration lists"; :TRIGger:BLOCk, :DIGital:LINE<n>:MODE,
 * :TRIGger:DIGital<n>, :SOURce:CONFiguration:LIST).
 *
 * The stepping instrument (a, the gate) holds the levels in a source
 * configuration list; per point its trigger model recalls the level, waits
 * the settling delay, notifies (asserting its trigger-out line) and
 * measures. The other (b, the drain) holds its level; its trigger model
 * waits for an edge on its trigger-in line and measures, once per point.
 * So b's reading of point k follows a's step k and its settling, and ends
 * before step k+1 (a measures over the same time, then waits a guard of
 * WBGI_K24_GUARD_S for b's trigger latency and first source delay). Each buffer
 * is read back in one binary transfer; both must hold exactly the number of
 * points, else the sweep fails naming the instrument, never returning
 * readings of one point paired with the other's of another.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../driver_int.h"
#include "k24xx_drv.h"
#include "wbg/error.h"

#define LIST_NAME "WBGSTEP"
/* A program message of the list: at most this long (the instrument's input
 * buffer takes a few kilobytes; the SCPI helpers take 1 KiB). */
#define CHUNK_MAX 4000

/* One counted write of a message longer than wbgi_smu_write() takes. */
static int write_long(wbg_smu *s, const char *msg)
{
	s->tx++;
	return wbg_instr_write(s->instr, msg);
}

/* The levels into source configuration list LIST_NAME, a few dozen points
 * per message: set the level, store it, next level. The output was switched
 * off first: setting a level does not reach the DUT. */
static int store_levels(wbg_smu *a, double start, double stop, size_t points)
{
	char *buf = malloc(CHUNK_MAX + 128);
	size_t len = 0, k;
	int rc = WBG_OK, n;

	if (!buf)
		return wbg_ctx_error(a->ctx, WBG_ERR_NOMEM, "source list of %zu points", points);
	for (k = 0; k < points && rc == WBG_OK; k++) {
		double v = start + (stop - start) * (double)k / (double)(points - 1);

		n = snprintf(buf + len, 128, "%s:SOUR:VOLT %.9g;:SOUR:CONF:LIST:STOR \"" LIST_NAME "\"",
		             len ? ";" : "", v);
		if (n < 0 || n >= 128) {
			rc = wbg_ctx_error(a->ctx, WBG_ERR_OVERFLOW, "source list command too long");
			break;
		}
		len += (size_t)n;
		if (len >= CHUNK_MAX || k + 1 == points) {
			rc = write_long(a, buf);
			len = 0;
		}
	}
	free(buf);
	return rc;
}

static void abort_both(wbg_smu *a, wbg_smu *b)
{
	(void)wbgi_smu_write(a, ":ABOR");
	(void)wbgi_smu_write(b, ":ABOR");
}

int wbgi_k24_sweep2_linked(wbg_smu *a, wbg_smu *b, wbg_smu_reading *out_a,
                           wbg_smu_reading *out_b, double a_start, double a_stop,
                           double a_limit, double b_level, double b_limit, size_t points,
                           double delay_s)
{
	char src[256], model[768];
	/* a and b each integrate once per point, at the same time; the
	 * estimate doubles it for the source delay and the bus. */
	double work = 2.0 * wbgi_k24_work(a, points, delay_s);
	double reading_s = wbgi_k24_work(b, 1, 0);
	long got_a = 0, got_b = 0;
	int rc, tries;

	/* The stepping instrument: its source, the list, its trigger model. */
	rc = wbgi_k24_fmt_source(src, sizeof(src), WBG_SMU_SOURCE_V, a_start, a_limit);
	if (rc == WBG_OK)
		rc = wbgi_k24_fmt_gate_model(model, sizeof(model), LIST_NAME, a->trig_out_line,
		                             delay_s, points);
	if (rc != WBG_OK)
		return wbg_ctx_error(a->ctx, rc, "linked sweep commands too long");
	a->fn = b->fn = WBG_SMU_SOURCE_V;
	a->limit = a_limit;
	b->limit = b_limit;
	/* A list left by an earlier run is deleted (an error when there is
	 * none, which *CLS then clears). */
	rc = wbgi_smu_write(a, ":ABOR;:OUTP OFF;:SOUR:CONF:LIST:DEL \"" LIST_NAME "\";*CLS;%s;"
	                       ":SOUR:CONF:LIST:CRE \"" LIST_NAME "\"",
	                    src);
	if (rc == WBG_OK)
		rc = store_levels(a, a_start, a_stop, points);
	if (rc == WBG_OK)
		rc = wbgi_smu_write(a, ":SOUR:VOLT %.9g;%s;:OUTP ON", a_start, model);
	if (rc == WBG_OK)
		rc = wbgi_smu_errors(a, "the linked sweep's source list and trigger model");
	if (rc != WBG_OK)
		goto fail;
	/* The holding instrument: its level, then its trigger model armed. */
	rc = wbgi_k24_fmt_source(src, sizeof(src), WBG_SMU_SOURCE_V, b_level, b_limit);
	if (rc == WBG_OK)
		rc = wbgi_k24_fmt_drain_model(model, sizeof(model), a->trig_in_line, points);
	if (rc != WBG_OK) {
		rc = wbg_ctx_error(a->ctx, rc, "linked sweep commands too long");
		goto fail;
	}
	rc = wbgi_smu_write(b, ":ABOR;%s;%s;:OUTP ON", src, model);
	if (rc == WBG_OK)
		rc = wbgi_smu_errors(b, "the linked sweep's trigger model");
	if (rc == WBG_OK)
		rc = wbgi_smu_write(b, ":INIT");
	/* The stepping instrument runs the sweep; *WAI holds its count query
	 * until its trigger model has finished. */
	if (rc == WBG_OK)
		rc = wbgi_smu_write(a, ":INIT;*WAI");
	if (rc == WBG_OK)
		rc = wbgi_k24_buffer_count(a, &got_a, work);
	if (rc != WBG_OK)
		goto fail;
	if (got_a != (long)points) {
		rc = wbgi_smu_errors(a, "the linked sweep");
		if (rc == WBG_OK)
			rc = wbg_ctx_error(a->ctx, WBG_ERR_INSTRUMENT,
			                   "%s: the stepping instrument took %ld of %zu readings; "
			                   "check its error queue and limits",
			                   wbg_instr_resource(a->instr), got_a, points);
		goto fail;
	}
	/* b's last reading ends about when a's does: give it up to two
	 * reading times before calling a trigger missed. */
	for (tries = 0; tries < 3; tries++) {
		if (tries > 0 && (rc = wbg_instr_wait(b->instr, reading_s)) != WBG_OK)
			goto fail;
		rc = wbgi_k24_buffer_count(b, &got_b, reading_s + 1.0);
		if (rc != WBG_OK)
			goto fail;
		if (got_b == (long)points)
			break;
	}
	if (got_b != (long)points) {
		rc = wbg_ctx_error(b->ctx, WBG_ERR_INSTRUMENT,
		                   "%s: took %ld readings for %zu trigger pulses from %s: a trigger "
		                   "was missed; check the cable from digital I/O line %d of %s to "
		                   "line %d of %s (the bench file's <trigger-link>); outputs switched "
		                   "off",
		                   wbg_instr_resource(b->instr), got_b, points,
		                   wbg_instr_resource(a->instr), a->trig_out_line,
		                   wbg_instr_resource(a->instr), a->trig_in_line,
		                   wbg_instr_resource(b->instr));
		goto fail;
	}
	rc = wbgi_k24_read_buffer(a, WBG_SMU_SOURCE_V, out_a, points);
	if (rc == WBG_OK)
		rc = wbgi_k24_read_buffer(b, WBG_SMU_SOURCE_V, out_b, points);
	if (rc == WBG_OK)
		return WBG_OK;
fail:
	abort_both(a, b);
	return rc;
}
